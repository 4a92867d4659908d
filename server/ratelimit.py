"""A per-address limit on registration attempts, checked before any database work.

Each process keeps its own sliding window in memory: with N API processes an
address gets at most N times the limit, which still turns guessing a 59-bit
enrollment code into nothing, and costs the database nothing.
"""

from __future__ import annotations

import math
import threading
import time
from collections import deque
from collections.abc import Callable

#: Addresses tracked at once; beyond it the quietest ones are forgotten.
MAX_TRACKED = 50_000


class AttemptLimiter:
    """At most ``limit`` attempts per ``window`` seconds for each key (client address)."""

    def __init__(self, limit: int, window: float = 60.0, clock: Callable[[], float] = time.monotonic) -> None:
        self.limit, self.window, self._clock = limit, window, clock
        self._attempts: dict[str, deque[float]] = {}
        self._lock = threading.Lock()

    def retry_after(self, key: str) -> int | None:
        """Count an attempt; ``None`` when allowed, else whole seconds until the next one is."""
        now = self._clock()
        with self._lock:
            attempts = self._attempts.get(key)
            if attempts is None:
                if len(self._attempts) >= MAX_TRACKED:
                    self._forget_idle(now)
                attempts = self._attempts[key] = deque()
            while attempts and attempts[0] <= now - self.window:
                attempts.popleft()
            if len(attempts) >= self.limit:
                return max(1, math.ceil(attempts[0] + self.window - now))
            attempts.append(now)
            return None

    def _forget_idle(self, now: float) -> None:
        for key in [k for k, v in self._attempts.items() if not v or v[-1] <= now - self.window]:
            del self._attempts[key]
        while len(self._attempts) >= MAX_TRACKED:
            self._attempts.pop(next(iter(self._attempts)))
