"""The coordination endpoints and pages fuzzed (schemathesis) with a signed-in coordinator: no 5xx.

The server-wide fuzz (test_server_fuzz.py) reaches ``GET /v1/coverage`` with
a device token; this one sends the dashboard's session cookie instead, so the
pages behind the login are reached too.
"""

from __future__ import annotations

import json
import uuid

import pytest
from coordination_helpers import Scenario, create_user, login
from test_server_fuzz import EXAMPLES_PER_OPERATION, _schemathesis


@pytest.mark.slow
@pytest.mark.timeout(900)  # the login form hashes every generated password with argon2id
def test_no_generated_request_to_the_dashboard_gets_a_server_error(server, tmp_path):
    import subprocess

    scenario = Scenario(server, tmp_path)
    scenario.story()
    email = f"fuzz-{uuid.uuid4().hex[:6]}@imss.test"
    create_user(server, email, "coordinator", [scenario.region])
    cookie = login(server, email).headers["Cookie"]
    report = tmp_path / "schemathesis.json"
    done = subprocess.run([
        *_schemathesis(), "run", f"{server.base_url}/openapi.json",
        "--include-tag", "coordinación",
        "--checks", "not_a_server_error",
        "--phases", "coverage,fuzzing",
        "-n", str(EXAMPLES_PER_OPERATION),
        "--workers", "1",
        "--seed", "20261129",
        "--no-shrink",
        "--request-timeout", "30",
        "-H", f"Cookie: {cookie}",
        "--report", "json", "--report-json-path", str(report),
    ], capture_output=True, text=True, timeout=840)
    summary = json.loads(report.read_text())
    assert summary["failures"] == [], done.stdout[-4000:]
    assert summary["errors"] == [], done.stdout[-4000:]
    # parameterless pages (the login form) give few distinct cases; the others give the full count
    assert summary["test_cases"]["generated"] >= 4 * EXAMPLES_PER_OPERATION
    assert done.returncode == 0, done.stdout[-4000:]
    assert "Traceback" not in (server.home / "logs" / "server.log").read_text()
