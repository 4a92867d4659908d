"""Constancias per second into one combined PDF, against a text-only baseline.

Run: ``.venv/bin/python bench/bench_constancias.py [--people 600]``

Three figures, measured in the same run on one core:

* ``text-only``: the same layout and texts, no QR (the baseline);
* ``with QR``: the real constancia pages, QR texts signed beforehand;
* ``sign + QR``: signing each constancia too, as issuing does;
* ``naive QR``: for comparison, ``qrcode`` with automatic mask drawn as a PIL
  image per page (measured on fewer pages: it is slow).

Ratios are against the baseline, so they mean the same on any machine.
"""

from __future__ import annotations

import argparse
import datetime as dt
import io
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from app.documents import constancia as constancia_pdf  # noqa: E402
from app.documents import qr  # noqa: E402
from app.documents.fonts import RESOURCES_DIR  # noqa: E402
from app.documents.models import Branding, ConstanciaPage  # noqa: E402
from app.domain.signing import CertifiedFields, generate_keypair, key_id, sign_fields  # noqa: E402

GIVEN = ("María José", "José Ángel", "Guadalupe", "Juan Carlos", "Ana Sofía", "Héctor", "Ramón")
SURNAMES = ("Hernández", "Martínez", "Núñez", "Ibáñez", "García", "Peña", "Gómez", "Ortiz")


def people(count: int, device: str) -> list[CertifiedFields]:
    days = (dt.date(2026, 11, 24), dt.date(2026, 11, 25))
    return [
        CertifiedFields(
            folio=f"{device}-2026-{i + 1:06d}",
            worker_name=f"{GIVEN[i % 7]} {SURNAMES[i % 8]} {SURNAMES[(i // 8) % 8]}",
            curp_masked="HEMA******M*****0" + str(i % 10),
            course_name="Curso Básico de Buen Trato",
            hours=12,
            dates=days,
            venue="Unidad de Medicina Familiar No. 28 «Gabriel Mancera»",
            instructor_name="Lic. José Ángel Peña Ibáñez",
        )
        for i in range(count)
    ]


def naive_qr(canvas, text: str, x: float, y: float, side: float) -> None:
    """What a first version would do: a PIL image per QR, via the qrcode package."""
    import qrcode
    from reportlab.lib.utils import ImageReader

    code = qrcode.QRCode(error_correction=qrcode.constants.ERROR_CORRECT_M, border=qr.QUIET_ZONE,
                         box_size=4)
    code.add_data(text)
    code.make(fit=True)
    image = code.make_image().get_image()
    canvas.drawImage(ImageReader(image), x, y, side, side)


def timed(run) -> float:
    start = time.perf_counter()
    run()
    return time.perf_counter() - start


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--people", type=int, default=600)
    parser.add_argument("--repeat", type=int, default=3, help="best of N runs")
    args = parser.parse_args()

    private, public = generate_keypair()
    fields = people(args.people, key_id(public))
    branding = Branding(
        "Instituto de Salud de Ejemplo", "Programa SER: Saludar, Escuchar, Responder",
        RESOURCES_DIR / "branding" / "placeholder-institution.png",
        RESOURCES_DIR / "branding" / "placeholder-unit.png",
        director_name="Dra. Rosa Elena Martínez Ortiz",
    )
    issued = dt.date(2026, 11, 25)
    pages = [ConstanciaPage(f, sign_fields(f, private), issued) for f in fields]

    def text_only() -> None:
        constancia_pdf.write_constancias(pages, branding, io.BytesIO(), qr_renderer=None)

    def with_qr() -> None:
        constancia_pdf.write_constancias(pages, branding, io.BytesIO())

    def sign_and_qr() -> None:
        signed = (ConstanciaPage(f, sign_fields(f, private), issued) for f in fields)
        constancia_pdf.write_constancias(signed, branding, io.BytesIO())

    naive_count = min(args.people, 60)

    def naive() -> None:
        constancia_pdf.write_constancias(pages[:naive_count], branding, io.BytesIO(),
                                         qr_renderer=naive_qr)

    with_qr()  # warm caches (fonts, QR layouts)
    results = {}
    runs = (("text-only", text_only, args.people), ("with QR", with_qr, args.people),
            ("sign + QR", sign_and_qr, args.people), ("naive QR", naive, naive_count))
    for name, run, count in runs:
        results[name] = (count, min(timed(run) for _ in range(args.repeat)))
    base = args.people / results["text-only"][1]
    print(f"constancias into one PDF, best of {args.repeat} runs, one process:")
    for name, (count, seconds) in results.items():
        rate = count / seconds
        print(f"  {name:<10} {count:5d} pages {seconds:7.3f} s {rate:8.1f} constancias/s"
              f"  ratio to text-only {rate / base:5.2f}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
