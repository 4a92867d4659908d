"""Settings › Documentos: what constancias print, the QR's verification address, a live preview."""

from __future__ import annotations

import subprocess

from PIL import Image
from PySide6.QtCore import Qt
from ui_helpers import finish_course

from app.cli import main
from app.services import catalog, constancias, document_settings

ADDRESS = "https://verifica.ejemplo-institucion.mx"


def _png(path, size):
    Image.new("RGB", size, (20, 120, 60)).save(path)
    return path


def _pdf_text(path) -> str:
    return subprocess.run(["pdftotext", "-layout", "-enc", "UTF-8", str(path), "-"], capture_output=True,
                          text=True, check=True).stdout


def _image_sizes(path) -> set[tuple[int, int]]:
    lines = subprocess.run(["pdfimages", "-list", str(path)], capture_output=True, text=True,
                           check=True).stdout.splitlines()[2:]
    return {(int(line.split()[3]), int(line.split()[4])) for line in lines}


def _open(window, qtbot):
    dialog = window.open_settings_dialog()
    page = dialog.documents_page
    qtbot.waitUntil(lambda: page.preview_task is None and page.pdf is not None, timeout=10000)
    return dialog, page


def _issue_first(ctx, group, tmp_path):
    finish_course(ctx, group)
    issued = constancias.issue_constancias(ctx, group.id).issued[0]
    pdf = tmp_path / "constancia.pdf"
    pdf.write_bytes(constancias.reprint_constancia(ctx, issued.id)[0])
    return issued, pdf


def test_saved_institution_logos_and_director_appear_on_a_newly_issued_constancia(
        window, ctx, qtbot, enrolled_group, tmp_path):
    left, right = _png(tmp_path / "izq.png", (64, 48)), _png(tmp_path / "der.png", (56, 40))
    dialog, page = _open(window, qtbot)
    assert dialog.tabs.currentWidget() is page
    qtbot.keyClicks(page.institution_edit, "Instituto de Capacitacion del Norte")
    page.logo_left.open_file_dialog().fileSelected.emit(str(left))
    page.logo_right.open_file_dialog().fileSelected.emit(str(right))
    qtbot.keyClicks(page.director_edit, "Dra. Ines Avila")
    qtbot.keyClicks(page.director_title_edit, "Directora de la unidad")
    assert page.logo_left.name_label.text() == "izq.png"
    qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)
    assert not dialog.isVisible()
    assert window.windowTitle() == "Aula — Instituto de Capacitacion del Norte"
    stored = document_settings.get_document_settings(ctx)
    assert stored.institution_name == "Instituto de Capacitacion del Norte"
    assert stored.logo_left.exists() and stored.logo_left.parent.name == "branding"
    assert catalog.get_unit(ctx, "UMF07").director_name == "Dra. Ines Avila"
    left.unlink()  # the copies in the data directory are what is printed
    _, pdf = _issue_first(ctx, enrolled_group, tmp_path)
    text = _pdf_text(pdf)
    for expected in ("Instituto de Capacitacion del Norte", "Dra. Ines Avila", "Directora de la unidad"):
        assert expected in text
    assert {(64, 48), (56, 40)} <= _image_sizes(pdf)


def test_without_an_address_the_settings_say_so_and_the_qr_verifies_offline(
        window, ctx, qtbot, enrolled_group, tmp_path, capsys):
    dialog, page = _open(window, qtbot)
    assert page.address_label.text().startswith("Verificación en línea no configurada")
    qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)
    issued, pdf = _issue_first(ctx, enrolled_group, tmp_path)
    assert issued.qr_text.startswith("AULA:")
    assert "con la aplicación Aula" in _pdf_text(pdf)
    assert main(["--db", str(ctx.db.path), "verify", issued.qr_text]) == 0
    assert "Constancia auténtica" in capsys.readouterr().out


def test_an_invalid_address_is_explained_and_a_valid_one_starts_every_new_qr(
        window, ctx, qtbot, enrolled_group, tmp_path):
    dialog, page = _open(window, qtbot)
    qtbot.keyClicks(page.address_edit, "verifica.mx")
    assert "no es una dirección de verificación válida" in page.address_label.text()
    qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)
    assert dialog.isVisible() and "no es una dirección de verificación válida" in page.error_label.text()
    assert document_settings.verification_address(ctx) == ""
    page.address_edit.clear()
    qtbot.keyClicks(page.address_edit, ADDRESS + "/")
    assert page.address_label.text() == f"Los códigos QR apuntan a {ADDRESS}/v/…"
    qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)
    assert not dialog.isVisible()
    assert document_settings.verification_address(ctx) == ADDRESS
    issued, pdf = _issue_first(ctx, enrolled_group, tmp_path)
    assert issued.qr_text.startswith(f"{ADDRESS}/v/")
    reopened, page = _open(window, qtbot)
    assert page.address_edit.text() == ADDRESS


def test_the_preview_redraws_with_what_is_typed(window, qtbot, tmp_path):
    _, page = _open(window, qtbot)
    assert not page.preview_label.pixmap().isNull()
    with qtbot.waitSignal(page.preview_updated, timeout=10000):
        qtbot.keyClicks(page.institution_edit, "Hospital Regional Sur")
    qtbot.waitUntil(lambda: page.preview_task is None, timeout=10000)
    preview = tmp_path / "vista.pdf"
    preview.write_bytes(bytes(page.pdf.bytes))
    text = _pdf_text(preview)
    assert "Hospital Regional Sur" in text and "VISTA PREVIA" in text


def test_a_file_that_is_not_an_image_is_refused_as_a_logo(window, ctx, qtbot, tmp_path):
    document = tmp_path / "logo.pdf"
    document.write_bytes(b"%PDF-1.4 esto no es una imagen")
    dialog, page = _open(window, qtbot)
    assert not page.logo_left.set_path(document)
    assert "no es una imagen PNG ni JPEG" in page.logo_left.error_box.text()
    assert page.logo_left.path is None
    qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)
    assert document_settings.get_document_settings(ctx).logo_left is None
