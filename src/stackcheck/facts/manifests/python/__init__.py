"""Python manifests: project.py (requirements, pyproject.toml, setup.py, setup.cfg,
Pipfile, conda) and locks.py (lock files)."""
