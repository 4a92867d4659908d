"""The ``aula-server`` command: run the server and administer it.

Every subcommand has ``--help``, exits 0 on success and prints a one-line
reason (in Spanish) and exits non-zero otherwise. ``AULA_SERVER_HOME`` and
``AULA_SERVER_DATABASE_URL`` select the data directory and the database.
"""

from __future__ import annotations

import argparse
import logging
import logging.handlers
import sys
from collections.abc import Callable, Sequence
from pathlib import Path

from sqlalchemy.exc import SQLAlchemyError

from app.argparse_es import SpanishArgumentParser
from server import __version__
from server.config import ENROLL_CODE_HOURS, Settings, load_settings
from server.db import Database
from server.enrollment import AdminError

log = logging.getLogger(__name__)


class CommandError(Exception):
    """A command that cannot complete; the message is the one line shown."""


def _setup_logging(settings: Settings, verbose: bool) -> None:
    root = logging.getLogger()
    root.setLevel(logging.INFO)
    console = logging.StreamHandler(sys.stderr)
    console.setLevel(logging.INFO if verbose else logging.WARNING)
    console.setFormatter(logging.Formatter("%(asctime)s %(levelname)s %(name)s: %(message)s"))
    root.addHandler(console)
    try:
        settings.log_dir.mkdir(parents=True, exist_ok=True)
        handler = logging.handlers.RotatingFileHandler(settings.log_dir / "server.log", maxBytes=5_000_000,
                                                       backupCount=3, encoding="utf-8")
        handler.setFormatter(logging.Formatter("%(asctime)s %(levelname)s %(name)s: %(message)s"))
        root.addHandler(handler)
    except OSError as exc:
        log.warning("cannot write the log file: %s", exc)


def _open(settings: Settings) -> Database:
    db = Database(settings.database_url)
    try:
        db.ping()
    except SQLAlchemyError as exc:
        db.dispose()
        raise CommandError("la base de datos no está inicializada o no responde; "
                           "ejecute «aula-server init»") from exc
    return db


def cmd_init(settings: Settings, _args: argparse.Namespace) -> None:
    db = Database(settings.database_url)
    try:
        db.migrate()
    finally:
        db.dispose()
    print(f"Base de datos lista ({db.dialect}).")


def cmd_serve(settings: Settings, args: argparse.Namespace) -> None:
    import faulthandler

    import uvicorn

    faulthandler.enable()  # a crash in a C extension leaves a Python traceback on stderr

    from server.app import create_app

    db = Database(settings.database_url)
    if not args.no_migrate:
        db.migrate()
    log.info("serving on %s:%d (%s, %d workers)", args.host, args.port, db.dialect, args.workers)
    if args.workers > 1:
        db.dispose()  # each worker process opens its own pools
        uvicorn.run("server.coordination.serving:build", factory=True, workers=args.workers, host=args.host,
                    port=args.port, log_level="warning", access_log=args.access_log, timeout_graceful_shutdown=5)
        return
    app = create_app(db, registrations_per_minute=settings.registrations_per_minute)
    uvicorn.run(app, host=args.host, port=args.port, log_level="warning", access_log=args.access_log,
                timeout_graceful_shutdown=5)


def cmd_create_unit(settings: Settings, args: argparse.Namespace) -> None:
    from server.admin import create_unit

    db = _open(settings)
    unit = create_unit(db, args.code, args.name)
    print(f"Unidad {unit.code} creada (id {unit.id}).")


def cmd_enroll_code(settings: Settings, args: argparse.Namespace) -> None:
    from server.enrollment import create_code

    db = _open(settings)
    code, expires = create_code(db, args.unit, args.role, args.hours)
    if args.qr:
        import qrcode

        try:
            qrcode.make(code).save(args.qr)
        except OSError as exc:
            raise CommandError(f"no se pudo guardar el QR en {args.qr}: {exc.strerror}") from exc
    print(code)
    print(f"Código de un solo uso para {args.role} de la unidad {args.unit}; vence "
          f"{expires.isoformat(timespec='minutes')} (UTC).", file=sys.stderr)


def cmd_import_staff(settings: Settings, args: argparse.Namespace) -> None:
    from server.staff_import import ImportFileError, import_staff

    db = _open(settings)
    try:
        report = import_staff(db, args.file, args.unit)
    except ImportFileError as exc:
        raise CommandError(str(exc)) from exc
    print("\n".join(report.lines()))


