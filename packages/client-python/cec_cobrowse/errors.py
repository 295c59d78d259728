"""The layer's errors. Every error it raises is a :class:`CobrowseError`; none carries the app
secret or a token: every string from a server is scrubbed of the secret, the failing attempt's
token and the last tokens received before it reaches an error (packages/scenarios/README.md,
Redaction). None chains the transport's own exception either (its text is scrubbed into the
message instead)."""

from __future__ import annotations

import builtins
from collections.abc import Mapping, Sequence
from typing import Any


class CobrowseError(Exception):
    """Base class of every error this package raises."""


class ConfigurationError(CobrowseError, ValueError):
    """A missing or invalid option (or environment variable). Nothing was sent."""

    def __init__(self, field: str, message: str) -> None:
        super().__init__(f"{field}: {message}")
        self.field = field
        #: What is wrong with it, and the fix.
        self.problem = message


class ValidationError(CobrowseError, ValueError):
    """A request the spec's schema refuses, such as a role outside the enum. Nothing was sent."""

    def __init__(self, field: str, message: str) -> None:
        super().__init__(f"{field}: {message}")
        self.field = field


class ApiError(CobrowseError):
    """The server answered, but not with success: a non-2xx status (a redirect included: never
    followed, ``error_reason`` names its ``Location``), a 200 with ``success: false``, or an
    answer the client cannot use (not JSON, or a success without a usable connection)."""

    def __init__(
        self,
        operation: str,
        status: int,
        error_code: int | None = None,
        error_reason: str | None = None,
        request_id: str | None = None,
        details: Sequence[Any] | None = None,
        headers: Mapping[str, str] | None = None,
    ) -> None:
        message = f"{operation} failed with HTTP {status}"
        if error_code is not None:
            message += f" (errorCode {error_code})"
        if error_reason:
            message += f": {error_reason}"
        if request_id:
            message += f" [request id {request_id}]"
        super().__init__(message)
        self.operation = operation
        self.status = status
        self.error_code = error_code
        self.error_reason = error_reason
        self.request_id = request_id
        self.details = list(details) if details else []
        self.headers = dict(headers or {})


class BadRequestError(ApiError):
    """400: the server found the request malformed; ``details`` names the fields."""


class AuthenticationError(ApiError):
    """401: wrong app key or secret, or a token refused even after one refresh."""


class NotFoundError(ApiError):
    """404: such as an unknown tenant space."""


class PayloadTooLargeError(ApiError):
    """413: the body is larger than the server accepts."""


class UnsupportedMediaTypeError(ApiError):
    """415: the server refused the content type."""


class RateLimitError(ApiError):
    """429, still after the retries."""


class InternalServerError(ApiError):
    """5xx, still after the retries."""


class TimeoutError(CobrowseError, builtins.TimeoutError):
    """The last attempt did not complete within ``timeout`` seconds (connect, headers and the
    whole body)."""

    def __init__(self, operation: str, timeout: float) -> None:
        super().__init__(f"{operation} timed out after {timeout:g} s")
        self.operation = operation
        self.timeout = timeout


class NetworkError(CobrowseError, ConnectionError):
    """No HTTP answer (connection refused or reset, DNS, TLS), still after the retries.
    ``reason`` is the transport's error, scrubbed."""

    def __init__(self, operation: str, reason: str) -> None:
        super().__init__(f"{operation} failed: network error ({reason})")
        self.operation = operation
        self.reason = reason


class ResponseTooLargeError(CobrowseError):
    """The answer passed ``max_response_bytes``, as received or once decoded (``decoded``). Not
    retried: the API's answers are under 1 kB, so such an answer is not one of its own."""

    def __init__(self, operation: str, limit: int, decoded: bool, status: int, request_id: str | None = None) -> None:
        message = f"{operation}: the answer (HTTP {status}) exceeds max_response_bytes ({limit} bytes){' once decoded' if decoded else ''}"
        if request_id:
            message += f" [request id {request_id}]"
        super().__init__(message)
        self.operation = operation
        self.limit = limit
        self.decoded = decoded
        self.status = status
        self.request_id = request_id


_BY_STATUS: dict[int, type[ApiError]] = {
    400: BadRequestError,
    401: AuthenticationError,
    404: NotFoundError,
    413: PayloadTooLargeError,
    415: UnsupportedMediaTypeError,
    429: RateLimitError,
}


def api_error_class(status: int) -> type[ApiError]:
    """The ApiError subclass for an HTTP status."""
    if status >= 500:
        return InternalServerError
    return _BY_STATUS.get(status, ApiError)
