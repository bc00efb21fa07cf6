"""Links from a report into the forge's web view of the scanned commit.

`target.remote` (source/remote.py) is already a plain `https://host/owner/repo`; a file
links there only when the host is a forge whose URL scheme is known (GitHub, GitLab,
Bitbucket, Gitea and Forgejo) and the commit is known, so a link never guesses.
"""

from __future__ import annotations

import re
from urllib.parse import quote

_COMMIT = re.compile(r"[0-9a-f]{40,64}")

# host -> forge, for the public instances; self-hosted ones are told by their name below.
HOSTS = {
    "github.com": "github",
    "gitlab.com": "gitlab",
    "bitbucket.org": "bitbucket",
    "gitea.com": "gitea",
    "codeberg.org": "gitea",
}
# A self-hosted instance named for its software: gitlab.example.com, gitea.example.org.
SELF_HOSTED = {"gitlab": "gitlab", "gitea": "gitea", "forgejo": "gitea"}
# How each forge shows one file at a commit, and a line in it.
FILE_URLS = {
    "github": ("{remote}/blob/{commit}/{path}", "#L{line}"),
    "gitlab": ("{remote}/-/blob/{commit}/{path}", "#L{line}"),
    "bitbucket": ("{remote}/src/{commit}/{path}", "#lines-{line}"),
    "gitea": ("{remote}/src/commit/{commit}/{path}", "#L{line}"),
}


def forge(remote: str | None) -> str | None:
    """github, gitlab, bitbucket or gitea, or None for a host that is none of them."""
    if not remote or not remote.startswith("https://"):
        return None
    host = remote[len("https://") :].split("/", 1)[0].split(":", 1)[0]
    if host in HOSTS:
        return HOSTS[host]
    return SELF_HOSTED.get(host.split(".", 1)[0])


def file_url(
    remote: str | None, commit: str | None, subdir: str | None, path: str, line: int | None
) -> str | None:
    """The web view of path (relative to the scanned folder) at commit, at line when given;
    None when there is no forge, no commit, or the path is not one file."""
    kind = forge(remote)
    if kind is None or commit is None or not _COMMIT.fullmatch(commit):
        return None
    if not path or path == "." or path.startswith("/") or ".." in path.split("/"):
        return None
    full = f"{subdir}/{path}" if subdir else path
    template, anchor = FILE_URLS[kind]
    url = template.format(remote=remote, commit=commit, path=quote(full, safe="/"))
    return url + (anchor.format(line=line) if line else "")
