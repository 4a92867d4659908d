"""The fast QR encoder: same symbols as the reference library, and scannable when drawn."""

from __future__ import annotations

import random

import pytest
import qrcode
from pdf_tools import pdf_to_pngs, qr_texts
from qrcode import util as qr_util
from reportlab.pdfgen.canvas import Canvas

from app.documents import qr

URL = "https://verifica.example.mx/v/"


def _reference_rows(text: str, version: int, mask: int) -> tuple[str, ...]:
    code = qrcode.QRCode(version=version, error_correction=qrcode.constants.ERROR_CORRECT_M,
                         border=0, mask_pattern=mask)
    for mode, data in qr._segments(text):
        code.add_data(qr_util.QRData(
            data, mode=qr_util.MODE_8BIT_BYTE if mode == qr._MODE_BYTE else qr_util.MODE_NUMBER,
            check_data=False))
    code.make(fit=False)
    return tuple("".join("1" if cell else "0" for cell in row) for row in code.modules)


def _payload(digits: int, seed: int = 7) -> str:
    rng = random.Random(seed)
    return URL + str(rng.randint(1, 9)) + "".join(str(rng.randint(0, 9)) for _ in range(digits - 1))


@pytest.mark.parametrize("mask", range(8))
@pytest.mark.parametrize("text", ["hola", "Constancia — Núñez", _payload(40), _payload(300),
                                  _payload(600)])
def test_matrix_equals_the_reference_library_for_every_mask(text, mask):
    matrix = qr.encode(text, mask=mask)
    assert matrix.rows == _reference_rows(text, matrix.version, mask)


@pytest.mark.parametrize("digits", [60, 600])
def test_mask_penalty_equals_the_reference_library(digits):
    text = _payload(digits, seed=digits)
    for mask in range(8):
        matrix = qr.encode(text, mask=mask)
        value = int("".join(matrix.rows), 2)
        modules = [[cell == "1" for cell in row] for row in matrix.rows]
        assert qr._penalty(value, qr._layout(matrix.version)) == qr_util.lost_point(modules)


def test_automatic_mask_is_the_one_with_the_lowest_penalty():
    text = _payload(500)
    chosen = qr.encode(text)
    penalties = [qr_util.lost_point([[c == "1" for c in row] for row in qr.encode(text, mask=m).rows])
                 for m in range(8)]
    assert penalties[chosen.mask] == min(penalties)


def test_long_digit_payload_uses_numeric_mode_and_fits_version_12():
    matrix = qr.encode(_payload(600))
    assert matrix.version == 12
    assert [mode for mode, _ in qr._segments(_payload(600))] == [qr._MODE_BYTE, qr._MODE_NUMBER]


def test_text_beyond_version_12_is_refused():
    with pytest.raises(qr.QrTooLarge):
        qr.encode(_payload(700))


def test_vector_qr_drawn_3_cm_wide_scans_back(tmp_path):
    text = _payload(600)
    pdf = tmp_path / "qr.pdf"
    canvas = Canvas(str(pdf), pagesize=(200, 200))
    matrix = qr.encode(text)
    side = 102.0  # points with the quiet zone; the symbol itself is 65/73 of it
    assert side * matrix.size / (matrix.size + 2 * qr.QUIET_ZONE) / 72 * 2.54 >= 3.0
    qr.draw_qr(canvas, matrix, 40, 40, side)
    canvas.save()
    assert qr_texts(pdf_to_pngs(pdf)[0]) == [text]


@pytest.mark.parametrize("module", ["constancia", "dc3"])
def test_printed_symbol_is_at_least_3_cm_wide_for_every_signed_qr_version(module):
    """A signed constancia URL needs version 6 at least (64-byte signature) and 12 at most."""
    import importlib

    side = importlib.import_module(f"app.documents.{module}").QR_SIDE
    for version in range(6, 13):
        modules = version * 4 + 17
        assert side * modules / (modules + 2 * qr.QUIET_ZONE) / 72 * 2.54 >= 3.0
