""".NET project files: MSBuild projects (`*.csproj`, `*.fsproj`, `*.vbproj`) and the older
`packages.config`.

An SDK-style project names what it builds in its `Sdk` (`Microsoft.NET.Sdk.Web` is an
ASP.NET Core app, `Microsoft.NET.Sdk.Worker` a background service, `Godot.NET.Sdk` a game)
and its NuGet packages in `<PackageReference>`; `<UseWPF>`, `<UseWindowsForms>`, `<UseWinUI>`
and `<UseMaui>` make it a desktop or phone app. A .NET Framework project says it is an ASP.NET
web application (WebForms or MVC) by its `<ProjectTypeGuids>` (`dotnet.web_application`). A
project that references a test framework is a test project: its packages are development
dependencies and it says nothing about the app.
The XML goes through defusedxml (no DTDs, no entities), like Maven's pom.xml.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import TYPE_CHECKING

from stackcheck.facts import fact
from stackcheck.facts.manifests import MalformedManifest, Parsed
from stackcheck.facts.manifests.ecosystems.common import local_name, manifest_fact, parse_xml
from stackcheck.facts.manifests.line_index import LineIndex

if TYPE_CHECKING:
    from xml.etree.ElementTree import Element

# Packages (lower-case) that make a project a test project.
_TEST_PACKAGES = frozenset(
    {
        "microsoft.net.test.sdk",
        "xunit",
        "xunit.v3",
        "nunit",
        "mstest.testframework",
        "mstest",
        "tunit",
    }
)
_TEST_SDKS = frozenset({"mstest.sdk"})
_MAX_SDKS = 8

# <UseX>true</UseX> -> the fact a desktop or phone app gives (DJ008 reads desktop.* and mobile.*).
_APP_MODELS = {
    "UseWPF": "desktop.wpf",
    "UseWindowsForms": "desktop.winforms",
    "UseWinUI": "desktop.winui",
    "UseMaui": "mobile.maui",
}
# The same app models in a .NET Framework project, which references their assemblies.
_APP_ASSEMBLIES = {
    "system.windows.forms": "desktop.winforms",
    "presentationframework": "desktop.wpf",
}


# A .NET Framework project's type GUIDs (`<ProjectTypeGuids>`) that make it an ASP.NET web
# application: Web Application (WebForms, and the base of every one below), MVC 1 to 5.
_WEB_PROJECT_TYPES = frozenset(
    {
        "349c5851-65df-11da-9384-00065b846f21",
        "603c0e0b-db56-11dc-be95-000d561079b0",
        "f85e285d-a4e0-4152-9332-ab1d724d3325",
        "e53f8fea-eae0-44a6-8774-ffd645390401",
        "e3e379df-f4c6-4180-9b81-6769533abe47",
    }
)


def parse_msbuild_project(path: str, text: str) -> Parsed:
    root = parse_xml(text)
    if local_name(root.tag) != "Project":
        raise MalformedManifest(f"root element is <{local_name(root.tag)}>, not <Project>")
    lines = LineIndex(text)
    packages = [(ref, _package_id(ref)) for ref in _items(root, "PackageReference")]
    sdks = list(dict.fromkeys(_sdks(root)))
    properties = _properties(root)
    test = _is_test_project(sdks, properties, packages)
    facts = [manifest_fact("msbuild-project", path)]
    # A project names one SDK, rarely three: each is looked for in the text once, and a
    # crafted file naming thousands is read for its first few.
    for sdk in sdks[:_MAX_SDKS]:
        facts.append(fact(f"dotnet.sdk.{sdk.lower()}", path, lines.containing(sdk), f'Sdk="{sdk}"'))
    output = properties.get("outputtype")
    if output:
        facts.append(
            fact(
                f"dotnet.output.{output.lower()}",
                path,
                lines.containing("<OutputType>"),
                f"<OutputType>{output}</OutputType>",
            )
        )
    if not test:
        for setting, key in _APP_MODELS.items():
            if properties.get(setting.lower(), "").lower() == "true":
                line = lines.containing(f"<{setting}>")
                facts.append(fact(key, path, line, f"<{setting}>true</{setting}>"))
        for ref in _items(root, "Reference"):
            assembly = (ref.get("Include") or "").split(",")[0].strip()
            model = _APP_ASSEMBLIES.get(assembly.lower())
            if model is not None:
                facts.append(fact(model, path, lines.string(assembly), f"Reference {assembly}"))
    guids = {g.strip(" {}").lower() for g in properties.get("projecttypeguids", "").split(";")}
    if not test and guids & _WEB_PROJECT_TYPES:
        line = lines.containing("<ProjectTypeGuids>")
        facts.append(
            fact("dotnet.web_application", path, line, "an ASP.NET web application project")
        )
    for ref in _items(root, "FrameworkReference"):
        name = ref.get("Include") or ""
        if name:
            facts.append(
                fact(
                    f"dotnet.framework.{name.lower()}",
                    path,
                    lines.string(name),
                    f"FrameworkReference {name}",
                )
            )
    role = "nuget.devdep" if test else "nuget.dep"
    for ref, package in packages:
        if package:
            version = ref.get("Version") or _child_text(ref, "Version")
            detail = f"{package} {version}" if version else package
            scope = " (test project)" if test else ""
            line = lines.string(package)
            facts.append(fact(f"{role}.{package.lower()}", path, line, detail + scope))
    return Parsed("msbuild-project", tuple(facts), sum(1 for _, p in packages if p))


def parse_packages_config(path: str, text: str) -> Parsed:
    """The NuGet packages of a project before PackageReference (.NET Framework)."""
    root = parse_xml(text)
    if local_name(root.tag) != "packages":
        raise MalformedManifest(f"root element is <{local_name(root.tag)}>, not <packages>")
    lines = LineIndex(text)
    facts = [manifest_fact("packages-config", path)]
    ids = [p.get("id") or "" for p in root if local_name(p.tag) == "package"]
    test = any(i.lower() in _TEST_PACKAGES for i in ids)
    role = "nuget.devdep" if test else "nuget.dep"
    for package in ids:
        if package:
            line = lines.string(package)
            facts.append(
                fact(f"{role}.{package.lower()}", path, line, f"{package} (packages.config)")
            )
    return Parsed("packages-config", tuple(facts), sum(1 for i in ids if i))


def _sdks(root: Element) -> Iterator[str]:
    """`<Project Sdk="A;B/1.0">` and `<Sdk Name="...">`, without versions."""
    for value in (root.get("Sdk") or "").split(";"):
        name = value.strip().partition("/")[0]
        if name:
            yield name
    for child in root:
        if local_name(child.tag) == "Sdk" and child.get("Name"):
            yield str(child.get("Name"))


def _items(root: Element, name: str) -> Iterator[Element]:
    for group in root:
        if local_name(group.tag) == "ItemGroup":
            yield from (item for item in group if local_name(item.tag) == name)


def _properties(root: Element) -> dict[str, str]:
    """Every PropertyGroup's properties, lower-case names; the first value of each wins."""
    found: dict[str, str] = {}
    for group in root:
        if local_name(group.tag) == "PropertyGroup":
            for prop in group:
                name = local_name(prop.tag).lower()
                if name and name not in found and prop.text:
                    found[name] = prop.text.strip()
    return found


def _package_id(ref: Element) -> str:
    return (ref.get("Include") or "").strip()


def _child_text(element: Element, name: str) -> str:
    for child in element:
        if local_name(child.tag) == name and child.text:
            return child.text.strip()
    return ""


def _is_test_project(
    sdks: list[str], properties: dict[str, str], packages: list[tuple[Element, str]]
) -> bool:
    if any(sdk.lower() in _TEST_SDKS for sdk in sdks):
        return True
    if properties.get("istestproject", "").lower() == "true":
        return True
    return any(package.lower() in _TEST_PACKAGES for _, package in packages)
