"""Demo data: a believable unit, its plantilla, the base course and two groups.

Everything is generated from a fixed seed, so two demo databases made on the
same day are the same. Names, matrículas and CURPs look real (CURPs are
built by the official rules and carry a valid check digit) but belong to
nobody.
"""

from __future__ import annotations

import datetime as dt
import random
from dataclasses import dataclass
from pathlib import Path

from app.domain.enums import AttendanceStatus
from app.domain.identifiers import curp_check_digit, validate_curp
from app.importing import StaffRecord
from app.services import attendance, catalog, groups, participation, roster, staff
from app.services.context import Context
from app.services.errors import InvalidInput

GIVEN_F = ["María Guadalupe", "Ana Laura", "Verónica", "Adriana", "Claudia", "Patricia", "Rocío", "Leticia",
           "Mónica", "Gabriela", "Alejandra", "Sofía", "Itzel", "Ximena", "Brenda", "Érika", "Norma Angélica",
           "Yolanda", "Araceli", "Beatriz", "Fernanda", "Lucía", "Rosa María", "Diana", "Karla Ivonne",
           "Marisol", "Noemí", "Teresa", "Elena", "Jazmín"]
GIVEN_M = ["José Luis", "Juan Carlos", "Jesús", "Miguel Ángel", "Francisco Javier", "Alejandro", "Óscar",
           "Ricardo", "Raúl", "Sergio", "Héctor", "Martín", "Arturo", "Fernando", "Eduardo", "Jorge",
           "Luis Enrique", "Víctor Hugo", "Rubén", "Iván", "Andrés", "Joaquín", "Ramón", "Efraín", "Tomás",
           "Germán", "Adrián", "César", "Emiliano", "Rodrigo"]
SURNAMES = ["Hernández", "García", "Martínez", "López", "González", "Pérez", "Rodríguez", "Sánchez",
            "Ramírez", "Cruz", "Flores", "Gómez", "Morales", "Vázquez", "Jiménez", "Reyes", "Díaz", "Torres",
            "Gutiérrez", "Ruiz", "Mendoza", "Aguilar", "Ortiz", "Moreno", "Castillo", "Romero", "Álvarez",
            "Méndez", "Chávez", "Rivera", "Juárez", "Ramos", "Domínguez", "Herrera", "Medina", "Castro",
            "Vargas", "Guzmán", "Velázquez", "Muñoz", "Rojas", "Contreras", "Salazar", "Núñez", "Peña",
            "Ibarra", "Cervantes", "Ávila", "Solís", "Zúñiga", "Olvera", "Bautista", "Ochoa", "Cortés"]
CATEGORIES = [("Enfermera General", "Enfermería", 40), ("Auxiliar de Enfermería General", "Enfermería", 30),
              ("Médico Familiar", "Consulta Externa", 35), ("Asistente Médica", "Consulta Externa", 30),
              ("Trabajadora Social", "Trabajo Social", 8), ("Químico Laboratorista", "Laboratorio Clínico", 10),
              ("Auxiliar de Laboratorio", "Laboratorio Clínico", 8), ("Técnico Radiólogo", "Rayos X", 8),
              ("Auxiliar de Farmacia", "Farmacia", 10), ("Estomatólogo", "Estomatología", 6),
              ("Nutricionista Dietista", "Nutrición", 5), ("Auxiliar Universal de Oficinas", "Archivo Clínico", 25),
              ("Enfermera Especialista en Medicina de Familia", "Medicina Preventiva", 10),
              ("Oficial de Servicios", "Servicios Básicos", 30), ("Camillero", "Urgencias", 10),
              ("Médico No Familiar Urgenciólogo", "Urgencias", 12), ("Coordinador de Asistentes Médicas",
                                                                   "Consulta Externa", 3),
              ("Auxiliar de Mantenimiento", "Conservación", 10), ("Vigilante", "Seguridad", 10)]
SHIFTS = ["matutino"] * 5 + ["vespertino"] * 4 + ["nocturno"] * 2 + ["jornada acumulada"]
STATES = ["DF", "MC", "JC", "NL", "PL", "VZ", "GT", "MN", "OC", "HG", "QT", "MS"]
VOWELS = "AEIOU"

