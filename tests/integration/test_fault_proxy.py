"""The fault-injecting proxy itself, in front of a real ``aula-server``: each mode breaks an exchange
the way it says, and only the exchanges it is told to."""

from __future__ import annotations

import json
import socket

import httpx
import pytest
from sqlalchemy import text

from tests.support.fault_proxy import FaultProxy, Mode


@pytest.fixture
def proxy(server):
    with FaultProxy(("127.0.0.1", server.port)) as running:
        yield running


@pytest.fixture
def client(proxy, instructor):
    """The instructor's requests, through the proxy."""
    with httpx.Client(base_url=proxy.url, headers=instructor.headers(), timeout=10) as through:
        yield through


def _push(client: httpx.Client, ops: list[dict]) -> httpx.Response:
    return client.post("/v1/sync/push", content=json.dumps({"ops": ops}),
                       headers={"Content-Type": "application/json"})


def _processed(db, op_id: str) -> int:
    with db.read() as session:
        return session.execute(text("SELECT count(*) FROM processed_ops WHERE op_id = :id"),
                               {"id": op_id}).scalar_one()


def _raw_get(proxy: FaultProxy, path: str) -> tuple[bytes, BaseException | None]:
    """What a raw socket receives for ``GET path`` until the proxy closes, and how it closed."""
    with socket.create_connection(("127.0.0.1", proxy.port), timeout=10) as sock:
        sock.sendall(f"GET {path} HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n".encode())
        received = b""
        try:
            while chunk := sock.recv(65536):
                received += chunk
        except OSError as exc:
            return received, exc
        return received, None


def test_pass_through_relays_both_ways_and_counts_bytes_and_connections(proxy, client, instructor, seeded):
    response = client.get("/v1/sync/pull", params={"since": 0, "limit": 500})
    assert response.status_code == 200
    assert response.json()["changes"] == instructor.pull_all()
    stats = proxy.stats()
    assert stats.connections == 1
    assert stats.requests == 1
    assert stats.bytes_up > 0
    assert stats.bytes_down > int(response.headers["content-length"])  # the body as sent, plus its headers
    assert stats.faults == 0


def test_a_dropped_response_is_lost_although_the_server_applied_the_request(proxy, client, instructor,
                                                                           seeded, db):
    attendance = seeded.attendance()
    proxy.set_mode(Mode.DROP_RESPONSE)
    with pytest.raises(httpx.TransportError):
        _push(client, [attendance])
    assert _processed(db, attendance["op_id"]) == 1
    [replay] = instructor.push([attendance])
    assert replay["status"] == "duplicate"
    assert proxy.stats().faults == 1


def test_a_reset_mid_response_delivers_only_the_first_bytes(proxy, server):
    proxy.set_mode(Mode.RESET_MID_RESPONSE)
    received, error = _raw_get(proxy, "/v1/health")
    assert received.startswith(b"HTTP/1.1 200")
    assert len(received) == proxy.reset_after
    assert isinstance(error, ConnectionResetError)


def test_a_reset_mid_response_breaks_the_clients_request(proxy, client, seeded, db):
    attendance = seeded.attendance()
    proxy.set_mode(Mode.RESET_MID_RESPONSE)
    with pytest.raises(httpx.TransportError):
        _push(client, [attendance])
    assert _processed(db, attendance["op_id"]) == 1


def test_a_stall_outlasts_the_clients_timeout_while_the_server_applies_the_request(proxy, instructor,
                                                                                 seeded, db):
    attendance = seeded.attendance()
    proxy.set_mode(Mode.STALL)
    with httpx.Client(base_url=proxy.url, headers=instructor.headers(), timeout=0.5) as impatient, \
            pytest.raises(httpx.ReadTimeout):
        _push(impatient, [attendance])
    assert _processed(db, attendance["op_id"]) == 1


def test_service_unavailable_answers_503_and_forwards_nothing(proxy, client, seeded, db, snapshot):
    attendance = seeded.attendance()
    before = snapshot()
    proxy.set_mode(Mode.SERVICE_UNAVAILABLE)
    response = _push(client, [attendance])
    assert response.status_code == 503
    assert response.json()["error"] == "unavailable"
    assert snapshot() == before
    assert proxy.stats().bytes_up == 0


def test_a_fault_for_a_number_of_times_then_passes_through(proxy, client, seeded):
    proxy.set_mode(Mode.SERVICE_UNAVAILABLE, times=2)
    statuses = [client.get("/v1/health").status_code for _ in range(3)]
    assert statuses == [503, 503, 200]
    assert proxy.mode is Mode.PASS
    assert proxy.stats().faults == 2


def test_a_fault_for_one_path_leaves_the_other_requests_alone(proxy, client, seeded, db):
    attendance = seeded.attendance()
    proxy.set_mode(Mode.DROP_RESPONSE, path="/v1/sync/push")
    assert client.get("/v1/health").status_code == 200
    assert client.get("/v1/sync/pull", params={"since": 0}).status_code == 200
    with pytest.raises(httpx.TransportError):
        _push(client, [attendance])
    assert _processed(db, attendance["op_id"]) == 1


def test_a_new_mode_applies_to_the_next_request_of_a_kept_alive_connection(proxy, client, seeded):
    assert client.get("/v1/health").status_code == 200
    proxy.set_mode(Mode.SERVICE_UNAVAILABLE, times=1)
    assert client.get("/v1/health").status_code == 503
    assert client.get("/v1/health").status_code == 200


def test_a_throttled_link_still_relays_every_byte(proxy, client, instructor, seeded):
    proxy.throttle(bytes_per_second=200_000, round_trip=0.05)
    response = client.get("/v1/sync/pull", params={"since": 0, "limit": 500})
    assert response.status_code == 200
    assert response.json()["changes"] == instructor.pull_all()


def test_a_dead_server_shows_as_a_closed_connection(tmp_path):
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]  # nothing listens here once the socket closes
    with FaultProxy(("127.0.0.1", port)) as proxy, httpx.Client(base_url=proxy.url, timeout=5) as client, \
            pytest.raises(httpx.TransportError):
        client.get("/v1/health")


def test_the_forwarded_hook_fires_once_a_whole_request_reached_the_server(proxy, client, seeded):
    seen: list[str] = []
    proxy.on_request_forwarded = seen.append
    big = [seeded.attendance() for _ in range(400)]  # a body of several chunks
    assert _push(client, big).status_code == 200
    assert client.get("/v1/health").status_code == 200
    assert seen == ["/v1/sync/push", "/v1/health"]