def cmd_import_courses(settings: Settings, args: argparse.Namespace) -> None:
    from server.catalogue import import_courses

    print(import_courses(_open(settings), args.file).line())


def cmd_list_devices(settings: Settings, _args: argparse.Namespace) -> None:
    from server.admin import list_devices

    rows = list_devices(_open(settings))
    if not rows:
        print("No hay equipos inscritos.")
        return
    print("id\tcódigo\tunidad\trol\tinscrito\túltimo contacto\testado")
    for r in rows:
        print(f"{r.id}\t{r.code}\t{r.unit_code}\t{r.role}\t{r.enrolled_at}\t{r.last_seen_at}\t{r.state}")


def cmd_revoke_device(settings: Settings, args: argparse.Namespace) -> None:
    from server.admin import revoke_device

    device = revoke_device(_open(settings), args.device, args.reason)
    print(f"Equipo {device.code} dado de baja.")


def cmd_revoke_constancia(settings: Settings, args: argparse.Namespace) -> None:
    from server.admin import revoke_constancia

    index = revoke_constancia(_open(settings), args.folio, args.reason)
    print(f"Constancia {index.folio} revocada.")


def cmd_import_units(settings: Settings, args: argparse.Namespace) -> None:
    from server.coordination.units_import import ImportFileError, import_units

    try:
        report = import_units(_open(settings), args.file)
    except ImportFileError as exc:
        raise CommandError(str(exc)) from exc
    print("\n".join(report.lines()))


def _read_password() -> str:
    import getpass

    if sys.stdin.isatty():
        first = getpass.getpass("Contraseña: ")
        if getpass.getpass("Repita la contraseña: ") != first:
            raise CommandError("las contraseñas no coinciden")
        return first
    return sys.stdin.readline().rstrip("\r\n")


def cmd_create_user(settings: Settings, args: argparse.Namespace) -> None:
    from server.coordination.accounts import create_user

    db = _open(settings)
    user = create_user(db, args.email, args.role, args.region or [], _read_password())
    regions = ", ".join(user.region_list) or "todas"
    print(f"Cuenta {user.email} ({args.role}; regiones: {regions}) lista.")


def cmd_backup(settings: Settings, args: argparse.Namespace) -> None:
    from server.coordination.operations import backup

    seconds = backup(settings.database_url, args.file)
    print(f"Respaldo guardado en {args.file} en {seconds:.2f} s.")


def cmd_restore(settings: Settings, args: argparse.Namespace) -> None:
    from server.coordination.operations import restore

    seconds = restore(settings.database_url, args.file)
    print(f"Base de datos restaurada desde {args.file} en {seconds:.2f} s.")


