"""External participants: people of another institution, identified by their CURP, without matrícula.

The first case is the federal protection service's security officers who take
the identity course (SER-ID): their roster comes with CURP, names, institution
and their own credential number. They are scanned like anyone else, qualify by
the same rule, and their constancia (and DC-3) names their institution; they
never count in a unit's staff list.
"""

from __future__ import annotations

import datetime as dt
import json

import pytest
from fixtures_import import make_curp, write_csv, write_xlsx
from pdf_tools import pdf_text
from sqlmodel import select

from app.domain.enums import EnrollmentStatus
from app.domain.ids import attendance_id, external_worker_id
from app.services import attendance, catalog, constancias, groups, participation, results, roster, staff
from app.services.attendance import ScanOutcome
from app.services.errors import InvalidInput, UnknownMatricula
from app.storage.keys import load_or_create_keys
from app.storage.tables import Attendance, Constancia, Outbox, Worker

SPF = "Servicio de Protección Federal"
CURP_RAUL = make_curp("MORR", dt.date(1988, 5, 9), "H", "PL", "RXL")
CURP_SOFIA = make_curp("LUCS", dt.date(1993, 1, 21), "M", "DF", "NCF")
HEADER = ["CURP", "Nombre(s)", "Apellido paterno", "Apellido materno", "Institución", "Número de credencial"]
OFFICERS = [
    [CURP_RAUL, "Raúl", "Morales", "Ramírez", SPF, "SPF-004512"],
    [CURP_SOFIA, "Sofía", "Luna", "Cruz", SPF, "SPF-007731"],
]
DAY = dt.date(2026, 11, 24)


@pytest.fixture
def identity_group(ctx):
    """A group of the identity course (SER-ID, one session 09:00–15:00) today, nobody enrolled."""
    course = next(c for c in catalog.list_courses(ctx) if c.code == "SER-ID")
    unit = catalog.get_unit(ctx, "UMF07")
    plans = [groups.SessionPlan(DAY, t.start, t.end) for t in course.sessions]
    return groups.create_group(ctx, course_id=course.id, unit_id=unit.id, sessions=plans,
                               room="Caseta principal", instructors="Mariana Torres")


@pytest.fixture
def officers(ctx, identity_group, tmp_path):
    """The officers' roster (no matrícula column) imported into the identity group."""
    report = roster.import_roster(ctx, write_csv(tmp_path / "oficiales.csv", [HEADER, *OFFICERS]),
                                  identity_group.id)
    assert report.problems == []
    return report


def test_roster_with_curp_names_and_institution_but_no_matricula_imports_them(ctx, identity_group, officers):
    assert (officers.created, officers.enrolled, officers.already_enrolled) == (2, 2, 0)
    entries = roster.list_roster(ctx, identity_group.id)
    assert [(e.name, e.matricula, e.curp, e.institution, e.credential_number) for e in entries] == [
        ("Sofía Luna Cruz", None, CURP_SOFIA, SPF, "SPF-007731"),
        ("Raúl Morales Ramírez", None, CURP_RAUL, SPF, "SPF-004512"),
    ]
    assert all(e.status is EnrollmentStatus.ENROLLED for e in entries)
    with ctx.db.read() as s:
        raul = s.get(Worker, external_worker_id(CURP_RAUL))
        assert (raul.matricula, raul.unit_id, raul.in_staff_list) == (None, None, False)
        assert s.exec(select(Outbox).where(Outbox.entity_id == raul.id)).first() is not None


def test_external_participants_never_count_in_the_staff_list(ctx, officers):
    unit = catalog.get_unit(ctx, "UMF07")
    staff.add_worker(ctx, matricula="97150001", given_names="Juan", paternal_surname="Pérez",
                     unit_id=unit.id, in_staff_list=True)
    assert staff.count_workers(ctx) == 1
    assert [w.matricula for w in staff.search_workers(ctx, "")] == ["97150001"]
    assert staff.search_workers(ctx, "Morales") == []
    found = staff.search_workers(ctx, "Morales", include_external=True)
    assert [(w.full_name, w.is_external, w.external_institution) for w in found] == [
        ("Raúl Morales Ramírez", True, SPF)]


