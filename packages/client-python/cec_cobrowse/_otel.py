"""The OpenTelemetry side of :mod:`._tracing`: this module imports the OpenTelemetry API, and is
itself imported only when a client is made and the API is installed (the ``otel`` extra)."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any
from urllib.parse import urlsplit

from opentelemetry import context, propagate, trace
from opentelemetry.trace import Span, SpanKind, Status, StatusCode

from ._constants import TRACER_NAME
from ._identity import sdk_version
from ._tracing import AttemptSpan, CallSpan, Tracing, error_type, safe_url
from .errors import CobrowseError


def _fail(span: Span, error: CobrowseError) -> None:
    """The error on a span: ``error.type``, the exception event (its message is scrubbed), the status."""
    span.set_attribute("error.type", error_type(error))
    span.record_exception(error)
    span.set_status(Status(StatusCode.ERROR, str(error)))


class OtelTracing(Tracing):
    def __init__(self, base_url: str, tracer_provider: Any = None) -> None:
        self._tracer = trace.get_tracer(TRACER_NAME, sdk_version(), tracer_provider=tracer_provider)
        parts = urlsplit(base_url)
        self._server = {
            "server.address": parts.hostname or "",
            "server.port": parts.port or (443 if parts.scheme == "https" else 80),
        }

    @contextmanager
    def call(self, operation: str, token_request: bool) -> Iterator[CallSpan]:
        attributes = {"cobrowse.operation": operation, "cobrowse.token_request": token_request}
        with self._tracer.start_as_current_span(
            operation,
            kind=SpanKind.INTERNAL,
            attributes=attributes,
            record_exception=False,
            set_status_on_exception=False,
        ) as span:
            yield _Call(self, span, operation, token_request)


class _Call(CallSpan):
    def __init__(self, tracing: OtelTracing, span: Span, operation: str, token_request: bool) -> None:
        self._tracing = tracing
        self._span = span
        self._operation = operation
        self._token_request = token_request

    @contextmanager
    def attempt(self, number: int, method: str) -> Iterator[AttemptSpan]:
        attributes: dict[str, Any] = {
            "http.request.method": method,
            **self._tracing._server,
            "cobrowse.operation": self._operation,
            "cobrowse.token_request": self._token_request,
            "cobrowse.attempt": number,
        }
        if number > 1:  # the conventions: set on a resend only
            attributes["http.request.resend_count"] = number - 1
        span = self._tracing._tracer.start_span(method, kind=SpanKind.CLIENT, attributes=attributes)
        token = context.attach(trace.set_span_in_context(span))
        try:
            yield _Attempt(span)
        finally:
            context.detach(token)
            span.end()

    def finish(self, attempts: int, request_id: str | None, error: CobrowseError | None) -> None:
        self._span.set_attribute("cobrowse.attempts", attempts)
        if request_id:
            self._span.set_attribute("cobrowse.request_id", request_id)
        if error is not None:
            _fail(self._span, error)


class _Attempt(AttemptSpan):
    def __init__(self, span: Span) -> None:
        self._span = span

    def sent(self, method: str, url: str, headers: dict[str, str]) -> None:
        self._span.set_attribute("url.full", safe_url(url))
        propagate.inject(headers)  # the current context is this attempt's span: traceparent

    def finish(self, status: int | None, request_id: str | None, error: CobrowseError | None) -> None:
        if status is not None:
            self._span.set_attribute("http.response.status_code", status)
        if request_id:
            self._span.set_attribute("cobrowse.request_id", request_id)
        if error is not None:
            _fail(self._span, error)
