"""Guard rails run with the tests: ruff (import order included) and mypy on the Qt-free core and the server."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def _run(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", *args], cwd=ROOT, capture_output=True, text=True, timeout=240)


def test_ruff_finds_nothing_in_the_code_tests_and_tools():
    done = _run("ruff", "check", "--no-cache", "app", "server", "tests", "bench", "scripts")
    assert done.returncode == 0, done.stdout + done.stderr


def test_the_domain_the_wire_protocol_and_the_server_type_check():
    done = _run("mypy", "--no-incremental", "app/domain", "app/sync", "server")
    assert done.returncode == 0, done.stdout + done.stderr
