"""Staff search through the trigram index: the same matches as the plain rule, kept in step with writes."""

from __future__ import annotations

import random
from pathlib import Path

from service_helpers import add_people
from sqlalchemy import text

from app.services import catalog, staff
from app.services.demo import make_staff


def _bulk(ctx, count: int) -> list:
    unit = catalog.get_unit(ctx, "UMF07")
    records = make_staff(random.Random(3), count, first_matricula=55_000_000)
    with ctx.db.write() as s:
        staff.upsert_records(ctx, s, records, unit_id=unit.id, in_staff_list=True,
                             report=staff.ImportReport(Path("prueba.csv")), action="staff.import")
    return records


def _names(found) -> list[str]:
    return [w.full_name for w in found]


def test_a_renamed_worker_is_found_by_the_new_name_and_no_longer_by_the_old(ctx):
    worker = add_people(ctx)[0]  # José Luis Núñez Peña
    staff.update_worker_name(ctx, worker.id, given_names="José Luis", paternal_surname="Quintanilla",
                             maternal_surname="Peña")
    assert _names(staff.search_workers(ctx, "quintanilla")) == ["José Luis Quintanilla Peña"]
    assert staff.search_workers(ctx, "nunez") == []


def test_bulk_imported_workers_are_found_by_any_part_of_the_name_and_the_start_of_the_matricula(ctx):
    records = _bulk(ctx, 300)
    target = records[137]
    found = staff.search_workers(ctx, f"{target.paternal_surname} {target.given_names.split()[0]}", limit=300)
    assert target.matricula in [w.matricula for w in found]
    assert [w.matricula for w in staff.search_workers(ctx, target.matricula)] == [target.matricula]
    prefix = target.matricula[:6]
    assert {w.matricula for w in staff.search_workers(ctx, prefix, limit=300)} == {
        r.matricula for r in records if r.matricula.startswith(prefix)}


def test_the_middle_of_a_matricula_matches_nobody(ctx):
    add_people(ctx)  # 10000001…10000003
    assert staff.search_workers(ctx, "0000") == []
    assert len(staff.search_workers(ctx, "1000")) == 3


def test_the_index_finds_what_the_plain_rule_finds_for_every_typed_prefix(ctx):
    _bulk(ctx, 400)
    with ctx.db.engine.connect() as conn:
        keys = conn.execute(text("SELECT search_key, matricula FROM worker WHERE matricula IS NOT NULL "
                                 "AND deleted_at IS NULL")).all()
    for typed in ("hernandez", "maria g", "lopez ram", "gonzalez ana", "ez", "a"):
        for end in range(1, len(typed) + 1):
            words = typed[:end].split()
            expected = {m for k, m in keys if all(w in k or m.startswith(w) for w in words)}
            found = staff.search_workers(ctx, typed[:end], limit=1000)
            assert {w.matricula for w in found} == expected, typed[:end]


def test_pages_continue_where_the_previous_one_ended(ctx):
    _bulk(ctx, 250)
    everyone = staff.search_workers(ctx, "", limit=1000)
    pages = [staff.search_workers(ctx, "", limit=100, offset=offset) for offset in (0, 100, 200)]
    assert [len(p) for p in pages] == [100, 100, 50]
    assert [w.id for page in pages for w in page] == [w.id for w in everyone]


def test_a_worker_added_by_hand_after_a_bulk_import_is_found(ctx):
    _bulk(ctx, 50)  # the import indexes its rows at once, then the triggers index again
    unit = catalog.get_unit(ctx, "UMF07")
    staff.add_worker(ctx, matricula="12345678", given_names="Xóchitl", paternal_surname="Quetzal",
                     unit_id=unit.id, in_staff_list=True)
    assert _names(staff.search_workers(ctx, "quetzal xochitl")) == ["Xóchitl Quetzal"]
    with ctx.db.engine.connect() as conn:
        assert conn.execute(text("SELECT count(*) FROM worker_search_pause")).scalar_one() == 0
