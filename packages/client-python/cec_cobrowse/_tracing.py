"""OpenTelemetry, when its API is installed (``pip install cec-cobrowse[otel]``): a span per call,
a child span per attempt and per token fetch, the HTTP client semantic conventions, and the W3C
trace context in each attempt's headers. The API package is imported when a client is made, never
required: without it (or with ``tracer_provider`` set to OpenTelemetry's no-op provider) every
method here does nothing (the classes below are the no-op side; ``_otel`` the other).

Spans (names and attributes are the README's, section OpenTelemetry):

    getConnectionInfo                 INTERNAL  cobrowse.operation, cobrowse.attempts, cobrowse.request_id
    ├── tokenByAkSk                   INTERNAL  the token fetch: cobrowse.token_request = true
    │   └── POST                      CLIENT    one per attempt of the token request
    ├── POST                          CLIENT    http.request.method, url.full, server.address, server.port,
    └── POST                          CLIENT    http.response.status_code, http.request.resend_count,
                                                error.type, cobrowse.attempt, cobrowse.request_id

Every value is the layer's own or scrubbed: no attribute, event or status holds the app secret
or a token (the URL has none; errors are scrubbed before they are recorded)."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any
from urllib.parse import urlsplit, urlunsplit

from .errors import CobrowseError, ConfigurationError


def safe_url(url: str) -> str:
    """``url.full`` without userinfo, and each query value replaced (no API URL has a query; a
    proxy-built one might carry a signature)."""
    parts = urlsplit(url)
    netloc = parts.hostname or ""
    if ":" in netloc:
        netloc = f"[{netloc}]"
    if parts.port is not None:
        netloc += f":{parts.port}"
    query = (
        "&".join(f"{p.split('=', 1)[0]}=REDACTED" if "=" in p else p for p in parts.query.split("&"))
        if parts.query
        else ""
    )
    return urlunsplit((parts.scheme, netloc, parts.path, query, ""))


def error_type(error: CobrowseError) -> str:
    """``error.type``: the status code for an HTTP error answer, else the error's class name."""
    status = getattr(error, "status", None)
    return str(status) if isinstance(status, int) and status >= 400 else type(error).__name__


class AttemptSpan:
    """One attempt's span (no-op unless OpenTelemetry is on)."""

    def sent(self, method: str, url: str, headers: dict[str, str]) -> None:
        """The request as sent: its URL, and the trace context injected into its headers."""

    def finish(self, status: int | None, request_id: str | None, error: CobrowseError | None) -> None:
        """Records the attempt's outcome (the span ends when the ``attempt`` block does)."""


class CallSpan:
    """One call's span (no-op unless OpenTelemetry is on)."""

    @contextmanager
    def attempt(self, number: int, method: str) -> Iterator[AttemptSpan]:
        yield AttemptSpan()

    def finish(self, attempts: int, request_id: str | None, error: CobrowseError | None) -> None:
        """Records the call's outcome (the span ends when the ``call`` block does)."""


class Tracing:
    """A client's tracing: :meth:`create` picks OpenTelemetry's when its API can be imported."""

    @staticmethod
    def create(base_url: str, tracer_provider: Any = None) -> Tracing:
        try:
            from ._otel import OtelTracing  # imports opentelemetry: here, once a client is made
        except ImportError:
            if tracer_provider is not None:
                raise ConfigurationError(
                    "tracer_provider", "needs the OpenTelemetry API: pip install 'cec-cobrowse[otel]'"
                ) from None
            return Tracing()
        return OtelTracing(base_url, tracer_provider)

    @contextmanager
    def call(self, operation: str, token_request: bool) -> Iterator[CallSpan]:
        yield CallSpan()
