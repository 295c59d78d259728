"""The token cache (packages/scenarios/README.md, Tokens): compare-and-drop under concurrency, the
single-flight load, the ring of remembered tokens, and no expired token handed out. No server."""

from __future__ import annotations

import threading
import time
from concurrent.futures import ThreadPoolExecutor

import pytest
from cec_cobrowse._constants import REMEMBERED_TOKENS
from cec_cobrowse._token import CachedToken, TokenCache


def loader(life: float = 60.0, delay: float = 0.0):
    """A load that issues token-1, token-2 … (each ``life`` seconds), counting its calls."""
    calls: list[int] = []
    lock = threading.Lock()

    def load() -> CachedToken:
        with lock:
            calls.append(1)
            n = len(calls)
        if delay:
            time.sleep(delay)
        now = time.time()
        return CachedToken(f"token-{n}", refresh_at=now + life, expires_at=now + life)

    return load, calls


def test_compare_and_drop_gives_exactly_one_true_among_concurrent_callers() -> None:
    load, _ = loader()
    cache = TokenCache(load)
    for _ in range(20):
        token = cache.acquire().token
        barrier = threading.Barrier(16)

        def drop(barrier: threading.Barrier = barrier, token: str = token) -> bool:
            barrier.wait(timeout=10)
            return cache.drop(token)

        with ThreadPoolExecutor(max_workers=16) as pool:
            outcomes = list(pool.map(lambda _: drop(), range(16)))
        assert outcomes.count(True) == 1
        assert cache.current() is None


def test_drop_leaves_a_newer_token_alone() -> None:
    load, _ = loader()
    cache = TokenCache(load)
    old = cache.acquire().token
    assert cache.drop(old) is True
    new = cache.acquire().token
    assert new != old
    assert cache.drop(old) is False  # a 401 on the superseded token changes nothing
    assert cache.current() is not None and cache.current().token == new


def test_one_load_for_many_waiters_and_a_failed_load_reaches_every_waiter_uncached() -> None:
    load, calls = loader(delay=0.2)
    cache = TokenCache(load)
    with ThreadPoolExecutor(max_workers=50) as pool:
        tokens = list(pool.map(lambda _: cache.acquire().token, range(50)))
    assert len(calls) == 1 and set(tokens) == {"token-1"}

    attempts: list[int] = []

    def failing() -> CachedToken:
        attempts.append(1)
        time.sleep(0.2)
        raise RuntimeError("token request failed")

    cache = TokenCache(failing)
    with ThreadPoolExecutor(max_workers=20) as pool:
        futures = [pool.submit(cache.acquire) for _ in range(20)]
        errors = [f.exception(timeout=10) for f in futures]
    assert len(attempts) == 1
    assert all(isinstance(e, RuntimeError) for e in errors)
    with pytest.raises(RuntimeError):
        cache.acquire()  # not cached: a new load
    assert len(attempts) == 2


def test_the_ring_remembers_the_last_16_tokens() -> None:
    load, _ = loader()
    cache = TokenCache(load)
    for _ in range(REMEMBERED_TOKENS + 4):
        cache.drop(cache.acquire().token)
    remembered = cache.remembered()
    assert REMEMBERED_TOKENS == 16
    assert remembered == tuple(f"token-{n}" for n in range(5, 21))


def test_an_expired_token_is_never_handed_out() -> None:
    load, calls = loader(life=0.05)
    cache = TokenCache(load)
    first = cache.acquire().token
    time.sleep(0.1)
    assert cache.current() is None
    assert cache.acquire().token != first
    assert len(calls) == 2


def test_a_caller_that_lost_the_race_with_a_landing_load_takes_its_token_instead_of_loading_again() -> None:
    load, calls = loader()
    cache = TokenCache(load)
    landed = cache.acquire()
    # The caller read the cache just before that load landed (it saw no token), and claims a
    # load just after the load cleared its in-flight mark: the claim must see the new token.
    cache.current = lambda: None  # type: ignore[method-assign]
    assert cache.acquire() is landed
    assert len(calls) == 1


def test_a_refresh_window_caller_behind_a_finished_refresh_starts_no_second_one() -> None:
    load, calls = loader()
    cache = TokenCache(load)
    stale = cache.acquire()
    assert cache.drop(stale.token)
    fresh = cache.acquire()  # a newer token is cached now
    assert len(calls) == 2
    cache._refresh_in_background(stale)  # a caller still holding the old one, in its refresh window
    time.sleep(0.05)
    assert len(calls) == 2 and cache.current() is fresh
