"""Constancias per second: issued through the service, and into one combined PDF.

Run: ``.venv/bin/python bench/bench_constancias.py [--people 1000]``

First, issuing through the service (:func:`app.services.constancias.issue_constancias`:
one transaction per constancia with its folio, snapshot, signature, PDF hash,
outbox op and audit entry, SQLite with ``synchronous=FULL``) for a group of
``--people`` who all qualify, against the PDF-only rate of the same run
(``with QR`` below). Then the PDF figures, measured in the same run on one core:

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
import json
import os
import random
import sys
import tempfile
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


def issue_through_the_service(count: int) -> tuple[int, float]:
    """(constancias issued, seconds) for a fresh group of ``count`` people who all qualify."""
    with tempfile.TemporaryDirectory() as tmp:
        os.environ["AULA_HOME"] = str(Path(tmp) / "home")  # never the real data directory
        from app.services import attendance, catalog, constancias, groups, participation, roster, staff
        from app.services.context import Context
        from app.services.demo import make_staff
        from app.storage.keys import load_or_create_keys

        now = [dt.datetime(2026, 11, 24, 7, 30)]
        ctx = Context.open(Path(tmp) / "aula.sqlite3", actor="bench", clock=lambda: now[0])
        ctx.issuer = constancias.Issuer(load_or_create_keys(Path(tmp) / "keys"), "https://verifica.example.mx")
        unit = catalog.create_unit(ctx, "UMF28", "Unidad de Medicina Familiar No. 28 «Gabriel Mancera»")
        catalog.ensure_default_courses(ctx)
        course = next(c for c in catalog.list_courses(ctx) if c.code == "SER-BT")
        report = staff.ImportReport(Path("bench"))
        with ctx.db.write() as s:
            staff.upsert_records(ctx, s, make_staff(random.Random(1), count), unit_id=unit.id,
                                 in_staff_list=True, report=report, action="bench")
        day = dt.date(2026, 11, 24)
        plans = [groups.SessionPlan(day + dt.timedelta(days=i), t.start, t.end) for i, t in enumerate(course.sessions)]
        group = groups.create_group(ctx, course_id=course.id, unit_id=unit.id, sessions=plans, capacity=count,
                                    instructors="Lic. José Ángel Peña Ibáñez")
        for worker_id in report.worker_ids:
            roster.enroll(ctx, group.id, worker_id)
        for session in groups.get_group(ctx, group.id).sessions:
            attendance.mark_all_present(ctx, session.id)
            for activity in session.activities:
                participation.mark_everyone(ctx, activity.id)
        now[0] = dt.datetime.combine(plans[-1].date, dt.time(23, 0))
        start = time.perf_counter()
        issued = constancias.issue_constancias(ctx, group.id).issued
        seconds = time.perf_counter() - start
        ctx.close()
    return len(issued), seconds


def timed(run) -> float:
    start = time.perf_counter()
    run()
    return time.perf_counter() - start


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--people", type=int, default=1000)
    parser.add_argument("--repeat", type=int, default=3, help="best of N runs")
    parser.add_argument("--json", action="store_true", help="print the figures as JSON on the last line")
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
    service_count, service_seconds = issue_through_the_service(args.people)
    service_rate = service_count / service_seconds
    pdf_rate = args.people / results["with QR"][1]
    print(f"issued through the service: {service_count} constancias in {service_seconds:.2f} s = "
          f"{service_rate:.1f} constancias/s; PDF-only (with QR) {pdf_rate:.1f} pages/s; "
          f"ratio service / PDF-only {service_rate / pdf_rate:.2f}")
    base = args.people / results["text-only"][1]
    print(f"constancias into one PDF, best of {args.repeat} runs, one process:")
    for name, (count, seconds) in results.items():
        rate = count / seconds
        print(f"  {name:<10} {count:5d} pages {seconds:7.3f} s {rate:8.1f} constancias/s"
              f"  ratio to text-only {rate / base:5.2f}")
    if args.json:
        print(json.dumps({"people": args.people, "service_per_s": round(service_rate, 1),
                          "pdf_only_per_s": round(pdf_rate, 1), "ratio": round(service_rate / pdf_rate, 3),
                          "text_only_per_s": round(base, 1)}))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
