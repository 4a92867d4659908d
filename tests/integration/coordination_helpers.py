"""Helpers of the coordination tests: regions, staff lists, accounts and dashboard sessions."""

from __future__ import annotations

import csv
import datetime as dt
import random
import re
import subprocess
import uuid
from pathlib import Path

import httpx
from server_harness import REPO_ROOT, ServerProcess, op, server_command

from app.domain.ids import attendance_id, enrollment_id, participation_id, worker_id
from app.domain.signing import CertifiedFields, sign_fields

STAFF_HEADER = ["Matrícula", "Nombre(s)", "Apellido paterno", "Apellido materno", "Categoría", "Servicio", "Turno"]
PASSWORD = "contraseña-de-prueba-12"


def new_region() -> str:
    return f"Región {uuid.uuid4().hex[:8]}"


def new_matricula() -> str:
    return str(random.randrange(10**9, 10**10))


def write_csv(path: Path, rows: list[list[object]]) -> Path:
    with path.open("w", newline="", encoding="utf-8") as stream:
        csv.writer(stream).writerows(rows)
    return path


def place_units(server: ServerProcess, tmp_path: Path, units: list[tuple[str, str, str]]) -> str:
    """``aula-server import-units`` with (code, name, region) rows; returns its output."""
    path = write_csv(tmp_path / f"unidades-{uuid.uuid4().hex[:6]}.csv",
                     [["Clave", "Nombre", "Tipo", "Región"], *[[c, n, "UMF", r] for c, n, r in units]])
    return server.cli("import-units", str(path)).stdout


def import_staff(server: ServerProcess, tmp_path: Path, unit_code: str, rows: list[list[object]]) -> str:
    path = write_csv(tmp_path / f"plantilla-{uuid.uuid4().hex[:6]}.csv", [STAFF_HEADER, *rows])
    return server.cli("import-staff", str(path), "--unit", unit_code).stdout


def create_user(server: ServerProcess, email: str, role: str, regions: list[str],
                password: str = PASSWORD) -> subprocess.CompletedProcess:
    args = [*server_command(), "create-user", email, "--role", role]
    for region in regions:
        args += ["--region", region]
    return subprocess.run(args, input=password + "\n", env=server.env, cwd=REPO_ROOT, capture_output=True,
                          text=True, timeout=120, check=True)


def login_form_token(client: httpx.Client) -> tuple[str, str]:
    """The login form's hidden CSRF token and its cookie."""
    page = client.get("/panel/ingresar")
    token = re.search(r'name="csrf" value="([^"]+)"', page.text).group(1)
    return token, page.cookies["aula_panel_csrf"]


def login(server: ServerProcess, email: str, password: str = PASSWORD) -> httpx.Client:
    """A client signed in to the dashboard (the Secure cookies are carried by hand over plain HTTP)."""
    client = httpx.Client(base_url=server.base_url, timeout=60)
    token, cookie = login_form_token(client)
    done = client.post("/panel/ingresar", data={"correo": email, "contrasena": password, "csrf": token},
                       headers={"Cookie": f"aula_panel_csrf={cookie}"})
    assert done.status_code == 303, done.text
    client.headers["Cookie"] = f"aula_panel={done.cookies['aula_panel']}"
    return client


DEPARTMENTS = ["Urgencias", "Consulta externa"]


def constancia_op(device, group_id: str, worker: str, counter: int) -> dict:
    folio = f"{device.code}-2026-{counter:06d}"
    fields = CertifiedFields(folio=folio, worker_name="Ana López", curp_masked="LOMA******M*****09",
                             course_name="Curso Básico de Buen Trato", hours=12,
                             dates=(dt.date(2026, 11, 24),), venue="UMF 7", instructor_name="Laura Pérez")
    qr = sign_fields(fields, device.private_raw, base_url="https://aula.test")
    return op("constancia", uuid.uuid4(), {
        "group_id": group_id, "worker_id": worker, "folio": folio, "status": "valid", "snapshot": "{}",
        "qr_text": qr, "enrollment_id": str(enrollment_id(uuid.UUID(group_id), uuid.UUID(worker))),
        "issued_at": "2026-11-25T10:00:00+00:00"})


