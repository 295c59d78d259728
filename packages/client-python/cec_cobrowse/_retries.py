"""The retry policy: what is retried, the attempt budget, and how long to wait before a retry
(the server's ``Retry-After``, else exponential backoff with full jitter)."""

from __future__ import annotations

import datetime
import email.utils
import random
import re
import time
from collections.abc import Callable
from dataclasses import dataclass

_SECONDS = re.compile(r"\d+(\.\d+)?")


def is_retryable_status(status: int) -> bool:
    """408, 429 and 5xx are retried (besides network errors and timeouts, which have no status)."""
    return status in (408, 429) or status >= 500


def attempt_budget(max_retries: int) -> int:
    """A call makes at most ``max_retries + 2`` attempts: ``max_retries + 1`` that may end in a
    retryable failure, plus one replay after a 401 on the token that was current."""
    return max_retries + 2


def parse_retry_after(value: str | None, now: float | None = None) -> float | None:
    """Seconds to wait by a ``Retry-After`` header: delay-seconds (``"2"``, also ``"1.5"``) or an
    HTTP date (its distance from ``now``, never negative). ``None`` when absent or unreadable."""
    s = (value or "").strip()
    if not s:
        return None
    if _SECONDS.fullmatch(s):
        return float(s)
    try:
        when = email.utils.parsedate_to_datetime(s)
    except (TypeError, ValueError, IndexError):
        return None
    if when.tzinfo is None:  # "-0000": RFC 9110 dates are GMT anyway
        when = when.replace(tzinfo=datetime.timezone.utc)
    return max(0.0, when.timestamp() - (time.time() if now is None else now))


@dataclass(frozen=True)
class RetryPolicy:
    max_retries: int
    base_delay: float
    max_delay: float
    max_retry_after: float

    @property
    def budget(self) -> int:
        return attempt_budget(self.max_retries)

    def backoff(self, retry: int, rand: Callable[[float, float], float] = random.uniform) -> float:
        """Full jitter before retry number ``retry`` (1 for the first): a random wait in
        ``[0, min(max_delay, base_delay × 2^(retry-1))]``."""
        return rand(0.0, min(self.max_delay, self.base_delay * 2 ** (retry - 1)))

    def delay(self, retry: int, retry_after: str | None, now: float | None = None) -> float:
        """The wait before retry number ``retry``: the server's ``Retry-After`` (capped at
        ``max_retry_after``) when it sent a readable one, else the backoff."""
        wait = parse_retry_after(retry_after, now)
        if wait is not None:
            return min(wait, self.max_retry_after)
        return self.backoff(retry)
