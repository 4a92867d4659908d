"""The embedded OFL typeface (Lato), registered with reportlab once per process.

Lato covers every character of Mexican Spanish (á é í ó ú ü ñ ¿ ¡ « » º) and
is licensed under the SIL Open Font License (``resources/fonts/OFL.txt``),
which allows embedding it in every PDF we produce.
"""

from __future__ import annotations

import logging
import threading
from pathlib import Path

from reportlab.lib.fonts import addMapping
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont

logger = logging.getLogger(__name__)

RESOURCES_DIR = Path(__file__).resolve().parents[2] / "resources"
FONTS_DIR = RESOURCES_DIR / "fonts"

REGULAR = "Aula-Regular"
BOLD = "Aula-Bold"
ITALIC = "Aula-Italic"
LIGHT = "Aula-Light"

_FILES = {
    REGULAR: "Lato-Regular.ttf",
    BOLD: "Lato-Bold.ttf",
    ITALIC: "Lato-Italic.ttf",
    LIGHT: "Lato-Light.ttf",
}
_lock = threading.Lock()
_registered = False


def register_fonts(fonts_dir: Path = FONTS_DIR) -> None:
    """Register the typeface with reportlab (idempotent and thread-safe).

    Raises:
        FileNotFoundError: a font file is missing from ``fonts_dir``.
    """
    global _registered
    with _lock:
        if _registered:
            return
        for name, filename in _FILES.items():
            path = fonts_dir / filename
            if not path.is_file():
                raise FileNotFoundError(f"No se encontró la fuente {path}")
            pdfmetrics.registerFont(TTFont(name, str(path)))
        family = REGULAR
        addMapping(family, 0, 0, REGULAR)
        addMapping(family, 1, 0, BOLD)
        addMapping(family, 0, 1, ITALIC)
        addMapping(family, 1, 1, BOLD)
        _registered = True
        logger.debug("Registered fonts from %s", fonts_dir)


def string_width(text: str, font: str, size: float) -> float:
    """Width of ``text`` in points."""
    return pdfmetrics.stringWidth(text, font, size)


def fit_size(text: str, font: str, size: float, max_width: float, min_size: float = 8) -> float:
    """The largest size up to ``size`` at which ``text`` fits ``max_width``."""
    width = string_width(text, font, size)
    if width <= max_width:
        return size
    return max(min_size, size * max_width / width)
