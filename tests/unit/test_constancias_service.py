"""Issuing constancias: only to who qualifies, frozen, signed, one folio each."""

from __future__ import annotations

import dataclasses
import json
import multiprocessing
from pathlib import Path

import pytest
from pdf_tools import pdf_text
from service_helpers import DAY1, DAY2, add_people, make_group
from sqlmodel import select

from app.documents.constancia import TEMPLATE_VERSION
from app.domain.enums import AttendanceStatus, ConstanciaStatus
from app.domain.folio import Folio
from app.domain.signing import CertifiedFields, generate_keypair, key_id, sign_fields
from app.services import attendance, catalog, constancias, groups, participation, roster, staff
from app.services.constancias import ConstanciaNotIssuable
from app.services.context import Context
from app.services.errors import InvalidInput, ServiceError
from app.storage.keys import load_or_create_keys
from app.storage.tables import AuditLog, Constancia, Device, FolioCounter, Outbox


def _complete(ctx, group, absent_in_session_2=()):
    """Everyone attends and takes part; ``absent_in_session_2`` miss session 2."""
    detail = groups.get_group(ctx, group.id)
    enrolled = [e.worker_id for e in roster.list_roster(ctx, group.id, include_withdrawn=False)]
    for session in detail.sessions:
        for worker_id in enrolled:
            status = (AttendanceStatus.ABSENT
                      if session.index == 2 and worker_id in absent_in_session_2
                      else AttendanceStatus.PRESENT)
            attendance.record_attendance(ctx, session.id, worker_id, status)
        for activity in session.activities:
            participation.mark_everyone(ctx, activity.id)


@pytest.fixture
def finished(ctx, clock):
    """A group of three where the third person missed session 2, after the course."""
    group = make_group(ctx)
    people = add_people(ctx)
    for person in people:
        roster.enroll(ctx, group.id, person.id)
    _complete(ctx, group, absent_in_session_2={people[2].id})
    clock.set("14:30", DAY2)  # the course is over
    return group, people


def _issued_to(report, worker_id):
    return next(c for c in report.issued if c.worker_id == worker_id)


@pytest.fixture
def keys(tmp_path):
    return load_or_create_keys(tmp_path / "keys")


def test_issues_only_to_participants_who_qualify(ctx, finished, keys):
    group, people = finished
    report = constancias.issue_constancias(ctx, group.id, keys=keys)
    assert {c.worker_id for c in report.issued} == {people[0].id, people[1].id}
    assert [n.worker_id for n in report.not_qualified] == [people[2].id]
    assert "Sesión 2: inasistencia" in report.not_qualified[0].reasons


def test_folios_are_device_year_counter_in_order(ctx, finished, keys):
    group, _ = finished
    report = constancias.issue_constancias(ctx, group.id, keys=keys)
    folios = [Folio.parse(c.folio) for c in report.issued]
    assert [(f.device_code, f.year, f.counter) for f in folios] == [
        (keys.device_code, DAY1.year, 1), (keys.device_code, DAY1.year, 2)]
    with ctx.db.read() as s:
        assert s.get(FolioCounter, (keys.device_code, DAY1.year)).last == 2


def test_issuing_again_issues_nothing_new(ctx, finished, keys):
    group, _ = finished
    first = constancias.issue_constancias(ctx, group.id, keys=keys)
    second = constancias.issue_constancias(ctx, group.id, keys=keys)
    assert second.issued == ()
    assert {c.folio for c in second.already_issued} == {c.folio for c in first.issued}


def test_issued_row_freezes_snapshot_template_sha_and_signature(ctx, finished, keys):
    group, people = finished
    issued = _issued_to(constancias.issue_constancias(ctx, group.id, keys=keys), people[0].id)
    with ctx.db.read() as s:
        row = s.get(Constancia, issued.id)
    snapshot = json.loads(row.snapshot)
    fields = CertifiedFields.from_dict(snapshot["fields"])
    assert fields.worker_name == "José Luis Núñez Peña"
    assert fields.course_name == "Curso Básico de Buen Trato" and fields.hours == 12
    assert row.template_version == TEMPLATE_VERSION
    assert len(row.pdf_sha256) == 64
    assert row.key_id == keys.device_code
    assert constancias.verify(ctx, row.qr_text).verification.status == "valid"


def test_every_issue_writes_its_outbox_op_and_audit_entry(ctx, finished, keys):
    group, _ = finished
    report = constancias.issue_constancias(ctx, group.id, keys=keys)
    with ctx.db.read() as s:
        ops = s.exec(select(Outbox).where(Outbox.entity == "constancia")).all()
        audits = s.exec(select(AuditLog).where(AuditLog.action == "constancia.issue")).all()
    assert {op.entity_id for op in ops} == {c.id for c in report.issued}
    assert {json.loads(op.payload)["folio"] for op in ops} == {c.folio for c in report.issued}
    assert {a.entity_id for a in audits} == {c.id for c in report.issued}


