"""Aula's central server: enrollment, push/pull sync, bootstrap, verification, admin CLI."""

from app import __version__  # one version for the desktop app and the server (app/__init__.py)

__all__ = ["__version__"]
