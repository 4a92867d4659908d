"""Document settings: what every constancia prints, and the address in its QR."""

from __future__ import annotations

import json
import subprocess

import pytest
from pdf_tools import pdf_text
from PIL import Image
from service_helpers import add_people, make_group
from sqlmodel import select
from test_constancias_service import _complete

from app.cli import main
from app.services import catalog, constancias, document_settings, roster
from app.services.errors import InvalidInput
from app.storage.tables import AuditLog, Constancia, Device

ADDRESS = "https://verifica.ejemplo-institucion.mx"


@pytest.fixture
def finished(ctx, clock):
    """A group of three where everyone qualifies, after the course."""
    group = make_group(ctx)
    people = add_people(ctx)
    for person in people:
        roster.enroll(ctx, group.id, person.id)
    _complete(ctx, group)
    clock.set("23:00", group.sessions[-1].date)  # the course is over: nothing is pending
    return group, people


def _png(path, colour=(200, 30, 30), size=(60, 40)):
    Image.new("RGB", size, colour).save(path)
    return path


def _issued_pdf(ctx, group, tmp_path):
    issued = constancias.issue_constancias(ctx, group.id).issued[0]
    data, _ = constancias.reprint_constancia(ctx, issued.id)
    pdf = tmp_path / f"{issued.folio}.pdf"
    pdf.write_bytes(data)
    return issued, pdf


def _image_sizes(pdf) -> set[tuple[int, int]]:
    """(width, height) of every image in the PDF, from ``pdfimages -list``."""
    listing = subprocess.run(["pdfimages", "-list", str(pdf)], capture_output=True, text=True,
                             check=True).stdout.splitlines()[2:]
    return {(int(line.split()[3]), int(line.split()[4])) for line in listing}


def test_a_new_constancia_prints_the_configured_institution_titles_and_director(ctx, finished, tmp_path):
    group, _ = finished
    document_settings.save_document_settings(
        ctx, institution_name="Instituto de Capacitación del Norte", programme_name="Programa Trato Digno",
        instructor_title="Instructora certificada", director_title="Directora de la unidad",
        unit_code="UMF07", director_name="Dra. Inés Ávila")
    issued, pdf = _issued_pdf(ctx, group, tmp_path)
    text = pdf_text(pdf)
    for expected in ("Instituto de Capacitación del Norte", "Programa Trato Digno", "Instructora certificada",
                     "Directora de la unidad", "Dra. Inés Ávila"):
        assert expected in text
    with ctx.db.read() as s:
        printed = json.loads(s.get(Constancia, issued.id).snapshot)["printed"]
    assert printed["institution_name"] == "Instituto de Capacitación del Norte"
    assert catalog.get_unit(ctx, "UMF07").director_name == "Dra. Inés Ávila"


def test_chosen_logos_are_copied_into_the_data_directory_and_printed(ctx, finished, tmp_path,
                                                                     _private_aula_home):
    group, _ = finished
    left = _png(tmp_path / "izquierdo.png")
    right = _png(tmp_path / "derecho.png", (0, 90, 200), size=(50, 30))
    saved = document_settings.save_document_settings(ctx, logo_left=left, logo_right=right)
    left.unlink()
    right.unlink()  # the original files moved away: the copies remain
    assert saved.logo_left.parent == _private_aula_home / "branding" and saved.logo_left.exists()
    _, pdf = _issued_pdf(ctx, group, tmp_path)
    assert {(60, 40), (50, 30)} <= _image_sizes(pdf)


def test_removing_a_logo_prints_the_neutral_placeholder(ctx, tmp_path):
    document_settings.save_document_settings(ctx, logo_left=_png(tmp_path / "logo.png"))
    assert document_settings.save_document_settings(ctx, logo_left=None).logo_left is None
    assert document_settings.branding(ctx, "UMF07").logo_left == document_settings.PLACEHOLDER_LOGO_LEFT


def test_a_file_that_is_not_an_image_is_refused_in_spanish(ctx, tmp_path):
    document = tmp_path / "logo.pdf"
    document.write_bytes(b"%PDF-1.4 no soy una imagen")
    with pytest.raises(InvalidInput, match="no es una imagen PNG ni JPEG"):
        document_settings.save_document_settings(ctx, logo_left=document)
    assert document_settings.get_document_settings(ctx).logo_left is None


