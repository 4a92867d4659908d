"""``aula-server backup`` and ``restore``: SQLite's online backup API, ``pg_dump -Fc`` / ``pg_restore``."""

from __future__ import annotations

import os
import shutil
import sqlite3
import subprocess
import time
from pathlib import Path

from sqlalchemy.engine import make_url

from server.enrollment import AdminError


def _sqlite_path(url: str) -> Path:
    database = make_url(url).database
    if not database or database == ":memory:":
        raise AdminError("la base de datos SQLite está en memoria; no hay nada que respaldar")
    return Path(database)


def _libpq(url: str) -> tuple[str, dict[str, str]]:
    """A libpq connection string without the password, which goes in PGPASSWORD instead of argv."""
    parsed = make_url(url)
    env = dict(os.environ)
    if parsed.password:
        env["PGPASSWORD"] = parsed.password
    plain = parsed.set(drivername="postgresql", password=None)
    return plain.render_as_string(hide_password=False), env


def _tool(name: str) -> str:
    found = shutil.which(name)
    if found is None:
        raise AdminError(f"no se encontró «{name}»; instale el cliente de PostgreSQL (postgresql-client)")
    return found


def backup(url: str, target: Path) -> float:
    """Copy the live database to ``target``; returns the seconds it took. Writers keep working meanwhile."""
    target = Path(target)
    started = time.perf_counter()
    if url.startswith("sqlite"):
        source = sqlite3.connect(_sqlite_path(url), timeout=60)
        partial = target.with_name(target.name + ".partial")
        partial.unlink(missing_ok=True)
        destination = sqlite3.connect(partial)
        try:
            with destination:
                source.backup(destination, pages=4096)
        finally:
            destination.close()
            source.close()
        partial.replace(target)
    else:
        dsn, env = _libpq(url)
        done = subprocess.run([_tool("pg_dump"), "-Fc", "--no-owner", "-f", str(target), "-d", dsn], env=env,
                              capture_output=True, text=True)
        if done.returncode != 0:
            raise AdminError(f"pg_dump falló: {done.stderr.strip()[:300]}")
    return time.perf_counter() - started


def restore(url: str, source: Path) -> float:
    """Replace the database's contents with a backup; returns the seconds it took. Stop the server first."""
    source = Path(source)
    if not source.is_file():
        raise AdminError(f"no existe el respaldo {source}")
    started = time.perf_counter()
    if url.startswith("sqlite"):
        try:
            backup_db = sqlite3.connect(f"file:{source}?mode=ro", uri=True)
            backup_db.execute("SELECT value FROM seq_counter WHERE id = 1").fetchone()
        except sqlite3.DatabaseError as exc:
            raise AdminError(f"{source} no es un respaldo de Aula: {exc}") from exc
        target = sqlite3.connect(_sqlite_path(url), timeout=60)
        try:
            with target:
                backup_db.backup(target, pages=4096)
        finally:
            target.close()
            backup_db.close()
    else:
        dsn, env = _libpq(url)
        done = subprocess.run([_tool("pg_restore"), "--clean", "--if-exists", "--no-owner", "--single-transaction",
                               "-d", dsn, str(source)], env=env, capture_output=True, text=True)
        if done.returncode != 0:
            raise AdminError(f"pg_restore falló: {done.stderr.strip()[:300]}")
    return time.perf_counter() - started