class Scenario:
    """A unit of eight workers, a closed group and an open one, pushed by the unit's instructor."""

    def __init__(self, server, tmp_path, region: str | None = None, name: str = "UMF de cobertura") -> None:
        self.server = server
        self.region = region or new_region()
        self.unit = server.create_unit(name=name)
        place_units(server, tmp_path, [(self.unit.code, self.unit.name, self.region)])
        self.matriculas = [new_matricula() for _ in range(8)]
        import_staff(server, tmp_path, self.unit.code, [
            [m, f"Nombre{i}", "Pérez", "Luna", "Enfermera" if i % 3 else "Médico", DEPARTMENTS[i % 2],
             "Matutino" if i < 4 else "Vespertino"] for i, m in enumerate(self.matriculas)])
        self.workers = [str(worker_id(m)) for m in self.matriculas]
        self.device = server.enroll(self.unit, "instructor")
        tag = uuid.uuid4().hex[:8]
        self.course_code = f"BT-{tag}"
        self.course_id, self.closed, self.open = str(uuid.uuid4()), str(uuid.uuid4()), str(uuid.uuid4())
        self.session_id, self.activity_id, self.open_session = (str(uuid.uuid4()) for _ in range(3))
        self.push([
            op("course", self.course_id, {"code": self.course_code, "name": "Buen trato", "hours": 6,
                                          "version": 1}),
            op("course_group", self.closed, {"unit_id": self.unit.id, "course_id": self.course_id,
                                             "code": f"G1-{tag}", "status": "open", "version": 1}),
            op("course_group", self.open, {"unit_id": self.unit.id, "course_id": self.course_id,
                                           "code": f"G2-{tag}", "status": "open", "version": 1}),
            op("session", self.session_id, {"group_id": self.closed, "index": 1, "date": "2026-11-24",
                                            "start_time": "08:00:00", "end_time": "14:00:00", "version": 1}),
            op("activity", self.activity_id, {"group_id": self.closed, "session_id": self.session_id,
                                              "position": 1, "name": "Dinámica", "version": 1}),
        ])

    def push(self, ops: list[dict]) -> None:
        results = self.device.push(ops)
        assert {r["status"] for r in results} <= {"applied", "duplicate"}, results

    def enroll(self, group: str, worker: str, status: str = "enrolled", version: int = 1,
               kind: str = "upsert", base: int | None = None) -> dict:
        return op("enrollment", enrollment_id(uuid.UUID(group), uuid.UUID(worker)),
                  {"group_id": group, "worker_id": worker, "status": status, "version": version}, kind=kind,
                  base_version=base)

    def attend(self, worker: str, status: str) -> dict:
        return op("attendance", attendance_id(uuid.UUID(self.session_id), uuid.UUID(worker)),
                  {"session_id": self.session_id, "worker_id": worker, "group_id": self.closed, "status": status,
                   "version": 1})

    def take_part(self, worker: str, participated: bool) -> dict:
        return op("participation", participation_id(uuid.UUID(self.activity_id), uuid.UUID(worker)),
                  {"activity_id": self.activity_id, "worker_id": worker, "group_id": self.closed,
                   "participated": participated, "version": 1})

    def close(self) -> dict:
        return op("course_group", self.closed, {"unit_id": self.unit.id, "course_id": self.course_id,
                                                "code": "", "status": "closed", "version": 5})

    def coverage(self, client: httpx.Client, headers: dict | None = None, **params: str) -> dict:
        response = client.get("/v1/coverage", params={"course": self.course_code, **params}, headers=headers)
        assert response.status_code == 200, response.text
        return response.json()

    def story(self) -> None:
        """Seven enrolled, marks taken, the group closed, one withdrawal, two constancias: 2 trained,
        1 eligible, 1 in progress (re-enrolled), 3 did not qualify, 1 pending."""
        w = self.workers
        self.push([self.enroll(self.closed, worker) for worker in w[:7]])
        self.push([self.attend(w[0], "present"), self.attend(w[1], "present"), self.attend(w[2], "present"),
                   self.attend(w[3], "absent"), self.take_part(w[0], True), self.take_part(w[1], True),
                   self.take_part(w[2], True)])
        self.push([self.close(), self.enroll(self.closed, w[4], "withdrawn", version=2, base=1),
                   self.enroll(self.open, w[3])])
        self.push([constancia_op(self.device, self.closed, w[0], 1), constancia_op(self.device, self.closed, w[1], 2)])
