"""The bounded attempt. It takes the place of the generated ApiClient's ``rest_client`` (the
generated code builds the request and parses the answer; this sends it): one urllib3 request
with redirects never followed, the body read in chunks under one deadline for the whole attempt
(connect, headers and body), and the answer capped at ``max_response_bytes``, counted as
received and once decoded (urllib3 decodes gzip and deflate, and br or zstd when their packages
are installed). Just before sending, an attempt's ``prepare`` (set by the send loop for the thread)
adds its own headers: the attempt number, the trace context, the hooks' additions."""

from __future__ import annotations

import json
import threading
import time
from collections.abc import Callable, Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass
from typing import Any

import urllib3
from cec_cobrowse_client.exceptions import ApiValueError
from cec_cobrowse_client.rest import RESTClientObject, RESTResponse

from ._constants import READ_CHUNK_BYTES
from ._deadline import Guard, guard_pools, guarded


class AttemptTimeout(Exception):
    """The attempt's deadline passed (connect, headers or body)."""

    def __init__(self, timeout: float) -> None:
        super().__init__(f"no complete answer within {timeout:g} s")
        self.timeout = timeout


class AnswerTooLarge(Exception):
    """The answer passed the cap, as received or once decoded."""

    def __init__(self, limit: int, decoded: bool, exchange: Exchange) -> None:
        super().__init__(f"the answer exceeds {limit} bytes{' once decoded' if decoded else ''}")
        self.limit = limit
        self.decoded = decoded
        self.exchange = exchange


@dataclass(frozen=True)
class Exchange:
    """What the last attempt of a thread received before its body: the status and the headers,
    and when they arrived (``time.monotonic()``)."""

    status: int
    headers: Mapping[str, str]
    at: float = 0.0


Timeout = int | float | tuple[float, float] | None
#: Called with (method, url, headers) just before an attempt is sent; may add headers.
Prepare = Callable[[str, str, dict[str, str]], None]


class BoundedTransport:
    """Sends one request for the generated ApiClient (``api_client.rest_client = BoundedTransport(…)``)
    on the pool the generated configuration built (TLS, proxies)."""

    def __init__(self, generated: RESTClientObject, max_response_bytes: int, default_timeout: float) -> None:
        self.pool_manager: urllib3.PoolManager = generated.pool_manager
        guard_pools(self.pool_manager)
        self._max = max_response_bytes
        self._default_timeout = default_timeout
        self._local = threading.local()

    # -- what the send loop asks ------------------------------------------------------------

    def forget(self) -> None:
        """Clears this thread's last exchange (before an attempt)."""
        self._local.exchange = None

    def last(self) -> Exchange | None:
        """The status and headers this thread's last attempt received, if an answer came."""
        return getattr(self._local, "exchange", None)

    @contextmanager
    def preparing(self, prepare: Prepare) -> Iterator[None]:
        """Requests this thread sends meanwhile (one attempt) go through ``prepare`` first."""
        self._local.prepare = prepare
        try:
            yield
        finally:
            self._local.prepare = None

    # -- the generated client's rest_client interface ------------------------------------------

    def request(
        self,
        method: str,
        url: str,
        headers: Mapping[str, str] | None = None,
        body: Any = None,
        post_params: Any = None,
        _request_timeout: Timeout = None,
    ) -> RESTResponse:
        if post_params:
            raise ApiValueError("form bodies are not supported: every operation of this API takes JSON")
        payload = body if body is None or isinstance(body, (str, bytes)) else json.dumps(body)
        headers = dict(headers or {})
        prepare: Prepare | None = getattr(self._local, "prepare", None)
        if prepare is not None:
            prepare(method, url, headers)
        self._local.exchange = None
        response: urllib3.BaseHTTPResponse | None = None
        try:
            with guarded(self._timeout(_request_timeout)) as guard:
                remaining = max(guard.remaining(), 0.001)
                try:
                    response = self.pool_manager.request(
                        method,
                        url,
                        body=payload,
                        headers=headers,
                        timeout=urllib3.Timeout(connect=remaining, read=remaining),
                        retries=False,
                        redirect=False,
                        preload_content=False,
                        decode_content=True,
                    )
                except (urllib3.exceptions.HTTPError, OSError):
                    if guard.expired:
                        raise AttemptTimeout(guard.timeout) from None
                    raise
                exchange = Exchange(response.status, response.headers, time.monotonic())
                self._local.exchange = exchange
                result = RESTResponse(response)
                result.data = self._read(response, guard, exchange)  # type: ignore[assignment]  # typed None by the generated class
            return result
        finally:
            # Only once the guard is finished (the watchdog leaves its socket alone) does the
            # connection go back to the pool; one the watchdog shut down is closed instead.
            if response is not None:
                if guard.ended_by_watchdog:
                    response.close()
                response.release_conn()

    def _timeout(self, value: Timeout) -> float:
        """The whole attempt's bound: the layer passes seconds; a ``(connect, read)`` pair from a
        caller of the escape hatch bounds the attempt by their sum."""
        if value is None:
            return self._default_timeout
        if isinstance(value, tuple):
            return float(sum(value))
        return float(value)

    def _read(self, response: urllib3.BaseHTTPResponse, guard: Guard, exchange: Exchange) -> bytes:
        chunks = []
        size = 0
        try:
            while True:
                if guard.expired:
                    raise AttemptTimeout(guard.timeout)
                # read1: at most one network read per call (read() would wait for the whole
                # chunk, however slowly it comes), decoded.
                chunk = response.read1(READ_CHUNK_BYTES)
                if response.tell() > self._max:
                    raise AnswerTooLarge(self._max, False, exchange)
                if not chunk:
                    break
                size += len(chunk)
                if size > self._max:
                    raise AnswerTooLarge(self._max, True, exchange)
                chunks.append(chunk)
        except BaseException as error:
            response.close()  # the rest of the body is unread: the connection cannot be reused
            if isinstance(error, (urllib3.exceptions.HTTPError, OSError)) and guard.expired:
                raise AttemptTimeout(guard.timeout) from None
            raise
        return b"".join(chunks)
