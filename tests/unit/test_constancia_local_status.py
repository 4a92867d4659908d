"""What the verification dialog reads: a folio's status on this device, and the shape of an Aula QR."""

from __future__ import annotations

import pytest
from service_helpers import add_people, make_group

from app.domain.enums import AttendanceStatus, ConstanciaStatus
from app.services import attendance, constancias, groups, participation, roster
from app.storage.keys import load_or_create_keys


@pytest.fixture
def issued(ctx, clock, tmp_path):
    """The constancias of a group where everyone attended and took part."""
    group = make_group(ctx)
    for person in add_people(ctx):
        roster.enroll(ctx, group.id, person.id)
    for session in groups.get_group(ctx, group.id).sessions:
        for entry in roster.list_roster(ctx, group.id):
            attendance.record_attendance(ctx, session.id, entry.worker_id, AttendanceStatus.PRESENT)
        for activity in session.activities:
            participation.mark_everyone(ctx, activity.id)
    last = groups.get_group(ctx, group.id).sessions[-1]
    clock.set("23:00", last.date)  # the course is over: nothing is pending
    keys = load_or_create_keys(tmp_path / "keys")
    return keys, constancias.issue_constancias(ctx, group.id, keys=keys).issued


def test_a_folio_this_device_does_not_hold_has_no_local_status(ctx):
    assert constancias.local_status(ctx, "ABCDEFGH-2026-000001") is None


def test_an_issued_constancia_is_vigente(ctx, issued):
    _keys, infos = issued
    status = constancias.local_status(ctx, infos[0].folio)
    assert (status.status, status.replaced_by, status.revoked_reason) == (ConstanciaStatus.VALID, None, "")


def test_a_corrected_constancia_names_its_replacement(ctx, issued):
    keys, infos = issued
    newer = constancias.correct_constancia(ctx, infos[0].id, "Nombre mal escrito", keys=keys)
    status = constancias.local_status(ctx, infos[0].folio)
    assert (status.status, status.replaced_by) == (ConstanciaStatus.SUPERSEDED, newer.folio)


def test_a_revoked_constancia_keeps_its_reason(ctx, issued):
    _keys, infos = issued
    constancias.revoke_constancia(ctx, infos[1].id, "Emitida por error")
    status = constancias.local_status(ctx, infos[1].folio)
    assert (status.status, status.revoked_reason) == (ConstanciaStatus.REVOKED, "Emitida por error")


@pytest.mark.parametrize(("text", "shaped"), [
    ("https://aula.example/v/1234567890", True),
    ("  98765432109876543210 ", True),
    ("https://example.org/menu", False),
    ("9715000A", False),
    ("", False),
    ("١٢٣", False),  # digits, but not ASCII ones
])
def test_an_aula_qr_is_recognised_by_its_shape(text, shaped):
    assert constancias.looks_like_constancia_qr(text) is shaped


def test_an_offline_aula_qr_has_the_shape_of_a_constancia_even_when_cut():
    assert constancias.looks_like_constancia_qr("AULA:12345")
    assert constancias.looks_like_constancia_qr("aula:")
    assert not constancias.looks_like_constancia_qr("AULAS DEL EDIFICIO B")
