"""Dialogs of Aula; all open non-blocking (``open()``) and report through signals."""
