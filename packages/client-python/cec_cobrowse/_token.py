"""The token cache: fetched on first need, shared by concurrent callers (one request however
many threads wait), refreshed in the background ahead of expiry."""

from __future__ import annotations

import threading
import time
from concurrent.futures import Future
from dataclasses import dataclass
from typing import Callable, Optional


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


def token_deadline(create_time: Optional[int], expires: int, sent_at: float, received_at: float) -> float:
    """The expiry on this machine's clock: ``sent_at + Expires``, or ``CreateTime + Expires`` when
    that is earlier and CreateTime agrees with this clock (it falls between one second before the
    request was sent, the server counting whole seconds, and the moment the answer came)."""
    by_send = sent_at + expires
    if create_time is not None and sent_at - 1 <= create_time <= received_at:
        return min(by_send, create_time + expires)
    return by_send


class TokenCache:
    def __init__(self, load: Callable[[], CachedToken]) -> None:
        self._load = load
        self._lock = threading.Lock()
        self._current: Optional[CachedToken] = None
        self._inflight: Optional[Future[CachedToken]] = None

    def peek(self) -> Optional[CachedToken]:
        """The cached token if still usable, starting a background refresh when one is due."""
        c = self._current
        now = time.time()
        if c is not None and now < c.expires_at:
            if now >= c.refresh_at:
                self._refresh_in_background()
            return c
        return None

    def get(self) -> CachedToken:
        return self.peek() or self.refresh()

    def refresh(self) -> CachedToken:
        """Waits for a new token: one load runs at a time, and every caller shares its outcome."""
        return self._start().result()

    def invalidate(self, token: Optional[str] = None) -> None:
        """Drops ``token`` if it is still the cached one (a server refused it), or any token."""
        with self._lock:
            if token is None or (self._current is not None and self._current.token == token):
                self._current = None

    def _start(self) -> Future[CachedToken]:
        with self._lock:
            if self._inflight is not None:
                return self._inflight
            future: Future[CachedToken] = Future()
            self._inflight = future
        try:
            token = self._load()
            with self._lock:
                self._current = token
            future.set_result(token)
        except BaseException as error:  # every waiter gets the load's error
            future.set_exception(error)
        finally:
            with self._lock:
                self._inflight = None
        return future

    def _refresh_in_background(self) -> None:
        with self._lock:
            if self._inflight is not None:
                return

        def run() -> None:
            try:
                self._start()
            except BaseException:  # a failed background refresh is retried by the next call
                pass

        threading.Thread(target=run, name="cec-cobrowse-token-refresh", daemon=True).start()
