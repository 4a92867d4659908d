"""SIGKILL drills: the app process killed at random moments while marking attendance and while issuing.

Marking: a child records check-ins forever and prints each one after its commit; it is killed
at a random moment; then every mark it reported must be in the database (the stored check-in
is that mark or a later one) and queued in the outbox for the server, and SQLite's
``integrity_check`` must say "ok". Issuing: a child issues a 40-person group's constancias and
prints each one done; after the kill, every constancia in the database must be whole (its PDF
hash, signature and snapshot present and verifying), the folios must run 1..N without a gap or
a repeat, and issuing again must complete the group.
"""

from __future__ import annotations

import datetime as dt
import json
import os
import random
import shutil
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "tests" / "unit"))

from bench.report import Drill  # noqa: E402
from tests.support.killing import run_and_kill  # noqa: E402

WRITER = ROOT / "tests" / "unit" / "crash_writer.py"
BASE = dt.datetime(2026, 11, 24, 7, 0)


def _run_and_kill(command: list[str], rng: random.Random, warmup: int, window: float) -> list[int]:
    return run_and_kill(command[1:], warmup=warmup, pause=rng.uniform(0.0, window))


def marks(kills: int) -> Drill:
    from service_helpers import add_people, make_group
    from sqlmodel import select

    from app.domain.ids import attendance_id
    from app.services import catalog, roster
    from app.services.context import Context
    from app.storage.tables import Attendance, Outbox

    rng = random.Random(20261129)
    acknowledged = found = lost = not_queued = bad_integrity = 0
    with tempfile.TemporaryDirectory() as tmp:
        os.environ["AULA_HOME"] = tmp
        db_path = Path(tmp) / "aula.sqlite3"
        ctx = Context.open(db_path, actor="drill", new_database=True)
        catalog.create_unit(ctx, "UMF07", "Unidad de Medicina Familiar No. 7")
        catalog.ensure_default_courses(ctx)
        group = make_group(ctx)
        people = add_people(ctx)
        for person in people:
            roster.enroll(ctx, group.id, person.id)
        session = group.sessions[0]
        ctx.close()
        workers = [p.id for p in people]
        offset = 0
        for _ in range(kills):
            # each run starts its check-ins later than the last run's, so "this mark or a later one" holds
            reported = _run_and_kill([sys.executable, str(WRITER), str(db_path), str(session.id),
                                      *map(str, workers), str(offset)], rng, warmup=5, window=0.3)
            reopened = Context.open(db_path)
            try:
                if reopened.db.integrity_check() != "ok":
                    bad_integrity += 1
                with reopened.db.read() as s:
                    stored = {w: s.get(Attendance, attendance_id(session.id, w)) for w in workers}
                    queued = {json.loads(op.payload).get("check_in") for op in s.exec(
                        select(Outbox).where(Outbox.entity == "attendance")).all()}
            finally:
                reopened.close()
            for i in reported:
                acknowledged += 1
                moment = BASE + dt.timedelta(seconds=offset + i)
                row = stored[workers[i % len(workers)]]
                if row is None or row.check_in is None or row.check_in < moment:
                    lost += 1
                else:
                    found += 1
                if moment.isoformat() not in queued:
                    not_queued += 1
            offset += (max(reported) + 1) if reported else 0
    counts = {"SIGKILLs": kills, "marks acknowledged": acknowledged, "found": found, "lost": lost,
              "not queued for the server": not_queued, "integrity_check failures": bad_integrity}
    return Drill(f"SIGKILL while marking attendance ({len(people)}-person group)", counts,
                 passed=lost == 0 and not_queued == 0 and bad_integrity == 0 and acknowledged > 0,
                 source="bench/drills/crash.py")


