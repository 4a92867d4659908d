"""One constancia as its own PDF, fast: a per-branding template and a per-constancia content stream.

Issuing records the SHA-256 of each constancia's PDF, so it renders one
small PDF per person. Most of that PDF is the same for every constancia of a
branding: the fonts, the logos and signatures, the background form, the page
tree. A :class:`_Template` renders those objects once with reportlab and keeps
their bytes; each constancia then adds only its page's content stream
(drawn with the same code as the batch PDF, :func:`_draw_page`) and its
document information, written with a fresh cross-reference table.

The fonts are subset to a fixed alphabet (ASCII, Latin-1 and the common
typographic marks), assigned in a fixed order, so every constancia's text
maps to the same font objects. A text with a character outside that alphabet
is rendered by the full reportlab path instead (:func:`render_full`); both
paths are deterministic, so a reprint reproduces the recorded SHA-256.
"""

from __future__ import annotations

import hashlib
import io
import os
import re
import threading
import zlib
from collections import OrderedDict
from collections.abc import Callable
from dataclasses import dataclass

from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.pdfdoc import PDFError
from reportlab.pdfgen.canvas import Canvas

from app.documents import fonts
from app.documents.models import Branding, ConstanciaPage

ALPHABET = ("".join(chr(c) for c in range(32, 127)) + "".join(chr(c) for c in range(0xA1, 0x100))
            + "…—–·«»“”‘’€•")
"""Characters every template's font subsets hold, in this order."""

_TITLE_MARK = "@@AULA-TITLE@@"
_CACHE_SIZE = 8


@dataclass(frozen=True)
class TemplateLayout:
    """What the template needs from :mod:`app.documents.constancia` (passed in to avoid a cycle)."""

    new_canvas: Callable[[io.BytesIO, Branding, str], Canvas]
    background: Callable[[Canvas, Branding], None]
    draw_page: Callable[[Canvas, ConstanciaPage], None]
    form_name: str


class _Unrenderable(Exception):
    """This page needs characters outside the template's alphabet."""


def _prime_fonts(canvas: Canvas) -> None:
    """Assign :data:`ALPHABET` to both fonts' first subsets, in a fixed order."""
    doc = canvas._doc
    for name in (fonts.REGULAR, fonts.BOLD):
        font = pdfmetrics.getFont(name)
        font.splitString(ALPHABET, doc)
        font.getSubsetInternalName(0, doc)


def _freeze_fonts(canvas: Canvas) -> None:
    for name in (fonts.REGULAR, fonts.BOLD):
        pdfmetrics.getFont(name).state[canvas._doc].frozen = 1


