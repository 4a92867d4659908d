"""The registration limiter: a sliding window per client address."""

from __future__ import annotations

from server.ratelimit import AttemptLimiter


class FakeClock:
    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now


def test_the_attempt_beyond_the_limit_waits_until_the_oldest_leaves_the_window():
    clock = FakeClock()
    limiter = AttemptLimiter(3, window=60, clock=clock)
    for _ in range(3):
        assert limiter.retry_after("10.0.0.1") is None
        clock.now += 10
    assert limiter.retry_after("10.0.0.1") == 30
    clock.now += 30
    assert limiter.retry_after("10.0.0.1") is None


def test_addresses_are_counted_apart():
    limiter = AttemptLimiter(1, clock=FakeClock())
    assert limiter.retry_after("10.0.0.1") is None
    assert limiter.retry_after("10.0.0.1") is not None
    assert limiter.retry_after("10.0.0.2") is None
