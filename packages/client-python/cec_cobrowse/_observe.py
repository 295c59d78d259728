"""What the send loop shows of each call and each attempt: the attempt header and the trace context
on the wire, the hooks, the spans and the DEBUG line of every attempt. The loop (``_send``) says
when a call or an attempt starts and how it ended; this decides what that looks like outside."""

from __future__ import annotations

import logging
import time
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

from . import generated as spec
from ._hooks import ErrorEvent, HookRunner, RequestEvent, ResponseEvent
from ._log import Log
from ._redact import Redactor
from ._tracing import AttemptSpan, CallSpan, Tracing
from ._transport import Exchange
from .errors import CobrowseError


def header(headers: Any, name: str) -> str | None:
    """A header's value by case-insensitive name (the generated ApiResponse keeps headers as a
    plain dict; HTTP/2 gateways send every name in lower case)."""
    if not headers:
        return None
    value = headers.get(name)
    if value is None:
        wanted = name.lower()
        value = next((v for k, v in headers.items() if str(k).lower() == wanted), None)
    return None if value is None else str(value)


class Observer:
    """A client's observers: its hooks, its tracing and its log, over its redactor."""

    def __init__(self, hooks: HookRunner, tracing: Tracing, log: Log, redact: Redactor) -> None:
        self.hooks = hooks
        self.tracing = tracing
        self.log = log
        self.redact = redact

    @contextmanager
    def call(self, operation: str, method: str, token_request: bool) -> Iterator[CallWatch]:
        with self.tracing.call(operation, token_request) as span:
            watch = CallWatch(self, operation, method, token_request, span)
            try:
                yield watch
            except CobrowseError as error:
                span.finish(watch.attempts, watch.request_id, error)
                raise
            span.finish(watch.attempts, watch.request_id, None)


class CallWatch:
    """One call: its attempts, each watched by an :class:`AttemptWatch`."""

    def __init__(self, observer: Observer, operation: str, method: str, token_request: bool, span: CallSpan) -> None:
        self._observer = observer
        self.operation = operation
        self.method = method
        self.token_request = token_request
        self._span = span
        self.attempts = 0
        self.request_id: str | None = None

    @contextmanager
    def attempt(self, number: int, token: str | None) -> Iterator[AttemptWatch]:
        self.attempts = number
        with self._span.attempt(number, self.method) as span:
            watch = AttemptWatch(self._observer, self, number, token, span)
            yield watch
            self.request_id = watch.request_id or self.request_id


class AttemptWatch:
    """One attempt: :meth:`prepare` runs on the transport (the headers as they go out),
    :meth:`ended` once the loop knows the outcome."""

    def __init__(self, observer: Observer, call: CallWatch, number: int, token: str | None, span: AttemptSpan) -> None:
        self._o = observer
        self._call = call
        self.number = number
        self._token = token
        self._span = span
        self._started = time.monotonic()
        self.method = call.method
        self.url = ""
        self.request_id: str | None = None

    def prepare(self, method: str, url: str, headers: dict[str, str]) -> None:
        """The attempt's own headers, then the trace context, then the hooks' additions."""
        self.method, self.url = method, url
        headers[spec.ATTEMPT_HEADER] = str(self.number)
        self._span.sent(method, url, headers)
        if self._o.hooks:
            event = RequestEvent(
                self._call.operation,
                self.number,
                self._call.token_request,
                method,
                url,
                self._o.redact.headers(headers, self._token),
            )
            headers.update(self._o.hooks.before_request(event))

    def ended(self, exchange: Exchange | None, error: CobrowseError | None) -> None:
        """The attempt's outcome: ``exchange`` when an answer came (its status and headers),
        ``error`` when the attempt failed (typed and scrubbed already)."""
        ended = time.monotonic()
        call, o = self._call, self._o
        status = exchange.status if exchange is not None else None
        self.request_id = (
            o.redact.text(header(exchange.headers, spec.REQUEST_ID_HEADER), self._token)
            if exchange is not None
            else None
        )
        self._span.finish(status, self.request_id, error)
        if o.log.enabled(logging.DEBUG):
            outcome = f"HTTP {status}" if status is not None else "no answer"
            o.log.debug(
                "%s: attempt %d: %s in %.0f ms%s%s",
                call.operation,
                self.number,
                outcome,
                (ended - self._started) * 1000,
                f" [request id {self.request_id}]" if self.request_id else "",
                f": {error}" if error is not None else "",
            )
        if not o.hooks:
            return
        common = {
            "operation": call.operation,
            "attempt": self.number,
            "token_request": call.token_request,
            "method": self.method,
            "url": self.url,
        }
        if exchange is not None:
            answered = exchange.at or ended  # the answer's status and headers
            o.hooks.after_response(
                ResponseEvent(
                    **common,
                    status=exchange.status,
                    request_id=self.request_id,
                    duration=answered - self._started,
                    headers=o.redact.headers(exchange.headers, self._token),
                )
            )
        if error is not None:
            o.hooks.on_error(
                ErrorEvent(
                    **common, status=status, request_id=self.request_id, duration=ended - self._started, error=error
                )
            )
