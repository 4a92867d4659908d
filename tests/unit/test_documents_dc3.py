"""The DC-3 layout: the form's fields, the three signatures and a verifying QR."""

from __future__ import annotations

import datetime as dt

from document_samples import branding, certified
from pdf_tools import pdf_text, pdf_to_pngs, qr_texts

from app.documents.dc3 import write_dc3
from app.documents.models import Dc3Page
from app.domain.signing import generate_keypair, key_id, sign_fields, verify_qr_text


def _page(qr_text: str = "", folio: str = "") -> Dc3Page:
    return Dc3Page(
        worker_name="Núñez Ibáñez María de los Ángeles",
        curp="NUIM850312MDFXBR01",
        occupation="02.1 Enfermería",
        position="Enfermera general",
        employer_name="Instituto de Salud de Ejemplo",
        employer_rfc="ISE430119AB1",
        course_name="Curso Básico de Buen Trato",
        hours=12,
        period_start=dt.date(2026, 11, 24),
        period_end=dt.date(2026, 11, 25),
        thematic_area="6000 Desarrollo personal y familiar",
        training_agent="Instituto de Salud de Ejemplo (instructor interno)",
        instructor_name="Lic. Ana Ruiz Ibáñez",
        employer_representative="Dra. Rosa Elena Martínez Ortiz",
        workers_representative="C. Pedro Ramírez Soto",
        folio=folio,
        qr_text=qr_text,
    )


def test_dc3_prints_worker_company_and_programme_fields(tmp_path):
    pdf = tmp_path / "dc3.pdf"
    write_dc3([_page()], branding(), pdf)
    text = " ".join(pdf_text(pdf).split())
    for expected in ("FORMATO DC-3", "CONSTANCIA DE COMPETENCIAS O DE HABILIDADES LABORALES",
                     "DATOS DEL TRABAJADOR", "Núñez Ibáñez María de los Ángeles", "02.1 Enfermería",
                     "Enfermera general", "DATOS DE LA EMPRESA", "Instituto de Salud de Ejemplo",
                     "DATOS DEL PROGRAMA DE CAPACITACIÓN, ADIESTRAMIENTO Y PRODUCTIVIDAD",
                     "Curso Básico de Buen Trato", "6000 Desarrollo personal y familiar",
                     "bajo protesta de decir verdad"):
        assert expected in text


def test_dc3_has_the_three_signature_blocks(tmp_path):
    pdf = tmp_path / "dc3.pdf"
    write_dc3([_page()], branding(), pdf)
    text = " ".join(pdf_text(pdf).split())
    for expected in ("Instructor o tutor", "Patrón o representante legal",
                     "Representante de los trabajadores", "Lic. Ana Ruiz Ibáñez",
                     "Dra. Rosa Elena Martínez Ortiz", "C. Pedro Ramírez Soto"):
        assert expected in text
    assert text.count("Nombre y firma") == 3


def test_dc3_curp_rfc_and_period_are_written_one_character_per_box(tmp_path):
    pdf = tmp_path / "dc3.pdf"
    write_dc3([_page()], branding(), pdf)
    squeezed = "".join(pdf_text(pdf).split())
    assert "NUIM850312MDFXBR01" in squeezed
    assert "ISE430119AB1" in squeezed
    assert "De20261124a20261125" in squeezed.replace("AñoMesDía", "")


def test_dc3_qr_verifies(tmp_path):
    private, public = generate_keypair()
    fields = certified(key_id(public), 1, "María de los Ángeles Núñez Ibáñez")
    text = sign_fields(fields, private)
    pdf = tmp_path / "dc3.pdf"
    write_dc3([_page(text, fields.folio)], branding(), pdf)
    scanned = qr_texts(pdf_to_pngs(pdf)[0])
    assert scanned == [text]
    assert verify_qr_text(scanned[0], {key_id(public): public}).status == "valid"
