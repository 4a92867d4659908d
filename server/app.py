"""The FastAPI application: routes only; the rules live in the modules they call."""

from __future__ import annotations

import logging
import uuid
from typing import Annotated, Any

from fastapi import Body, Depends, FastAPI, Path, Query, Request
from fastapi.middleware.gzip import GZipMiddleware
from fastapi.responses import HTMLResponse
from sqlalchemy import or_, select
from sqlmodel import col

from app.sync.protocol import (
    DEFAULT_PULL_LIMIT,
    MAX_INT,
    MAX_PULL_LIMIT,
    MIN_SCHEMA_VERSION,
    SCHEMA_VERSION,
    BootstrapResponse,
    ChallengeResponse,
    DeviceKey,
    DeviceKeysResponse,
    EpochRequest,
    EpochResponse,
    ErrorBody,
    HealthResponse,
    PullResponse,
    PushRequest,
    PushResponse,
    RegisterRequest,
    RegisterResponse,
    VerificationStatus,
    VerifyResponse,
)
from server import __version__, enrollment, push, reading, verify
from server.auth import Caller, current_device, get_db
from server.config import REGISTRATIONS_PER_MINUTE
from server.db import Database
from server.errors import ApiError, error_response, install_handlers
from server.limits import BodyLimitMiddleware
from server.models import Device, as_utc
from server.ratelimit import AttemptLimiter

log = logging.getLogger(__name__)

_ERRORS: dict[int | str, dict[str, Any]] = {
    status: {"model": ErrorBody} for status in (400, 401, 403, 409, 413, 415, 422, 426, 429, 503)}
AuthDevice = Annotated[Caller, Depends(current_device)]


def create_app(db: Database, registrations_per_minute: int = REGISTRATIONS_PER_MINUTE) -> FastAPI:
    """The API bound to ``db`` (already migrated)."""
    api = FastAPI(title="Aula — servidor central", version=__version__,
                  description="Sincronización, inscripción de equipos y verificación de constancias.")
    api.state.db = db
    install_handlers(api)
    api.add_middleware(BodyLimitMiddleware)
    # Pull and bootstrap pages are JSON that compresses tenfold on slow links.
    api.add_middleware(GZipMiddleware, minimum_size=1024)
    registrations = AttemptLimiter(registrations_per_minute)

    def _limit_registration(request: Request) -> None:
        wait = registrations.retry_after(request.client.host if request.client else "?")
        if wait is not None:
            raise ApiError(429, "too_many_attempts",
                           f"Demasiados intentos de inscripción desde esta dirección; intente en {wait} s.",
                           headers={"Retry-After": str(wait)})

    @api.get("/v1/health", response_model=HealthResponse, responses={503: {"model": ErrorBody}}, tags=["estado"])
    def health(request: Request):  # noqa: ANN202
        database = get_db(request)
        try:
            database.ping()
        except Exception as exc:  # noqa: BLE001 - any failure means "not healthy"
            log.warning("health check failed: %s", exc)
            return error_response(503, "database_unavailable", "La base de datos del servidor no responde.")
        return HealthResponse(status="ok", database=database.dialect, schema_version=SCHEMA_VERSION,
                              min_schema_version=MIN_SCHEMA_VERSION)

    limited = [Depends(_limit_registration)]  # runs before the body is even validated

    @api.post("/v1/devices/challenge", response_model=ChallengeResponse, responses=_ERRORS, tags=["equipos"],
              dependencies=limited)
    def challenge(request: Request) -> ChallengeResponse:
        return enrollment.new_challenge(get_db(request))

    @api.post("/v1/devices/register", response_model=RegisterResponse, responses=_ERRORS, tags=["equipos"],
              dependencies=limited)
    def register(request: Request, body: Annotated[RegisterRequest, Body()]) -> RegisterResponse:
        return enrollment.register(get_db(request), body)

    @api.post("/v1/devices/epoch", response_model=EpochResponse, responses=_ERRORS, tags=["equipos"])
    def device_epoch(request: Request, caller: AuthDevice, body: Annotated[EpochRequest, Body()]) -> EpochResponse:
        return enrollment.advance_epoch(get_db(request), caller.device_id, body)

    @api.get("/v1/devices/keys", response_model=DeviceKeysResponse, responses=_ERRORS, tags=["equipos"])
    def device_keys(request: Request, caller: AuthDevice) -> DeviceKeysResponse:
        # What a device needs to verify offline: the keys of its own unit's
        # devices, and every revoked device (so a stolen laptop's constancias
        # are refused anywhere) — not a directory of every unit's devices.
        with get_db(request).read() as session:
            devices = list(session.scalars(select(Device).where(
                or_(col(Device.unit_id).in_(caller.unit_ids), col(Device.revoked_at).is_not(None)))
                .order_by(col(Device.code))))
        return DeviceKeysResponse(keys=[
            DeviceKey(device_id=uuid.UUID(d.id), device_code=d.code, public_key=d.public_key,
                      enrolled_at=as_utc(d.enrolled_at), revoked_at=as_utc(d.revoked_at)) for d in devices])

    @api.post("/v1/sync/push", response_model=PushResponse, responses=_ERRORS, tags=["sincronización"])
    def sync_push(request: Request, caller: AuthDevice, body: Annotated[PushRequest, Body()]) -> PushResponse:
        return PushResponse(results=push.push(get_db(request), caller, body.ops))

    @api.get("/v1/sync/pull", response_model=PullResponse, responses=_ERRORS, tags=["sincronización"])
    def sync_pull(request: Request, caller: AuthDevice,
                  since: Annotated[int, Query(ge=0, le=MAX_INT)] = 0,
                  limit: Annotated[int, Query(ge=1, le=MAX_PULL_LIMIT)] = DEFAULT_PULL_LIMIT) -> PullResponse:
        return reading.pull(get_db(request), caller, since, limit)

    @api.get("/v1/sync/bootstrap", response_model=BootstrapResponse, responses=_ERRORS, tags=["sincronización"])
    def sync_bootstrap(request: Request, caller: AuthDevice,
                       unit: Annotated[str, Query(min_length=1, max_length=40,
                                                  pattern=r"^[0-9A-Za-z][0-9A-Za-z._\-]*$")],
                       page: Annotated[int, Query(ge=0, le=1_000_000)] = 0) -> BootstrapResponse:
        return reading.bootstrap(get_db(request), caller, unit, page)

    @api.get("/v1/constancias/verify", response_model=VerifyResponse, responses=_ERRORS, tags=["verificación"])
    def verify_json(request: Request, text: Annotated[str, Query(min_length=1, max_length=4096)]) -> VerifyResponse:
        result = verify.verify(get_db(request), text)
        if result.status is VerificationStatus.MALFORMED:
            raise ApiError(400, "malformed_qr", result.message)
        return result

    @api.get("/v/{payload}", response_class=HTMLResponse, tags=["verificación"],
             responses={200: {"content": {"text/html": {}}}})
    def verify_page(request: Request, payload: Annotated[str, Path(max_length=4096)]) -> HTMLResponse:
        result = verify.verify(get_db(request), payload)
        status = 400 if result.status is VerificationStatus.MALFORMED else 200
        return HTMLResponse(verify.render_html(result), status_code=status, headers=verify.PAGE_HEADERS)

    from server.coordination import api as coverage_api
    from server.coordination import web as dashboard

    api.include_router(coverage_api.router)
    api.include_router(dashboard.router)
    return api


__all__ = ["create_app", "ApiError"]
