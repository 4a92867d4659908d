"""A real ``aula-server`` process on 127.0.0.1 and a minimal device client for tests and benchmarks.

The device client speaks the wire protocol of :mod:`app.sync.protocol` with
``httpx``; it is deliberately independent of the desktop app's sync engine so
server tests exercise the contract, not one client.
"""

from __future__ import annotations

import base64
import gzip
import json
import os
import shutil
import socket
import subprocess
import sys
import time
import uuid
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import httpx
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

from app.domain.folio import device_code_from_public_key
from app.domain.ids import uuid7
from app.sync.protocol import HEADER_APP_VERSION, HEADER_SCHEMA, SCHEMA_VERSION, registration_message

REPO_ROOT = Path(__file__).resolve().parents[2]


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def server_command() -> list[str]:
    """``aula-server`` when installed next to this interpreter, else ``python -m server``."""
    installed = Path(sys.executable).with_name("aula-server")
    if installed.exists():
        return [str(installed)]
    found = shutil.which("aula-server")
    return [found] if found else [sys.executable, "-m", "server"]


def create_postgres_database(admin_url: str) -> tuple[str, str]:
    """A fresh database next to the one ``admin_url`` names; returns (url, name)."""
    import psycopg

    name = f"aula_test_{uuid.uuid4().hex[:12]}"
    plain = admin_url.replace("postgresql+psycopg://", "postgresql://")
    with psycopg.connect(plain, autocommit=True) as conn:
        conn.execute(f'CREATE DATABASE "{name}"')
    base, _, _ = admin_url.rpartition("/")
    return f"{base}/{name}", name


