"""Operations: accounts from a script, several worker processes, backup and restore with its time."""

from __future__ import annotations

import os
import re
import subprocess
import time
import uuid

import httpx
from coordination_helpers import Scenario, create_user, login
from server_harness import REPO_ROOT, create_postgres_database, drop_postgres_database, free_port, server_command

POSTGRES_ADMIN_URL_ENV = "AULA_TEST_POSTGRES_URL"


def run(env: dict, *args: str, stdin: str = "") -> subprocess.CompletedProcess:
    return subprocess.run([*server_command(), *args], input=stdin, env=env, cwd=REPO_ROOT, capture_output=True,
                          text=True, timeout=300)


def test_create_user_reads_the_password_from_standard_input_and_refuses_a_short_one(server):
    email = f"script-{uuid.uuid4().hex[:6]}@imss.test"
    short = run(server.env, "create-user", email, "--role", "admin", stdin="corta\n")
    assert short.returncode == 1
    assert "la contraseña debe tener al menos 10 caracteres" in short.stderr
    done = run(server.env, "create-user", email, "--role", "admin", stdin="una-contraseña-larga\n")
    assert done.returncode == 0, done.stderr
    assert login(server, email, "una-contraseña-larga").get("/panel/").status_code == 200
    refused = run(server.env, "create-user", email, "--role", "coordinator", stdin="una-contraseña-larga\n")
    assert "un coordinador necesita al menos una región" in refused.stderr


def test_serve_with_several_workers_shares_sessions_between_them(server, tmp_path):
    port = free_port()
    process = subprocess.Popen([*server_command(), "serve", "--host", "127.0.0.1", "--port", str(port),
                                "--workers", "2"], env=server.env, cwd=REPO_ROOT, stdout=subprocess.DEVNULL,
                               stderr=subprocess.DEVNULL)
    try:
        base = f"http://127.0.0.1:{port}"
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            try:
                if httpx.get(f"{base}/v1/health", timeout=2).status_code == 200:
                    break
            except httpx.TransportError:
                time.sleep(0.2)
        children = (open(f"/proc/{process.pid}/task/{process.pid}/children").read().split()
                    if os.path.exists(f"/proc/{process.pid}") else [])
        assert len(children) >= 2  # the two workers (and uvicorn's supervisor as their parent)
        scenario = Scenario(server, tmp_path)
        email = f"workers-{uuid.uuid4().hex[:6]}@imss.test"
        create_user(server, email, "coordinator", [scenario.region])
        server.base_url, original = base, server.base_url
        try:
            client = login(server, email)
        finally:
            server.base_url = original
        pages = [client.get(f"/panel/unidad/{scenario.unit.code}") for _ in range(12)]
        assert {p.status_code for p in pages} == {200}
    finally:
        process.terminate()
        process.wait(timeout=30)


def test_backup_of_a_live_server_restores_into_an_empty_database(server, tmp_path, db):
    from sqlalchemy import text

    Scenario(server, tmp_path).story()
    target = tmp_path / "respaldo.bak"
    done = run(server.env, "backup", str(target))
    assert done.returncode == 0, done.stderr
    assert target.stat().st_size > 0
    env = dict(server.env, AULA_SERVER_HOME=str(tmp_path / "restaurado"))
    database = None
    if server.backend == "postgresql":
        url, database = create_postgres_database(os.environ[POSTGRES_ADMIN_URL_ENV])
        env["AULA_SERVER_DATABASE_URL"] = url
    try:
        assert run(env, "init").returncode == 0
        restored = run(env, "restore", str(target))
        assert restored.returncode == 0, restored.stderr
        assert re.fullmatch(r"Base de datos restaurada desde .* en \d+\.\d\d s\.\n", restored.stdout)
        from server.db import Database

        copy = Database(env.get("AULA_SERVER_DATABASE_URL") or
                        f"sqlite:///{tmp_path / 'restaurado' / 'aula-server.sqlite3'}")
        try:
            counts = {}
            for name, source in (("original", db), ("copy", copy)):
                with source.read() as session:
                    counts[name] = [session.execute(text(f"SELECT count(*) FROM {t}")).scalar_one()
                                    for t in ("records", "change_log", "coord_coverage", "coord_staff")]
            assert counts["copy"][2] > 0
            assert counts["copy"] <= counts["original"]  # the live server may have gained rows since
        finally:
            copy.dispose()
    finally:
        if database:
            drop_postgres_database(os.environ[POSTGRES_ADMIN_URL_ENV], database)