def test_reimporting_the_officers_roster_changes_nothing_and_says_they_are_enrolled(
        ctx, identity_group, officers, tmp_path):
    again = roster.import_roster(ctx, write_xlsx(tmp_path / "oficiales.xlsx", [HEADER, *OFFICERS]),
                                 identity_group.id)
    assert (again.created, again.updated, again.unchanged) == (0, 0, 2)
    assert (again.enrolled, again.already_enrolled) == (0, 2)
    assert again.summary() == "oficiales.xlsx: 0 nuevos, 0 actualizados, 2 sin cambios, 0 inscritos en el grupo, " \
                              "2 ya inscritos."


def test_a_new_external_without_institution_is_reported_not_imported(ctx, identity_group, tmp_path):
    rows = [["CURP", "Nombre(s)", "Apellido paterno"], [CURP_RAUL, "Raúl", "Morales"]]
    report = roster.import_roster(ctx, write_csv(tmp_path / "sin_institucion.csv", rows), identity_group.id)
    assert [str(p) for p in report.problems] == [
        "Fila 2, Institución: falta la institución del participante externo (sin matrícula)"]
    assert roster.list_roster(ctx, identity_group.id) == []


def test_mixed_roster_enrolls_staff_by_matricula_and_externals_by_curp(ctx, identity_group, tmp_path):
    rows = [["Matrícula", "CURP", "Nombre(s)", "Apellido paterno", "Institución"],
            ["97150001", "", "Juan", "Pérez", ""],
            ["", CURP_SOFIA, "Sofía", "Luna", SPF],
            ["", "", "Nadie", "Sin Identificar", SPF]]
    report = roster.import_roster(ctx, write_csv(tmp_path / "mixta.csv", rows), identity_group.id)
    assert [(e.matricula, e.institution) for e in roster.list_roster(ctx, identity_group.id)] == [
        (None, SPF), ("97150001", "")]
    assert [str(p) for p in report.problems] == [
        "Fila 4, Matrícula: falta la matrícula (o, para un participante externo, la CURP)"]


def test_a_staff_list_never_takes_rows_without_matricula_as_externals(ctx, tmp_path):
    rows = [["Matrícula", "CURP", "Nombre(s)", "Apellido paterno", "Institución"],
            ["", CURP_SOFIA, "Sofía", "Luna", SPF]]
    report = staff.import_staff(ctx, write_csv(tmp_path / "plantilla.csv", rows), "UMF07")
    assert [(p.row_number, p.field, p.reason) for p in report.problems] == [(2, "Matrícula", "falta la matrícula")]
    assert report.created == 0


@pytest.mark.parametrize("typed", [CURP_RAUL, CURP_RAUL.lower(), "SPF-004512", "spf004512", " SPF 004512 "])
def test_an_external_is_scanned_by_curp_or_by_credential_number(ctx, identity_group, officers, clock, typed):
    session = identity_group.sessions[0]
    clock.set("08:55")
    result = attendance.scan(ctx, session.id, typed)
    assert (result.outcome, result.name) == (ScanOutcome.CHECK_IN, "Raúl Morales Ramírez")
    with ctx.db.read() as s:
        mark = s.get(Attendance, attendance_id(session.id, external_worker_id(CURP_RAUL)))
        assert mark.check_in == dt.datetime(2026, 11, 24, 8, 55)


def test_a_credential_number_two_participants_share_names_nobody(ctx, identity_group, tmp_path):
    rows = [HEADER, [CURP_RAUL, "Raúl", "Morales", "", SPF, "77"], [CURP_SOFIA, "Sofía", "Luna", "", "Otra", "77"]]
    roster.import_roster(ctx, write_csv(tmp_path / "oficiales.csv", rows), identity_group.id)
    with pytest.raises(UnknownMatricula):
        attendance.scan(ctx, identity_group.sessions[0].id, "77")