def test_reprint_after_the_name_was_edited_shows_the_old_name(ctx, finished, keys, tmp_path):
    group, people = finished
    issued = _issued_to(constancias.issue_constancias(ctx, group.id, keys=keys), people[0].id)
    staff.update_worker_name(ctx, people[0].id, given_names="Joseph", paternal_surname="Nunez")
    data, sha256 = constancias.reprint_constancia(ctx, issued.id)
    pdf = tmp_path / "reimpresion.pdf"
    pdf.write_bytes(data)
    text = pdf_text(pdf)
    assert "José Luis Núñez Peña" in text and "Joseph" not in text
    assert sha256 == issued.pdf_sha256


def test_printing_the_group_puts_every_valid_constancia_in_one_pdf(ctx, finished, keys, tmp_path):
    group, _ = finished
    constancias.issue_constancias(ctx, group.id, keys=keys)
    out = tmp_path / "grupo.pdf"
    assert constancias.print_constancias(ctx, group.id, out) == 2
    text = pdf_text(out)
    assert "José Luis Núñez Peña" in text and "María Guadalupe Ávila Zúñiga" in text


def test_correction_supersedes_with_a_new_folio_and_current_name(ctx, finished, keys):
    group, people = finished
    old = _issued_to(constancias.issue_constancias(ctx, group.id, keys=keys), people[0].id)
    staff.update_worker_name(ctx, people[0].id, given_names="José Luis", paternal_surname="Núñez",
                             maternal_surname="Peña Soto")
    new = constancias.correct_constancia(ctx, old.id, "Apellido materno incompleto", keys=keys)
    assert new.folio != old.folio and new.supersedes_id == old.id
    assert new.worker_name == "José Luis Núñez Peña Soto"
    listed = {c.id: c for c in constancias.list_constancias(ctx, group.id, include_inactive=True)}
    assert listed[old.id].status is ConstanciaStatus.SUPERSEDED
    assert listed[old.id].superseded_by_id == new.id
    check = constancias.verify(ctx, old.qr_text)
    assert check.local_status is ConstanciaStatus.SUPERSEDED and new.folio in check.message


def test_revocation_keeps_the_record_with_its_reason(ctx, finished, keys):
    group, _ = finished
    issued = constancias.issue_constancias(ctx, group.id, keys=keys).issued[0]
    constancias.revoke_constancia(ctx, issued.id, "Emitida por error")
    listed = {c.id: c for c in constancias.list_constancias(ctx, group.id, include_inactive=True)}
    assert listed[issued.id].status is ConstanciaStatus.REVOKED
    assert listed[issued.id].revoked_reason == "Emitida por error"
    check = constancias.verify(ctx, issued.qr_text)
    assert not check.ok and "revocada" in check.message
    with pytest.raises(ConstanciaNotIssuable):
        constancias.reprint_constancia(ctx, issued.id)


def test_revocation_and_correction_need_a_reason(ctx, finished, keys):
    group, _ = finished
    issued = constancias.issue_constancias(ctx, group.id, keys=keys).issued[0]
    with pytest.raises(InvalidInput):
        constancias.revoke_constancia(ctx, issued.id, "  ")
    with pytest.raises(InvalidInput):
        constancias.correct_constancia(ctx, issued.id, "", keys=keys)


def test_a_revoked_participant_who_qualifies_gets_a_new_constancia(ctx, finished, keys):
    group, _ = finished
    issued = constancias.issue_constancias(ctx, group.id, keys=keys).issued[0]
    constancias.revoke_constancia(ctx, issued.id, "Datos equivocados")
    again = constancias.issue_constancias(ctx, group.id, keys=keys)
    assert [c.worker_id for c in again.issued] == [issued.worker_id]


def test_verify_reports_a_qr_of_an_unknown_device(ctx):
    private, public = generate_keypair()
    fields = CertifiedFields(f"{key_id(public)}-2026-000001", "Ana Bravo", "", "Curso", 6,
                             (DAY1,), "UMF 7", "Mariana Torres")
    check = constancias.verify(ctx, sign_fields(fields, private))
    assert check.verification.status == "unknown_key" and not check.ok


def _issue_in_another_process(db_path: str, group_id: str, barrier) -> list[str]:
    import uuid

    context = Context.open(Path(db_path), actor="proceso")
    try:
        barrier.wait(timeout=60)
        report = constancias.issue_constancias(context, uuid.UUID(group_id))
        return [c.folio for c in report.issued]
    finally:
        context.close()


def _worker(db_path, group_id, barrier, queue) -> None:
    queue.put(_issue_in_another_process(db_path, group_id, barrier))