def build_parser() -> argparse.ArgumentParser:
    parser = SpanishArgumentParser(prog="aula-server", description="Servidor central de Aula.")
    parser.add_argument("--version", action="version", version=f"aula-server {__version__}")
    parser.add_argument("-v", "--verbose", action="store_true", help="mostrar mensajes informativos")
    sub = parser.add_subparsers(dest="command", metavar="COMANDO")

    def add(name: str, handler: Callable[[Settings, argparse.Namespace], None], help_text: str,
            description: str | None = None) -> argparse.ArgumentParser:
        p = sub.add_parser(name, help=help_text, description=description or help_text)
        p.set_defaults(handler=handler)
        return p

    add("init", cmd_init, "Crea o actualiza la base de datos del servidor.")
    p = add("serve", cmd_serve, "Atiende la API y las páginas de verificación.")
    p.add_argument("--host", default="127.0.0.1", help="dirección en la que escuchar (127.0.0.1)")
    p.add_argument("--port", type=int, default=8000, help="puerto (8000)")
    p.add_argument("--no-migrate", action="store_true", help="no actualizar la base de datos al iniciar")
    p.add_argument("--access-log", action="store_true", help="registrar cada solicitud")
    p.add_argument("--workers", type=int, default=1, help="procesos que atienden solicitudes (1)")
    p = add("create-unit", cmd_create_unit, "Da de alta una unidad (centro de trabajo).")
    p.add_argument("code", help="clave de la unidad, p. ej. UMF-07")
    p.add_argument("name", help="nombre de la unidad")
    p = add("enroll-code", cmd_enroll_code, "Crea un código de inscripción de un solo uso.")
    p.add_argument("--unit", required=True, help="clave de la unidad")
    p.add_argument("--role", required=True, choices=["instructor", "director"], help="rol del equipo")
    p.add_argument("--hours", type=int, default=ENROLL_CODE_HOURS, help=f"vigencia en horas ({ENROLL_CODE_HOURS})")
    p.add_argument("--qr", metavar="ARCHIVO.png", help="guardar también el código como QR")
    p = add("import-staff", cmd_import_staff, "Importa la plantilla de una unidad desde CSV o XLSX.",
            "Importa la plantilla de una unidad desde CSV o XLSX con las mismas reglas que la aplicación; "
            "los equipos de la unidad reciben a los trabajadores al sincronizar. Las filas con problemas se "
            "listan y no se importan; volver a importar el mismo archivo no cambia nada.")
    p.add_argument("file", type=Path, metavar="ARCHIVO", help="plantilla en CSV o XLSX")
    p.add_argument("--unit", required=True, metavar="CLAVE", help="clave de la unidad, p. ej. UMF-07")
    p = add("import-courses", cmd_import_courses, "Importa el catálogo central de cursos desde JSON.",
            "Crea o actualiza los cursos del catálogo central a partir de un archivo JSON con la forma de "
            "resources/courses.json. Todos los equipos reciben estos cursos al sincronizar y pueden abrir "
            "grupos de ellos, pero ninguno puede modificarlos; volver a importar el mismo archivo no cambia nada.")
    p.add_argument("file", type=Path, metavar="ARCHIVO", help="catálogo de cursos en JSON")
    p = add("import-units", cmd_import_units, "Importa el catálogo de unidades (clave, nombre, tipo, región).",
            "Crea o actualiza las unidades y su región (delegación) a partir de un CSV o XLSX con las columnas "
            "Clave, Nombre, Tipo y Región. Las filas con problemas se listan y no se importan; volver a "
            "importar el mismo archivo no cambia nada.")
    p.add_argument("file", type=Path, metavar="ARCHIVO", help="catálogo de unidades en CSV o XLSX")
    p = add("create-user", cmd_create_user, "Crea una cuenta del tablero de coordinación.",
            "Crea (o reemplaza) una cuenta del tablero web. La contraseña se pide en la terminal o se lee de "
            "la entrada estándar cuando no es una terminal. Un coordinador solo ve sus regiones.")
    p.add_argument("email", metavar="CORREO", help="correo de la cuenta")
    p.add_argument("--role", required=True, choices=["coordinator", "admin"], help="rol de la cuenta")
    p.add_argument("--region", action="append", metavar="REGIÓN", help="región que ve (repetible)")
    p = add("backup", cmd_backup, "Respalda la base de datos sin detener el servidor.")
    p.add_argument("file", type=Path, metavar="ARCHIVO", help="archivo del respaldo")
    p = add("restore", cmd_restore, "Restaura la base de datos desde un respaldo (detenga el servidor antes).")
    p.add_argument("file", type=Path, metavar="ARCHIVO", help="archivo del respaldo")
    add("list-devices", cmd_list_devices, "Lista los equipos inscritos.")
    p = add("revoke-device", cmd_revoke_device, "Da de baja un equipo; su credencial deja de servir al instante.")
    p.add_argument("device", help="id o código del equipo")
    p.add_argument("--reason", default="dado de baja por el administrador", help="motivo")
    p = add("revoke-constancia", cmd_revoke_constancia, "Revoca una constancia por su folio.")
    p.add_argument("folio", help="folio, p. ej. ABCDEFGH-2026-000001")
    p.add_argument("--reason", required=True, help="motivo de la revocación")
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    """Entry point of ``aula-server``; returns the exit code."""
    parser = build_parser()
    args = parser.parse_args(argv)
    if not getattr(args, "handler", None):
        parser.print_help()
        return 2
    try:
        settings = load_settings()
    except OSError as exc:
        print(f"error: no se pudo preparar el directorio de datos: {exc}", file=sys.stderr)
        return 1
    _setup_logging(settings, args.verbose)
    try:
        args.handler(settings, args)
    except (AdminError, CommandError) as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 1
    except SQLAlchemyError as exc:
        log.debug("database error", exc_info=exc)
        print(f"error: la base de datos no respondió: {type(exc).__name__}", file=sys.stderr)
        return 1
    except KeyboardInterrupt:
        return 130
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
