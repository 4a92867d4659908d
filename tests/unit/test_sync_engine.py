"""The sync engine without a server: addresses, codes, back-off and the status it reports."""

from __future__ import annotations

import datetime as dt
import random
import socket

import pytest

from app.services import catalog
from app.storage.tables import Device, SyncState
from app.sync import state as st
from app.sync.engine import SyncEngine, enrolled_role
from app.sync.enrolling import EnrollmentFailed, code_from_text
from app.sync.status import SyncPhase
from app.sync.transport import InvalidServerAddress, normalize_server_url


def test_plain_http_is_accepted_only_for_this_machine():
    assert normalize_server_url("http://127.0.0.1:8080/") == "http://127.0.0.1:8080"
    assert normalize_server_url(" HTTPS://aula.imss.mx ") == "https://aula.imss.mx"
    with pytest.raises(InvalidServerAddress, match="https"):
        normalize_server_url("http://aula.imss.mx")
    with pytest.raises(InvalidServerAddress):
        normalize_server_url("aula.imss.mx")


def test_the_code_is_read_as_typed_or_from_the_qr_text():
    assert code_from_text("k7qm-2xhp-wn4r") == "K7QM2XHPWN4R"
    assert code_from_text("  K7QM 2XHP WN4R\n") == "K7QM2XHPWN4R"
    assert code_from_text("Código: K7QM-2XHP-WN4R (vence en 72 h)") == "K7QM2XHPWN4R"
    with pytest.raises(EnrollmentFailed, match="código de inscripción"):
        code_from_text("¿?")


def test_back_off_is_full_jitter_from_about_a_second_to_ten_minutes():
    rng = random.Random(7)
    first = [st.backoff_delay(1, rng) for _ in range(200)]
    late = [st.backoff_delay(40, rng) for _ in range(200)]
    assert 0 <= min(first) and max(first) <= 2
    assert max(late) <= 600 and max(late) > 300 and min(late) < 300


def test_a_device_never_enrolled_says_so_and_counts_what_it_keeps(ctx):
    engine = SyncEngine(ctx)
    status = engine.status()
    assert status.phase is SyncPhase.NOT_ENROLLED
    assert status.pending_ops > 0  # the unit and the shipped courses wait in the outbox
    assert enrolled_role(ctx) is None
    assert engine.run_round().phase is SyncPhase.NOT_ENROLLED


def _closed_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _pretend_enrolled(ctx, url: str) -> None:  # noqa: ANN001
    from app.services.constancias import register_local_device

    register_local_device(ctx)
    with ctx.db.write() as s:
        device = s.get(Device, 1)
        device.server_url, device.token, device.role = url, "t" * 43, "instructor"
        s.add(device)


def test_an_unreachable_server_leaves_everything_queued_and_backs_off(ctx):
    _pretend_enrolled(ctx, f"http://127.0.0.1:{_closed_port()}")
    engine = SyncEngine(ctx, timeout=2)
    pending = engine.status().pending_ops
    before = dt.datetime.now(dt.UTC)
    status = engine.run_round()
    assert status.phase is SyncPhase.OFFLINE
    assert status.pending_ops == pending and not status.up_to_date
    assert status.reason == "No se pudo conectar con el servidor."
    assert before <= status.next_attempt_at <= before + dt.timedelta(seconds=3)
    assert enrolled_role(ctx) == "instructor"
    engine.run_round()
    with ctx.db.read() as s:
        assert s.get(SyncState, 1).failures == 2


def test_a_change_after_a_failed_round_still_counts_as_pending(ctx):
    _pretend_enrolled(ctx, f"http://127.0.0.1:{_closed_port()}")
    engine = SyncEngine(ctx, timeout=2)
    pending = engine.run_round().pending_ops
    catalog.update_unit(ctx, "UMF07", director_name="Dra. Elena Ríos")
    assert engine.status().pending_ops == pending + 1


def test_unenrolling_keeps_every_local_change(ctx):
    _pretend_enrolled(ctx, "https://aula.imss.mx")
    engine = SyncEngine(ctx)
    pending = engine.status().pending_ops
    engine.unenroll()
    status = engine.status()
    assert (status.phase, status.pending_ops) == (SyncPhase.NOT_ENROLLED, pending)
    assert enrolled_role(ctx) is None