def drop_postgres_database(admin_url: str, name: str) -> None:
    import psycopg

    plain = admin_url.replace("postgresql+psycopg://", "postgresql://")
    with psycopg.connect(plain, autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


class ServerProcess:
    """``aula-server serve`` running in a subprocess with its own data directory."""

    def __init__(self, home: Path, database_url: str | None = None) -> None:
        self.home = home
        self.port = free_port()
        self.base_url = f"http://127.0.0.1:{self.port}"
        self.env = dict(os.environ, AULA_SERVER_HOME=str(home), PYTHONPATH=str(REPO_ROOT))
        # Every test registers from 127.0.0.1; the limit itself has its own test.
        self.env.setdefault("AULA_SERVER_REGISTRATIONS_PER_MINUTE", "1000000")
        if database_url:
            self.env["AULA_SERVER_DATABASE_URL"] = database_url
        else:
            self.env.pop("AULA_SERVER_DATABASE_URL", None)
        self.process: subprocess.Popen | None = None
        self._log = None
        self._db = None
        self.backend = "postgresql" if database_url else "sqlite"
        self.database_url = database_url or f"sqlite:///{home / 'aula-server.sqlite3'}"

    def database(self):  # noqa: ANN201 - server.db.Database, imported lazily
        """Direct access to the server's database, to check what was (not) written."""
        from server.db import Database

        return Database(self.database_url)

    def cli(self, *args: str, check: bool = True) -> subprocess.CompletedProcess:
        """Run an ``aula-server`` subcommand against this server's database."""
        done = subprocess.run([*server_command(), *args], env=self.env, cwd=REPO_ROOT, capture_output=True,
                              text=True, timeout=120)
        if check and done.returncode != 0:
            raise RuntimeError(f"aula-server {' '.join(args)} failed: {done.stderr.strip()}")
        return done

    def start(self) -> None:
        self.cli("init")
        self._log = open(self.home / "serve.out", "w")  # noqa: SIM115 - closed in stop()
        self.process = subprocess.Popen(
            [*server_command(), "serve", "--host", "127.0.0.1", "--port", str(self.port)],
            env=self.env, cwd=REPO_ROOT, stdout=self._log, stderr=subprocess.STDOUT)
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise RuntimeError(f"the server exited: {(self.home / 'serve.out').read_text()}")
            try:
                if httpx.get(f"{self.base_url}/v1/health", timeout=2).status_code == 200:
                    return
            except httpx.TransportError:
                pass
            time.sleep(0.1)
        raise RuntimeError("the server did not become healthy in 60 s")

    def stop(self) -> None:
        if self._db is not None:
            self._db.dispose()
        if self.process and self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(timeout=15)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()
        if self._log is not None:
            self._log.close()
            self._log = None

    # -------------------------------------------------------------- admin helpers

    def _admin_db(self):  # noqa: ANN202
        if self._db is None:
            self._db = self.database()
        return self._db

    def create_unit(self, code: str | None = None, name: str = "Unidad de prueba") -> UnitInfo:
        """Create a unit with the same code ``aula-server create-unit`` runs (without a process per call)."""
        from server.admin import create_unit

        unit = create_unit(self._admin_db(), code or f"U-{uuid.uuid4().hex[:10]}", name)
        return UnitInfo(id=unit.id, code=unit.code, name=unit.name)

    def enroll_code(self, unit: str, role: str = "instructor") -> str:
        """A one-time code, made by the code behind ``aula-server enroll-code``."""
        from server.enrollment import create_code

        return create_code(self._admin_db(), unit, role)[0]

    def enroll(self, unit: UnitInfo, role: str = "instructor") -> Device:
        device = Device.generate(self.base_url)
        device.register(self.enroll_code(unit.code, role))
        return device


@dataclass(frozen=True)
class UnitInfo:
    id: str
    code: str
    name: str


#: Every simulated device, so the session can close their HTTP clients (see conftest.py).
OPEN_DEVICES: list[Device] = []


@dataclass
class Device:
    """A device: its key pair and, once registered, its token."""

    base_url: str
    private_key: Ed25519PrivateKey
    install_id: str = field(default_factory=lambda: uuid.uuid4().hex)
    token: str | None = None
    device_id: str | None = None
    role: str | None = None
    scope: list[dict[str, Any]] = field(default_factory=list)
    client: httpx.Client = field(default=None)  # type: ignore[assignment]

    def __post_init__(self) -> None:
        if self.client is None:
            self.client = httpx.Client(base_url=self.base_url, timeout=60)
        OPEN_DEVICES.append(self)

    @classmethod
    def generate(cls, base_url: str) -> Device:
        return cls(base_url=base_url, private_key=Ed25519PrivateKey.generate())

    @property
    def public_raw(self) -> bytes:
        return self.private_key.public_key().public_bytes(serialization.Encoding.Raw,
                                                          serialization.PublicFormat.Raw)

    @property
    def private_raw(self) -> bytes:
        return self.private_key.private_bytes(serialization.Encoding.Raw, serialization.PrivateFormat.Raw,
                                              serialization.NoEncryption())

    @property
    def public_b64(self) -> str:
        return base64.b64encode(self.public_raw).decode()

    @property
    def code(self) -> str:
        return device_code_from_public_key(self.public_raw)

    def challenge(self) -> str:
        """A fresh registration nonce from the server."""
        response = self.client.post("/v1/devices/challenge")
        response.raise_for_status()
        return response.json()["nonce"]

    def register_raw(self, code: str, schema_version: int = SCHEMA_VERSION, *, public_key: str | None = None,
                     nonce: str | None = None) -> httpx.Response:
        """Register with proof of possession: this device's key signs the code and a server nonce.

        ``public_key`` claims another key (an attacker's attempt); ``nonce`` reuses or invents one.
        """
        public_key = public_key or self.public_b64
        nonce = nonce or self.challenge()
        message = registration_message(code, nonce, public_key, self.install_id)
        return self.client.post("/v1/devices/register", json={
            "code": code, "public_key": public_key, "install_id": self.install_id,
            "app_version": "0.1.0", "schema_version": schema_version, "nonce": nonce,
            "signature": base64.b64encode(self.private_key.sign(message)).decode()})

    def register(self, code: str) -> dict[str, Any]:
        response = self.register_raw(code)
        response.raise_for_status()
        body = response.json()
        self.token, self.device_id = body["token"], body["device_id"]
        self.role, self.scope = body["role"], body["scope"]
        return body

    def headers(self, token: str | None = "own", schema: int | None = SCHEMA_VERSION) -> dict[str, str]:
        headers = {HEADER_APP_VERSION: "0.1.0"}
        if schema is not None:
            headers[HEADER_SCHEMA] = str(schema)
        token = self.token if token == "own" else token
        if token:
            headers["Authorization"] = f"Bearer {token}"
        return headers

    def push_raw(self, ops: list[dict[str, Any]], gzip_body: bool = False, **header_args: Any) -> httpx.Response:
        body = json.dumps({"ops": ops}).encode()
        headers = {**self.headers(**header_args), "Content-Type": "application/json"}
        if gzip_body:
            body = gzip.compress(body)
            headers["Content-Encoding"] = "gzip"
        return self.client.post("/v1/sync/push", content=body, headers=headers)

    def push(self, ops: list[dict[str, Any]]) -> list[dict[str, Any]]:
        response = self.push_raw(ops)
        assert response.status_code == 200, response.text
        return response.json()["results"]

    def pull_raw(self, since: int = 0, limit: int = 500, **header_args: Any) -> httpx.Response:
        return self.client.get("/v1/sync/pull", params={"since": since, "limit": limit},
                               headers=self.headers(**header_args))

    def pull_all(self, since: int = 0, limit: int = 500) -> list[dict[str, Any]]:
        changes: list[dict[str, Any]] = []
        while True:
            response = self.pull_raw(since, limit)
            assert response.status_code == 200, response.text
            page = response.json()
            changes.extend(page["changes"])
            since = page["next_cursor"]
            if not page["has_more"]:
                return changes

    def close(self) -> None:
        self.client.close()


# ------------------------------------------------------------------ op builders


def op(entity: str, entity_id: str | uuid.UUID, payload: dict[str, Any], kind: str = "upsert",
       base_version: int | None = None) -> dict[str, Any]:
    return {"op_id": str(uuid7()), "entity": entity, "entity_id": str(entity_id), "kind": kind,
            "base_version": base_version, "payload": {"id": str(entity_id), **payload}}


def worker_op(unit_id: str | None, matricula: str, **fields: Any) -> dict[str, Any]:
    """A worker as every device writes it: its id derived from the matrícula (app.domain.ids.worker_id)."""
    from app.domain.ids import worker_id

    payload = {"unit_id": unit_id, "matricula": matricula, "given_names": "Ana", "paternal_surname": "López",
               "version": 1, **fields}
    return op("worker", worker_id(matricula), payload)


def new_matricula() -> str:
    return str(uuid.uuid4().int)[:10]


@dataclass
class Fixture:
    """A unit's group with one session, one activity and a worker, as ops."""

    unit_id: str
    worker_id: str = field(default_factory=lambda: str(uuid.uuid4()))
    course_id: str = field(default_factory=lambda: str(uuid.uuid4()))
    group_id: str = field(default_factory=lambda: str(uuid.uuid4()))
    session_id: str = field(default_factory=lambda: str(uuid.uuid4()))
    activity_id: str = field(default_factory=lambda: str(uuid.uuid4()))
    tag: str = field(default_factory=lambda: uuid.uuid4().hex[:8])
    matricula: str = field(default_factory=lambda: str(uuid.uuid4().int)[:10])

    def setup_ops(self) -> list[dict[str, Any]]:
        """The same ops (bar their op ids) on every call."""
        tag = self.tag
        return [
            op("worker", self.worker_id, {"unit_id": self.unit_id, "matricula": self.matricula,
                                          "given_names": "Ana", "paternal_surname": "López", "version": 1}),
            op("course", self.course_id, {"code": f"C-{tag}", "name": "Curso Básico de Buen Trato",
                                          "hours": 12, "version": 1}),
            op("course_group", self.group_id, {"unit_id": self.unit_id, "course_id": self.course_id,
                                               "code": f"G-{tag}", "version": 1}),
            op("session", self.session_id, {"group_id": self.group_id, "index": 1, "date": "2026-11-24",
                                            "start_time": "08:00:00", "end_time": "14:00:00", "version": 1}),
            op("activity", self.activity_id, {"group_id": self.group_id, "session_id": self.session_id,
                                              "position": 1, "name": "Dinámica del espejo", "version": 1}),
        ]

    def attendance(self, status: str = "present", worker_id: str | None = None,
                   version: int = 1) -> dict[str, Any]:
        from app.domain.ids import attendance_id

        worker = worker_id or self.worker_id
        ident = attendance_id(uuid.UUID(self.session_id), uuid.UUID(worker))
        return op("attendance", ident, {"session_id": self.session_id, "worker_id": worker,
                                        "group_id": self.group_id, "status": status, "version": version})

    def enrollment(self, status: str = "enrolled", base_version: int | None = None, version: int = 1,
                   kind: str = "upsert") -> dict[str, Any]:
        from app.domain.ids import enrollment_id

        ident = enrollment_id(uuid.UUID(self.group_id), uuid.UUID(self.worker_id))
        return op("enrollment", ident, {"group_id": self.group_id, "worker_id": self.worker_id,
                                        "status": status, "version": version}, kind=kind,
                  base_version=base_version)
