"""How often the data API answers one token and one address: a token bucket per key, in this
process's memory. Each dashboard process counts its own requests; the reverse proxy's limit
(deploy/nginx) holds for all of them together.
"""

from __future__ import annotations

import math
import time
from collections.abc import Callable
from dataclasses import dataclass

# Requests a minute, with a burst of as many.
PER_ADDRESS_PER_MINUTE = 120
PER_TOKEN_PER_MINUTE = 600
# Keys remembered at most: past it, those full again (idle for a minute) are forgotten first.
MAX_KEYS = 100_000


@dataclass
class _Bucket:
    tokens: float
    at: float


class RateLimit:
    def __init__(self, per_minute: int, clock: Callable[[], float] = time.monotonic):
        self.capacity = float(per_minute)
        self.per_second = per_minute / 60
        self.clock = clock
        self._buckets: dict[str, _Bucket] = {}

    def wait(self, key: str) -> int:
        """0 when a request by ``key`` may be answered now (and count it); else the seconds to wait."""
        now = self.clock()
        bucket = self._buckets.get(key)
        if bucket is None:
            self._forget_idle(now)
            bucket = self._buckets[key] = _Bucket(self.capacity, now)
        bucket.tokens = min(self.capacity, bucket.tokens + (now - bucket.at) * self.per_second)
        bucket.at = now
        if bucket.tokens >= 1:
            bucket.tokens -= 1
            return 0
        return math.ceil((1 - bucket.tokens) / self.per_second)

    def _forget_idle(self, now: float) -> None:
        if len(self._buckets) < MAX_KEYS:
            return
        full_again = self.capacity / self.per_second
        self._buckets = {key: b for key, b in self._buckets.items() if now - b.at < full_again}
        if len(self._buckets) >= MAX_KEYS // 2:  # still crowded: the half seen least recently go
            newest = sorted(self._buckets.items(), key=lambda item: item[1].at)[-(MAX_KEYS // 2) :]
            self._buckets = dict(newest)
