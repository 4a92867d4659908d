"""``run_gui`` (what ``aula`` and ``python -m app`` call) opens the window and exits cleanly."""

from __future__ import annotations

import sys

from PySide6.QtCore import QTimer

from app.ui.main import run_gui
from app.ui.main_window import MainWindow


def test_run_gui_shows_the_main_window_and_returns_zero_when_it_closes(qapp, aula_home):
    seen = []

    def close_window() -> None:
        window = next(w for w in qapp.topLevelWidgets() if isinstance(w, MainWindow) and w.isVisible())
        seen.append(window.status.sync_label.text())
        window.close()

    QTimer.singleShot(200, close_window)
    QTimer.singleShot(20_000, qapp.quit)  # never hang the suite
    hook = sys.excepthook
    assert run_gui(aula_home / "aula.sqlite3", argv=[]) == 0
    assert len(seen) == 1 and seen[0].startswith("Sin servidor")
    assert (aula_home / "aula.sqlite3").exists()
    assert sys.excepthook == hook
