"""Verificar constancia: one verdict at a time, and the constancia's status on this device."""

from __future__ import annotations

import dataclasses

import pytest
from PySide6.QtCore import Qt
from ui_helpers import finish_course

from app.domain.enums import ConstanciaStatus
from app.domain.signing import parse_qr_text, sign_fields
from app.services import constancias

VERDICTS = ("✓", "✗", "⚠", "?")


@pytest.fixture
def issued(ctx, enrolled_group):
    """The three constancias of a finished group."""
    finish_course(ctx, enrolled_group)
    return constancias.issue_constancias(ctx, enrolled_group.id).issued


def _scan(qtbot, window, text: str):
    dialog = window.open_verify_dialog()
    dialog.text_edit.clear()
    dialog.text_edit.insert(text)  # keyClicks is slow on 300-digit payloads
    qtbot.keyClick(dialog.text_edit, Qt.Key.Key_Return)
    return dialog


def _shown_lines(dialog) -> list[str]:
    """The verdict and the line under it, as the user reads them."""
    return [label.text() for label in (dialog.verdict_label, dialog.message_label)
            if label.isVisibleTo(dialog) and label.text()]


def _verdict_count(dialog) -> int:
    return sum(line.startswith(VERDICTS) for line in _shown_lines(dialog))


def test_a_qr_of_something_else_says_only_that_it_is_not_a_constancia(window, qtbot, ctx):
    dialog = _scan(qtbot, window, "https://example.org/menu-del-dia")
    assert dialog.verdict_label.text() == "✗ No es un QR de constancia"
    assert dialog.message_label.text() == ("Este código no lo generó Aula. Escanee el QR impreso en la "
                                           "constancia.")
    assert not [line for line in _shown_lines(dialog) if "dañad" in line]
    assert _verdict_count(dialog) == 1
    assert not dialog.fields_box.isVisibleTo(dialog)
    assert constancias.looks_like_constancia_qr("https://example.org/menu-del-dia") is False


def test_a_verdict_that_wraps_is_shown_whole(window, qtbot, ctx):
    dialog = _scan(qtbot, window, "https://example.org/menu-del-dia")
    label = dialog.verdict_label
    assert label.height() >= label.heightForWidth(label.width())


def test_a_cut_aula_qr_says_only_that_it_is_damaged(window, qtbot, issued):
    cut = issued[0].qr_text[:-200]
    assert constancias.verify(window.ctx, cut).verification.status == "malformed"
    dialog = _scan(qtbot, window, cut)
    assert dialog.verdict_label.text() == "✗ QR dañado"
    assert "No es un QR" not in " ".join(_shown_lines(dialog))
    assert _verdict_count(dialog) == 1
    assert not dialog.fields_box.isVisibleTo(dialog)


def test_an_altered_qr_says_so_and_does_not_show_its_data_as_certified(window, qtbot, issued):
    # One digit more at the end alters the signature, as a forger's edit would.
    text = issued[0].qr_text[:-1] + str((int(issued[0].qr_text[-1]) + 1) % 10)
    dialog = _scan(qtbot, window, text)
    assert dialog.check.verification.status == "invalid"
    assert dialog.verdict_label.text() == "✗ No válida: firma alterada"
    assert dialog.message_label.text() == ("Los datos no coinciden con la firma: la constancia fue alterada "
                                           "o no es auténtica.")
    assert _verdict_count(dialog) == 1
    assert not dialog.fields_box.isVisibleTo(dialog)


def test_a_valid_constancia_shows_that_it_is_vigente_here(window, qtbot, issued, ctx):
    dialog = _scan(qtbot, window, issued[0].qr_text)
    assert dialog.verdict_label.text() == "✓ Auténtica"
    assert dialog.message_label.text() == "Estado en este equipo: vigente"
    assert constancias.local_status(ctx, issued[0].folio).status is ConstanciaStatus.VALID
    assert dialog.field_labels["folio"].text() == issued[0].folio


def test_a_superseded_constancia_names_the_folio_that_replaces_it(window, qtbot, issued, ctx):
    newer = constancias.correct_constancia(ctx, issued[0].id, "Nombre mal escrito")
    dialog = _scan(qtbot, window, issued[0].qr_text)
    assert dialog.verdict_label.text() == "⚠ Sustituida"
    assert dialog.verdict_label.property("tone") == "warn"
    assert dialog.message_label.text() == f"Estado en este equipo: sustituida por el folio {newer.folio}"
    stored = constancias.local_status(ctx, issued[0].folio)
    assert (stored.status, stored.replaced_by) == (ConstanciaStatus.SUPERSEDED, newer.folio)


def test_a_revoked_constancia_shows_the_reason(window, qtbot, issued, ctx):
    constancias.revoke_constancia(ctx, issued[1].id, "Emitida por error")
    dialog = _scan(qtbot, window, issued[1].qr_text)
    assert dialog.verdict_label.text() == "✗ Revocada"
    assert dialog.message_label.text() == "Estado en este equipo: revocada: Emitida por error"
    assert constancias.local_status(ctx, issued[1].folio).revoked_reason == "Emitida por error"


def test_an_authentic_constancia_this_device_does_not_hold_says_so(window, qtbot, issued, ctx):
    fields, _, _ = parse_qr_text(issued[0].qr_text)
    elsewhere = dataclasses.replace(fields, folio=fields.folio[:-6] + "000999")
    text = sign_fields(elsewhere, constancias.device_keys().private_raw)
    dialog = _scan(qtbot, window, text)
    assert dialog.verdict_label.text() == "✓ Auténtica"
    assert dialog.message_label.text() == ("Estado en este equipo: no se emitió en este equipo (la firma "
                                           "es auténtica).")
    assert constancias.local_status(ctx, elsewhere.folio) is None


def test_each_scan_replaces_the_previous_verdict(window, qtbot, issued):
    _scan(qtbot, window, "hola")
    dialog = _scan(qtbot, window, issued[2].qr_text)
    assert _shown_lines(dialog) == ["✓ Auténtica", "Estado en este equipo: vigente"]
    assert dialog.fields_box.isVisibleTo(dialog)
    dialog = _scan(qtbot, window, "hola")
    assert _shown_lines(dialog) == ["✗ No es un QR de constancia",
                                    "Este código no lo generó Aula. Escanee el QR impreso en la constancia."]
    assert not dialog.fields_box.isVisibleTo(dialog)
