"""The coordinators' dashboard: server-rendered pages under ``/panel`` (Jinja2, no scripts).

Every page needs a session (else it redirects to the login form); a
coordinator sees only the units of their regions — another unit's page answers
404 exactly like a unit that does not exist, so URLs cannot be probed. Every
POST form carries the session's CSRF token (the login form a double-submit
cookie); exports and logins are written to the audit table.
"""

from __future__ import annotations

import secrets
from pathlib import Path
from typing import Annotated
from urllib.parse import parse_qs

from fastapi import APIRouter, Query, Request
from fastapi import Path as PathParam
from fastapi.responses import FileResponse, HTMLResponse, RedirectResponse, Response
from jinja2 import Environment, FileSystemLoader, select_autoescape

from server.auth import get_db
from server.coordination import accounts, exports, figures
from server.coordination.accounts import Account

HERE = Path(__file__).parent
SESSION_COOKIE = "aula_panel"
LOGIN_CSRF_COOKIE = "aula_panel_csrf"
PAGE_SIZE = 150
MAX_FORM = 4096
HEADERS = {
    "Content-Security-Policy": ("default-src 'none'; style-src 'self'; img-src 'self'; form-action 'self'; "
                                "base-uri 'none'; frame-ancestors 'none'"),
    "X-Content-Type-Options": "nosniff",
    "X-Frame-Options": "DENY",
    "Referrer-Policy": "no-referrer",
    "Cache-Control": "no-store",
}
_templates = Environment(loader=FileSystemLoader(HERE / "templates"), autoescape=select_autoescape(["j2", "html"]),
                         trim_blocks=True, lstrip_blocks=True)
_ORDERS = {"region": None, "cobertura": False, "-cobertura": True}
CourseParam = Annotated[str | None, Query(max_length=200)]
OrderParam = Annotated[str, Query(max_length=20)]
CodeParam = Annotated[str, PathParam(max_length=40, pattern=r"^[0-9A-Za-z][0-9A-Za-z._\-]*$")]

router = APIRouter(prefix="/panel", include_in_schema=True, tags=["coordinación"])


def _page(name: str, status: int = 200, **values: object) -> HTMLResponse:
    return HTMLResponse(_templates.get_template(name).render(**values), status_code=status, headers=HEADERS)


def _address(request: Request) -> str:
    return request.client.host if request.client else "?"


def _account(request: Request) -> Account | None:
    return accounts.session_account(get_db(request), request.cookies.get(SESSION_COOKIE))


def _to_login() -> RedirectResponse:
    return RedirectResponse("/panel/ingresar", status_code=303, headers=HEADERS)


def _not_found(account: Account) -> HTMLResponse:
    return _page("message.html.j2", 404, account=account, heading="No encontrada",
                 message="La unidad no existe o no está en sus regiones.")


def _allowed(session, account: Account):  # noqa: ANN001, ANN202
    return figures.units_in(session, None if account.sees_all else account.regions)


async def _form(request: Request) -> dict[str, str]:
    body = await request.body()
    if len(body) > MAX_FORM:
        return {}
    try:
        parsed = parse_qs(body.decode("utf-8"), max_num_fields=10)
    except (UnicodeDecodeError, ValueError):
        return {}
    return {key: values[0] for key, values in parsed.items()}


@router.get("/static/panel.css", include_in_schema=False)
def stylesheet() -> FileResponse:
    return FileResponse(HERE / "static" / "panel.css", media_type="text/css",
                        headers={"X-Content-Type-Options": "nosniff", "Cache-Control": "max-age=3600"})


@router.get("/ingresar", response_class=HTMLResponse)
def login_form(request: Request) -> HTMLResponse:
    token = secrets.token_urlsafe(24)
    response = _page("login.html.j2", account=None, csrf=token, email="", error="")
    response.set_cookie(LOGIN_CSRF_COOKIE, token, httponly=True, secure=True, samesite="strict", path="/panel")
    return response


@router.post("/ingresar", response_class=HTMLResponse)
async def login_submit(request: Request) -> Response:
    form = await _form(request)
    cookie = request.cookies.get(LOGIN_CSRF_COOKIE)
    email = form.get("correo", "")[:254]
    if not cookie or not secrets.compare_digest(cookie, form.get("csrf", "")):
        return _page("message.html.j2", 403, account=None, heading="Formulario no válido",
                     message="El formulario caducó o no viene de esta página; vuelva a abrirla e intente de nuevo.")
    try:
        token, _account_ = accounts.login(get_db(request), email, form.get("contrasena", "")[:1024],
                                          _address(request))
    except accounts.LoginRefused as refused:
        return _page("login.html.j2", 401, account=None, csrf=cookie, email=email, error=refused.message)
    response = RedirectResponse("/panel/", status_code=303, headers=HEADERS)
    response.set_cookie(SESSION_COOKIE, token, httponly=True, secure=True, samesite="strict", path="/",
                        max_age=accounts.SESSION_HOURS * 3600)
    response.delete_cookie(LOGIN_CSRF_COOKIE, path="/panel")
    return response


