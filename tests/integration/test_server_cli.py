"""The ``aula-server`` command: help, exit codes, one-line reasons."""

from __future__ import annotations

import pytest

COMMANDS = ["init", "serve", "create-unit", "import-staff", "enroll-code", "list-devices", "revoke-device",
            "revoke-constancia"]


@pytest.mark.parametrize("command", COMMANDS)
def test_every_command_has_help(server, command):
    done = server.cli(command, "--help")
    assert done.returncode == 0
    assert done.stdout.startswith(f"uso: aula-server {command}")


def test_init_is_idempotent(server):
    assert server.cli("init").returncode == 0


def test_enroll_code_for_an_unknown_unit_fails_with_one_line(server):
    done = server.cli("enroll-code", "--unit", "NO-EXISTE", "--role", "instructor", check=False)
    assert done.returncode == 1
    assert done.stderr.strip().count("\n") == 0
    assert "NO-EXISTE" in done.stderr


def test_enroll_code_writes_a_qr_image(server, unit, tmp_path):
    target = tmp_path / "codigo.png"
    done = server.cli("enroll-code", "--unit", unit.code, "--role", "director", "--qr", str(target))
    assert target.read_bytes().startswith(b"\x89PNG")
    assert len(done.stdout.strip()) == 14


def test_create_unit_refuses_a_duplicate_code(server, unit):
    done = server.cli("create-unit", unit.code, "Otra", check=False)
    assert done.returncode == 1
    assert "ya existe" in done.stderr


def test_list_devices_shows_an_enrolled_device(server, instructor):
    assert instructor.code in server.cli("list-devices").stdout


def test_revoke_device_of_an_unknown_device_fails(server):
    done = server.cli("revoke-device", "ZZZZZZZZ", check=False)
    assert done.returncode == 1
    assert "no existe" in done.stderr


def test_revoke_constancia_with_a_malformed_folio_fails(server):
    done = server.cli("revoke-constancia", "no-es-folio", "--reason", "x", check=False)
    assert done.returncode == 1


def test_admin_commands_on_an_uninitialised_database_say_to_run_init(server, tmp_path):
    import subprocess

    from server_harness import REPO_ROOT, server_command

    env = dict(server.env, AULA_SERVER_HOME=str(tmp_path))
    env.pop("AULA_SERVER_DATABASE_URL", None)
    done = subprocess.run([*server_command(), "list-devices"], env=env, cwd=REPO_ROOT, capture_output=True,
                          text=True, timeout=60)
    assert done.returncode == 1
    assert "aula-server init" in done.stderr
