"""Zoom step time on the 40-person demo group, against the old path measured in the same run.

Usage::

    .venv/bin/python bench/bench_zoom.py [--rounds 4] [--one-core] [--json]

Builds the demo database (``aula demo``) in a temporary AULA_HOME, opens its
finished 40-person group on the *Pase de lista* (its Participantes, Sesión,
Resultados and Documentos tabs all built), and times Ctrl++ / Ctrl+- steps
through 100 → 125 → 150 → 175 → 150 → 125 → 100 %, each until Qt has
processed the resulting events. Aim: every step under 300 ms.

Baseline (same run, same window): the old way of zooming, a new application
stylesheet with the font sizes of the level plus the application font, which
re-polishes every widget of every open tab.
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import tempfile
import time

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from _common import add_common_options, describe_ms, finish, percentile, stats_ms  # noqa: E402

STEPS = (125, 150, 175, 150, 125, 100)
AIM_MS = 300


def old_stylesheet(factor: float) -> str:
    """What zooming used to set on the application: the stylesheet with sized fonts."""
    from app.ui import style

    roles = "\n".join(
        f'QLabel[role="{role}"], QLineEdit[role="{role}"] {{ font-size: {font.at(factor):.1f}pt; '
        f"font-weight: {font.weight}; }}" for role, font in style.ROLE_FONTS.items())
    return style.stylesheet() + roles


def main(argv: list[str] | None = None) -> dict:
    argv = sys.argv[1:] if argv is None else argv
    parser = argparse.ArgumentParser(description="Aula zoom benchmark")
    parser.add_argument("--rounds", type=int, default=4, help="times through the zoom levels")
    add_common_options(parser)
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory(prefix="aula-bench-zoom-", ignore_cleanup_errors=True) as home:
        os.environ["AULA_HOME"] = home
        figures = _run(args)
    return finish(figures, args, __file__, argv)


def _run(args: argparse.Namespace) -> dict:
    from PySide6.QtGui import QFont
    from PySide6.QtTest import QTest
    from PySide6.QtWidgets import QApplication

    from app.services import demo, groups
    from app.services.context import Context
    from app.ui import style
    from app.ui.bootstrap import bootstrap
    from app.ui.main_window import MainWindow

    ctx = Context.open(actor="bench")
    summary = demo.create_demo(ctx)
    context = bootstrap([sys.argv[0]], install_crash_handler=False)
    context.services = ctx
    app = context.qapp
    window = MainWindow(context)
    window.resize(1366, 768)
    window.show()
    QTest.qWaitForWindowExposed(window)
    group = groups.find_group(ctx, summary.finished_group)
    group_view = window.open_group(group.id)
    for index in range(group_view.tabs.count()):  # build and lay out every tab once
        group_view.tabs.setCurrentIndex(index)
        QApplication.processEvents()
    group_view.show_session(1)
    QApplication.processEvents()
    print(f"40-person group {group.code}: {len(app.allWidgets())} widgets, Pase de lista shown")

    def step(apply) -> float:
        start = time.perf_counter()
        apply()
        QApplication.processEvents()
        return (time.perf_counter() - start) * 1000

    def old_way(percent: int) -> None:
        factor = percent / 100
        font = QFont(app.font())
        font.setPointSizeF(style.BASE_POINT_SIZE * factor)
        app.setFont(font)
        app.setStyleSheet(old_stylesheet(factor))

    zoom = context.zoom
    zoom.set_percent(100)
    QApplication.processEvents()
    new = [step(lambda p=p: zoom.set_percent(p)) for _ in range(args.rounds) for p in STEPS]
    old = [step(lambda p=p: old_way(p)) for _ in range(args.rounds) for p in STEPS]
    zoom.apply()  # back to the real stylesheet

    print(f"baseline: old path (new app stylesheet per step)  {describe_ms([v / 1000 for v in old])}")
    print(f"zoom step (fonts only)                            {describe_ms([v / 1000 for v in new])}")
    worst = max(new)
    print(f"slowest step {worst:.1f} ms (aim < {AIM_MS} ms: {'ok' if worst < AIM_MS else 'MISSED'}); "
          f"median {statistics.median(old) / statistics.median(new):.1f}× faster than the old path; "
          f"p95 {percentile(new, 95):.1f} ms")
    window.close()
    context.services = None
    context.shutdown()
    ctx.close()
    figures = {"zoom_step": stats_ms([v / 1000 for v in new]), "old_path": stats_ms([v / 1000 for v in old])}
    figures["zoom_step"]["slowest_ms"] = round(worst, 1)
    figures["zoom_step"]["median_ratio_to_old_path"] = round(statistics.median(new) / statistics.median(old), 3)
    return figures


if __name__ == "__main__":
    main()
