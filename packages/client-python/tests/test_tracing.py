"""OpenTelemetry (optional; opentelemetry-sdk's InMemorySpanExporter here): a span per call, a child
per attempt and per token fetch, the HTTP client semantic conventions, the request id, errors
recorded, the W3C trace context sent with each attempt, no secret or token in any span; and the
layer without OpenTelemetry installed. Against the mock, with faults from its control API."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import textwrap
from typing import Any
from urllib.parse import urlsplit

import pytest
from cec_cobrowse import AuthenticationError, Hooks, InternalServerError, from_env
from cec_cobrowse import generated as spec
from mock_server import RequestLog, control
from opentelemetry.sdk.trace import ReadableSpan, TracerProvider
from opentelemetry.sdk.trace.export import SimpleSpanProcessor
from opentelemetry.sdk.trace.export.in_memory_span_exporter import InMemorySpanExporter
from opentelemetry.trace import SpanKind, StatusCode


@pytest.fixture(autouse=True)
def no_faults() -> None:
    control("DELETE", "/faults")


@pytest.fixture()
def exporter() -> InMemorySpanExporter:
    return InMemorySpanExporter()


@pytest.fixture()
def provider(exporter: InMemorySpanExporter) -> TracerProvider:
    provider = TracerProvider()
    provider.add_span_processor(SimpleSpanProcessor(exporter))
    return provider


def children(spans: list[ReadableSpan], parent: ReadableSpan) -> list[ReadableSpan]:
    return sorted(
        (s for s in spans if s.parent is not None and s.parent.span_id == parent.context.span_id),
        key=lambda s: s.start_time or 0,
    )


def test_a_call_with_a_503_retry_and_a_401_replay(provider: TracerProvider, exporter: InMemorySpanExporter) -> None:
    sent: list[dict[str, str]] = []
    client = from_env(tracer_provider=provider, hooks=Hooks(before_request=lambda e: sent.append(dict(e.headers))))
    control("POST", "/faults", {"operationId": spec.INFO_OPERATION, "status": 503, "retryAfter": 0})
    control("POST", "/faults", {"operationId": spec.INFO_OPERATION, "status": 401})
    log = RequestLog()
    client.get_connection_info("recorder", "room-traced")
    records = log.records()
    spans = list(exporter.get_finished_spans())

    (call,) = [s for s in spans if s.parent is None]
    assert call.name == spec.INFO_OPERATION and call.kind is SpanKind.INTERNAL
    assert (
        call.attributes["cobrowse.operation"] == spec.INFO_OPERATION
        and call.attributes["cobrowse.token_request"] is False
    )
    assert call.attributes["cobrowse.attempts"] == 3
    assert call.attributes["cobrowse.request_id"] == records[-1]["requestId"]
    assert call.status.status_code is StatusCode.UNSET

    # the token fetch, attempt 1 (503), attempt 2 (401), the replay's token fetch, attempt 3 (200)
    below = children(spans, call)
    assert [(s.name, s.kind) for s in below] == [
        (spec.TOKEN_OPERATION, SpanKind.INTERNAL),
        ("POST", SpanKind.CLIENT),
        ("POST", SpanKind.CLIENT),
        (spec.TOKEN_OPERATION, SpanKind.INTERNAL),
        ("POST", SpanKind.CLIENT),
    ]
    fetches = [s for s in below if s.name == spec.TOKEN_OPERATION]
    attempts = [s for s in below if s.name == "POST"]
    for fetch in fetches:
        assert fetch.attributes["cobrowse.token_request"] is True and fetch.attributes["cobrowse.attempts"] == 1
        (attempt,) = children(spans, fetch)
        assert attempt.attributes["url.full"] == client.base_url + spec.TOKEN_PATH
        assert (
            attempt.attributes["http.response.status_code"] == 200
            and attempt.attributes["cobrowse.token_request"] is True
        )

    base = urlsplit(client.base_url)
    info_records = [r for r in records if r["operationId"] == spec.INFO_OPERATION]
    for n, (attempt, record) in enumerate(zip(attempts, info_records, strict=True), start=1):
        a = attempt.attributes
        assert a["http.request.method"] == "POST" and a["url.full"] == client.base_url + spec.INFO_PATH
        assert a["server.address"] == base.hostname and a["server.port"] == base.port
        assert a["http.response.status_code"] == record["status"]
        assert a["cobrowse.attempt"] == n and a.get("http.request.resend_count") == (n - 1 or None)
        assert a["cobrowse.request_id"] == record["requestId"]
    assert [s.attributes.get("error.type") for s in attempts] == ["503", "401", None]
    assert [s.status.status_code for s in attempts] == [StatusCode.ERROR, StatusCode.ERROR, StatusCode.UNSET]
    assert [e.name for e in attempts[0].events] == ["exception"]
    assert attempts[0].events[0].attributes["exception.type"].endswith("InternalServerError")

    # the W3C trace context of each attempt's own span went with it
    assert all(r["traceparent"] is True for r in records)
    client_spans = [s for s in spans if s.kind is SpanKind.CLIENT]
    assert [h["traceparent"] for h in sent] == [
        f"00-{s.context.trace_id:032x}-{s.context.span_id:016x}-{s.context.trace_flags:02x}"
        for s in sorted(client_spans, key=lambda s: s.start_time or 0)
    ]


def test_a_failed_call_records_the_error(provider: TracerProvider, exporter: InMemorySpanExporter) -> None:
    client = from_env(tracer_provider=provider, max_retries=0)
    client.get_token()
    exporter.clear()
    control("POST", "/faults", {"operationId": spec.INFO_OPERATION, "status": 503, "retryAfter": 0})
    with pytest.raises(InternalServerError) as caught:
        client.get_connection_info("recorder")
    (call,) = [s for s in exporter.get_finished_spans() if s.parent is None]
    assert call.status.status_code is StatusCode.ERROR and call.status.description == str(caught.value)
    assert call.attributes["error.type"] == "503" and call.attributes["cobrowse.attempts"] == 1
    (event,) = call.events
    assert event.name == "exception" and event.attributes["exception.message"] == str(caught.value)


def test_a_network_error_is_its_class_in_error_type(provider: TracerProvider, exporter: InMemorySpanExporter) -> None:
    client = from_env(tracer_provider=provider)
    client.get_token()
    exporter.clear()
    control("POST", "/faults", {"operationId": spec.INFO_OPERATION, "reset": True})
    client.get_connection_info("recorder")
    attempts = sorted(
        (s for s in exporter.get_finished_spans() if s.kind is SpanKind.CLIENT), key=lambda s: s.start_time or 0
    )
    assert [s.attributes.get("error.type") for s in attempts] == ["NetworkError", None]
    assert "http.response.status_code" not in attempts[0].attributes


def test_no_span_shows_the_secret_or_a_token(provider: TracerProvider, exporter: InMemorySpanExporter) -> None:
    client = from_env(tracer_provider=provider)
    control("POST", "/faults", {"operationId": spec.INFO_OPERATION, "status": 401})
    control("POST", "/faults", {"operationId": spec.INFO_OPERATION, "status": 401})  # the replay refused too
    with pytest.raises(AuthenticationError):
        client.get_connection_info("recorder")
    client.get_connection_info("recorder")
    shown = "\n".join(s.to_json() for s in exporter.get_finished_spans())
    tokens = client._tokens.remembered()
    assert len(tokens) == 3
    assert os.environ["COBROWSE_APP_SECRET"] not in shown
    assert not [t for t in tokens if t in shown]


def test_the_global_tracer_provider_is_the_default() -> None:
    program = textwrap.dedent(
        """
        from opentelemetry import trace
        from opentelemetry.sdk.trace import TracerProvider
        from opentelemetry.sdk.trace.export import SimpleSpanProcessor
        from opentelemetry.sdk.trace.export.in_memory_span_exporter import InMemorySpanExporter
        exporter = InMemorySpanExporter()
        provider = TracerProvider()
        provider.add_span_processor(SimpleSpanProcessor(exporter))
        trace.set_tracer_provider(provider)
        from cec_cobrowse import from_env
        tracer = trace.get_tracer("app")
        with tracer.start_as_current_span("handle-request") as parent:
            from_env().get_connection_info("recorder")
        names = {s.name: s for s in exporter.get_finished_spans()}
        assert names["getConnectionInfo"].parent.span_id == parent.get_span_context().span_id
        assert names["getConnectionInfo"].context.trace_id == parent.get_span_context().trace_id
        print(sorted(names))
        """
    )
    done = subprocess.run(
        [sys.executable, "-c", program], check=False, capture_output=True, text=True, timeout=60, env=os.environ
    )
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == "['POST', 'getConnectionInfo', 'handle-request', 'tokenByAkSk']"


def run_without_opentelemetry(body: str) -> dict[str, Any]:
    """``body`` in a process where ``import opentelemetry`` fails, as when it is not installed."""
    program = (
        "import sys\nsys.modules['opentelemetry'] = None  # import opentelemetry: ImportError\n" + textwrap.dedent(body)
    )
    done = subprocess.run(
        [sys.executable, "-c", program], check=False, capture_output=True, text=True, timeout=60, env=os.environ
    )
    assert done.returncode == 0, done.stderr
    return json.loads(done.stdout)


def test_without_opentelemetry_it_works_and_says_so_when_asked_for_it() -> None:
    log = RequestLog()
    out = run_without_opentelemetry(
        """
        import json
        from cec_cobrowse import ConfigurationError, from_env
        room = from_env().get_connection_info("recorder").data.room_id
        try:
            from_env(tracer_provider=object())
            refused = None
        except ConfigurationError as e:
            refused = str(e)
        print(json.dumps({"room": room, "refused": refused}))
        """
    )
    assert out["room"]
    assert out["refused"] == "tracer_provider: needs the OpenTelemetry API: pip install 'cec-cobrowse[otel]'"
    assert [r.get("traceparent", False) for r in log.records()] == [False, False]  # the log notes only one that came


def test_opentelemetry_is_imported_when_a_client_is_made_not_with_the_package() -> None:
    program = textwrap.dedent(
        """
        import sys
        import cec_cobrowse
        before = "opentelemetry" in sys.modules
        cec_cobrowse.CobrowseClient(base_url="https://gateway.example", app_key="k", app_secret="s", tenant_space_id="t")
        print(before, "opentelemetry" in sys.modules)
        """
    )
    done = subprocess.run(
        [sys.executable, "-c", program], check=False, capture_output=True, text=True, timeout=60, env=os.environ
    )
    assert done.returncode == 0, done.stderr
    assert done.stdout.split() == ["False", "True"]
