"""A fault-injecting TCP proxy on 127.0.0.1, put between a sync client and a real ``aula-server``.

The proxy relays bytes both ways and, when told to, breaks an exchange the way
networks do. The fault is chosen per HTTP request (a kept-alive connection
sees a new mode at its next request), optionally only for requests whose path
starts with a prefix, and optionally only a number of times before the proxy
goes back to passing everything through:

* ``PASS``: relay everything.
* ``DROP_RESPONSE``: relay the request; when the server's answer starts to
  arrive (so the server has applied the request), close the client's
  connection without relaying a byte of it: the answer is lost.
* ``RESET_MID_RESPONSE``: relay the first ``reset_after`` bytes of the answer,
  then reset both connections (TCP RST).
* ``STALL``: relay the request, hold the answer for ``stall_seconds`` (default:
  until the client gives up and closes), then close without relaying it.
* ``SERVICE_UNAVAILABLE``: answer ``503`` at once, without forwarding anything.

Independently of the mode, :meth:`FaultProxy.throttle` shapes the link: a
bandwidth in bytes per second shared by all connections in each direction and
a round-trip latency (half of it added to every byte each way). Counters
(:meth:`FaultProxy.stats`) record the bytes relayed each way, the connections
accepted and the faults injected. :attr:`FaultProxy.on_request_forwarded`, when
set, is called with a request's path once its last byte reached the server
(a test kills the server there, in the middle of handling it).

Each connection runs four daemon threads: per direction a reader that stamps
each chunk with its arrival time and a writer that delivers it when the link
allows, so a burst pays the latency once and the bandwidth per byte.
"""

from __future__ import annotations

import queue
import re
import socket
import struct
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass
from enum import StrEnum

_CHUNK = 64 * 1024
_REQUEST_LINE = re.compile(rb"^([A-Z]+) (\S+) HTTP/1\.[01]\r\n")
_CONTENT_LENGTH = re.compile(rb"\r\ncontent-length:\s*(\d+)\r\n", re.IGNORECASE)
_UNAVAILABLE_BODY = b'{"error": "unavailable", "message": "Servicio no disponible"}'
_UNAVAILABLE = (b"HTTP/1.1 503 Service Unavailable\r\nContent-Type: application/json\r\n"
                b"Content-Length: %d\r\nConnection: close\r\n\r\n" % len(_UNAVAILABLE_BODY)) + _UNAVAILABLE_BODY


class Mode(StrEnum):
    PASS = "pass"
    DROP_RESPONSE = "drop_response"
    RESET_MID_RESPONSE = "reset_mid_response"
    STALL = "stall"
    SERVICE_UNAVAILABLE = "service_unavailable"


_RESPONSE_FAULTS = {Mode.DROP_RESPONSE, Mode.RESET_MID_RESPONSE, Mode.STALL}


@dataclass(frozen=True)
class ProxyStats:
    """What went through the proxy since it started (or since :meth:`FaultProxy.reset_stats`)."""

    bytes_up: int = 0      # client → server, as relayed
    bytes_down: int = 0    # server → client, as relayed
    connections: int = 0   # client connections accepted
    requests: int = 0      # HTTP requests seen
    faults: int = 0        # faults injected

    @property
    def bytes_total(self) -> int:
        return self.bytes_up + self.bytes_down


