"""Sample values for document tests: branding, people with accents, a group."""

from __future__ import annotations

import datetime as dt

from app.documents.fonts import RESOURCES_DIR
from app.documents.models import (
    Branding,
    ReportActivity,
    ReportRow,
    ReportSession,
    SheetParticipant,
    SignInSheet,
)
from app.domain.completion import Reason, ReasonCode, Verdict
from app.domain.signing import CertifiedFields

NAMES = (
    "María de los Ángeles Núñez Ibáñez",
    "José Ángel Peña Gómez",
    "Ramón Güemes Zúñiga",
    "Sofía Hernández-Villaseñor Cáceres",
)
DAYS = (dt.date(2026, 11, 24), dt.date(2026, 11, 25))
ACTIVITIES = (
    "Encuadre y presentación del grupo",
    "Autoconocimiento: ¿quién soy en mi trabajo?",
    "Saludar: el primer contacto",
    "Dinámica del espejo",
    "Escuchar: escucha activa en parejas",
)


def branding() -> Branding:
    return Branding(
        institution_name="Instituto de Salud de Ejemplo",
        programme_name="Programa SER: Saludar, Escuchar, Responder",
        logo_left=RESOURCES_DIR / "branding" / "placeholder-institution.png",
        logo_right=RESOURCES_DIR / "branding" / "placeholder-unit.png",
        director_name="Dra. Rosa Elena Martínez Ortiz",
    )


def certified(device: str, number: int, name: str) -> CertifiedFields:
    return CertifiedFields(
        folio=f"{device}-2026-{number:06d}",
        worker_name=name,
        curp_masked="NUIM******M*****01",
        course_name="Curso Básico de Buen Trato",
        hours=12,
        dates=DAYS,
        venue="Unidad de Medicina Familiar No. 28 «Gabriel Mancera»",
        instructor_name="Lic. Ana Ruiz Ibáñez",
    )


def participants(count: int) -> tuple[SheetParticipant, ...]:
    return tuple(
        SheetParticipant(f"{NAMES[i % len(NAMES)]} {i + 1}", f"{99100000 + i}",
                         ("Enfermera general", "Médico familiar", "Asistente médica")[i % 3])
        for i in range(count)
    )


def sheet(count: int) -> SignInSheet:
    return SignInSheet(
        course_name="Curso Básico de Buen Trato",
        group_code="SER-BT-2026-014",
        session_index=1,
        session_date=DAYS[0],
        start=dt.time(8, 0),
        end=dt.time(14, 0),
        venue="Unidad de Medicina Familiar No. 28",
        instructor_name="Lic. Ana Ruiz Ibáñez",
        participants=participants(count),
        activities=ACTIVITIES,
    )


def report_sessions() -> tuple[ReportSession, ...]:
    return tuple(ReportSession(i + 1, day, dt.time(8), dt.time(14)) for i, day in enumerate(DAYS))


def report_activities() -> tuple[ReportActivity, ...]:
    return tuple(ReportActivity(1, name) for name in ACTIVITIES)


def report_rows(count: int) -> tuple[ReportRow, ...]:
    rows = []
    for i in range(count):
        if i % 4 == 1:
            verdict = Verdict(False, (Reason(ReasonCode.MINUTES_MISSING, 2, minutes=45),
                                      Reason(ReasonCode.NO_PARTICIPATION, 1,
                                             activity_name="Dinámica del espejo")))
            rows.append(ReportRow(f"{NAMES[i % 4]} {i + 1}", f"{99100000 + i}",
                                  ("Presente", "Salió antes"), (True, True, True, False, True),
                                  verdict))
        else:
            rows.append(ReportRow(f"{NAMES[i % 4]} {i + 1}", f"{99100000 + i}",
                                  ("Presente", "Presente"), (True,) * 5, Verdict(True),
                                  folio=f"ABCDEFGH-2026-{i + 1:06d}"))
    return tuple(rows)