@router.post("/salir", response_class=HTMLResponse)
async def logout(request: Request) -> Response:
    account = _account(request)
    if account is None:
        return _to_login()
    form = await _form(request)
    if not accounts.csrf_ok(account, form.get("csrf")):
        return _page("message.html.j2", 403, account=account, heading="Formulario no válido",
                     message="Falta la protección del formulario (CSRF); la sesión sigue abierta.")
    accounts.logout(get_db(request), request.cookies[SESSION_COOKIE], account, _address(request))
    response = _to_login()
    response.delete_cookie(SESSION_COOKIE, path="/")
    return response


def _institution(request: Request, account: Account, curso: str | None, orden: str):  # noqa: ANN202
    with get_db(request).read() as session:
        allowed = _allowed(session, account)
        course = figures.find_course(session, curso, allowed)
        rows = figures.unit_rows(session, course.id if course else None, allowed)
        available = figures.courses(session, allowed)
    descending = _ORDERS.get(orden)
    if descending is not None:
        rows.sort(key=lambda r: (r.figures.percent, r.code), reverse=descending)
    return course, available, rows


@router.get("/", response_class=HTMLResponse)
def dashboard(request: Request, curso: CourseParam = None, orden: OrderParam = "region") -> Response:
    account = _account(request)
    if account is None:
        return _to_login()
    course, available, rows = _institution(request, account, curso, orden)
    regions = figures.regions(rows)
    if _ORDERS.get(orden) is not None:
        regions.sort(key=lambda r: r.figures.percent, reverse=bool(_ORDERS[orden]))
    return _page("dashboard.html.j2", account=account, course=course, courses=available, regions=regions,
                 total=figures.headline(rows), order=orden if orden in _ORDERS else "region")


def _unit(request: Request, account: Account, code: str, curso: str | None):  # noqa: ANN202
    with get_db(request).read() as session:
        allowed = _allowed(session, account)
        unit = figures.unit_by_code(session, code, allowed)
        if unit is None:
            return None, None, None
        course = figures.find_course(session, curso, [unit.id])
        detail = figures.unit_detail(session, course.id if course else None, unit)
        return course, figures.courses(session, [unit.id]), detail


@router.get("/unidad/{code}", response_class=HTMLResponse)
def unit_page(request: Request, code: CodeParam, curso: CourseParam = None,
              pagina: Annotated[int, Query(ge=1, le=10_000)] = 1) -> Response:
    account = _account(request)
    if account is None:
        return _to_login()
    course, available, detail = _unit(request, account, code, curso)
    if detail is None:
        return _not_found(account)
    start = (pagina - 1) * PAGE_SIZE
    return _page("unit.html.j2", account=account, course=course, courses=available, unit=detail.row,
                 breakdowns=detail.breakdowns, dimensions=figures.DIMENSIONS, labels=figures.LABELS,
                 workers=detail.workers[start:start + PAGE_SIZE], total_workers=len(detail.workers),
                 page=pagina, pages=max(1, -(-len(detail.workers) // PAGE_SIZE)), devices=detail.devices, order="")


def _download(request: Request, account: Account, name: str, fmt: str, header: list[str],
              rows: list[list[object]]) -> Response:
    accounts.audit(get_db(request), account.email, "export", f"{name}.{fmt} ({len(rows)} filas)",
                   _address(request))
    if fmt == "csv":
        body, media = exports.to_csv(header, rows), "text/csv; charset=utf-8"
    else:
        body = exports.to_xlsx("Cobertura", header, rows)
        media = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    return Response(body, media_type=media, headers={**HEADERS, "Content-Disposition":
                                                     f'attachment; filename="{name}.{fmt}"'})


FormatParam = Annotated[str, PathParam(pattern="^(csv|xlsx)$")]


@router.get("/exportar/unidades.{fmt}")
def export_units(request: Request, fmt: FormatParam, curso: CourseParam = None,
                 orden: OrderParam = "region") -> Response:
    account = _account(request)
    if account is None:
        return _to_login()
    course, _available, rows = _institution(request, account, curso, orden)
    name = f"cobertura-{course.code if course else 'sin-curso'}"
    return _download(request, account, _safe(name), fmt, exports.UNITS_HEADER, exports.unit_table(rows))


@router.get("/exportar/unidad/{code}.{fmt}")
def export_unit(request: Request, code: CodeParam, fmt: FormatParam, curso: CourseParam = None) -> Response:
    account = _account(request)
    if account is None:
        return _to_login()
    course, _available, detail = _unit(request, account, code, curso)
    if detail is None:
        return _not_found(account)
    name = f"cobertura-{detail.row.code}-{course.code if course else 'sin-curso'}"
    return _download(request, account, _safe(name), fmt, exports.WORKERS_HEADER, exports.worker_table(detail))


def _safe(name: str) -> str:
    return "".join(ch if ch.isalnum() or ch in "-_." else "_" for ch in name)[:120]