class FaultProxy:
    """``with FaultProxy(("127.0.0.1", port)) as proxy: client talks to proxy.url``."""

    def __init__(self, upstream: tuple[str, int], *, reset_after: int = 64) -> None:
        self.upstream = upstream
        self.reset_after = reset_after
        self._lock = threading.Lock()
        self._stop = threading.Event()
        self._mode = Mode.PASS
        self._times: int | None = None
        self._path_prefix: str | None = None
        self._stall_seconds: float | None = None
        self._bandwidth: float | None = None
        self._one_way = 0.0
        self._free_at = {"up": 0.0, "down": 0.0}
        self._stats = ProxyStats()
        self._connections: set[_Connection] = set()
        #: Called (on a proxy thread) with the path of each request once it was relayed entirely.
        self.on_request_forwarded: Callable[[str], None] | None = None
        self._listener = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
        self._listener.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        self._listener.bind(("127.0.0.1", 0))
        self._listener.listen(64)
        self.port = self._listener.getsockname()[1]
        self.url = f"http://127.0.0.1:{self.port}"
        self._acceptor = threading.Thread(target=self._accept_loop, name="fault-proxy-accept", daemon=True)

    # ------------------------------------------------------------------ control

    def start(self) -> FaultProxy:
        self._acceptor.start()
        return self

    def __enter__(self) -> FaultProxy:
        return self.start()

    def __exit__(self, *exc: object) -> None:
        self.close()

    def close(self) -> None:
        """Stop accepting and close every open connection."""
        self._stop.set()
        try:
            # Closing alone does not wake a thread blocked in accept() on Linux; shutting down does.
            self._listener.shutdown(socket.SHUT_RDWR)
        except OSError:
            pass
        try:
            self._listener.close()
        except OSError:
            pass
        with self._lock:
            open_now = list(self._connections)
        for connection in open_now:
            connection.close()
        if self._acceptor.is_alive():
            self._acceptor.join(timeout=5)

    def set_mode(self, mode: Mode, *, times: int | None = None, path: str | None = None,
                 stall_seconds: float | None = None) -> None:
        """Inject ``mode`` into the next ``times`` requests (all, if None) whose path starts with ``path``;
        after ``times`` faults the proxy goes back to ``PASS``."""
        with self._lock:
            self._mode, self._times, self._path_prefix = Mode(mode), times, path
            self._stall_seconds = stall_seconds

    def pass_through(self) -> None:
        self.set_mode(Mode.PASS)

    @property
    def mode(self) -> Mode:
        with self._lock:
            return self._mode

    def throttle(self, bytes_per_second: float | None, round_trip: float = 0.0) -> None:
        """Shape the link: ``bytes_per_second`` each way (None: unlimited) and a round-trip latency in seconds."""
        with self._lock:
            self._bandwidth = bytes_per_second
            self._one_way = round_trip / 2

    def stats(self) -> ProxyStats:
        with self._lock:
            return self._stats

    def reset_stats(self) -> None:
        with self._lock:
            self._stats = ProxyStats()

    def drop_connections(self) -> None:
        """Close every open connection now (what a network change does to kept-alive connections)."""
        with self._lock:
            open_now = list(self._connections)
        for connection in open_now:
            connection.close()

    # ------------------------------------------------------------------ internals used by connections

    def _count(self, **increments: int) -> None:
        with self._lock:
            self._add(**increments)

    def _add(self, **increments: int) -> None:
        """Add to the counters; the caller holds the lock."""
        values = {name: getattr(self._stats, name) + increments.get(name, 0)
                  for name in ProxyStats.__dataclass_fields__}
        self._stats = ProxyStats(**values)

    def _take_fault(self, path: str | None, response_side: bool) -> tuple[Mode, float | None]:
        """The fault to inject into this request, if any (consuming one of ``times``)."""
        with self._lock:
            mode = self._mode
            if mode is Mode.PASS or (mode in _RESPONSE_FAULTS) != response_side:
                return Mode.PASS, None
            if self._path_prefix is not None and not (path or "").startswith(self._path_prefix):
                return Mode.PASS, None
            if self._times is not None:
                self._times -= 1
                if self._times <= 0:
                    self._mode, self._times, self._path_prefix = Mode.PASS, None, None
            self._add(faults=1)
            return mode, self._stall_seconds

    def _link(self, direction: str, size: int) -> tuple[float, float]:
        """(one-way latency, moment the link finishes sending ``size`` bytes) for ``direction``."""
        with self._lock:
            if self._bandwidth is None:
                return self._one_way, 0.0
            start = max(time.monotonic(), self._free_at[direction])
            self._free_at[direction] = start + size / self._bandwidth
            return self._one_way, self._free_at[direction]

    def _accept_loop(self) -> None:
        while not self._stop.is_set():
            try:
                client, _ = self._listener.accept()
            except OSError:
                return
            self._count(connections=1)
            connection = _Connection(self, client)
            with self._lock:
                self._connections.add(connection)
            connection.start()

    def _forget(self, connection: _Connection) -> None:
        with self._lock:
            self._connections.discard(connection)


def _reset(sock: socket.socket) -> None:
    """Close with RST instead of FIN."""
    try:
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))
        sock.shutdown(socket.SHUT_RD)  # wakes the reader thread without sending anything; close() sends the RST
    except OSError:
        pass
    try:
        sock.close()
    except OSError:
        pass