UNIT_CODE = "UMF07"
UNIT_NAME = "Unidad de Medicina Familiar No. 7"
INSTRUCTOR = "Lic. Mariana Torres Villaseñor"
UNIT_DETAILS = {
    "director_name": "Dra. Rosa Elena Martínez Ortiz",
    # A fictitious employer: the RFC is well formed (valid check digit) and belongs to nobody.
    "employer_name": "Instituto de Salud de Ejemplo",
    "employer_rfc": "ISE430119AB5",
    "employer_representative": "Lic. Jorge Alberto Salinas Cruz",
    "workers_representative": "C. Pedro Ramírez Soto",
    "training_agent": "Instituto de Salud de Ejemplo (instructor interno)",
}
MIN_STAFF = 80  # 40 in the finished group and 32 in the upcoming one, from different workers


def _plain(text: str) -> str:
    import unicodedata
    text = unicodedata.normalize("NFKD", text.upper())
    return "".join(c for c in text if not unicodedata.combining(c)).replace("Ñ", "X")


def _first_inner(word: str, wanted: str) -> str:
    for char in word[1:]:
        if char in wanted:
            return char
    return "X"


def make_curp(rng: random.Random, given: str, paternal: str, maternal: str, birth: dt.date, sex: str) -> str:
    """A CURP built by the official rules for these names and data, with its check digit."""
    given_word = _plain(given).split()
    # Compound names that start with María or José use the second name (RENAPO rule).
    first_given = given_word[1] if len(given_word) > 1 and given_word[0] in ("MARIA", "JOSE") else given_word[0]
    pat, mat = _plain(paternal).replace(" ", ""), _plain(maternal).replace(" ", "")
    consonants = "BCDFGHJKLMNPQRSTVWXYZ"
    head = pat[0] + _first_inner(pat, VOWELS) + (mat[0] if mat else "X") + first_given[0]
    homoclave = rng.choice("0123456789") if birth.year < 2000 else rng.choice("ABCDEFGHIJ")
    body = (head + birth.strftime("%y%m%d") + sex + rng.choice(STATES) + _first_inner(pat, consonants)
            + (_first_inner(mat, consonants) if mat else "X") + _first_inner(first_given, consonants) + homoclave)
    return body + curp_check_digit(body)


def make_staff(rng: random.Random, count: int, first_matricula: int = 97150000) -> list[StaffRecord]:
    """``count`` believable workers with unique matrículas and valid, unique CURPs."""
    weighted = [c for c in CATEGORIES for _ in range(c[2])]
    records, curps, matriculas = [], set(), set()
    while len(records) < count:
        female = rng.random() < 0.62
        given = rng.choice(GIVEN_F if female else GIVEN_M)
        paternal, maternal = rng.choice(SURNAMES), rng.choice(SURNAMES)
        birth = dt.date(1965, 1, 1) + dt.timedelta(days=rng.randrange(0, 365 * 38))
        curp = make_curp(rng, given, paternal, maternal, birth, "M" if female else "H")
        try:
            validate_curp(curp)
        except ValueError:
            continue  # the rare generated one that stdnum refuses (e.g. a reserved word)
        matricula = str(first_matricula + rng.randrange(0, 2_000_000))
        if curp in curps or matricula in matriculas:
            continue
        curps.add(curp)
        matriculas.add(matricula)
        category, department, _ = rng.choice(weighted)
        records.append(StaffRecord(row_number=len(records) + 2, matricula=matricula, given_names=given,
                                   paternal_surname=paternal, maternal_surname=maternal, curp=curp,
                                   category=category, department=department, shift=rng.choice(SHIFTS)))
    return records


def _weekdays_from(day: dt.date, count: int) -> list[dt.date]:
    days = []
    while len(days) < count:
        if day.weekday() < 5:
            days.append(day)
        day += dt.timedelta(days=1)
    return days


@dataclass(frozen=True)
class DemoSummary:
    unit_code: str
    workers: int
    finished_group: str
    upcoming_group: str
    qualified: int
    not_qualified: int


