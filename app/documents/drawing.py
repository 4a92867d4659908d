"""Small drawing helpers shared by the builders: colours, wrapping, images."""

from __future__ import annotations

import logging
from pathlib import Path

from reportlab.lib.colors import Color, HexColor
from reportlab.lib.utils import ImageReader, simpleSplit

from app.documents.fonts import string_width

logger = logging.getLogger(__name__)

INK = HexColor("#1A1A1A")
ACCENT = HexColor("#1F4E5F")
GOLD = HexColor("#A8864F")
MUTED = HexColor("#5A5A5A")
RULE = HexColor("#9AA5AB")
SHADE = HexColor("#E8EEF0")
WHITE = Color(1, 1, 1)


def wrap(text: str, font: str, size: float, width: float, max_lines: int | None = None) -> list[str]:
    """Split ``text`` into lines no wider than ``width``; the last line gets an
    ellipsis when ``max_lines`` cuts it short."""
    lines = simpleSplit(text, font, size, width) or [""]
    if max_lines is not None and len(lines) > max_lines:
        kept = lines[:max_lines]
        last = kept[-1]
        while last and string_width(last + "…", font, size) > width:
            last = last[:-1].rstrip()
        kept[-1] = last + "…"
        return kept
    return lines


def ellipsize(text: str, font: str, size: float, width: float) -> str:
    """``text`` cut with an ellipsis so that it fits ``width``."""
    if string_width(text, font, size) <= width:
        return text
    while text and string_width(text + "…", font, size) > width:
        text = text[:-1]
    return text.rstrip() + "…"


def draw_spaced_centred(canvas, text: str, x: float, y: float, font: str, size: float,
                        spacing: float) -> None:
    """Centred text with extra space between letters (for titles)."""
    width = string_width(text, font, size) + spacing * (len(text) - 1)
    canvas.saveState()
    obj = canvas.beginText(x - width / 2, y)
    obj.setFont(font, size)
    obj.setCharSpace(spacing)
    obj.textOut(text)
    canvas.drawText(obj)
    canvas.restoreState()


def draw_image_fit(canvas, path: Path | None, x: float, y: float, width: float, height: float,
                   anchor: str = "c") -> bool:
    """Draw an image inside a box keeping its aspect ratio; ``False`` when absent.

    A missing or unreadable file is logged and skipped: a document without a
    logo is better than no document.
    """
    if path is None:
        return False
    try:
        reader = ImageReader(str(path))
    except OSError:
        logger.warning("Could not read image %s; printing without it", path)
        return False
    canvas.drawImage(reader, x, y, width, height, preserveAspectRatio=True, anchor=anchor,
                     mask="auto")
    return True
