"""``aula enroll``, ``aula unenroll`` and ``aula sync`` (registered by ``app.cli``).

``aula sync`` exits 0 only when the outbox has no pending op and the pull
reached the end; otherwise it prints one Spanish line saying why and exits 1.
"""

from __future__ import annotations

import argparse
import sys
from typing import TYPE_CHECKING

from app.sync.status import SyncPhase, SyncStatus

if TYPE_CHECKING:
    from app.services.context import Context


def _engine(ctx: Context):  # noqa: ANN202 - imported on use: requests and the engine load only for these commands
    from app.sync.engine import SyncEngine
    return SyncEngine(ctx)


def enroll_args(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("url", help="dirección del servidor, p. ej. https://aula.su-institucion.mx")
    parser.add_argument("code", help="código de inscripción de un solo uso (o el texto de su código QR)")


def cmd_enroll(args: argparse.Namespace, ctx: Context) -> int:
    engine = _engine(ctx)
    try:
        result = engine.enroll(args.url, args.code)
    finally:
        engine.close()
    role = "dirección" if result.role == "director" else "instructor(a)"
    print(f"Equipo {result.device_code} inscrito en {result.server_url}: unidad {result.unit_code} "
          f"({result.unit_name}), perfil {role}.")
    print("Ejecute «aula sync» para enviar y recibir los datos.")
    return 0


def cmd_unenroll(args: argparse.Namespace, ctx: Context) -> int:
    _engine(ctx).unenroll()
    print("El equipo ya no está inscrito en ningún servidor; los datos locales se conservan.")
    return 0


def failure_reason(status: SyncStatus) -> str | None:
    """Why a round did not leave the device up to date, in one Spanish line; None when it did."""
    phase = status.phase
    if phase is SyncPhase.NOT_ENROLLED:
        return "el equipo no está inscrito; use «aula enroll URL CÓDIGO»."
    if phase is SyncPhase.REVOKED:
        return "el servidor dio de baja este equipo; pida un código nuevo al administrador."
    if phase is SyncPhase.REENROLL_REQUIRED:
        return ("esta base de datos no es la que el servidor conoce (restaurada o copiada); "
                "inscriba el equipo de nuevo con «aula enroll».")
    if phase is SyncPhase.UPDATE_REQUIRED:
        return "el servidor requiere una versión más reciente de Aula; actualice Aula."
    if phase is SyncPhase.REJECTED:
        return f"{status.rejected_ops} cambios rechazados por el servidor esperan revisión."
    if phase is SyncPhase.OFFLINE:
        return (f"sin conexión con el servidor ({status.reason or 'no responde'}); "
                f"{status.pending_ops} cambios por enviar.")
    if phase is not SyncPhase.UP_TO_DATE or status.pending_ops:
        return f"la sincronización no terminó; {status.pending_ops} cambios por enviar."
    return None


def cmd_sync(args: argparse.Namespace, ctx: Context) -> int:
    engine = _engine(ctx)
    interactive = sys.stdout.isatty()

    def progress(done: int, total: int, text: str) -> None:
        line = f"{text} ({done}/{total})"
        if interactive:
            print(f"\r{line:<60}", end="", flush=True)

    try:
        status = engine.run_round(progress=progress)
    finally:
        engine.close()
    if interactive:
        print()
    reason = failure_reason(status)
    if reason:
        print(f"aula sync: {reason}", file=sys.stderr)
        return 1
    print(f"Al día: nada por enviar, {status.server_url} sin cambios pendientes de recibir.")
    return 0