class _Template:
    """The fixed objects of one branding's single-constancia PDF, and a canvas to draw pages with."""

    def __init__(self, branding: Branding, layout: TemplateLayout) -> None:
        self._layout = layout
        stream = io.BytesIO()
        prototype = self._canvas(branding, stream)
        prototype.doForm(layout.form_name)
        prototype.showPage()
        prototype.save()
        self._split(stream.getvalue())
        self._scratch = self._canvas(branding, io.BytesIO())

    def _canvas(self, branding: Branding, out: io.BytesIO) -> Canvas:
        canvas = self._layout.new_canvas(out, branding, _TITLE_MARK)
        _prime_fonts(canvas)
        canvas.beginForm(self._layout.form_name)
        self._layout.background(canvas, branding)
        canvas.endForm()
        _freeze_fonts(canvas)
        return canvas

    def _split(self, pdf: bytes) -> None:
        """Keep every object's bytes but the page content and the info dictionary (made per constancia)."""
        xref = pdf.rindex(b"\nxref\n") + 1
        size = int(pdf[xref:].split(b"\n", 3)[1].split()[1])
        entries = pdf[xref:].split(b"\n", 2)[2]
        starts = sorted((int(entries[20 * n:20 * n + 10]), n) for n in range(1, size))
        chunks = {}
        for (start, number), (end, _) in zip(starts, starts[1:] + [(xref, 0)]):
            chunks[number] = pdf[start:end]
            if not chunks[number].startswith(b"%d 0 obj" % number):
                raise ValueError(f"unexpected reportlab output at object {number}")
        trailer = pdf[pdf.index(b"trailer", xref):]
        self._info = int(re.search(rb"/Info (\d+) 0 R", trailer).group(1))
        self._root = int(re.search(rb"/Root (\d+) 0 R", trailer).group(1))
        self._count = max(chunks) + 1
        self._content = int(re.search(rb"/Contents (\d+) 0 R", pdf).group(1))
        self._header = pdf[:starts[0][0]]
        fixed = [n for n in sorted(chunks) if n not in (self._info, self._content)]
        self._offsets: dict[int, int] = {}
        body = bytearray(self._header)
        for number in fixed:
            self._offsets[number] = len(body)
            body += chunks[number]
        self._fixed = bytes(body)
        self._fixed_md5 = hashlib.md5(self._fixed, usedforsecurity=False)
        self._fixed_sha256 = hashlib.sha256(self._fixed)
        self._info_text = chunks[self._info]

    def content(self, page: ConstanciaPage) -> bytes:
        """The page's content stream (uncompressed), drawn on the frozen-font canvas."""
        canvas = self._scratch
        canvas._startPage()
        canvas.doForm(self._layout.form_name)
        try:
            self._layout.draw_page(canvas, page)
        except PDFError as error:  # a character outside the frozen subsets
            raise _Unrenderable(str(error)) from error
        return "\n".join([canvas._preamble, *canvas._code, " "]).encode("latin-1")

    def pdf(self, page: ConstanciaPage) -> tuple[bytes, str]:
        """The PDF and its SHA-256 (the fixed objects come first: their hash state is reused)."""
        title = f"Constancia {page.fields.folio}"
        if not re.fullmatch(r"[A-Za-z0-9 .\-]*", title):
            raise _Unrenderable("title needs escaping")
        data = zlib.compress(self.content(page))
        info = self._info_text.replace(_TITLE_MARK.encode("ascii"), title.encode("ascii"))
        offsets = dict(self._offsets)
        offsets[self._info] = len(self._fixed)
        offsets[self._content] = offsets[self._info] + len(info)
        tail = bytearray(info)
        tail += (f"{self._content} 0 obj\n<<\n/Filter [ /FlateDecode ] /Length {len(data)}\n>>\nstream\n"
                 .encode("ascii") + data + b"endstream\nendobj\n")
        xref_at = len(self._fixed) + len(tail)
        tail += f"xref\n0 {self._count}\n0000000000 65535 f \n".encode("ascii")
        tail += "".join(f"{offsets[n]:010d} 00000 n \n" for n in range(1, self._count)).encode("ascii")
        md5 = self._fixed_md5.copy()
        md5.update(tail)
        digest = md5.hexdigest()
        tail += (f"trailer\n<<\n/ID [<{digest}><{digest}>]\n/Info {self._info} 0 R\n/Root {self._root} 0 R\n"
                 f"/Size {self._count}\n>>\nstartxref\n{xref_at}\n%%EOF\n").encode("ascii")
        sha256 = self._fixed_sha256.copy()
        sha256.update(tail)
        return self._fixed + bytes(tail), sha256.hexdigest()


_templates: OrderedDict[tuple, _Template] = OrderedDict()
_lock = threading.Lock()


def _image_stamp(branding: Branding) -> tuple:
    """The branding's images as they are on disk now (a replaced logo makes a new template)."""
    stamps = []
    for path in (branding.logo_left, branding.logo_right, branding.instructor_signature,
                 branding.director_signature):
        try:
            stat = os.stat(path) if path is not None else None
        except OSError:
            stat = None
        stamps.append((stat.st_mtime_ns, stat.st_size) if stat is not None else None)
    return tuple(stamps)


def render_fast(page: ConstanciaPage, branding: Branding, layout: TemplateLayout,
                render_full: Callable[[ConstanciaPage, Branding], bytes]) -> tuple[bytes, str]:
    """One constancia's PDF from its branding's template (``render_full`` when the template cannot)."""
    key = (branding, _image_stamp(branding))
    with _lock:
        template = _templates.get(key)
        if template is None:
            template = _templates[key] = _Template(branding, layout)
            while len(_templates) > _CACHE_SIZE:
                _templates.popitem(last=False)
        _templates.move_to_end(key)
        try:
            return template.pdf(page)
        except _Unrenderable:
            pass
    data = render_full(page, branding)
    return data, hashlib.sha256(data).hexdigest()