def test_saving_settings_writes_an_audit_entry(ctx):
    document_settings.save_document_settings(ctx, institution_name="Instituto X")
    with ctx.db.read() as s:
        entry = s.exec(select(AuditLog).where(AuditLog.action == "documents.settings")).one()
    assert json.loads(entry.details) == {"institution_name": "Instituto X"}


@pytest.mark.parametrize("address", ["verifica.mx", "ftp://verifica.mx", "https://", "https://a b.mx",
                                     "https://verifica.mx/?x=1", "https://" + "a" * 90 + ".mx"])
def test_an_invalid_verification_address_is_refused(ctx, address):
    with pytest.raises(InvalidInput, match="dirección de verificación"):
        document_settings.set_verification_address(ctx, address)
    assert document_settings.verification_address(ctx) == ""


def test_the_verification_address_is_stored_on_the_device_row_without_trailing_slash(ctx):
    assert document_settings.set_verification_address(ctx, " HTTPS://verifica.ejemplo.mx/aula/ ") == \
        "https://verifica.ejemplo.mx/aula"
    with ctx.db.read() as s:
        assert s.get(Device, 1).verify_base_url == "https://verifica.ejemplo.mx/aula"
        audit = s.exec(select(AuditLog).where(AuditLog.action == "device.verify_address")).one()
    assert json.loads(audit.details)["after"] == "https://verifica.ejemplo.mx/aula"


def test_without_an_address_the_qr_is_the_signed_payload_and_verifies_offline(ctx, finished, tmp_path,
                                                                             capsys):
    group, _ = finished
    assert not document_settings.get_document_settings(ctx).online_verification
    issued, pdf = _issued_pdf(ctx, group, tmp_path)
    assert issued.qr_text.startswith("AULA:") and "http" not in issued.qr_text
    assert "con la aplicación Aula" in pdf_text(pdf)
    assert main(["--db", str(ctx.db.path), "verify", issued.qr_text]) == 0
    assert "auténtica" in capsys.readouterr().out


def test_with_an_address_the_qr_starts_with_it(ctx, finished, tmp_path):
    group, _ = finished
    document_settings.set_verification_address(ctx, ADDRESS)
    issued, pdf = _issued_pdf(ctx, group, tmp_path)
    assert issued.qr_text.startswith(f"{ADDRESS}/v/")
    assert "Escanee el código" in pdf_text(pdf)
    assert constancias.verify(ctx, issued.qr_text).ok


def test_a_correction_uses_the_address_configured_now(ctx, finished):
    group, _ = finished
    old = constancias.issue_constancias(ctx, group.id).issued[0]
    document_settings.set_verification_address(ctx, ADDRESS)
    new = constancias.correct_constancia(ctx, old.id, "Dirección de verificación nueva")
    assert old.qr_text.startswith("AULA:") and new.qr_text.startswith(ADDRESS)


def test_the_cli_sets_and_shows_what_the_documents_print(ctx, tmp_path, capsys):
    logo = _png(tmp_path / "logo.png")
    db = ["--db", str(ctx.db.path)]
    assert main([*db, "documents"]) == 0
    assert "Dirección de verificación impresa en el QR: verificación en línea no configurada" in \
        capsys.readouterr().out
    assert main([*db, "documents", "--institution", "Instituto X", "--logo-left", str(logo),
                 "--verify-url", ADDRESS]) == 0
    out = capsys.readouterr().out
    assert "Nombre de la institución: Instituto X" in out and ADDRESS in out
    assert document_settings.verification_address(ctx) == ADDRESS
    assert main([*db, "documents", "--verify-url", "ftp://x"]) == 1
    assert "no es una dirección de verificación válida" in capsys.readouterr().err
    assert main([*db, "documents", "--verify-url", ""]) == 0
    assert document_settings.verification_address(ctx) == ""


def test_the_longest_accepted_address_still_fits_the_longest_texts_in_the_qr():
    from test_signing import worst_case

    from app.documents import qr
    from app.domain.signing import generate_keypair, key_id, sign_fields

    address = document_settings.normalize_verification_address(
        "https://" + "v" * (document_settings.MAX_ADDRESS_LENGTH - len("https://")))
    private, public = generate_keypair()
    assert qr.encode(sign_fields(worst_case(key_id(public)), private, base_url=address)).version <= 12
