"""Defects of the Qt bindings that Aula must not run on."""

from __future__ import annotations

import sys

from PySide6.QtCore import Qt
from PySide6.QtGui import QStandardItemModel


def test_reading_empty_qvariants_does_not_lose_references_to_none(qapp):
    """PySide6 6.12.0 drops a reference to None per empty QVariant read from Python.

    On CPython 3.11 None is mortal: a day of table repaints brings its count to
    zero and the interpreter aborts ("none_dealloc"). pyproject.toml keeps
    PySide6 below 6.12; this fails if a broken version is installed anyway.
    """
    model = QStandardItemModel(1, 1)
    index = model.index(0, 0)
    before = sys.getrefcount(None)
    for _ in range(1000):
        index.data(Qt.ItemDataRole.DecorationRole)
    assert before - sys.getrefcount(None) < 10
