"""Aula: offline-first attendance, participation and constancias."""

__version__ = "0.1.0"
