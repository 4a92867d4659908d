"""The lista de asistencia: header and page numbers on every page, totals at the end."""

from __future__ import annotations

import pytest
from document_samples import branding, sheet
from pdf_tools import embedded_fonts, pdf_text
from pdf_tools import page_count as pdf_pages

from app.documents.sign_in_sheet import (
    ROWS_ON_LAST_PAGE,
    ROWS_PER_PAGE,
    page_count,
    write_sign_in_sheet,
)


@pytest.fixture(scope="module")
def forty(tmp_path_factory):
    pdf = tmp_path_factory.mktemp("sheet") / "lista.pdf"
    pages = write_sign_in_sheet(sheet(40), branding(), pdf)
    return pdf, pages


def _flat(text: str) -> str:
    return " ".join(text.split())


def test_forty_participants_take_three_pages(forty):
    pdf, pages = forty
    assert pages == pdf_pages(pdf) == 3


def test_every_page_repeats_the_header(forty):
    pdf, pages = forty
    for page in range(1, pages + 1):
        text = _flat(pdf_text(pdf, page))
        for expected in ("LISTA DE ASISTENCIA", "Curso Básico de Buen Trato", "SER-BT-2026-014",
                         "martes 24 de noviembre de 2026", "08:00 a 14:00 h",
                         "Unidad de Medicina Familiar No. 28", "Lic. Ana Ruiz Ibáñez",
                         "Firma de", "Matrícula", "A5"):
            assert expected in text, (page, expected)


def test_every_page_is_numbered_of_the_total(forty):
    pdf, pages = forty
    for page in range(1, pages + 1):
        assert f"Página {page} de {pages}" in pdf_text(pdf, page)


def test_every_participant_is_listed_once_with_number_and_matricula(forty):
    pdf, pages = forty
    text = pdf_text(pdf)
    for number, participant in enumerate(sheet(40).participants, start=1):
        assert text.count(participant.matricula) == 1
        line = next(line for line in text.splitlines() if participant.matricula in line)
        assert line.split()[0] == str(number)
        assert participant.name in " ".join(line.split())


def test_totals_appear_only_on_the_last_page(forty):
    pdf, pages = forty
    for page in range(1, pages):
        assert "Total de participantes" not in pdf_text(pdf, page)
    assert "Total de participantes en la lista: 40" in pdf_text(pdf, pages)


def test_page_count_keeps_room_for_the_totals():
    assert page_count(0) == 1
    assert page_count(ROWS_ON_LAST_PAGE) == 1
    assert page_count(ROWS_ON_LAST_PAGE + 1) == 2
    assert page_count(ROWS_PER_PAGE + ROWS_ON_LAST_PAGE) == 2
    assert page_count(ROWS_PER_PAGE + ROWS_ON_LAST_PAGE + 1) == 3


def test_font_is_embedded(forty):
    pdf, _ = forty
    rows = [line.split() for line in embedded_fonts(pdf).splitlines()[2:]]
    assert rows and all(row[-5] == "yes" for row in rows)


def test_an_external_participant_is_listed_as_externo_in_the_matricula_column(tmp_path):
    import dataclasses

    from app.documents.models import SheetParticipant

    base = sheet(2)
    external = SheetParticipant("Raúl Morales Ramírez", None)
    pdf = tmp_path / "lista.pdf"
    write_sign_in_sheet(dataclasses.replace(base, participants=(*base.participants, external)), branding(), pdf)
    line = next(line for line in pdf_text(pdf).splitlines() if "Raúl Morales Ramírez" in line)
    assert line.split()[0] == "3" and "Externo" in line
