"""Hooks (cec_cobrowse.Hooks): once per attempt, the token request's included and marked, with the
operation id, attempt number, status, request id and duration; before_request may add headers
(sent) but not replace the layer's; a hook that raises is logged and ignored; no hook argument
holds the app secret or a token. Against the mock, with faults injected through its control API."""

from __future__ import annotations

import json
import logging
import os
from typing import Any

import pytest
from cec_cobrowse import ErrorEvent, Hooks, InternalServerError, RequestEvent, ResponseEvent, from_env
from cec_cobrowse import generated as spec
from mock_server import RequestLog, control


@pytest.fixture(autouse=True)
def no_faults() -> None:
    control("DELETE", "/faults")


class Recorded:
    def __init__(self) -> None:
        self.events: list[tuple[str, Any]] = []

    def hooks(self, **extra: Any) -> Hooks:
        return Hooks(
            before_request=lambda e: self.events.append(("before", e)),
            after_response=lambda e: self.events.append(("after", e)),
            on_error=lambda e: self.events.append(("error", e)),
            **extra,
        )

    def shown(self) -> str:
        """Every rendering of every argument the hooks saw."""
        return "\n".join(
            f"{e!r} {json.dumps(vars(e), default=str)} {e.error!r}"
            if k == "error"
            else f"{e!r} {json.dumps(vars(e), default=str)}"
            for k, e in self.events
        )


def test_once_per_attempt_with_the_attempts_facts_the_token_requests_marked() -> None:
    recorded = Recorded()
    client = from_env(hooks=recorded.hooks())
    control("POST", "/faults", {"operationId": spec.INFO_OPERATION, "status": 503, "retryAfter": 0})
    control("POST", "/faults", {"operationId": spec.INFO_OPERATION, "status": 401})
    log = RequestLog()
    client.get_connection_info("recorder", "room-hooks-unit")
    records = log.records()
    # token 1; call attempt 1 (503); attempt 2 (401, the token dropped); token 2; attempt 3 (200)
    assert [(r["operationId"], r["status"]) for r in records] == [
        ("tokenByAkSk", 200),
        ("getConnectionInfo", 503),
        ("getConnectionInfo", 401),
        ("tokenByAkSk", 200),
        ("getConnectionInfo", 200),
    ]
    seen = [(kind, e.operation, e.attempt, e.token_request, getattr(e, "status", None)) for kind, e in recorded.events]
    assert seen == [
        ("before", "tokenByAkSk", 1, True, None),
        ("after", "tokenByAkSk", 1, True, 200),
        ("before", "getConnectionInfo", 1, False, None),
        ("after", "getConnectionInfo", 1, False, 503),
        ("error", "getConnectionInfo", 1, False, 503),
        ("before", "getConnectionInfo", 2, False, None),
        ("after", "getConnectionInfo", 2, False, 401),
        ("error", "getConnectionInfo", 2, False, 401),
        ("before", "tokenByAkSk", 1, True, None),
        ("after", "tokenByAkSk", 1, True, 200),
        ("before", "getConnectionInfo", 3, False, None),
        ("after", "getConnectionInfo", 3, False, 200),
    ]
    answered = [e for kind, e in recorded.events if kind == "after"]
    assert [e.request_id for e in answered] == [r["requestId"] for r in records]
    assert all(isinstance(e, ResponseEvent) and 0 <= e.duration < 30 for e in answered)
    errors = [e for kind, e in recorded.events if kind == "error"]
    assert all(isinstance(e, ErrorEvent) and e.duration >= 0 for e in errors)
    assert [type(e.error).__name__ for e in errors] == ["InternalServerError", "AuthenticationError"]
    before = [e for kind, e in recorded.events if kind == "before"]
    assert all(isinstance(e, RequestEvent) and e.method == "POST" and e.url.startswith(client.base_url) for e in before)
    assert [e.headers[spec.ATTEMPT_HEADER] for e in before] == ["1", "1", "2", "1", "3"]
    assert all(e.headers[spec.USER_AGENT_HEADER] == client.user_agent for e in before)


def test_a_network_error_calls_on_error_without_a_status() -> None:
    recorded = Recorded()
    client = from_env(hooks=recorded.hooks())
    client.get_token()
    control("POST", "/faults", {"operationId": spec.INFO_OPERATION, "reset": True})
    client.get_connection_info("recorder")
    kinds = [
        (kind, e.attempt, getattr(e, "status", "-"))
        for kind, e in recorded.events
        if e.operation == spec.INFO_OPERATION
    ]
    assert kinds == [("before", 1, "-"), ("error", 1, None), ("before", 2, "-"), ("after", 2, 200)]
    error = next(e for kind, e in recorded.events if kind == "error")
    assert type(error.error).__name__ == "NetworkError" and error.request_id is None


