"""The send loop (packages/scenarios/README.md, The send loop) on scripted answers, no server: a
token taken for every attempt, compare-and-drop on every 401, the superseded-401 rule, the one
replay, and the budget of max_retries + 2 attempts."""

from __future__ import annotations

import threading
import time
import traceback
from collections.abc import Callable
from contextlib import contextmanager
from typing import Any

import pytest
from cec_cobrowse import AuthenticationError, InternalServerError, RateLimitError
from cec_cobrowse._hooks import HookRunner
from cec_cobrowse._log import Log
from cec_cobrowse._observe import Observer
from cec_cobrowse._redact import Redactor
from cec_cobrowse._retries import RetryPolicy
from cec_cobrowse._send import Operation, Sender
from cec_cobrowse._token import CachedToken, TokenCache
from cec_cobrowse._tracing import Tracing
from cec_cobrowse_client.exceptions import ApiException
from cec_cobrowse_client.models.error_response import ErrorResponse

OK = "ok"
Step = str | int | tuple[int, dict] | Callable[[str], Any]


class NoTransport:
    def forget(self) -> None:
        pass

    def last(self) -> None:
        return None

    @contextmanager
    def preparing(self, _: Any) -> Any:
        yield


def sender(tokens: TokenCache) -> Sender:
    """A Sender on no transport, with no hooks and no tracing."""
    redact = Redactor("the-app-secret", tokens.remembered)
    log = Log(redact.text)
    return Sender(tokens, NoTransport(), redact, Observer(HookRunner((), log), Tracing(), log, redact))  # type: ignore[arg-type]


def refused(status: int, reason: str = "refused", headers: dict | None = None) -> ApiException:
    e = ApiException(status=status, reason="x")
    e.headers = {"X-Request-Id": "req-1", **(headers or {})}
    e.data = ErrorResponse(success=False, errorCode=status * 100, errorReason=reason)
    return e


class Gateway:
    """A token cache issuing token-1, token-2 …, and an operation answering from a script: an int
    is that status (a tuple: with these headers), OK a success, a callable runs first (another
    caller's doing) then answers from the rest of the script. Every error echoes the token."""

    def __init__(self, script: list[Step], life: float = 60.0) -> None:
        self.script = list(script)
        self.sent: list[str] = []
        self.loads = 0
        self.life = life
        self.lock = threading.Lock()
        self.tokens = TokenCache(self._load)
        self.sender = sender(self.tokens)

    def _load(self) -> CachedToken:
        with self.lock:
            self.loads += 1
            n = self.loads
        now = time.time()
        return CachedToken(f"token-{n}", refresh_at=now + self.life, expires_at=now + self.life)

    def _call(self, token: str | None, _: float) -> Any:
        assert token is not None
        self.sent.append(token)
        step = self.script.pop(0) if self.script else OK
        while callable(step):
            step(token)
            step = self.script.pop(0)
        if step == OK:
            return OK
        status, headers = step if isinstance(step, tuple) else (step, {})
        raise refused(status, f"refused {token}", {"X-Echo-Authorization": f"Bearer {token}", **headers})

    def call(self, max_retries: int = 2) -> Any:
        op = Operation("getConnectionInfo", "POST", self._call, lambda answer: answer, uses_token=True)
        return self.sender.send(op, RetryPolicy(max_retries, 0.0, 0.0, 60.0), 1.0)

    def replace_token(self, token: str) -> None:
        """Another caller refused with ``token`` dropped it and fetched a new one."""
        self.tokens.drop(token)
        self.tokens.acquire()


def test_the_replay_does_not_start_a_fresh_budget() -> None:
    gw = Gateway([503, 503, 401, 503, 503, 503])
    with pytest.raises(InternalServerError):
        gw.call()
    assert gw.sent == ["token-1", "token-1", "token-1", "token-2"]  # 4 attempts: maxRetries + 2, never 6
    assert gw.loads == 2


