"""Aula's central server: enrollment, push/pull sync, bootstrap, verification, admin CLI."""

__version__ = "0.1.0"
