"""``GET /v1/coverage``: the coverage figures as JSON, scoped like the rest of the API.

A device (bearer token) reads only its own unit; a signed-in coordinator
(dashboard session cookie) any unit or region of theirs; an admin everything.
A unit or region outside the caller's scope answers 404, like one that does
not exist.
"""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Depends, Query, Request
from fastapi.security import HTTPAuthorizationCredentials, HTTPBearer
from pydantic import BaseModel

from app.sync.protocol import HEADER_APP_VERSION, HEADER_SCHEMA, ErrorBody
from server.auth import authenticate, client_versions, get_db
from server.coordination import accounts, figures
from server.coordination.web import SESSION_COOKIE
from server.errors import ApiError

_bearer = HTTPBearer(auto_error=False, description="Token del equipo, o la sesión del tablero (cookie).")
router = APIRouter(tags=["coordinación"])
_ERRORS: dict[int | str, dict[str, Any]] = {status: {"model": ErrorBody} for status in (400, 401, 403, 404, 422, 426)}


class CoverageFigures(BaseModel):
    expected: int
    trained: int
    eligible: int
    in_progress: int
    not_qualified: int
    pending: int
    left_staff: int
    coverage_percent: float


class UnitCoverage(BaseModel):
    code: str
    name: str
    region: str
    kind: str
    figures: CoverageFigures


class Breakdown(BaseModel):
    value: str
    figures: CoverageFigures


class CoverageResponse(BaseModel):
    course_id: str | None
    course_code: str | None
    course_name: str | None
    headline: CoverageFigures
    units: list[UnitCoverage]
    breakdowns: dict[str, list[Breakdown]] | None = None


def _figures(f: figures.Figures) -> CoverageFigures:
    return CoverageFigures(expected=f.expected, coverage_percent=f.percent, **f.counts)


_Code = Annotated[str | None, Query(min_length=1, max_length=40, pattern=r"^[0-9A-Za-z][0-9A-Za-z._\-]*$")]
_NO_NUL = r"^[^\x00]+$"  # PostgreSQL refuses NUL in text


@router.get("/v1/coverage", response_model=CoverageResponse, responses=_ERRORS)
def coverage(request: Request,
             credentials: Annotated[HTTPAuthorizationCredentials | None, Depends(_bearer)],
             unit: _Code = None,
             region: Annotated[str | None, Query(min_length=1, max_length=120, pattern=_NO_NUL)] = None,
             course: Annotated[str | None, Query(min_length=1, max_length=200, pattern=_NO_NUL)] = None,
             ) -> CoverageResponse:
    db = get_db(request)
    if unit and region:
        raise ApiError(400, "unit_or_region", "Indique la unidad o la región, no ambas.")
    account = None
    if credentials is None:
        account = accounts.session_account(db, request.cookies.get(SESSION_COOKIE))
        if account is None:
            raise ApiError(401, "unauthorized", "Falta la credencial del equipo o la sesión del tablero.")
    else:
        client_versions(request.headers.get(HEADER_SCHEMA), request.headers.get(HEADER_APP_VERSION))
        caller = authenticate(db, credentials.credentials)
    with db.read() as session:
        if account is not None:
            allowed = figures.units_in(session, None if account.sees_all else account.regions)
            if region is not None and not account.sees_all and region not in account.regions:
                raise ApiError(404, "not_found", "La región no existe o no está en su alcance.")
        else:
            if region is not None:
                raise ApiError(403, "forbidden", "Un equipo solo consulta la cobertura de su unidad.")
            allowed = list(caller.unit_ids)
        if region is not None:
            in_region = set(figures.units_in(session, [region]) or [])
            allowed = [u for u in (allowed if allowed is not None else in_region) if u in in_region]
            if not allowed:
                raise ApiError(404, "not_found", "La región no existe o no está en su alcance.")
        chosen = None
        if unit is not None:
            chosen = figures.unit_by_code(session, unit, allowed)
            if chosen is None:
                raise ApiError(404, "not_found", "La unidad no existe o no está en su alcance.")
            allowed = [chosen.id]
        found = figures.find_course(session, course, allowed)
        if course is not None and found is None:
            raise ApiError(404, "course_not_found", "El curso no existe en el servidor.")
        course_id = found.id if found else None
        rows = figures.unit_rows(session, course_id, allowed)
        detail = figures.unit_detail(session, course_id, chosen) if chosen is not None else None
    return CoverageResponse(
        course_id=course_id, course_code=found.code if found else None, course_name=found.name if found else None,
        headline=_figures(figures.headline(rows)),
        units=[UnitCoverage(code=r.code, name=r.name, region=r.region, kind=r.kind, figures=_figures(r.figures))
               for r in rows],
        breakdowns=None if detail is None else {
            key: [Breakdown(value=value, figures=_figures(f)) for value, f in values]
            for key, values in detail.breakdowns.items()})