def test_before_request_adds_headers_but_never_replaces_the_layers(caplog: pytest.LogCaptureFixture) -> None:
    def add(event: RequestEvent) -> None:
        event.headers["X-Hook-Attempt"] = str(event.attempt)
        event.headers["authorization"] = "Bearer stolen"  # refused: the layer's header
        event.headers[spec.USER_AGENT_HEADER] = "spoofed/1"  # refused
        event.headers["X-Bad"] = "line\r\nX-Injected: 1"  # refused: not a header value

    client = from_env(hooks=Hooks(before_request=add))
    log = RequestLog()
    with caplog.at_level(logging.WARNING, "cec_cobrowse"):
        client.get_connection_info("recorder")
    records = log.records()
    assert [r["status"] for r in records] == [200, 200]  # the token was the layer's
    assert [r["hook"] for r in records] == [1, 1]
    assert {r["userAgent"] for r in records} == {client.user_agent}
    assert "may add headers, not replace authorization: ignored" in caplog.text
    assert f"may add headers, not replace {spec.USER_AGENT_HEADER}: ignored" in caplog.text
    assert "an invalid header 'X-Bad': ignored" in caplog.text


def test_a_hook_that_raises_is_logged_and_ignored_and_the_retry_stays_intact(caplog: pytest.LogCaptureFixture) -> None:
    calls: list[str] = []

    def before(event: RequestEvent) -> None:
        calls.append(f"before {event.operation} {event.attempt}")
        event.headers["X-Hook-Attempt"] = str(event.attempt)
        if event.attempt == 1:
            raise RuntimeError("hook failed on purpose")

    def fail(event: Any) -> None:
        calls.append(f"{type(event).__name__} {event.operation} {event.attempt}")
        raise ValueError("this hook fails too")

    client = from_env(
        hooks=[
            Hooks(before_request=before, after_response=fail, on_error=fail),
            Hooks(on_error=lambda e: calls.append("second on_error")),
        ]
    )
    control("POST", "/faults", {"operationId": spec.INFO_OPERATION, "status": 503, "retryAfter": 0})
    log = RequestLog()
    with caplog.at_level(logging.WARNING, "cec_cobrowse"):
        result = client.get_connection_info("recorder", "room-hook-raises")
    assert result.data.room_id == "room-hook-raises"
    records = log.records()
    assert [(r["operationId"], r["status"], r.get("hook")) for r in records] == [
        ("tokenByAkSk", 200, None),
        ("getConnectionInfo", 503, None),
        ("getConnectionInfo", 200, 2),
    ]  # what a raising hook added is not sent
    assert calls == [
        "before tokenByAkSk 1",
        "ResponseEvent tokenByAkSk 1",
        "before getConnectionInfo 1",
        "ResponseEvent getConnectionInfo 1",
        "ErrorEvent getConnectionInfo 1",
        "second on_error",
        "before getConnectionInfo 2",
        "ResponseEvent getConnectionInfo 2",
    ]
    assert (
        "getConnectionInfo: attempt 1: the before_request hook raised RuntimeError: hook failed on purpose; ignored"
        in caplog.text
    )
    assert (
        "getConnectionInfo: attempt 1: the on_error hook raised ValueError: this hook fails too; ignored" in caplog.text
    )


def test_a_call_that_fails_reports_each_failed_attempt() -> None:
    recorded = Recorded()
    client = from_env(hooks=recorded.hooks(), max_retries=1)
    client.get_token()
    control("POST", "/faults", {"operationId": spec.INFO_OPERATION, "status": 503, "retryAfter": 0, "count": 2})
    with pytest.raises(InternalServerError):
        client.get_connection_info("recorder")
    assert [(kind, e.attempt) for kind, e in recorded.events if kind == "error"] == [("error", 1), ("error", 2)]


def test_no_hook_argument_shows_the_secret_or_a_token() -> None:
    recorded = Recorded()
    client = from_env(hooks=recorded.hooks())
    control("POST", "/faults", {"operationId": spec.INFO_OPERATION, "status": 401})
    client.get_connection_info("recorder")
    before = [e for kind, e in recorded.events if kind == "before" and not e.token_request]
    assert {e.headers[spec.AUTHORIZATION_HEADER] for e in before} == {spec.BEARER_PREFIX + "[REDACTED]"}
    shown = recorded.shown()
    tokens = client._tokens.remembered()
    assert len(tokens) == 2  # the refused one and its successor
    assert os.environ["COBROWSE_APP_SECRET"] not in shown
    assert not [t for t in tokens if t in shown]


def test_hooks_must_be_hooks() -> None:
    from cec_cobrowse import ConfigurationError

    with pytest.raises(ConfigurationError, match="^hooks: must be a cec_cobrowse.Hooks"):
        from_env(hooks=lambda e: None)  # type: ignore[arg-type]
    with pytest.raises(ConfigurationError, match="^hooks.on_error: must be callable"):
        from_env(hooks=Hooks(on_error="print"))  # type: ignore[arg-type]