class _Connection:
    """One client connection and its upstream connection."""

    def __init__(self, proxy: FaultProxy, client: socket.socket) -> None:
        self.proxy = proxy
        self.client = client
        self.upstream: socket.socket | None = None
        self.closed = threading.Event()
        self._close_lock = threading.Lock()
        self.path: str | None = None           # path of the request in progress
        self.response_started = False          # the answer to that request began to arrive
        self.response_relayed = 0
        self.response_fault = Mode.PASS
        self.request_remaining = 0             # body bytes of the request in progress not yet relayed
        self.up_queue: queue.Queue = queue.Queue()
        self.down_queue: queue.Queue = queue.Queue()

    def start(self) -> None:
        threading.Thread(target=self._run, name="fault-proxy-conn", daemon=True).start()

    def _run(self) -> None:
        try:
            self.upstream = socket.create_connection(self.proxy.upstream, timeout=10)
            self.upstream.settimeout(None)
        except OSError:
            self.close()  # the server is down: the client sees its connection closed
            return
        threading.Thread(target=self._read, args=(self.client, self.up_queue), daemon=True).start()
        threading.Thread(target=self._read, args=(self.upstream, self.down_queue), daemon=True).start()
        threading.Thread(target=self._write_down, daemon=True).start()
        self._write_up()

    def close(self, reset: bool = False) -> None:
        with self._close_lock:
            if self.closed.is_set():
                return
            self.closed.set()
        for sock in (self.client, self.upstream):
            if sock is None:
                continue
            if reset:
                _reset(sock)
            else:
                try:
                    sock.shutdown(socket.SHUT_RDWR)
                except OSError:
                    pass
                sock.close()
        self.up_queue.put(None)
        self.down_queue.put(None)
        self.proxy._forget(self)

    def _read(self, sock: socket.socket, into: queue.Queue) -> None:
        while not self.closed.is_set():
            try:
                data = sock.recv(_CHUNK)
            except OSError:
                data = b""
            into.put((time.monotonic(), data))
            if not data:
                return

    def _deliver(self, direction: str, arrived: float, data: bytes) -> bool:
        """Wait until the shaped link delivers ``data``; False if the connection closed meanwhile."""
        one_way, done = self.proxy._link(direction, len(data))
        wait = max(arrived + one_way, done) - time.monotonic()
        return not (wait > 0 and self.closed.wait(wait))

    def _write_up(self) -> None:
        while True:
            item = self.up_queue.get()
            if item is None or not item[1]:
                self.close()
                return
            arrived, data = item
            match = _REQUEST_LINE.match(data)
            body = len(data)
            if match:
                self.path = match.group(2).decode("latin-1")
                self.response_started, self.response_relayed = False, 0
                self.proxy._count(requests=1)
                mode, _ = self.proxy._take_fault(self.path, response_side=False)
                if mode is Mode.SERVICE_UNAVAILABLE:
                    self._answer_unavailable()
                    return
                head, _, rest = data.partition(b"\r\n\r\n")
                length = _CONTENT_LENGTH.search(head + b"\r\n")
                self.request_remaining, body = (int(length.group(1)) if length else 0), len(rest)
            if not self._deliver("up", arrived, data):
                return
            try:
                self.upstream.sendall(data)
            except OSError:
                self.close()
                return
            self.proxy._count(bytes_up=len(data))
            was_open = self.request_remaining > 0 or match is not None
            self.request_remaining -= body
            hook = self.proxy.on_request_forwarded
            if hook is not None and was_open and self.request_remaining <= 0 and self.path is not None:
                hook(self.path)

    def _answer_unavailable(self) -> None:
        """Answer 503 and close once the client has read it (draining its request so no RST loses it)."""
        try:
            self.client.sendall(_UNAVAILABLE)
            self.client.shutdown(socket.SHUT_WR)
        except OSError:
            self.close()
            return
        deadline = time.monotonic() + 5
        while time.monotonic() < deadline:
            try:
                item = self.up_queue.get(timeout=max(0.0, deadline - time.monotonic()))
            except queue.Empty:
                break
            if item is None or not item[1]:
                break
        self.close()

    def _write_down(self) -> None:
        while True:
            item = self.down_queue.get()
            if item is None or not item[1]:
                self.close()
                return
            arrived, data = item
            if not self.response_started:
                self.response_started = True
                self.response_fault, stall = self.proxy._take_fault(self.path, response_side=True)
                if self.response_fault is Mode.DROP_RESPONSE:
                    self.close()
                    return
                if self.response_fault is Mode.STALL:
                    self.closed.wait(stall)  # None: until the client gives up (or the proxy closes)
                    self.close()
                    return
            if self.response_fault is Mode.RESET_MID_RESPONSE:
                data = data[:max(0, self.proxy.reset_after - self.response_relayed)]
            if data:
                if not self._deliver("down", arrived, data):
                    return
                try:
                    self.client.sendall(data)
                except OSError:
                    self.close()
                    return
                self.response_relayed += len(data)
                self.proxy._count(bytes_down=len(data))
            if self.response_fault is Mode.RESET_MID_RESPONSE and self.response_relayed >= self.proxy.reset_after:
                self.close(reset=True)
                return
