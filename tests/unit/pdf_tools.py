"""Poppler and zbar helpers for document tests: PDF → PNG → QR texts, PDF → text."""

from __future__ import annotations

import subprocess
from pathlib import Path


def pdf_to_pngs(pdf: Path, resolution: int = 150) -> list[Path]:
    """Render every page with ``pdftoppm -r`` and return the PNGs in page order."""
    stem = pdf.with_suffix("")
    subprocess.run(["pdftoppm", "-r", str(resolution), "-png", str(pdf), str(stem)], check=True)
    return sorted(pdf.parent.glob(f"{stem.name}-*.png"), key=lambda p: int(p.stem.rsplit("-", 1)[1]))


def qr_texts(png: Path) -> list[str]:
    """Every QR text zbar finds in the image (``zbarimg --raw -q``)."""
    result = subprocess.run(["zbarimg", "--raw", "-q", "-Sdisable", "-Sqrcode.enable", str(png)],
                            capture_output=True, text=True)
    return [line for line in result.stdout.splitlines() if line]


def pdf_text(pdf: Path, page: int | None = None) -> str:
    """The text of the PDF (or of one page) from ``pdftotext -layout``."""
    args = ["pdftotext", "-layout", "-enc", "UTF-8"]
    if page is not None:
        args += ["-f", str(page), "-l", str(page)]
    result = subprocess.run([*args, str(pdf), "-"], capture_output=True, text=True, check=True)
    return result.stdout


def page_count(pdf: Path) -> int:
    info = subprocess.run(["pdfinfo", str(pdf)], capture_output=True, text=True, check=True).stdout
    return int(next(line for line in info.splitlines() if line.startswith("Pages:")).split()[1])


def embedded_fonts(pdf: Path) -> str:
    """``pdffonts`` listing (name, type, emb, sub columns)."""
    return subprocess.run(["pdffonts", str(pdf)], capture_output=True, text=True, check=True).stdout
