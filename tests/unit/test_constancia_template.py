"""One constancia per PDF from a per-branding template (template ``constancia-2``): the same page
as the full render, reproducible, and the full render whenever the template cannot print a text."""

from __future__ import annotations

import dataclasses
import datetime as dt
import hashlib
import shutil

import pytest
from document_samples import NAMES, branding, certified
from pdf_tools import embedded_fonts, pdf_text, pdf_to_pngs, qr_texts
from PIL import Image, ImageChops

from app.documents.constancia import TEMPLATE_VERSION, render_constancia
from app.documents.models import ConstanciaPage
from app.domain.signing import generate_keypair, key_id, sign_fields

ISSUED = dt.date(2026, 11, 25)


@pytest.fixture(scope="module")
def device():
    private, public = generate_keypair()
    return private, key_id(public)


def _page(device, number: int, name: str) -> ConstanciaPage:
    private, code = device
    fields = certified(code, number, name)
    return ConstanciaPage(fields, sign_fields(fields, private, base_url="https://verifica.example.mx"), ISSUED)


def _png(tmp_path, name: str, data: bytes):
    pdf = tmp_path / f"{name}.pdf"
    pdf.write_bytes(data)
    [png] = pdf_to_pngs(pdf, resolution=100)
    return pdf, png


def test_the_template_prints_the_same_page_as_the_full_render(device, tmp_path):
    page = _page(device, 7, NAMES[0])
    fast, fast_sha = render_constancia(page, branding())
    full, _ = render_constancia(page, branding(), template_version="constancia-1")
    assert TEMPLATE_VERSION == "constancia-2" and fast != full
    assert hashlib.sha256(fast).hexdigest() == fast_sha
    fast_pdf, fast_png = _png(tmp_path, "fast", fast)
    full_pdf, full_png = _png(tmp_path, "full", full)
    difference = ImageChops.difference(Image.open(fast_png).convert("RGB"), Image.open(full_png).convert("RGB"))
    assert difference.getbbox() is None
    assert pdf_text(fast_pdf) == pdf_text(full_pdf)
    assert qr_texts(fast_png) == [page.qr_text]
    assert "Lato-Bold" in embedded_fonts(fast_pdf)


def test_every_constancia_of_a_branding_is_reproducible_and_its_own(device):
    pages = [_page(device, i + 1, name) for i, name in enumerate(NAMES)]
    first = [render_constancia(p, branding()) for p in pages]
    again = [render_constancia(p, branding()) for p in reversed(pages)][::-1]
    assert first == again
    assert len({sha for _, sha in first}) == len(pages)


def test_a_name_outside_the_template_alphabet_takes_the_full_render_and_is_reproducible(device, tmp_path):
    page = _page(device, 8, "Łukasz Włodzimierz Śliwiński")
    data, sha = render_constancia(page, branding())
    assert render_constancia(page, branding()) == (data, sha)
    pdf = tmp_path / "polaco.pdf"
    pdf.write_bytes(data)
    assert "Łukasz Włodzimierz Śliwiński" in pdf_text(pdf)
    # the template still serves the next ordinary name
    ordinary = _page(device, 9, NAMES[1])
    assert render_constancia(ordinary, branding())[0] != render_constancia(
        ordinary, branding(), template_version="constancia-1")[0]


def test_a_logo_replaced_on_disk_is_printed_on_the_next_constancia(device, tmp_path):
    logo = tmp_path / "logo.png"
    shutil.copy(branding().logo_left, logo)
    own = dataclasses.replace(branding(), logo_left=logo)
    page = _page(device, 10, NAMES[2])
    _, before = render_constancia(page, own)
    Image.new("RGB", (60, 60), "red").save(logo)
    _, after = render_constancia(page, own)
    assert before != after
