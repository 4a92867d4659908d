"""Helpers of the coordination tests: regions, staff lists, accounts and dashboard sessions."""

from __future__ import annotations

import csv
import random
import re
import subprocess
import uuid
from pathlib import Path

import httpx
from server_harness import REPO_ROOT, ServerProcess, server_command

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
