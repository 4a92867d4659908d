"""Run a child that reports each committed step on its own line, and SIGKILL it at a chosen moment.

Used by the crash tests (``tests/unit/test_crash_durability.py``,
``tests/unit/test_constancia_issuing_pipeline.py``) and the SIGKILL drills of ``bench/run``.
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def run_and_kill(args: list[str], *, warmup: int, pause: float, deadline: float = 120.0) -> list[int]:
    """Start ``python ARGS…``, wait until it has reported ``warmup`` steps, sleep ``pause`` seconds,
    then SIGKILL it; return every step number it reported before it died."""
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    child = subprocess.Popen([sys.executable, *args], stdout=subprocess.PIPE, stderr=subprocess.DEVNULL,
                             env=env, text=True)
    reported: list[int] = []

    def reader() -> None:
        for line in child.stdout:
            reported.append(int(line))

    thread = threading.Thread(target=reader, daemon=True)
    thread.start()
    give_up = time.monotonic() + deadline
    while len(reported) < warmup and time.monotonic() < give_up and child.poll() is None:
        time.sleep(0.005)
    time.sleep(pause)
    child.send_signal(signal.SIGKILL)
    child.wait()
    thread.join(timeout=5)
    child.stdout.close()
    return reported
