"""The token cache: fetched on first need, shared by concurrent callers (one request however
many threads wait), refreshed in the background ahead of expiry, dropped exactly when refused."""

from __future__ import annotations

import threading
import time
from collections import deque
from collections.abc import Callable
from concurrent.futures import Future
from dataclasses import dataclass

from ._constants import REMEMBERED_TOKENS


@dataclass(frozen=True)
class CachedToken:
    """A token and the wall-clock times (epoch seconds) that govern its use."""

    token: str
    #: After this, calls start a background refresh but still use the token.
    refresh_at: float
    #: After this, calls wait for a new token.
    expires_at: float

    def __repr__(self) -> str:  # never the token
        return f"CachedToken(refresh_at={self.refresh_at:.3f}, expires_at={self.expires_at:.3f})"


def schedule(token: str, received_at: float, deadline: float, margin: float, ahead: float) -> CachedToken:
    """When to stop using a token and when to refresh it (as the TypeScript client does)."""
    life = max(0.0, deadline - received_at)
    m = min(margin, life / 10)
    a = max(m, min(ahead, life * 0.3))
    return CachedToken(token, refresh_at=deadline - a, expires_at=deadline - m)


def token_deadline(create_time: int | None, expires: int, sent_at: float, received_at: float) -> float:
    """The expiry on this machine's clock: ``sent_at + Expires``, or ``CreateTime + Expires`` when
    that is earlier and CreateTime agrees with this clock (it falls between one second before the
    request was sent, the server counting whole seconds, and the moment the answer came)."""
    by_send = sent_at + expires
    if create_time is not None and sent_at - 1 <= create_time <= received_at:
        return min(by_send, create_time + expires)
    return by_send


class TokenCache:
    """The token cache (packages/scenarios/README.md, Tokens): ``current()``, ``acquire()``,
    ``drop(token)`` and the ring of remembered tokens, each safe under concurrency."""

    def __init__(self, load: Callable[[], CachedToken], remember: int = REMEMBERED_TOKENS) -> None:
        self._load = load
        self._lock = threading.Lock()
        self._current: CachedToken | None = None
        self._inflight: Future[CachedToken] | None = None
        self._remembered: deque[str] = deque(maxlen=remember)

    def current(self) -> CachedToken | None:
        """The cached token while it is usable (before ``expires_at``); in the refresh window it
        also starts one background refresh. ``None`` when there is none."""
        c = self._current
        now = time.time()
        if c is None or now >= c.expires_at:
            return None
        if now >= c.refresh_at:
            self._refresh_in_background(c)
        return c

    def acquire(self) -> CachedToken:
        """``current()``, else waits for the single-flight load (one token request however many
        callers wait; a failed load reaches every waiter and is not cached)."""
        c = self.current()
        if c is not None:
            return c
        future, owner = self._claim(None)
        if owner:
            self._run(future)
        return future.result()

    def drop(self, token: str) -> bool:
        """Compare-and-drop: forgets the cached token only when it is exactly ``token``; True when
        it did. Of many callers refused with one token, exactly one gets True."""
        with self._lock:
            if self._current is not None and self._current.token == token:
                self._current = None
                return True
            return False

    def clear(self) -> None:
        """Forgets the cached token, whichever it is (a load in flight still lands)."""
        with self._lock:
            self._current = None

    def remembered(self) -> tuple[str, ...]:
        """The last tokens received (at most ``REMEMBERED_TOKENS``), newest last: for redaction."""
        with self._lock:
            return tuple(self._remembered)

    def _claim(self, seen: CachedToken | None) -> tuple[Future[CachedToken], bool]:
        """The load in flight, or a new one that the caller (the owner) must run. Decided under
        the lock, against the cache as it is now: a caller that found no usable token (``seen``
        None) or one due for a refresh (``seen``) may have lost a race with a load that has just
        landed, and then gets that token instead of starting another load."""
        with self._lock:
            c = self._current
            if c is not None and c is not seen and time.time() < c.expires_at:
                done: Future[CachedToken] = Future()
                done.set_result(c)
                return done, False
            if self._inflight is not None:
                return self._inflight, False
            self._inflight = Future()
            return self._inflight, True

    def _run(self, future: Future[CachedToken]) -> None:
        try:
            token = self._load()
        except BaseException as error:  # every waiter gets the load's error; nothing is cached  # noqa: BLE001
            with self._lock:
                self._inflight = None
            future.set_exception(error)
            return
        with self._lock:
            self._current = token
            self._remembered.append(token.token)
            self._inflight = None
        future.set_result(token)

    def _refresh_in_background(self, seen: CachedToken) -> None:
        # Claimed here, synchronously: callers in the refresh window share one load.
        future, owner = self._claim(seen)
        if owner:
            threading.Thread(target=self._run, args=(future,), name="cec-cobrowse-token-refresh", daemon=True).start()
