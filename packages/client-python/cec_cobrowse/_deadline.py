"""One deadline for a whole attempt. urllib3's timeouts bound each socket operation (connect, one
read), so a server that trickles its headers or body a few bytes at a time would keep an attempt
alive forever. A :class:`Guard` holds the attempt's deadline; the connection it runs on is attached
to it, and one watchdog thread shuts that socket down when the deadline passes, which ends any
blocked read at once. The transport then raises a timeout."""

from __future__ import annotations

import heapq
import itertools
import os
import socket
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

import urllib3


def _shutdown(sock: Any) -> None:
    try:
        # The plain socket's shutdown, also for a TLS socket (whose own shutdown unwraps TLS first).
        socket.socket.shutdown(sock, socket.SHUT_RDWR)
    except (OSError, TypeError, ValueError):
        pass  # already closed


class Guard:
    """The deadline of one attempt (``time.monotonic()`` seconds) and the sockets it runs on."""

    def __init__(self, timeout: float) -> None:
        self.timeout = timeout
        self.deadline = time.monotonic() + timeout
        self._lock = threading.Lock()
        self._sockets: list[Any] = []
        self._expired = False
        self._done = False

    def remaining(self) -> float:
        return self.deadline - time.monotonic()

    @property
    def expired(self) -> bool:
        """True once the watchdog has ended the attempt, or the time is up."""
        return self._expired or self.remaining() <= 0

    @property
    def ended_by_watchdog(self) -> bool:
        """True when the watchdog shut the attempt's sockets down (final once ``finish()`` ran)."""
        return self._expired

    def attach(self, sock: Any) -> None:
        """Watch ``sock``: shut it down at the deadline (at once when that has passed)."""
        with self._lock:
            if self._done:
                return
            if self._expired:
                _shutdown(sock)
            else:
                self._sockets.append(sock)

    def expire(self) -> None:
        # Under the lock, so that once finish() has returned no shutdown is still on its way to a
        # socket the pool may already have handed to another attempt.
        with self._lock:
            if self._done:
                return
            self._expired = True
            for sock in self._sockets:
                _shutdown(sock)
            self._sockets = []

    def finish(self) -> None:
        """The attempt is over: the watchdog leaves its sockets alone from now on."""
        with self._lock:
            self._done = True
            self._sockets = []


class _Watchdog:
    """One daemon thread that expires guards at their deadlines, earliest first."""

    def __init__(self) -> None:
        self._reset()

    def _reset(self) -> None:
        self._cond = threading.Condition()
        self._heap: list[tuple[float, int, Guard]] = []
        self._seq = itertools.count()
        self._thread: threading.Thread | None = None

    def watch(self, guard: Guard) -> None:
        with self._cond:
            heapq.heappush(self._heap, (guard.deadline, next(self._seq), guard))
            if self._thread is None:
                self._thread = threading.Thread(target=self._loop, name="cec-cobrowse-deadlines", daemon=True)
                self._thread.start()
            if self._heap[0][2] is guard:  # a new earliest deadline (rare: timeouts are alike)
                self._cond.notify()

    def _loop(self) -> None:
        while True:
            with self._cond:
                while not self._heap:
                    self._cond.wait()
                wait = self._heap[0][0] - time.monotonic()
                if wait > 0:
                    self._cond.wait(wait)
                    continue
                guard = heapq.heappop(self._heap)[2]
            guard.expire()


_WATCHDOG = _Watchdog()
if hasattr(os, "register_at_fork"):  # a forked child has no watchdog thread: start afresh
    os.register_at_fork(after_in_child=_WATCHDOG._reset)

_local = threading.local()


@contextmanager
def guarded(timeout: float) -> Iterator[Guard]:
    """Runs an attempt under a deadline ``timeout`` seconds away; connections used by this thread
    meanwhile (see :func:`guard_pools`) are attached to it."""
    guard = Guard(timeout)
    _WATCHDOG.watch(guard)
    previous = getattr(_local, "guard", None)
    _local.guard = guard
    try:
        yield guard
    finally:
        _local.guard = previous
        guard.finish()


class _GuardedConnection:
    """Mixed into urllib3's connection classes: the socket a response is awaited on is attached to
    the attempt's guard, for a new connection and for one reused from the pool alike."""

    def getresponse(self, *args: Any, **kwargs: Any) -> Any:
        guard: Guard | None = getattr(_local, "guard", None)
        sock = getattr(self, "sock", None)
        if guard is not None and sock is not None:
            guard.attach(sock)
        return super().getresponse(*args, **kwargs)  # type: ignore[misc]


def guard_pools(pool_manager: urllib3.PoolManager) -> None:
    """Makes ``pool_manager`` (plain, proxy or SOCKS: whichever classes it uses) open guarded
    connections, by subclassing its pool classes' connection classes."""
    guarded_pools: dict[str, Any] = {}
    for scheme, pool_cls in pool_manager.pool_classes_by_scheme.items():
        conn_cls: Any = pool_cls.ConnectionCls
        if issubclass(conn_cls, _GuardedConnection):
            return
        conn = type(f"Guarded{conn_cls.__name__}", (_GuardedConnection, conn_cls), {})
        guarded_pools[scheme] = type(f"Guarded{pool_cls.__name__}", (pool_cls,), {"ConnectionCls": conn})
    pool_manager.pool_classes_by_scheme = guarded_pools
    pool_manager.clear()
