"""Signing and rendering the next constancias of a batch while the current one commits.

Each constancia still gets its folio inside its own write transaction; the
folio it *will* get is predictable (the counter plus one), so the QR and the
PDF of the next few are made ahead, on one worker thread, while the main
thread waits for SQLite to make the previous commit durable. Inside the
transaction the snapshot is built again from the committed rows and the
prerendered result is used only when it is equal; otherwise (another process
took a folio, a name changed, midnight passed) the constancia is signed and
rendered right there and the predictions restart from the real counter.
"""

from __future__ import annotations

import base64
from collections import deque
from collections.abc import Callable
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass

from app.documents.models import Branding
from app.domain.constancia_snapshot import ConstanciaSnapshot
from app.domain.folio import Folio
from app.domain.signing import PayloadTooLarge, parse_qr_text
from app.services.constancias.issuer import Issuer
from app.services.constancias.printing import render
from app.services.constancias.values import ConstanciaNotIssuable

DEPTH = 4
"""Constancias made ahead of the one committing."""


@dataclass(frozen=True)
class Signed:
    """A constancia's signed QR and PDF hash, made from ``snapshot``."""

    snapshot: ConstanciaSnapshot
    qr_text: str
    signature: str
    pdf_sha256: str
    template_version: str


def sign_and_render(issuer: Issuer, snapshot: ConstanciaSnapshot, branding: Branding) -> Signed:
    """Sign the snapshot's fields and hash its PDF (raises :class:`ConstanciaNotIssuable`)."""
    from app.documents.constancia import TEMPLATE_VERSION

    try:
        qr_text = issuer.sign(snapshot.fields)
    except PayloadTooLarge as error:
        raise ConstanciaNotIssuable(f"{snapshot.fields.worker_name}: {error}") from error
    _, sha256 = render(snapshot, qr_text, branding, template_version=TEMPLATE_VERSION)
    signature = base64.b64encode(parse_qr_text(qr_text)[2]).decode("ascii")
    return Signed(snapshot, qr_text, signature, sha256, TEMPLATE_VERSION)


class Prerenderer:
    """Makes :class:`Signed` values ahead for a planned sequence of constancias.

    Args:
        issuer, branding: as for :func:`sign_and_render`.
        snapshot_for: the snapshot item ``i`` of the plan would have with ``folio``.
        count: how many items the plan has.
    """

    def __init__(self, issuer: Issuer, branding: Branding,
                 snapshot_for: Callable[[int, Folio], ConstanciaSnapshot], count: int) -> None:
        self._issuer, self._branding, self._snapshot_for, self._count = issuer, branding, snapshot_for, count
        self._executor = ThreadPoolExecutor(max_workers=1, thread_name_prefix="constancias")
        self._pending: deque[tuple[int, Future[Signed]]] = deque()
        self._next_item = 0
        self._next_folio: Folio | None = None

    def start(self, item: int, folio: Folio) -> None:
        """Predict from item ``item`` on, starting at ``folio`` (drops what was made ahead)."""
        for _, future in self._pending:
            future.cancel()
        self._pending.clear()
        self._next_item, self._next_folio = item, folio
        self._fill()

    def _fill(self) -> None:
        while self._next_folio is not None and len(self._pending) < DEPTH and self._next_item < self._count:
            snapshot = self._snapshot_for(self._next_item, self._next_folio)
            self._pending.append((self._next_item, self._executor.submit(
                sign_and_render, self._issuer, snapshot, self._branding)))
            self._next_item += 1
            self._next_folio = Folio(self._next_folio.device_code, self._next_folio.year,
                                     self._next_folio.counter + 1)

    def take(self, item: int) -> Signed | None:
        """What was made ahead for item ``item`` (``None`` if nothing, or if making it failed)."""
        while self._pending and self._pending[0][0] < item:
            self._pending.popleft()[1].cancel()
        if not self._pending or self._pending[0][0] != item:
            return None
        future = self._pending.popleft()[1]
        self._fill()
        try:
            return future.result()
        except ConstanciaNotIssuable:
            return None

    def close(self) -> None:
        for _, future in self._pending:
            future.cancel()
        self._executor.shutdown(wait=True)


def matching(ready: Signed | None, snapshot: ConstanciaSnapshot) -> Signed | None:
    return ready if ready is not None and ready.snapshot == snapshot else None

