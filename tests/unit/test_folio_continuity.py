"""Folio numbering never restarts under the same device code (issue 9, item 4).

The counter lives in the database and the key in the data directory: losing or
emptying the database while the key survives must not hand out
``XXXXXXXX-2026-000001`` a second time, to someone else.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from app.cli import main
from app.domain.folio import Folio
from app.domain.signing import verify_qr_text
from app.services import catalog, constancias, roster, staff
from app.services.context import Context
from app.storage import keys as device_key_files
from app.storage import paths
from app.storage.errors import DatabaseMissing
from tests.unit.service_helpers import add_people, make_group
from tests.unit.test_constancias_service import _complete


def _issue_one(db_path: Path, clock, *, new_database: bool = False) -> constancias.ConstanciaInfo:
    ctx = Context.open(db_path, actor="Instructora", clock=clock, new_database=new_database)
    try:
        first_time = not any(u.code == "UMF07" for u in catalog.list_units(ctx))
        if first_time:
            catalog.create_unit(ctx, "UMF07", "Unidad de Medicina Familiar No. 7")
            catalog.ensure_default_courses(ctx)
            add_people(ctx)
        group = make_group(ctx)
        person = staff.get_worker_by_matricula(ctx, "10000001")
        roster.enroll(ctx, group.id, person.id)
        _complete(ctx, group)
        clock.set("23:00", group.sessions[-1].date)  # the course is over: nothing is pending
        constancias.issue_constancias(ctx, group.id)
        [issued] = constancias.list_constancias(ctx, group.id)
        return issued
    finally:
        ctx.close()


def _retired_public_keys(directory: Path) -> dict[str, bytes]:
    return {k.device_code: k.public_raw for k in device_key_files.retired_keys(directory)}


def test_an_emptied_database_does_not_restart_folio_numbering(tmp_path, clock):
    database = tmp_path / "aula.sqlite3"
    first = _issue_one(database, clock)
    for leftover in tmp_path.glob("aula.sqlite3*"):
        leftover.unlink()
    second = _issue_one(database, clock, new_database=True)  # the user asked for a new database
    old, new = Folio.parse(first.folio), Folio.parse(second.folio)
    assert old.device_code != new.device_code
    # The retired key is kept, so constancias it signed still verify offline.
    retired = _retired_public_keys(paths.data_dir())
    assert verify_qr_text(first.qr_text, retired).status == "valid"
    assert constancias.device_keys().device_code == new.device_code


def test_a_database_on_its_own_key_keeps_its_numbering(tmp_path, clock):
    database = tmp_path / "aula.sqlite3"
    first = _issue_one(database, clock)
    second = _issue_one(database, clock)
    assert Folio.parse(first.folio).device_code == Folio.parse(second.folio).device_code
    assert Folio.parse(second.folio).counter == Folio.parse(first.folio).counter + 1
    assert _retired_public_keys(paths.data_dir()) == {}


def test_demo_force_starts_a_new_device_code(tmp_path, capsys):
    out = tmp_path / "out"
    assert main(["demo", "--staff", "100"]) == 0
    # The demo's finished group is dated from today: take its code from what the demo says.
    finished = re.search(r"Grupo concluido (\S+):", capsys.readouterr().out).group(1)
    assert main(["constancias", "--group", finished, "--out", str(out / "1")]) == 0
    assert main(["demo", "--staff", "100", "--force"]) == 0
    assert main(["constancias", "--group", finished, "--out", str(out / "2")]) == 0
    capsys.readouterr()
    first_codes = {Folio.parse(c).device_code for c in _folios(out / "1")}
    second_codes = {Folio.parse(c).device_code for c in _folios(out / "2")}
    assert first_codes and second_codes and not first_codes & second_codes


def _folios(directory: Path) -> set[str]:
    import re

    found = set()
    for pdf in directory.rglob("*.pdf"):
        found.update(re.findall(r"[A-Z2-7]{8}-\d{4}-\d{6}", pdf.name))
    return found


@pytest.mark.parametrize("loss", ["deleted", "emptied"])
def test_a_lost_database_next_to_its_key_is_not_silently_replaced(clock, loss):
    database = paths.database_path()
    first = _issue_one(database, clock)
    for leftover in database.parent.glob(f"{database.name}-*"):
        leftover.unlink()
    if loss == "deleted":
        database.unlink()
    else:
        database.write_bytes(b"")
    with pytest.raises(DatabaseMissing) as refused:
        Context.open(database)
    message = str(refused.value)
    assert str(database) in message and Folio.parse(first.folio).device_code in message
    assert ("vacía" in message) == (loss == "emptied")
    assert "aula restore --latest" in message and "aula new-database" in message
    assert not database.exists() or database.stat().st_size == 0  # nothing was created in its place


def test_the_cli_refuses_a_lost_database_then_makes_a_new_one_only_when_asked(tmp_path, clock, capsys):
    database = paths.database_path()
    first = _issue_one(database, clock)
    database.unlink()
    assert main(["groups"]) == 1
    assert "aula new-database" in capsys.readouterr().err
    assert not database.exists()
    assert main(["new-database"]) == 0
    assert "Base de datos nueva" in capsys.readouterr().out
    assert main(["new-database"]) == 1  # an existing database is never replaced
    assert "no se reemplaza" in capsys.readouterr().err
    second = _issue_one(database, clock)
    assert Folio.parse(second.folio).device_code != Folio.parse(first.folio).device_code


def test_a_database_elsewhere_is_created_as_asked(tmp_path, clock):
    _issue_one(paths.database_path(), clock)
    elsewhere = tmp_path / "otra" / "aula.sqlite3"
    elsewhere.parent.mkdir()
    Context.open(elsewhere).close()
    assert elsewhere.stat().st_size > 0
