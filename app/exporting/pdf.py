"""The coverage report in PDF: headline, a bar chart per breakdown, the pending list with signature lines."""

from __future__ import annotations

import threading
from pathlib import Path
from xml.sax.saxutils import escape

from reportlab.graphics.shapes import Drawing, Rect, String
from reportlab.lib import colors
from reportlab.lib.pagesizes import letter
from reportlab.lib.styles import ParagraphStyle
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont
from reportlab.platypus import KeepTogether, Paragraph, SimpleDocTemplate, Spacer, Table, TableStyle

from app.exporting.model import Chart, CoverageReport

FONTS_DIR = Path(__file__).resolve().parents[2] / "resources" / "fonts"
REGULAR, BOLD = "AulaExport-Regular", "AulaExport-Bold"
PAGE_WIDTH, PAGE_HEIGHT = letter
MARGIN = 40.0
#: One colour per status, in the order of the chart's series (pendiente first).
PALETTE = ("#c0392b", "#2e86c1", "#e67e22", "#8e44ad", "#1e8449")
_lock = threading.Lock()


def _register_fonts() -> None:
    with _lock:
        if REGULAR in pdfmetrics.getRegisteredFontNames():
            return
        pdfmetrics.registerFont(TTFont(REGULAR, str(FONTS_DIR / "Lato-Regular.ttf")))
        pdfmetrics.registerFont(TTFont(BOLD, str(FONTS_DIR / "Lato-Bold.ttf")))


def chart_drawing(chart: Chart, width: float) -> Drawing:
    """Horizontal stacked bars, one per category, with its count and a legend."""
    label_width, bar_height, gap = 170.0, 12.0, 5.0
    rows = len(chart.categories)
    height = 18 + rows * (bar_height + gap) + 20
    drawing = Drawing(width, height)
    drawing.add(String(0, height - 12, chart.title, fontName=BOLD, fontSize=10))
    totals = [sum(values[n] for _, values in chart.series) for n in range(rows)]
    scale = (width - label_width - 30) / max(totals or [1]) if any(totals) else 0
    for n, category in enumerate(chart.categories):
        y = height - 18 - (n + 1) * (bar_height + gap)
        name = category if len(category) <= 34 else category[:33] + "…"
        drawing.add(String(0, y + 3, name, fontName=REGULAR, fontSize=8))
        x = label_width
        for (_, values), colour in zip(chart.series, PALETTE):
            if values[n]:
                drawing.add(Rect(x, y, values[n] * scale, bar_height, fillColor=colors.HexColor(colour),
                                 strokeColor=None))
                x += values[n] * scale
        drawing.add(String(x + 4, y + 3, str(totals[n]), fontName=REGULAR, fontSize=8))
    x = 0.0
    for (label, _), colour in zip(chart.series, PALETTE):
        drawing.add(Rect(x, 2, 8, 8, fillColor=colors.HexColor(colour), strokeColor=None))
        drawing.add(String(x + 11, 3, label, fontName=REGULAR, fontSize=7.5))
        x += 14 + pdfmetrics.stringWidth(label, REGULAR, 7.5) + 10
    return drawing


def write_coverage_pdf(report: CoverageReport, path: Path) -> Path:
    _register_fonts()
    styles = {
        "title": ParagraphStyle("title", fontName=BOLD, fontSize=15, leading=19),
        "body": ParagraphStyle("body", fontName=REGULAR, fontSize=9.5, leading=12),
        "h2": ParagraphStyle("h2", fontName=BOLD, fontSize=11.5, leading=15, spaceBefore=8, spaceAfter=4),
        "cell": ParagraphStyle("cell", fontName=REGULAR, fontSize=8.5, leading=10),
    }
    width = PAGE_WIDTH - 2 * MARGIN
    story = [Paragraph(escape(f"Cobertura de {report.course_name} ({report.course_code})"), styles["title"]),
             Paragraph(escape(f"{report.unit_name} ({report.unit_code}) · {report.freshness}"), styles["body"]),
             Spacer(0, 8)]
    headline = Table([[escape(label), _number(value)] for label, value in report.headline],
                     colWidths=[width * 0.6, width * 0.4])
    headline.setStyle(TableStyle([("FONT", (0, 0), (-1, -1), REGULAR, 10), ("FONT", (1, 0), (1, -1), BOLD, 10),
                                  ("LINEBELOW", (0, 0), (-1, -1), 0.3, colors.HexColor("#cccccc"))]))
    story += [headline, Spacer(0, 10)]
    for chart in report.charts:
        story += [chart_drawing(chart, width), Spacer(0, 10)]
    story.append(Paragraph(escape(f"Pendientes de capacitar ({len(report.pending)})"), styles["h2"]))
    rows = [["Matrícula", "Nombre", "Servicio", "Turno", "Firma de enterado"]]
    rows += [[Paragraph(escape(c), styles["cell"]) for c in p] + [""] for p in report.pending]
    table = Table(rows, colWidths=[58, 160, 120, 62, width - 400], repeatRows=1)
    table.setStyle(TableStyle([
        ("FONT", (0, 0), (-1, 0), BOLD, 8.5), ("FONT", (0, 1), (-1, -1), REGULAR, 8.5),
        ("VALIGN", (0, 0), (-1, -1), "BOTTOM"), ("BOTTOMPADDING", (0, 1), (-1, -1), 9),
        ("TOPPADDING", (0, 1), (-1, -1), 9),
        ("LINEBELOW", (0, 0), (-1, 0), 0.6, colors.black),
        ("LINEBELOW", (4, 1), (4, -1), 0.5, colors.black),
    ]))
    story.append(table)
    story.append(KeepTogether([Spacer(0, 40), Paragraph("_" * 40, styles["body"]),
                               Paragraph("Nombre y firma de quien dirige la unidad", styles["body"])]))
    path.parent.mkdir(parents=True, exist_ok=True)
    document = SimpleDocTemplate(str(path), pagesize=letter, leftMargin=MARGIN, rightMargin=MARGIN,
                                 topMargin=MARGIN, bottomMargin=MARGIN,
                                 title=f"Cobertura {report.unit_code} {report.course_code}", author="Aula")
    document.build(story)
    return path


def _number(value) -> str:
    if hasattr(value, "strftime"):
        return value.strftime("%d/%m/%Y")
    if isinstance(value, float):
        return f"{value:.1f} %"
    return "—" if value is None else str(value)