def create_demo(ctx: Context, *, staff_count: int = 300, seed: int = 2026) -> DemoSummary:
    """Fill an empty database with the demo unit, plantilla, courses and groups."""
    if staff_count < MIN_STAFF:
        raise InvalidInput(f"La demostración necesita al menos {MIN_STAFF} trabajadores en la plantilla.")
    rng = random.Random(seed)
    today = ctx.clock().date()
    catalog.create_unit(ctx, UNIT_CODE, UNIT_NAME)
    unit = catalog.update_unit(ctx, UNIT_CODE, **UNIT_DETAILS)
    catalog.ensure_default_courses(ctx)
    course = next(c for c in catalog.list_courses(ctx) if c.code == "SER-BT")

    records = make_staff(rng, staff_count)
    report = staff.ImportReport(path=Path("demo"))
    with ctx.db.write() as s:
        staff.upsert_records(ctx, s, records, unit_id=unit.id, in_staff_list=True, report=report,
                             action="demo.staff")

    # The finished group: two weekdays that ended before today.
    finished_days = _weekdays_from(today - dt.timedelta(days=12), 2)
    plans = [groups.SessionPlan(d, t.start, t.end) for d, t in zip(finished_days, course.sessions)]
    finished = groups.create_group(ctx, course_id=course.id, unit_id=unit.id, sessions=plans,
                                   room="Aula de Enseñanza, planta alta", instructors=INSTRUCTOR, capacity=40)
    participants = rng.sample(report.worker_ids, 40)
    for worker_id in participants:
        roster.enroll(ctx, finished.id, worker_id)
    entries = roster.list_roster(ctx, finished.id)
    missed_session_2, late_45, missed_activity, excused = (entries[i].worker_id for i in (4, 13, 22, 31))

    for session in finished.sessions:
        start, end = session.schedule.starts_at, session.schedule.ends_at
        for entry in entries:
            worker_id = entry.worker_id
            if session.index == 2 and worker_id == missed_session_2:
                attendance.record_attendance(ctx, session.id, worker_id, AttendanceStatus.ABSENT)
                continue
            if session.index == 2 and worker_id == excused:
                attendance.record_attendance(ctx, session.id, worker_id, AttendanceStatus.EXCUSED)
                continue
            check_in = start + dt.timedelta(minutes=rng.randint(-15, 4), seconds=rng.randint(0, 59))
            check_out = end + dt.timedelta(minutes=rng.randint(-2, 12))
            status = AttendanceStatus.PRESENT
            if session.index == 1 and worker_id == late_45:
                check_in, status = start + dt.timedelta(minutes=45), AttendanceStatus.LATE
            attendance.record_attendance(ctx, session.id, worker_id, status,
                                         check_in=check_in.replace(microsecond=0), check_out=check_out)
        for activity in session.activities:
            participation.mark_everyone(ctx, activity.id)
            for worker_id in (missed_session_2, excused) if session.index == 2 else ():
                participation.record_participation(ctx, activity.id, worker_id, False)
    second_day_activity = finished.sessions[1].activities[2]
    participation.record_participation(ctx, second_day_activity.id, missed_activity, False)
    groups.close_group(ctx, finished.id)

    # The upcoming group: starts next week, roster loaded, no marks yet.
    upcoming_days = _weekdays_from(today + dt.timedelta(days=7 - today.weekday()), 2)
    plans = [groups.SessionPlan(d, t.start, t.end) for d, t in zip(upcoming_days, course.sessions)]
    upcoming = groups.create_group(ctx, course_id=course.id, unit_id=unit.id, sessions=plans,
                                   room="Sala de Juntas de Dirección", instructors=INSTRUCTOR, capacity=40)
    remaining = [w for w in report.worker_ids if w not in set(participants)]
    for worker_id in rng.sample(remaining, 32):
        roster.enroll(ctx, upcoming.id, worker_id)

    from app.services.results import evaluate_group
    results = evaluate_group(ctx, finished.id)
    return DemoSummary(unit.code, len(report.worker_ids), finished.summary.code, upcoming.summary.code,
                       results.qualified, len(results.participants) - results.qualified)