def test_a_scanned_external_qualifies_and_their_constancia_shows_their_institution(
        ctx, identity_group, officers, clock, tmp_path):
    session = groups.get_group(ctx, identity_group.id).sessions[0]
    for hhmm, badge in (("08:58", CURP_RAUL), ("09:01", "SPF-007731"), ("15:00", "SPF-004512"),
                        ("15:02", CURP_SOFIA)):
        clock.set(hhmm)
        attendance.scan(ctx, session.id, badge)
    for activity in session.activities:
        participation.mark_everyone(ctx, activity.id)

    outcome = results.evaluate_group(ctx, identity_group.id)
    assert [(p.name, p.qualifies, p.matricula, p.institution) for p in outcome.participants] == [
        ("Sofía Luna Cruz", True, None, SPF), ("Raúl Morales Ramírez", True, None, SPF)]

    report = constancias.issue_constancias(ctx, identity_group.id, keys=load_or_create_keys(tmp_path / "keys"))

    assert sorted(c.worker_name for c in report.issued) == ["Raúl Morales Ramírez", "Sofía Luna Cruz"]
    raul = next(c for c in report.issued if c.worker_name == "Raúl Morales Ramírez")
    with ctx.db.read() as s:
        snapshot = json.loads(s.get(Constancia, raul.id).snapshot)
    assert (snapshot["participant_institution"], snapshot["worker_matricula"]) == (SPF, None)
    pdf = tmp_path / "raul.pdf"
    pdf.write_bytes(constancias.reprint_constancia(ctx, raul.id)[0])
    text = pdf_text(pdf)
    assert "Raúl Morales Ramírez" in text and SPF in text


def test_the_dc3_of_an_external_names_their_institution_as_employer(ctx, identity_group, officers, clock,
                                                                    tmp_path):
    session = groups.get_group(ctx, identity_group.id).sessions[0]
    for hhmm in ("08:58", "15:00"):
        clock.set(hhmm)
        attendance.scan(ctx, session.id, CURP_RAUL)
    for activity in session.activities:
        participation.mark_everyone(ctx, activity.id)
    constancias.issue_constancias(ctx, identity_group.id, keys=load_or_create_keys(tmp_path / "keys"))
    employer = constancias.Dc3Employer("Instituto de Salud", "ISA010101AB1", "Dra. Elena Ríos")

    pdf = tmp_path / "dc3.pdf"
    assert constancias.print_dc3(ctx, identity_group.id, pdf, employer) == 1

    text = pdf_text(pdf)
    assert SPF in text and "Dra. Elena Ríos" not in text
    assert "Instituto de Salud (instructor interno)" in text


def test_walk_in_external_is_added_with_a_valid_curp_and_found_again_by_it(ctx):
    added = staff.add_external_participant(ctx, curp=CURP_RAUL.lower(), given_names="Raúl",
                                           paternal_surname="Morales", institution=SPF,
                                           credential_number="spf-004512")
    assert (added.id, added.matricula, added.curp, added.credential_number) == (
        external_worker_id(CURP_RAUL), None, CURP_RAUL, "SPF-004512")
    again = staff.add_external_participant(ctx, curp=CURP_RAUL, given_names="Raúl",
                                           paternal_surname="Morales", maternal_surname="Ramírez",
                                           institution=SPF)
    assert (again.id, again.full_name, again.credential_number) == (added.id, "Raúl Morales Ramírez",
                                                                    "SPF-004512")


@pytest.mark.parametrize(("curp", "institution", "message"), [
    ("MORR880509HPLRXL0", SPF, "CURP: debe tener 18 caracteres (tiene 17)."),
    (CURP_RAUL, "  ", "Escriba la institución del participante externo."),
])
def test_walk_in_external_needs_a_valid_curp_and_an_institution(ctx, curp, institution, message):
    with pytest.raises(InvalidInput) as caught:
        staff.add_external_participant(ctx, curp=curp, given_names="Raúl", paternal_surname="Morales",
                                       institution=institution)
    assert str(caught.value) == message
    with ctx.db.read() as s:
        assert s.exec(select(Worker)).all() == []