def test_a_second_refused_current_token_surfaces_and_is_dropped_too() -> None:
    gw = Gateway([401, 401])
    with pytest.raises(AuthenticationError):
        gw.call()
    assert gw.sent == ["token-1", "token-2"]
    assert gw.tokens.current() is None  # the replay's refused token is not kept
    assert gw.call() == OK
    assert gw.sent[-1] == "token-3"


def test_a_401_on_a_superseded_token_is_sent_again_at_once_without_spending_the_replay() -> None:
    gw = Gateway([lambda t: gw.replace_token(t), 401, 401, OK])
    assert gw.call() == OK
    # token-1 was superseded when its 401 came: sent again with token-2 (no replay spent);
    # token-2's 401 is the one replay, with token-3.
    assert gw.sent == ["token-1", "token-2", "token-3"]


def test_superseded_401s_still_count_towards_the_budget() -> None:
    def supersede(t: str) -> None:
        gw.replace_token(t)

    gw = Gateway([supersede, 401, supersede, 401, supersede, 401])
    with pytest.raises(AuthenticationError):
        gw.call(max_retries=0)
    assert len(gw.sent) == 2


def test_max_retries_zero_is_one_attempt_plus_the_one_replay() -> None:
    gw = Gateway([429])
    with pytest.raises(RateLimitError):
        gw.call(max_retries=0)
    assert gw.sent == ["token-1"]
    gw = Gateway([401, 503])
    with pytest.raises(InternalServerError):
        gw.call(max_retries=0)
    assert gw.sent == ["token-1", "token-2"]


def test_every_retry_takes_the_current_token() -> None:
    gw = Gateway([lambda t: gw.replace_token(t), 503, 503, OK])
    assert gw.call() == OK
    assert gw.sent == ["token-1", "token-2", "token-2"]  # the retry carries the newer token


def test_a_retry_after_the_token_expired_carries_a_new_one() -> None:
    gw = Gateway([(503, {"Retry-After": "0.3"}), OK], life=0.2)
    assert gw.call() == OK
    assert gw.sent == ["token-1", "token-2"]


def test_retry_after_is_honoured_and_capped(monkeypatch: pytest.MonkeyPatch) -> None:
    waits: list[float] = []
    monkeypatch.setattr("cec_cobrowse._send.time.sleep", waits.append)
    gw = Gateway([(503, {"Retry-After": "2"}), (503, {"Retry-After": "3600"}), OK])
    assert gw.call() == OK
    assert waits == [2.0, 60.0]


def test_a_herd_refused_with_one_token_makes_one_token_request() -> None:
    n = 50
    barrier = threading.Barrier(n)
    gw = Gateway([])

    def answer(token: str | None, _: float) -> Any:
        if token == "token-1":
            barrier.wait(timeout=10)  # all 50 sent token-1 before any 401 comes back
            raise refused(401)
        return OK

    gw.tokens.acquire()
    op = Operation("getConnectionInfo", "POST", answer, lambda a: a, uses_token=True)
    results: list[Any] = []
    threads = [
        threading.Thread(target=lambda: results.append(gw.sender.send(op, RetryPolicy(2, 0.0, 0.0, 60.0), 1.0)))
        for _ in range(n)
    ]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert results == [OK] * n
    assert gw.loads == 2


def test_the_error_shows_no_token_the_gateway_echoed() -> None:
    gw = Gateway([lambda t: gw.replace_token(t), 503, 503, 503])
    with pytest.raises(InternalServerError) as caught:
        gw.call()
    error = caught.value
    shown = "\n".join([str(error), repr(error), "".join(traceback.format_exception(error)), repr(vars(error))])
    assert "token-" not in shown and "the-app-secret" not in shown
    assert error.headers["X-Echo-Authorization"] == "Bearer [REDACTED]"
    assert error.request_id == "req-1" and error.__context__ is None and error.__cause__ is None