@pytest.mark.slow
def test_two_processes_issuing_at_once_never_share_a_folio(ctx, tmp_path):
    unit = catalog.get_unit(ctx, "UMF07")
    group_ids = []
    for g in range(2):
        group = make_group(ctx)
        for i in range(8):
            worker = staff.add_worker(ctx, matricula=f"2{g}00000{i}", given_names=f"Persona {i}",
                                      paternal_surname="Gómez", maternal_surname="Núñez",
                                      unit_id=unit.id, in_staff_list=True)
            roster.enroll(ctx, group.id, worker.id)
        _complete(ctx, group)
        group_ids.append(str(group.id))
    constancias.device_keys()  # both processes share this data directory's key pair

    spawn = multiprocessing.get_context("spawn")
    barrier, queue = spawn.Barrier(2), spawn.Queue()
    processes = [spawn.Process(target=_worker, args=(str(ctx.db.path), gid, barrier, queue))
                 for gid in group_ids]
    for process in processes:
        process.start()
    folios = [folio for _ in processes for folio in queue.get(timeout=120)]
    for process in processes:
        process.join(timeout=60)
    assert len(folios) == 16
    assert len(set(folios)) == 16
    assert sorted(Folio.parse(f).counter for f in folios) == list(range(1, 17))


def test_dc3_of_the_group_names_each_holder_surnames_first(ctx, finished, keys, tmp_path):
    group, people = finished
    constancias.issue_constancias(ctx, group.id, keys=keys)
    out = tmp_path / "dc3.pdf"
    employer = constancias.Dc3Employer("Instituto de Salud de Ejemplo", "ISE430119AB1")
    assert constancias.print_dc3(ctx, group.id, out, employer) == 2
    text = " ".join(pdf_text(out).split())
    assert "Núñez Peña José Luis" in text and "Curso Básico de Buen Trato" in text


def test_group_print_keeps_each_constancia_s_frozen_director(ctx, finished, keys, tmp_path):
    group, people = finished
    detail = groups.get_group(ctx, group.id)
    before = dataclasses.replace(constancias.default_branding(ctx, detail), director_name="Dra. Inés Ávila")
    after = dataclasses.replace(before, director_name="Dr. Tomás Peña")
    constancias.issue_constancias(ctx, group.id, keys=keys, branding=before)
    staff.update_worker_name(ctx, people[0].id, given_names="José Luis", paternal_surname="Núñez",
                             maternal_surname="Peña Soto")
    first = next(c for c in constancias.list_constancias(ctx, group.id) if c.worker_id == people[0].id)
    constancias.correct_constancia(ctx, first.id, "Apellido materno", keys=keys, branding=after)
    out = tmp_path / "grupo.pdf"
    assert constancias.print_constancias(ctx, group.id, out, branding=after) == 2
    pages = [pdf_text(out, page) for page in (1, 2)]
    by_name = {("Peña Soto" in text): text for text in pages}
    assert "Dr. Tomás Peña" in by_name[True] and "Dra. Inés Ávila" in by_name[False]


def test_texts_too_long_for_the_qr_are_reported_without_taking_a_folio(ctx, finished, keys):
    group, people = finished
    staff.update_worker_name(ctx, people[0].id, given_names="Xóchitl Citlali " * 14,
                             paternal_surname="Tlacuilo", maternal_surname="Cuauhtémoc")
    report = constancias.issue_constancias(ctx, group.id, keys=keys)
    assert [n.worker_id for n in report.not_issuable] == [people[0].id]
    assert "demasiado texto" in report.not_issuable[0].reasons
    assert [Folio.parse(c.folio).counter for c in report.issued] == [1]


def test_local_device_row_matches_the_key_file_and_refuses_another_key(ctx, keys, tmp_path):
    assert constancias.register_local_device(ctx, keys) == keys
    with ctx.db.read() as s:
        assert s.get(Device, 1).device_code == keys.device_code
    with pytest.raises(ServiceError, match="no corresponde"):
        constancias.register_local_device(ctx, load_or_create_keys(tmp_path / "other"))


def test_a_cancelled_batch_keeps_whole_constancias_and_can_be_resumed(ctx, finished, keys):
    group, _ = finished
    calls = []

    def stop_after_one(done: int, total: int) -> bool:
        calls.append((done, total))
        return done < 1

    first = constancias.issue_constancias(ctx, group.id, keys=keys, progress=stop_after_one)
    assert first.cancelled and len(first.issued) == 1
    assert calls == [(0, 2), (1, 2)]
    rest = constancias.issue_constancias(ctx, group.id, keys=keys)
    assert not rest.cancelled and len(rest.already_issued) == 1 and len(rest.issued) == 1
    assert first.issued[0].folio != rest.issued[0].folio
