"""Property-based fuzzing of the whole API from its OpenAPI description (schemathesis).

Thousands of generated requests, valid and invalid, with a real device token
so the authenticated operations are reached too: not one may get a 5xx.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from app.sync.protocol import HEADER_SCHEMA, SCHEMA_VERSION

EXAMPLES_PER_OPERATION = int(os.environ.get("AULA_FUZZ_EXAMPLES", "250"))


def _schemathesis() -> list[str]:
    installed = Path(sys.executable).with_name("st")
    return [str(installed)] if installed.exists() else [sys.executable, "-m", "schemathesis.cli"]


#: (role of the token, examples per operation): the director's token reaches the role refusals and the
#: proof-of-possession, challenge and key-directory rules answer both; a smaller run for the second role.
ROLES = {"instructor": EXAMPLES_PER_OPERATION, "director": max(20, EXAMPLES_PER_OPERATION // 10)}


@pytest.mark.slow
@pytest.mark.timeout(900)  # the coordination pages and /v1/coverage (issue 12) add eight operations
@pytest.mark.parametrize("role", list(ROLES))
def test_no_generated_request_gets_a_server_error(server, unit, seeded, role, tmp_path):
    device = server.enroll(unit, role)
    examples = ROLES[role]
    report = tmp_path / "schemathesis.json"
    done = subprocess.run([
        *_schemathesis(), "run", f"{server.base_url}/openapi.json",
        "--checks", "not_a_server_error",
        "--phases", "coverage,fuzzing",
        "-n", str(examples),
        "--workers", "1",  # the coverage phase is not thread-safe on Python 3.11
        "--seed", "20261124",
        "--no-shrink",
        "--request-timeout", "30",
        "-H", f"Authorization: Bearer {device.token}",
        "-H", f"{HEADER_SCHEMA}: {SCHEMA_VERSION}",
        "--report", "json", "--report-json-path", str(report),
    ], capture_output=True, text=True, timeout=840)
    summary = json.loads(report.read_text())
    assert summary["failures"] == [], done.stdout[-4000:]
    assert summary["errors"] == [], done.stdout[-4000:]
    assert summary["test_cases"]["generated"] >= 8 * examples  # 2000+ by default for the instructor
    assert done.returncode == 0, done.stdout[-4000:]
    assert "Traceback" not in (server.home / "logs" / "server.log").read_text()
    device.close()
