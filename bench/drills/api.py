"""The server under attack: the authorization matrix and schemathesis fuzzing, counted.

- Authorization: the trust and ownership matrices of ``tests/integration`` (every actor ×
  action with its expected answer, each refusal proved harmless) run with pytest against a
  real ``aula-server``; a case that fails is a request answered wrongly (allowed, or refused
  for the wrong reason). On PostgreSQL too when ``AULA_TEST_POSTGRES_URL`` is set.
- Fuzzing: schemathesis generates requests from the OpenAPI description against a real
  server with an instructor's token; counted are the requests generated and the server errors.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import tempfile
import xml.etree.ElementTree as ET
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "tests" / "integration"))

from bench.report import Drill  # noqa: E402

MATRICES = ["tests/integration/test_server_trust_matrix.py", "tests/integration/test_server_authorization.py"]


def authorization(quick: bool = False) -> Drill:
    with tempfile.TemporaryDirectory() as tmp:
        junit = Path(tmp) / "junit.xml"
        files = MATRICES[:1] if quick else MATRICES
        env = {**os.environ, "QT_QPA_PLATFORM": "offscreen"}
        if quick:  # one backend: the quick report is for routine use
            env.pop("AULA_TEST_POSTGRES_URL", None)
            env.pop("AULA_REQUIRE_POSTGRES", None)
        done = subprocess.run([sys.executable, "-m", "pytest", *files, "-q", "-p", "no:cacheprovider",
                               f"--junitxml={junit}", "-o", "addopts="], cwd=ROOT, capture_output=True, text=True,
                              timeout=1200, env=env)
        if not junit.exists():
            return Drill("Authorization matrix", {"cases": 0}, False, note=done.stdout[-300:],
                         source="bench/drills/api.py")
        suite = ET.parse(junit).getroot().find("testsuite")
        tests, failures, errors, skipped = (int(suite.get(k, 0)) for k in ("tests", "failures", "errors", "skipped"))
    backends = "SQLite and PostgreSQL" if os.environ.get("AULA_TEST_POSTGRES_URL") and not quick else "SQLite"
    counts = {"cases tried": tests - skipped, "answered wrongly": failures, "errors": errors,
              "backends": backends}
    return Drill("Authorization matrix (who may register, push, revoke, supersede)", counts,
                 passed=failures == 0 and errors == 0 and tests - skipped > 0, source="bench/drills/api.py")


def fuzz(quick: bool = False) -> Drill:
    from server_harness import Device, ServerProcess

    from app.sync.protocol import HEADER_SCHEMA, SCHEMA_VERSION

    examples = 8 if quick else 250
    with tempfile.TemporaryDirectory() as tmp:
        server = ServerProcess(Path(tmp) / "server")
        (Path(tmp) / "server").mkdir()
        server.start()
        device: Device | None = None
        try:
            device = server.enroll(server.create_unit(), "instructor")
            report = Path(tmp) / "schemathesis.json"
            st = Path(sys.executable).with_name("st")
            command = [str(st)] if st.exists() else [sys.executable, "-m", "schemathesis.cli"]
            subprocess.run([*command, "run", f"{server.base_url}/openapi.json", "--checks", "not_a_server_error",
                            "--phases", "coverage,fuzzing", "-n", str(examples), "--workers", "1",
                            "--seed", "20261129", "--no-shrink", "--request-timeout", "30",
                            "-H", f"Authorization: Bearer {device.token}", "-H", f"{HEADER_SCHEMA}: {SCHEMA_VERSION}",
                            "--report", "json", "--report-json-path", str(report)],
                           capture_output=True, text=True, timeout=900)
            summary = json.loads(report.read_text()) if report.exists() else {}
            log = (server.home / "logs" / "server.log")
            tracebacks = log.read_text().count("Traceback") if log.exists() else 0
        finally:
            if device is not None:
                device.close()
            server.stop()
    generated = summary.get("test_cases", {}).get("generated", 0)
    failures = len(summary.get("failures", [])) + len(summary.get("errors", []))
    counts = {"requests generated": generated, "server errors (5xx)": failures,
              "tracebacks in the server log": tracebacks}
    return Drill("API fuzz (schemathesis, from the OpenAPI description)", counts,
                 passed=generated > 0 and failures == 0 and tracebacks == 0, source="bench/drills/api.py")


if __name__ == "__main__":
    quick = "--quick" in sys.argv
    print(authorization(quick))
    print(fuzz(quick))
