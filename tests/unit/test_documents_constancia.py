"""Constancia PDFs: every printed QR scans and verifies offline; texts keep accents."""

from __future__ import annotations

import dataclasses
import datetime as dt
import io

import pytest
from document_samples import NAMES, branding, certified
from pdf_tools import embedded_fonts, page_count, pdf_text, pdf_to_pngs, qr_texts

from app.documents.constancia import render_constancia, write_constancias
from app.documents.models import ConstanciaPage
from app.domain.signing import (
    build_qr_text,
    generate_keypair,
    key_id,
    parse_qr_text,
    sign_fields,
    verify_qr_text,
)

ISSUED = dt.date(2026, 11, 25)


@pytest.fixture(scope="module")
def device():
    private, public = generate_keypair()
    return private, public, key_id(public)


@pytest.fixture(scope="module")
def printed(tmp_path_factory, device):
    """A combined PDF of four constancias, rendered and scanned once for the module."""
    private, _, code = device
    pages = [ConstanciaPage(certified(code, i + 1, name), sign_fields(certified(code, i + 1, name),
                                                                       private), ISSUED)
             for i, name in enumerate(NAMES)]
    pdf = tmp_path_factory.mktemp("constancias") / "constancias.pdf"
    write_constancias(pages, branding(), pdf)
    scanned = [qr_texts(png) for png in pdf_to_pngs(pdf)]
    return pdf, pages, scanned


def test_one_page_per_constancia(printed):
    pdf, pages, _ = printed
    assert page_count(pdf) == len(pages)


def test_every_page_has_exactly_one_qr_and_it_verifies_as_valid(printed, device):
    _, public, code = device
    _, pages, scanned = printed
    for page, texts in zip(pages, scanned):
        assert texts == [page.qr_text]
        result = verify_qr_text(texts[0], {code: public})
        assert result.status == "valid"
        assert result.fields == page.fields


@pytest.mark.parametrize("change", ["name", "hours", "folio"])
def test_scanned_qr_with_one_character_changed_is_invalid(printed, device, change):
    _, public, code = device
    _, _, scanned = printed
    fields, signer, signature = parse_qr_text(scanned[0][0])
    altered = {
        "name": dataclasses.replace(fields, worker_name=fields.worker_name.replace("Á", "A", 1)),
        "hours": dataclasses.replace(fields, hours=fields.hours + 1),
        "folio": dataclasses.replace(fields, folio=fields.folio[:-1] + "9"),
    }[change]
    assert altered != fields
    assert verify_qr_text(build_qr_text(altered, signer, signature),
                          {code: public}).status == "invalid"


def test_scanned_qr_signed_by_another_key_pair_is_unknown_key(printed, device):
    _, public, code = device
    other_private, other_public = generate_keypair()
    _, _, scanned = printed
    fields, _, _ = parse_qr_text(scanned[0][0])
    foreign = sign_fields(fields, other_private)
    assert verify_qr_text(foreign, {code: public}).status == "unknown_key"


def test_pdf_text_contains_the_accented_names_exactly(printed):
    pdf, _, _ = printed
    text = pdf_text(pdf)
    for name in NAMES:
        assert name in text


def test_page_shows_course_hours_dates_venue_and_folio(printed):
    pdf, pages, _ = printed
    text = " ".join(pdf_text(pdf, page=1).split())
    fields = pages[0].fields
    for expected in ("Instituto de Salud de Ejemplo", "Curso Básico de Buen Trato", "12 horas",
                     "24 y 25 de noviembre de 2026", "Gabriel Mancera", fields.folio,
                     "Lic. Ana Ruiz Ibáñez", "Dra. Rosa Elena Martínez Ortiz",
                     "Expedida el 25 de noviembre de 2026"):
        assert expected in text


def test_only_the_ofl_font_is_used_and_it_is_embedded(printed):
    pdf, _, _ = printed
    fonts = [line.split() for line in embedded_fonts(pdf).splitlines()[2:]]
    assert fonts and all("Lato" in row[0] and row[-5] == "yes" for row in fonts)


def test_rendering_the_same_constancia_twice_gives_the_same_sha256(device):
    private, _, code = device
    fields = certified(code, 9, NAMES[0])
    page = ConstanciaPage(fields, sign_fields(fields, private), ISSUED)
    first, second = render_constancia(page, branding()), render_constancia(page, branding())
    assert first[1] == second[1]
    assert first[0].startswith(b"%PDF")


def test_constancia_prints_without_logos_when_files_are_missing(tmp_path, device):
    private, _, code = device
    fields = certified(code, 10, NAMES[1])
    missing = dataclasses.replace(branding(), logo_left=tmp_path / "nope.png",
                                  logo_right=None)
    buffer = io.BytesIO()
    assert write_constancias([ConstanciaPage(fields, sign_fields(fields, private), ISSUED)],
                             missing, buffer) == 1


def test_reprint_mark_is_printed(tmp_path, device):
    private, _, code = device
    fields = certified(code, 11, NAMES[2])
    pdf = tmp_path / "reprint.pdf"
    write_constancias([ConstanciaPage(fields, sign_fields(fields, private), ISSUED,
                                      mark="REIMPRESIÓN")], branding(), pdf)
    assert "REIMPRESIÓN" in pdf_text(pdf)


def test_an_external_participants_institution_is_printed_under_the_name(tmp_path, device):
    private, _, code = device
    fields = certified(code, 12, NAMES[0])
    pdf = tmp_path / "externo.pdf"
    write_constancias([ConstanciaPage(fields, sign_fields(fields, private), ISSUED,
                                      institution="Servicio de Protección Federal")], branding(), pdf)
    lines = [" ".join(line.split()) for line in pdf_text(pdf).splitlines()]
    name_line = next(i for i, line in enumerate(lines) if NAMES[0] in line)
    assert "Servicio de Protección Federal" in lines[name_line + 1]


def test_a_staff_constancia_prints_no_institution_line(tmp_path, device):
    private, _, code = device
    fields = dataclasses.replace(certified(code, 13, NAMES[1]), curp_masked="")
    pdf = tmp_path / "personal.pdf"
    write_constancias([ConstanciaPage(fields, sign_fields(fields, private), ISSUED)], branding(), pdf)
    lines = [" ".join(line.split()) for line in pdf_text(pdf).splitlines() if line.strip()]
    name_line = next(i for i, line in enumerate(lines) if NAMES[1] in line)
    assert lines[name_line + 1] == "por haber acreditado el curso"
