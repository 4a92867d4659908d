"""Every error the API returns: ``{"error": code, "message": Spanish}`` with a 4xx status.

Handlers here turn framework errors (validation, unknown routes, wrong methods)
into the same shape, and an unexpected exception into a logged 500 that never
leaks details.
"""

from __future__ import annotations

import logging

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from sqlalchemy.exc import OperationalError
from starlette.exceptions import HTTPException as StarletteHTTPException

log = logging.getLogger(__name__)


class ApiError(Exception):
    """An error answer with an HTTP status, a machine code and a Spanish message."""

    def __init__(self, status: int, code: str, message: str, headers: dict[str, str] | None = None) -> None:
        super().__init__(f"{status} {code}: {message}")
        self.status = status
        self.code = code
        self.message = message
        self.headers = headers


def error_response(status: int, code: str, message: str, headers: dict[str, str] | None = None) -> JSONResponse:
    headers = dict(headers or {})
    if status == 401:
        headers["WWW-Authenticate"] = "Bearer"
    return JSONResponse({"error": code, "message": message}, status_code=status, headers=headers or None)


_HTTP_CODES = {
    400: ("bad_request", "La solicitud no es válida."),
    401: ("unauthorized", "Falta la credencial del equipo."),
    403: ("forbidden", "No tiene permiso para esta operación."),
    404: ("not_found", "No existe esa dirección."),
    405: ("method_not_allowed", "Método no permitido en esta dirección."),
    413: ("too_large", "La solicitud es demasiado grande."),
    415: ("unsupported_media_type", "Formato de contenido no admitido."),
}


def _describe_validation(exc: RequestValidationError) -> str:
    parts = []
    for error in exc.errors()[:5]:
        where = ".".join(str(p) for p in error.get("loc", ()) if p != "body")
        parts.append(f"{where or 'cuerpo'}: {error.get('msg', 'valor no válido')}")
    return "Datos no válidos: " + "; ".join(parts)


def install_handlers(app: FastAPI) -> None:
    """Register the handlers that give every error the same JSON shape."""

    @app.exception_handler(ApiError)
    async def _api_error(_request: Request, exc: ApiError) -> JSONResponse:
        return error_response(exc.status, exc.code, exc.message, exc.headers)

    @app.exception_handler(RequestValidationError)
    async def _validation(_request: Request, exc: RequestValidationError) -> JSONResponse:
        return error_response(422, "invalid_request", _describe_validation(exc)[:2000])

    @app.exception_handler(StarletteHTTPException)
    async def _http(_request: Request, exc: StarletteHTTPException) -> JSONResponse:
        code, message = _HTTP_CODES.get(exc.status_code, ("error", "La solicitud no se pudo atender."))
        return error_response(exc.status_code, code, message)

    @app.exception_handler(OperationalError)
    async def _database_down(_request: Request, exc: OperationalError) -> JSONResponse:
        log.error("database unavailable: %s", exc)
        return error_response(503, "database_unavailable",
                              "La base de datos del servidor no responde; intente más tarde.")

    @app.exception_handler(Exception)
    async def _unexpected(_request: Request, exc: Exception) -> JSONResponse:
        log.exception("unexpected error", exc_info=exc)
        return error_response(500, "internal", "Error interno del servidor.")