def _whole(ctx, issuer, checked: set | None = None) -> tuple[int, int, int]:  # noqa: ANN001
    """(constancias, half-written ones, folio gaps or repeats) in the database now.

    Rows whose ids are in ``checked`` were found whole before and are not reprinted again;
    the ids of the rows checked now are added to it.
    """
    checked = set() if checked is None else checked
    from sqlmodel import select

    from app.domain.folio import Folio
    from app.domain.signing import parse_qr_text
    from app.services import constancias
    from app.storage.tables import AuditLog, Constancia, Outbox

    with ctx.db.read() as s:
        rows = s.exec(select(Constancia).order_by(Constancia.counter)).all()
        ops = {op.entity_id for op in s.exec(select(Outbox).where(Outbox.entity == "constancia")).all()}
        audited = {a.entity_id for a in s.exec(select(AuditLog).where(AuditLog.action == "constancia.issue")).all()}
    half = 0
    for row in rows:
        if row.id in checked:
            continue
        checked.add(row.id)
        try:
            fields, signer, _ = parse_qr_text(row.qr_text)
            whole = (fields.folio == row.folio and signer == issuer.device_code
                     and fields == constancias.values.snapshot_of(row).fields
                     and constancias.reprint_constancia(ctx, row.id)[1] == row.pdf_sha256
                     and constancias.verify(ctx, row.qr_text).ok and row.id in ops and row.id in audited)
        except Exception:  # anything unreadable is half-written
            whole = False
        half += not whole
    counters = [Folio.parse(r.folio).counter for r in rows]
    gaps = 0 if counters == list(range(1, len(counters) + 1)) else 1
    return len(rows), half, gaps


def issuing(kills: int, people: int = 40) -> Drill:
    from service_helpers import DAY2, qualified_group

    from app.services import catalog, constancias
    from app.services.constancias import Issuer
    from app.services.context import Context
    from app.storage.keys import load_or_create_keys

    rng = random.Random(20261130)
    child_script = ROOT / "tests" / "unit" / "crash_issuer.py"
    reported_total = found_total = half_total = gap_total = incomplete = bad_integrity = 0
    morning = dt.datetime.combine(DAY2, dt.time(7, 30))
    now = dt.datetime.combine(DAY2, dt.time(14, 30))
    with tempfile.TemporaryDirectory() as tmp:
        os.environ["AULA_HOME"] = tmp
        template = Path(tmp) / "template.sqlite3"  # one finished group, copied for every kill
        ctx = Context.open(template, actor="drill", clock=lambda: morning, new_database=True)
        catalog.create_unit(ctx, "UMF07", "Unidad de Medicina Familiar No. 7")
        catalog.ensure_default_courses(ctx)
        group = qualified_group(ctx, people)
        ctx.close()
        for attempt in range(kills):
            run_dir = Path(tmp) / f"run-{attempt}"
            run_dir.mkdir()
            db_path, key_dir = run_dir / "aula.sqlite3", run_dir / "keys"
            shutil.copyfile(template, db_path)
            reported = _run_and_kill([sys.executable, str(child_script), str(db_path), str(group.id), str(key_dir),
                                      now.isoformat()], rng, warmup=2, window=0.3)
            ctx = Context.open(db_path, actor="drill", clock=lambda: now)
            try:
                if ctx.db.integrity_check() != "ok":
                    bad_integrity += 1
                ctx.issuer = Issuer(load_or_create_keys(key_dir), "https://verifica.example.mx")
                checked: set = set()
                found, half, gaps = _whole(ctx, ctx.issuer, checked)
                reported_total += max(reported, default=0)
                found_total += found
                half_total += half
                gap_total += gaps
                if found < max(reported, default=0):
                    incomplete += 1  # a constancia reported done is missing
                constancias.issue_constancias(ctx, group.id)  # the instructor issues again: the rest
                total, half_after, gaps_after = _whole(ctx, ctx.issuer, checked)
                half_total += half_after
                gap_total += gaps_after
                incomplete += total != people
            finally:
                ctx.close()
            shutil.rmtree(run_dir)
    counts = {"SIGKILLs": kills, "constancias reported done": reported_total, "found whole": found_total,
              "half-written": half_total, "folio gaps or repeats": gap_total,
              "reported but missing, or not completed by issuing again": incomplete,
              "integrity_check failures": bad_integrity}
    return Drill(f"SIGKILL while issuing constancias ({people}-person group)", counts,
                 passed=half_total == 0 and gap_total == 0 and incomplete == 0 and bad_integrity == 0,
                 source="bench/drills/crash.py")


if __name__ == "__main__":
    quick = "--quick" in sys.argv
    print(marks(3 if quick else 50))
    print(issuing(2 if quick else 50))
