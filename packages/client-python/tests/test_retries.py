"""The retry policy: the attempt budget, Retry-After parsing (seconds or an HTTP date, capped) and
the full-jitter backoff. No server."""

from __future__ import annotations

import datetime
import email.utils

import pytest
from cec_cobrowse._retries import RetryPolicy, attempt_budget, is_retryable_status, parse_retry_after


@pytest.mark.parametrize("max_retries, budget", [(0, 2), (1, 3), (2, 4), (10, 12)])
def test_the_budget_is_max_retries_plus_two(max_retries: int, budget: int) -> None:
    assert attempt_budget(max_retries) == budget
    assert RetryPolicy(max_retries, 0.5, 8.0, 60.0).budget == budget


def test_what_is_retried() -> None:
    assert [s for s in (200, 301, 307, 400, 401, 404, 408, 413, 429, 500, 502, 503, 504) if is_retryable_status(s)] == [
        408,
        429,
        500,
        502,
        503,
        504,
    ]


@pytest.mark.parametrize("value, seconds", [("0", 0.0), ("1", 1.0), (" 2 ", 2.0), ("1.5", 1.5), ("120", 120.0)])
def test_retry_after_in_seconds(value: str, seconds: float) -> None:
    assert parse_retry_after(value) == seconds


def test_retry_after_as_an_http_date() -> None:
    now = 1_765_000_000.0
    assert parse_retry_after(email.utils.formatdate(now + 3, usegmt=True), now) == pytest.approx(3.0)
    assert parse_retry_after(email.utils.formatdate(now - 30, usegmt=True), now) == 0.0  # past: at once
    nine_pm = datetime.datetime(2026, 12, 6, 21, 0, 0, tzinfo=datetime.timezone.utc).timestamp()
    assert parse_retry_after("Sun, 06 Dec 2026 21:00:03 -0000", nine_pm) == pytest.approx(3.0)  # -0000: GMT too


@pytest.mark.parametrize("value", [None, "", "soon", "-1", "1e3", "Someday, 99 Foo 2026"])
def test_an_unreadable_retry_after_is_ignored(value: str) -> None:
    assert parse_retry_after(value) is None


def test_retry_after_is_capped_and_else_the_backoff_applies() -> None:
    policy = RetryPolicy(max_retries=5, base_delay=0.5, max_delay=8.0, max_retry_after=60.0)
    assert policy.delay(1, "1") == 1.0
    assert policy.delay(1, "3600") == 60.0
    ceilings = [policy.backoff(n, rand=lambda low, high: high) for n in range(1, 7)]
    assert ceilings == [0.5, 1.0, 2.0, 4.0, 8.0, 8.0]
    assert all(0.0 <= policy.delay(n, None) <= c for n, c in zip(range(1, 7), ceilings))
    assert policy.backoff(3, rand=lambda low, high: low) == 0.0  # full jitter: from zero
