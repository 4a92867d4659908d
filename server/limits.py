"""Request body limits and gzip decoding, as ASGI middleware.

The whole body is read before the application sees it: at most
``MAX_BODY_BYTES`` on the wire and, for ``Content-Encoding: gzip``, at most
``MAX_DECOMPRESSED_BYTES`` once inflated (decompression stops as soon as the
limit is passed, so a gzip bomb costs nothing). The application then receives
the plain body with the encoding header removed.
"""

from __future__ import annotations

import json
import zlib
from collections.abc import Awaitable, Callable
from typing import Any

from app.sync.protocol import MAX_BODY_BYTES, MAX_DECOMPRESSED_BYTES

Scope = dict[str, Any]
Message = dict[str, Any]
Receive = Callable[[], Awaitable[Message]]
Send = Callable[[Message], Awaitable[None]]
ASGIApp = Callable[[Scope, Receive, Send], Awaitable[None]]


class _Rejected(Exception):
    def __init__(self, status: int, code: str, message: str) -> None:
        super().__init__(code)
        self.status, self.code, self.message = status, code, message


def inflate(data: bytes, limit: int = MAX_DECOMPRESSED_BYTES) -> bytes:
    """Decompress gzip data, refusing more than ``limit`` bytes of output."""
    decompressor = zlib.decompressobj(16 + zlib.MAX_WBITS)
    try:
        out = decompressor.decompress(data, limit + 1)
        if len(out) > limit or decompressor.unconsumed_tail:
            raise _Rejected(413, "too_large", "El contenido descomprimido excede el límite permitido.")
        out += decompressor.flush()
    except zlib.error as exc:
        raise _Rejected(400, "bad_encoding", "El contenido gzip está dañado.") from exc
    if not decompressor.eof:
        raise _Rejected(400, "bad_encoding", "El contenido gzip está incompleto.")
    if len(out) > limit:
        raise _Rejected(413, "too_large", "El contenido descomprimido excede el límite permitido.")
    return out


class BodyLimitMiddleware:
    """Buffer, bound and (if gzip) inflate request bodies before the app runs."""

    def __init__(self, app: ASGIApp, max_body: int = MAX_BODY_BYTES,
                 max_inflated: int = MAX_DECOMPRESSED_BYTES) -> None:
        self.app = app
        self.max_body = max_body
        self.max_inflated = max_inflated

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        headers = [(k.lower(), v) for k, v in scope.get("headers", [])]
        try:
            body = await self._read(headers, receive)
            encoding = b",".join(v for k, v in headers if k == b"content-encoding").strip().lower()
            if encoding in (b"gzip", b"x-gzip"):
                body = inflate(body, self.max_inflated)
            elif encoding not in (b"", b"identity"):
                raise _Rejected(415, "unsupported_encoding", "Solo se admite Content-Encoding gzip.")
        except _Rejected as rejected:
            await _send_error(send, rejected)
            return
        new_headers = [(k, v) for k, v in headers if k not in (b"content-encoding", b"content-length")]
        new_headers.append((b"content-length", str(len(body)).encode()))
        scope = dict(scope, headers=new_headers)
        delivered = False

        async def replay() -> Message:
            nonlocal delivered
            if not delivered:
                delivered = True
                return {"type": "http.request", "body": body, "more_body": False}
            return await receive()

        await self.app(scope, replay, send)

    async def _read(self, headers: list[tuple[bytes, bytes]], receive: Receive) -> bytes:
        for key, value in headers:
            if key == b"content-length":
                try:
                    declared = int(value)
                except ValueError as exc:
                    raise _Rejected(400, "bad_request", "Content-Length no es válido.") from exc
                if declared > self.max_body:
                    raise _Rejected(413, "too_large", "La solicitud excede el tamaño permitido.")
        chunks: list[bytes] = []
        size = 0
        while True:
            message = await receive()
            if message["type"] == "http.disconnect":
                raise _Rejected(400, "bad_request", "La conexión se cerró antes de terminar.")
            chunk = message.get("body", b"")
            size += len(chunk)
            if size > self.max_body:
                raise _Rejected(413, "too_large", "La solicitud excede el tamaño permitido.")
            chunks.append(chunk)
            if not message.get("more_body", False):
                return b"".join(chunks)


async def _send_error(send: Send, rejected: _Rejected) -> None:
    body = json.dumps({"error": rejected.code, "message": rejected.message}).encode()
    await send({"type": "http.response.start", "status": rejected.status,
                "headers": [(b"content-type", b"application/json"),
                            (b"content-length", str(len(body)).encode()),
                            (b"connection", b"close")]})
    await send({"type": "http.response.body", "body": body})
