"""Aula: offline-first attendance, participation and constancias."""

# The one place the version is written: pyproject.toml reads it (dynamic version),
# `aula --version`, `aula-server --version`, the About dialog and the installers'
# file names (installers/build-linux.sh, build-deb.sh, windows/aula.iss) use it.
__version__ = "0.2.0"
