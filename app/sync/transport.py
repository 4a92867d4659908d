"""The HTTP layer of the sync client: ``requests`` with a timeout on every call.

TLS certificates are always verified; plain ``http://`` is accepted only for a
loopback host (tests, a server on the same machine). Every failure becomes one
of two exceptions the engine understands:

* :class:`Unreachable` — no answer worth trusting (connection refused or reset,
  timeout, 5xx, a body that is not the protocol's JSON): back off and retry;
* :class:`ServerRefused` — the server answered 4xx with its ``{"error", "message"}``.
"""

from __future__ import annotations

import datetime as dt
import email.utils
import gzip
import ipaddress
import json
import time
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any
from urllib.parse import urlsplit

import requests

from app import __version__
from app.domain.errors import UserError
from app.sync.protocol import HEADER_APP_VERSION, HEADER_SCHEMA, SCHEMA_VERSION

#: Bodies at least this large are sent gzip-compressed.
GZIP_MIN_BYTES = 1024


class InvalidServerAddress(UserError):
    """The server address typed at enrollment cannot be used."""


class Unreachable(Exception):
    """The server could not be reached or did not answer usefully; retry later."""


class ServerRefused(Exception):
    """The server answered a 4xx error.

    Attributes:
        status: the HTTP status.
        code: the server's machine code (``device_revoked``, ``invalid_code``…).
        message: the server's Spanish explanation.
        retry_after: seconds from a ``Retry-After`` header, if any.
    """

    def __init__(self, status: int, code: str, message: str, retry_after: float | None = None) -> None:
        super().__init__(f"{status} {code}: {message}")
        self.status, self.code, self.message, self.retry_after = status, code, message, retry_after


@dataclass(frozen=True)
class Answer:
    """A successful answer: its JSON body and the server's clock (``Date`` header), if sent."""

    body: Any
    server_time: dt.datetime | None


def _is_loopback(host: str) -> bool:
    if host.lower() == "localhost":
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


def normalize_server_url(url: str) -> str:
    """``url`` as stored: scheme and host checked, no trailing slash.

    Raises:
        InvalidServerAddress: not https (nor http to a loopback host), or no host.
    """
    text = (url or "").strip().rstrip("/")
    parts = urlsplit(text)
    if not parts.hostname or parts.scheme.lower() not in ("https", "http") or parts.query or parts.fragment \
            or parts.username or parts.password:
        raise InvalidServerAddress(f"«{text}» no es una dirección de servidor válida; escriba, por ejemplo, "
                                   "https://aula.su-institucion.mx.")
    if parts.scheme.lower() == "http" and not _is_loopback(parts.hostname):
        raise InvalidServerAddress(f"«{text}» usa http sin cifrar; el servidor debe usar https.")
    return f"{parts.scheme.lower()}://{text.split('://', 1)[1]}"


def _server_time(response: requests.Response) -> dt.datetime | None:
    header = response.headers.get("Date")
    if not header:
        return None
    try:
        parsed = email.utils.parsedate_to_datetime(header)
    except (TypeError, ValueError):
        return None
    return parsed if parsed.tzinfo else parsed.replace(tzinfo=dt.UTC)


class Transport:
    """Requests to one server, with the protocol's headers and a timeout on every call."""

    def __init__(self, base_url: str, *, timeout: float = 15.0, session: requests.Session | None = None) -> None:
        self.base_url = normalize_server_url(base_url)
        self.timeout = timeout
        self.token: str | None = None
        self._session = session or requests.Session()
        self._session.verify = True
        self._server_time: tuple[dt.datetime, float] | None = None  # the last Date header, and when

    def clock_skew_seconds(self, now: Callable[[], dt.datetime]) -> float | None:
        """This device's clock minus the server's, from the last answer (to the second), or None."""
        if self._server_time is None:
            return None
        server_time, received = self._server_time
        return (now() - server_time).total_seconds() - (time.monotonic() - received)

    def close(self) -> None:
        self._session.close()

    def get(self, path: str, params: dict[str, Any] | None = None) -> Answer:
        return self._request("GET", path, params=params)

    def post(self, path: str, body: Any | None = None) -> Answer:
        return self._request("POST", path, body=body)

    def _headers(self) -> dict[str, str]:
        headers = {HEADER_SCHEMA: str(SCHEMA_VERSION), HEADER_APP_VERSION: __version__,
                   "Accept-Encoding": "gzip", "Accept": "application/json"}
        if self.token:
            headers["Authorization"] = f"Bearer {self.token}"
        return headers

    def _request(self, method: str, path: str, *, params: dict[str, Any] | None = None,
                 body: Any | None = None) -> Answer:
        headers = self._headers()
        data = None
        if body is not None:
            data = json.dumps(body, ensure_ascii=False, separators=(",", ":")).encode("utf-8")
            headers["Content-Type"] = "application/json"
            if len(data) >= GZIP_MIN_BYTES:
                data = gzip.compress(data, compresslevel=6)
                headers["Content-Encoding"] = "gzip"
        try:
            response = self._session.request(method, self.base_url + path, params=params, data=data,
                                             headers=headers, timeout=self.timeout, verify=True)
            content = response.content  # read fully here, inside the timeout handling
        except requests.exceptions.SSLError as exc:
            raise Unreachable("El certificado del servidor no es válido.") from exc
        except requests.exceptions.Timeout as exc:
            raise Unreachable("El servidor no respondió a tiempo.") from exc
        except requests.exceptions.RequestException as exc:
            raise Unreachable("No se pudo conectar con el servidor.") from exc
        if response.status_code >= 500:
            raise Unreachable(f"El servidor no está disponible (error {response.status_code}).")
        try:
            parsed = json.loads(content) if content else None
        except ValueError as exc:
            raise Unreachable("La respuesta del servidor no se pudo leer.") from exc
        if response.status_code >= 400:
            error = parsed if isinstance(parsed, dict) else {}
            retry_after = response.headers.get("Retry-After")
            message = error.get("message") or f"El servidor rechazó la solicitud ({response.status_code})."
            raise ServerRefused(response.status_code, str(error.get("error") or "http_error"), str(message),
                                float(retry_after) if retry_after and retry_after.isdigit() else None)
        server_time = _server_time(response)
        if server_time is not None:
            self._server_time = (server_time, time.monotonic())
        return Answer(parsed, server_time)
