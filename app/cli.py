"""The ``aula`` command (DESIGN §7).

``aula`` with no arguments opens the GUI. Every subcommand has ``--help``,
exits 0 on success and prints a one-line reason on stderr otherwise.
"""

from __future__ import annotations

import argparse
import logging
import sys
from collections.abc import Callable, Sequence
from pathlib import Path

from app import __version__
from app.argparse_es import SpanishArgumentParser
from app.domain.errors import UserError
from app.services.context import Context
from app.storage.errors import DatabaseDamaged

log = logging.getLogger(__name__)

Command = Callable[[argparse.Namespace, Context], int]
_COMMANDS: dict[str, tuple[Command, Callable[[argparse.ArgumentParser], None], str]] = {}


def command(name: str, help_text: str,
            configure: Callable[[argparse.ArgumentParser], None] = lambda parser: None):
    """Register a subcommand: the decorated function runs it, ``configure`` adds its arguments."""
    def decorate(func: Command) -> Command:
        _COMMANDS[name] = (func, configure, help_text)
        return func
    return decorate


def _group_option(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--group", required=True, help="id o clave del grupo")


def _demo_args(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--staff", type=int, default=300, help="trabajadores en la plantilla (300)")
    parser.add_argument("--force", action="store_true",
                        help="borrar la base de datos existente (se guarda una copia) y crear otra")


@command("demo", "crear una base de datos de demostración", configure=_demo_args)
def cmd_demo(args: argparse.Namespace, ctx: Context) -> int:
    from app.services import demo
    summary = demo.create_demo(ctx, staff_count=args.staff)
    print(f"Base de demostración creada en {ctx.db.path}")
    print(f"  Unidad {summary.unit_code}: {summary.workers} trabajadores en la plantilla")
    print(f"  Grupo concluido {summary.finished_group}: {summary.qualified} acreditan, "
          f"{summary.not_qualified} no acreditan")
    print(f"  Grupo próximo {summary.upcoming_group}")
    return 0



@command("groups", "listar los grupos con su clave, curso, fechas y conteos")
def cmd_groups(args: argparse.Namespace, ctx: Context) -> int:
    from app.services.groups import list_groups
    from app.services.results import with_qualified
    rows = with_qualified(ctx, list_groups(ctx))
    if not rows:
        print("No hay grupos. Cree uno en la aplicación o ejecute «aula demo».")
        return 0
    print(f"{'ID':36}  {'CLAVE':28}  {'CURSO':8}  {'FECHAS':23}  {'INSCRITOS':>9}  {'ASISTIERON':>10}  "
          f"{'ESTADO':9}  RESULTADOS")
    for g in rows:
        dates = f"{g.first_date} – {g.last_date}" if g.first_date else "sin fechas"
        print(f"{g.id!s:36}  {g.code:28}  {g.course_code:8}  {dates:23}  {g.enrolled:>9}  {g.attended:>10}  "
              f"{_PHASES[g.phase]:9}  {g.results_text()}".rstrip())
    return 0


_PHASES = {"upcoming": "próximo", "in_progress": "en curso", "finished": "concluido"}


_CLEAR_EMPTY_HELP = ("una celda vacía borra el dato guardado (sin esta opción, las celdas vacías y las "
                     "columnas que faltan dejan los datos como estaban)")


def _staff_args(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("file", type=Path, help="archivo CSV o XLSX")
    parser.add_argument("--unit", required=True, help="clave de la unidad, p. ej. UMF07")
    parser.add_argument("--clear-empty", action="store_true", help=_CLEAR_EMPTY_HELP)


@command("import-staff", "importar la plantilla de una unidad desde CSV o XLSX", configure=_staff_args)
def cmd_import_staff(args: argparse.Namespace, ctx: Context) -> int:
    from app.services.staff import import_staff
    print("\n".join(import_staff(ctx, args.file, args.unit, clear_empty=args.clear_empty).lines()))
    return 0



def _roster_args(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("file", type=Path, help="archivo CSV o XLSX")
    _group_option(parser)
    parser.add_argument("--clear-empty", action="store_true", help=_CLEAR_EMPTY_HELP)


@command("import-roster", "importar la lista de participantes de un grupo", configure=_roster_args)
def cmd_import_roster(args: argparse.Namespace, ctx: Context) -> int:
    from app.services.groups import find_group
    from app.services.roster import import_roster
    group = find_group(ctx, args.group)
    print("\n".join(import_roster(ctx, args.file, group.id, clear_empty=args.clear_empty).lines()))
    return 0



def _constancias_args(parser: argparse.ArgumentParser) -> None:
    _group_option(parser)
    parser.add_argument("--out", required=True, type=Path, help="carpeta donde guardar los PDF")


@command("constancias", "emitir las constancias de quienes acreditan y guardarlas en PDF",
         configure=_constancias_args)
def cmd_constancias(args: argparse.Namespace, ctx: Context) -> int:
    from app.services import constancias
    from app.services.groups import find_group, get_group
    group = find_group(ctx, args.group)
    report = constancias.issue_constancias(ctx, group.id)
    print(f"Grupo {group.code}: {len(report.issued)} constancias emitidas, "
          f"{len(report.already_issued)} ya emitidas, {len(report.not_qualified)} no acreditan.")
    for person in report.not_qualified:
        print(f"  No acredita: {person.name} — {person.reasons}")
    for person in report.not_issuable:
        print(f"  Sin emitir: {person.name} — {person.reasons}")
    if not report.issued and not report.already_issued:
        return 0
    args.out.mkdir(parents=True, exist_ok=True)
    combined = args.out / f"constancias-{group.code}.pdf"
    pages = constancias.print_constancias(ctx, group.id, combined)
    files = constancias.save_individual_pdfs(ctx, group.id, args.out / "individuales")
    print(f"  {combined} ({pages} páginas) y {len(files)} archivos en {args.out / 'individuales'}")
    if get_group(ctx, group.id).course.dc3_enabled:
        dc3 = args.out / f"dc3-{group.code}.pdf"
        print(f"  DC-3: {dc3} ({constancias.print_dc3(ctx, group.id, dc3)} páginas)")
    return 0




def _sheet_args(parser: argparse.ArgumentParser) -> None:
    _group_option(parser)
    parser.add_argument("--session", required=True, type=int, help="número de sesión (1, 2, …)")
    parser.add_argument("--out", required=True, type=Path, help="archivo PDF a escribir")


@command("sign-in-sheet", "imprimir la lista de asistencia de una sesión (PDF)", configure=_sheet_args)
def cmd_sign_in_sheet(args: argparse.Namespace, ctx: Context) -> int:
    from app.services.groups import find_group
    from app.services.reports import write_sign_in_sheet
    group = find_group(ctx, args.group)
    pages = write_sign_in_sheet(ctx, group.id, args.session, args.out)
    print(f"Lista de asistencia de la sesión {args.session} de {group.code}: {args.out} ({pages} páginas)")
    return 0



def _report_args(parser: argparse.ArgumentParser) -> None:
    _group_option(parser)
    parser.add_argument("--out", required=True, type=Path, help="archivo PDF a escribir")


@command("group-report", "imprimir el reporte del grupo con resultados y motivos (PDF)",
         configure=_report_args)
def cmd_group_report(args: argparse.Namespace, ctx: Context) -> int:
    from app.services.groups import find_group
    from app.services.reports import write_group_report
    group = find_group(ctx, args.group)
    write_group_report(ctx, group.id, args.out)
    print(f"Reporte del grupo {group.code}: {args.out}")
    return 0



def _verify_args(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("text", help="el texto del código QR (la dirección que contiene)")


@command("verify", "verificar una constancia por el texto de su código QR (0 solo si es válida)",
         configure=_verify_args)
def cmd_verify(args: argparse.Namespace, ctx: Context) -> int:
    from app.services.constancias import verify
    check = verify(ctx, args.text)
    print(check.message)
    fields = check.verification.fields
    if fields is not None:
        print(f"  Folio: {fields.folio}")
        print(f"  Nombre: {fields.worker_name}")
        print(f"  Curso: {fields.course_name} ({fields.hours} horas)")
        print(f"  Fechas: {fields.dates_text}")
        print(f"  Sede: {fields.venue}")
        print(f"  Instructor(a): {fields.instructor_name}")
    return 0 if check.ok else 1



_UNIT_OPTIONS = {
    "name": ("--name", "nombre de la unidad"),
    "director_name": ("--director", "director(a) que firma las constancias"),
    "employer_name": ("--employer", "razón social del patrón (DC-3)"),
    "employer_rfc": ("--rfc", "RFC del patrón con homoclave (DC-3)"),
    "employer_representative": ("--employer-representative", "patrón o representante legal que firma la DC-3"),
    "workers_representative": ("--workers-representative", "representante de los trabajadores (DC-3)"),
    "training_agent": ("--training-agent", "agente capacitador o su registro ante la STPS (DC-3)"),
}


def _unit_args(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("code", help="clave de la unidad, p. ej. UMF07")
    for field, (flag, help_text) in _UNIT_OPTIONS.items():
        parser.add_argument(flag, dest=field, help=help_text)


@command("unit", "ver o cambiar los datos de una unidad: director y datos del patrón para la DC-3",
         configure=_unit_args)
def cmd_unit(args: argparse.Namespace, ctx: Context) -> int:
    from app.services import catalog
    details = {field: getattr(args, field) for field in _UNIT_OPTIONS if getattr(args, field) is not None}
    unit = catalog.update_unit(ctx, args.code, **details) if details else catalog.get_unit(ctx, args.code)
    print(f"{unit.code}: {unit.name}")
    for field, (_flag, help_text) in list(_UNIT_OPTIONS.items())[1:]:
        label = help_text.split(" (")[0]
        print(f"  {label[0].upper()}{label[1:]}: {getattr(unit, field) or '—'}")
    return 0



_DOCUMENT_OPTIONS = {
    "institution_name": ("--institution", "nombre de la institución (encabezado)"),
    "programme_name": ("--programme", "programa o área (segunda línea del encabezado)"),
    "instructor_title": ("--instructor-title", "cargo bajo la firma del instructor"),
    "director_title": ("--director-title", "cargo bajo la firma del director"),
    "logo_left": ("--logo-left", "logotipo izquierdo (PNG o JPEG; \"\" lo quita)"),
    "logo_right": ("--logo-right", "logotipo derecho (PNG o JPEG; \"\" lo quita)"),
    "instructor_signature": ("--instructor-signature", "firma escaneada del instructor (PNG o JPEG)"),
    "director_signature": ("--director-signature", "firma escaneada del director (PNG o JPEG)"),
    "verify_base_url": ("--verify-url", "dirección de verificación impresa en el QR (\"\": ninguna)"),
}


def _documents_args(parser: argparse.ArgumentParser) -> None:
    for field, (flag, help_text) in _DOCUMENT_OPTIONS.items():
        parser.add_argument(flag, dest=field, help=help_text)


@command("documents", "ver o cambiar lo que imprimen las constancias: institución, logotipos, firmas y "
         "dirección de verificación del QR", configure=_documents_args)
def cmd_documents(args: argparse.Namespace, ctx: Context) -> int:
    from app.services import document_settings
    from app.services.document_settings import IMAGE_FIELDS
    values = {field: getattr(args, field) for field in _DOCUMENT_OPTIONS if getattr(args, field) is not None}
    for field in IMAGE_FIELDS:
        if field in values:
            values[field] = Path(values[field]) if values[field] else None
    settings = (document_settings.save_document_settings(ctx, **values) if values
                else document_settings.get_document_settings(ctx))
    for field, (_flag, help_text) in _DOCUMENT_OPTIONS.items():
        label = help_text.split(" (")[0]
        value = getattr(settings, field)
        shown = value.name if isinstance(value, Path) else value
        if field == "verify_base_url" and not value:
            shown = document_settings.NOT_CONFIGURED.lower()
        print(f"{label[0].upper()}{label[1:]}: {shown or '—'}")
    return 0



def _course_args(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("code", help="clave del curso, p. ej. SER-BT")
    switch = parser.add_mutually_exclusive_group(required=True)
    switch.add_argument("--dc3", dest="dc3", action="store_true", help="emitir también la DC-3")
    switch.add_argument("--no-dc3", dest="dc3", action="store_false", help="no emitir la DC-3")
    parser.add_argument("--thematic-area", help="clave y nombre del área temática del catálogo de la STPS")


@command("course", "configurar la DC-3 de un curso", configure=_course_args)
def cmd_course(args: argparse.Namespace, ctx: Context) -> int:
    from app.services import catalog
    course = catalog.configure_dc3(ctx, args.code, enabled=args.dc3, thematic_area=args.thematic_area)
    state = f"con DC-3 (área temática {course.dc3_thematic_area})" if course.dc3_enabled else "sin DC-3"
    print(f"{course.code}: {course.name}, {state}")
    return 0



@command("backup", "guardar ahora un respaldo verificado de la base de datos (se conservan los 10 más "
         "recientes)")
def cmd_backup(args: argparse.Namespace, ctx: Context) -> int:
    from app.services.backups import back_up
    print(f"Respaldo guardado y verificado: {back_up(ctx, 'manual')}")
    return 0


def _restore_args(parser: argparse.ArgumentParser) -> None:
    which = parser.add_mutually_exclusive_group(required=True)
    which.add_argument("file", nargs="?", type=Path, help="respaldo a restaurar (una base de datos de Aula)")
    which.add_argument("--latest", action="store_true",
                       help="restaurar el respaldo más reciente que esté en buen estado")


@command("restore", "reemplazar la base de datos por un respaldo (la actual se guarda aparte, no se borra)",
         configure=_restore_args)
def cmd_restore(args: argparse.Namespace, ctx: None) -> int:
    from app.services.backups import latest_good_backup, restore_database
    from app.storage import paths
    db_path = args.db or paths.database_path()
    source = args.file
    if args.latest:
        source = latest_good_backup(db_path)
        if source is None:
            raise UserError(f"No hay respaldos en buen estado en {db_path.parent / 'backups'}.")
    restored = restore_database(db_path, source)
    Context.open(db_path).close()  # brings an older backup's schema up to date, or fails loudly now
    aside = f" La anterior se guardó como {restored.set_aside}." if restored.set_aside else ""
    print(f"Base de datos {db_path} restaurada desde {source}.{aside}")
    return 0


# Commands that must not open the database first (it may be the damaged file they replace).
_WITHOUT_DATABASE = {"restore"}


def _damaged_hint(exc: DatabaseDamaged) -> str:
    from app.services.backups import latest_good_backup
    newest = latest_good_backup(exc.path)
    if newest is None:
        return f"No hay respaldos en buen estado en {exc.path.parent / 'backups'}."
    return f"Respaldo en buen estado más reciente: {newest} («aula restore --latest»)."


def _register_sync_commands() -> None:
    from app.sync import cli_commands as sync_cli
    command("enroll", "inscribir este equipo en el servidor central con un código de un solo uso",
            configure=sync_cli.enroll_args)(sync_cli.cmd_enroll)
    command("unenroll", "dejar de sincronizar con el servidor (los datos locales se conservan)")(sync_cli.cmd_unenroll)
    command("sync", "enviar los cambios y recibir los del servidor (0 solo si queda al día)")(sync_cli.cmd_sync)


_register_sync_commands()


def build_parser() -> argparse.ArgumentParser:
    parser = SpanishArgumentParser(
        prog="aula", description="Aula: asistencia, participación y constancias. Sin argumentos abre la aplicación.")
    parser.add_argument("--version", action="version", version=f"aula {__version__}")
    parser.add_argument("--db", type=Path, help="archivo de base de datos (por omisión, el de AULA_HOME)")
    sub = parser.add_subparsers(dest="command", metavar="COMANDO")
    for name, (_func, configure, help_text) in _COMMANDS.items():
        configure(sub.add_parser(name, help=help_text, description=help_text))
    return parser


def _open_context(args: argparse.Namespace) -> Context:
    if args.command != "demo":
        return Context.open(args.db)
    from app.services.catalog import list_units
    from app.storage import paths
    from app.storage.migrate import backup
    path = args.db or paths.database_path()
    if path.exists():
        existing = Context.open(path)
        try:
            has_data = bool(list_units(existing))
        finally:
            existing.close()
        if has_data and not args.force:
            raise UserError(f"Ya existe una base de datos con datos en {path}; use --force para "
                               "reemplazarla (se guardará una copia) o defina AULA_HOME con otra carpeta.")
        if has_data:
            backup(path, "before-demo")
        for suffix in ("", "-wal", "-shm"):
            Path(f"{path}{suffix}").unlink(missing_ok=True)
    return Context.open(path, actor="demo")


def main(argv: Sequence[str] | None = None) -> int:
    argv = list(sys.argv[1:] if argv is None else argv)
    parser = build_parser()
    args = parser.parse_args(argv)
    if args.command is None:
        parser.print_help()
        return 2
    logging.basicConfig(level=logging.WARNING, format="%(levelname)s %(name)s: %(message)s")
    if args.command in _WITHOUT_DATABASE:
        try:
            return _COMMANDS[args.command][0](args, None)
        except UserError as exc:
            print(f"aula {args.command}: {exc}", file=sys.stderr)
            return 1
    try:
        ctx = _open_context(args)
    except DatabaseDamaged as exc:
        print(f"aula: {exc} {_damaged_hint(exc)}", file=sys.stderr)
        return 1
    except UserError as exc:
        print(f"aula: {exc}", file=sys.stderr)
        return 1
    try:
        return _COMMANDS[args.command][0](args, ctx)
    except UserError as exc:
        print(f"aula {args.command}: {exc}", file=sys.stderr)
        return 1
    except OSError as exc:
        print(f"aula {args.command}: {exc.strerror or exc}: {exc.filename or ''}".rstrip(": "), file=sys.stderr)
        return 1
    finally:
        ctx.close()


if __name__ == "__main__":
    sys.exit(main())
