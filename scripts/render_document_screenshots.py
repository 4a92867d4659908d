"""Render sample documents to PNG for the user guide: ``docs/screenshots/``.

Run: ``.venv/bin/python scripts/render_document_screenshots.py [--out DIR] [--dpi 100]``

Makes a constancia, a DC-3, the first page of a sign-in sheet and of a group
report from sample data (no database), then converts each first page with
``pdftoppm``. The signature images are drawn here as neutral scribbles.
"""

from __future__ import annotations

import argparse
import dataclasses
import datetime as dt
import math
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "tests" / "unit"))

from document_samples import (  # noqa: E402
    branding,
    certified,
    report_activities,
    report_rows,
    report_sessions,
    sheet,
)
from PIL import Image, ImageDraw  # noqa: E402

from app.documents.constancia import write_constancias  # noqa: E402
from app.documents.dc3 import write_dc3  # noqa: E402
from app.documents.group_report import write_group_report  # noqa: E402
from app.documents.models import ConstanciaPage, Dc3Page, GroupReport  # noqa: E402
from app.documents.sign_in_sheet import write_sign_in_sheet  # noqa: E402
from app.domain.signing import generate_keypair, key_id, sign_fields  # noqa: E402


def scribble(path: Path, seed: int) -> Path:
    """A neutral, made-up signature stroke (transparent PNG)."""
    image = Image.new("RGBA", (600, 200), (0, 0, 0, 0))
    draw = ImageDraw.Draw(image)
    points = [(40 + t * 5.2, 110 + 45 * math.sin(t / (6 + seed)) * math.cos(t / 17))
              for t in range(100)]
    draw.line(points, fill=(20, 40, 110, 255), width=6, joint="curve")
    draw.line([(90, 150), (520, 130)], fill=(20, 40, 110, 255), width=4)
    image.save(path)
    return path


def to_png(pdf: Path, out: Path, dpi: int) -> Path:
    stem = out.with_suffix("")
    subprocess.run(["pdftoppm", "-r", str(dpi), "-png", "-f", "1", "-l", "1", "-singlefile",
                    str(pdf), str(stem)], check=True)
    return out


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, default=ROOT / "docs" / "screenshots")
    parser.add_argument("--dpi", type=int, default=100)
    args = parser.parse_args()
    if shutil.which("pdftoppm") is None:
        print("pdftoppm no está instalado (paquete poppler-utils)", file=sys.stderr)
        return 1
    args.out.mkdir(parents=True, exist_ok=True)

    with tempfile.TemporaryDirectory() as temporary:
        work = Path(temporary)
        brand = dataclasses.replace(
            branding(),
            instructor_signature=scribble(work / "firma-instructor.png", 1),
            director_signature=scribble(work / "firma-director.png", 3),
        )
        private, public = generate_keypair()
        fields = certified(key_id(public), 42, "María de los Ángeles Núñez Ibáñez")
        qr_text = sign_fields(fields, private)
        issued = dt.date(2026, 11, 25)

        documents = {
            "constancia.png": work / "constancia.pdf",
            "dc3.png": work / "dc3.pdf",
            "lista-de-asistencia.png": work / "lista.pdf",
            "reporte-de-grupo.png": work / "reporte.pdf",
        }
        write_constancias([ConstanciaPage(fields, qr_text, issued)], brand,
                          documents["constancia.png"])
        write_dc3([Dc3Page(
            worker_name="Núñez Ibáñez María de los Ángeles", curp="NUIM850312MDFXBR01",
            occupation="02.1 Enfermería", position="Enfermera general",
            employer_name="Instituto de Salud de Ejemplo", employer_rfc="ISE430119AB1",
            course_name=fields.course_name, hours=fields.hours, period_start=fields.first_day,
            period_end=fields.last_day, thematic_area="6000 Desarrollo personal y familiar",
            training_agent="Instituto de Salud de Ejemplo (instructor interno)",
            instructor_name=fields.instructor_name,
            employer_representative="Dra. Rosa Elena Martínez Ortiz",
            workers_representative="C. Pedro Ramírez Soto", folio=fields.folio, qr_text=qr_text,
        )], brand, documents["dc3.png"])
        write_sign_in_sheet(sheet(40), brand, documents["lista-de-asistencia.png"])
        write_group_report(GroupReport(
            course_name="Curso Básico de Buen Trato", group_code="SER-BT-2026-014",
            venue="Unidad de Medicina Familiar No. 28", instructor_name="Lic. Ana Ruiz Ibáñez",
            sessions=report_sessions(), activities=report_activities(), rows=report_rows(24),
            generated_on=issued,
        ), brand, documents["reporte-de-grupo.png"])

        for name, pdf in documents.items():
            print(to_png(pdf, args.out / name, args.dpi))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
