"""The send loop (packages/scenarios/README.md, The send loop): one loop for both operations.
Every attempt takes the current usable token at the moment it is sent; a 401 drops exactly the
token that attempt sent; retries and the one replay share one budget of ``max_retries + 2``
attempts; every error is typed and scrubbed."""

from __future__ import annotations

import builtins
import time
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, Generic, TypeVar

import pydantic
import urllib3
from cec_cobrowse_client.api_response import ApiResponse
from cec_cobrowse_client.exceptions import ApiException

from . import generated as spec
from ._observe import AttemptWatch, Observer, header
from ._redact import Redactor
from ._retries import RetryPolicy, is_retryable_status
from ._token import TokenCache
from ._transport import AnswerTooLarge, AttemptTimeout, BoundedTransport, Exchange
from .errors import (
    ApiError,
    CobrowseError,
    NetworkError,
    ResponseTooLargeError,
    TimeoutError,
    api_error_class,
)

T = TypeVar("T")


class Unusable(Exception):
    """Raised by an operation's ``accept`` for a 2xx answer it cannot use: ``success: false``, or a
    success without what the caller needs. The loop turns it into an :class:`ApiError`."""

    def __init__(self, reason: str | None, error_code: int | None = None) -> None:
        super().__init__(reason)
        self.reason = reason
        self.error_code = error_code


@dataclass(frozen=True)
class Operation(Generic[T]):
    #: The operation id and its HTTP method (the spec's, generated).
    name: str
    method: str
    #: Sends one attempt through the generated client: ``call(token, timeout)`` (token None when
    #: the operation uses none).
    call: Callable[[str | None, float], ApiResponse[Any]]
    #: The result of a 2xx answer, or :class:`Unusable`.
    accept: Callable[[ApiResponse[Any]], T]
    uses_token: bool
    #: The token request: marked so in hooks, spans and log lines.
    token_request: bool = False


@dataclass(frozen=True)
class _Failure:
    error: CobrowseError
    retryable: bool = False
    refused: bool = False  # a 401 on an operation that uses a token
    retry_after: str | None = None


class Sender:
    def __init__(self, tokens: TokenCache, transport: BoundedTransport, redact: Redactor, observer: Observer) -> None:
        self._tokens = tokens
        self._transport = transport
        self._redact = redact
        self._observer = observer
        self.log = observer.log

    def send(self, op: Operation[T], policy: RetryPolicy, timeout: float) -> T:
        with self._observer.call(op.name, op.method, op.token_request) as call:
            attempts = retries = 0
            replayed = False
            while True:
                token = self._tokens.acquire().token if op.uses_token else None
                attempts += 1
                with call.attempt(attempts, token) as watch:
                    outcome = self._attempt(op, token, timeout, watch)
                if not isinstance(outcome, _Failure):
                    return outcome
                error = outcome.error
                spent = attempts >= policy.budget
                if outcome.refused and token is not None:
                    if self._tokens.drop(token):  # the token was the current one: the one replay
                        if replayed or spent:
                            self.log.info("%s: attempt %d: token refused (401) again; giving up", op.name, attempts)
                            raise error
                        replayed = True
                        self.log.info(
                            "%s: attempt %d: token refused (401); dropped it, replaying once with a new token",
                            op.name,
                            attempts,
                        )
                    else:  # another caller already dropped or replaced it: superseded
                        if spent:
                            self.log.info(
                                "%s: attempt %d: superseded token refused (401); attempt budget (%d) spent",
                                op.name,
                                attempts,
                                policy.budget,
                            )
                            raise error
                        self.log.info(
                            "%s: attempt %d: superseded token refused (401); sending again with the current one",
                            op.name,
                            attempts,
                        )
                    continue
                if not outcome.retryable:
                    raise error
                if retries >= policy.max_retries or spent:
                    self.log.info("%s: attempt %d failed (%s); retries spent", op.name, attempts, error)
                    raise error
                retries += 1
                delay = policy.delay(retries, outcome.retry_after)
                self.log.info(
                    "%s: attempt %d failed (%s); retry %d of %d in %.2f s",
                    op.name,
                    attempts,
                    error,
                    retries,
                    policy.max_retries,
                    delay,
                )
                time.sleep(delay)

    def _attempt(self, op: Operation[T], token: str | None, timeout: float, watch: AttemptWatch) -> T | _Failure:
        """One attempt, shown to the observers once its outcome is known."""
        self._transport.forget()
        with self._transport.preparing(watch.prepare):
            outcome = self._outcome(op, token, timeout)
        watch.ended(self._transport.last(), outcome.error if isinstance(outcome, _Failure) else None)
        return outcome

    def _outcome(self, op: Operation[T], token: str | None, timeout: float) -> T | _Failure:
        """One attempt's result, or its failure as a typed, scrubbed error (raised by the caller
        outside any ``except`` block, so no error carries the raw transport exception as its context)."""
        try:
            answer = op.call(token, timeout)
        except ApiException as e:
            if not e.status:  # the generated client's own refusal of an answer (its content type)
                exchange = self._transport.last()
                if exchange is None:
                    return _Failure(NetworkError(op.name, self._describe(e, token)), retryable=True)
                return _Failure(self._unparsable(op.name, exchange, token, schema=False))
            error = self._api_error(op.name, e.status, e.headers, getattr(e, "data", None), token)
            if e.status == 401 and op.uses_token:
                return _Failure(error, refused=True)
            if is_retryable_status(e.status):
                return _Failure(error, retryable=True, retry_after=header(e.headers, spec.RETRY_AFTER_HEADER))
            return _Failure(error)
        except AttemptTimeout as e:
            return _Failure(TimeoutError(op.name, e.timeout), retryable=True)
        except AnswerTooLarge as e:
            return _Failure(
                ResponseTooLargeError(
                    op.name, e.limit, e.decoded, e.exchange.status, self._request_id(e.exchange.headers, token)
                )
            )
        except (urllib3.exceptions.TimeoutError, builtins.TimeoutError):
            return _Failure(TimeoutError(op.name, timeout), retryable=True)
        except (urllib3.exceptions.HTTPError, OSError) as e:
            return _Failure(NetworkError(op.name, self._describe(e, token)), retryable=True)
        except (ValueError, pydantic.ValidationError) as e:  # a 2xx the generated client could not parse
            exchange = self._transport.last()
            if exchange is None:
                raise
            return _Failure(self._unparsable(op.name, exchange, token, schema=isinstance(e, pydantic.ValidationError)))
        try:
            return op.accept(answer)
        except Unusable as e:
            request_id = self._request_id(answer.headers, token)
            return _Failure(
                ApiError(op.name, answer.status_code, e.error_code, self._redact.text(e.reason, token), request_id)
            )

    # -- building errors ----------------------------------------------------------------------

    def _api_error(self, op: str, status: int, headers: Any, data: Any, token: str | None) -> ApiError:
        reason = self._redact.text(getattr(data, "error_reason", None), token)
        if 300 <= status < 400:
            location = header(headers, "Location")
            reason = self._redact.text(
                f"a redirect to {location or '(no Location)'}, not followed: credentials never leave the origin; set base_url to the gateway's final URL",
                token,
            )
        details = [self._redact.value(d.to_dict(), token) for d in (getattr(data, "details", None) or [])]
        return api_error_class(status)(
            op,
            status,
            getattr(data, "error_code", None),
            reason,
            self._request_id(headers, token),
            details,
            self._redact.headers(headers, token),
        )

    def _unparsable(self, op: str, exchange: Exchange, token: str | None, schema: bool) -> ApiError:
        """An answer the generated client could not read: not JSON, or JSON off the spec's schema."""
        content_type = header(exchange.headers, "Content-Type") or "none"
        if schema and "json" in content_type.lower():
            reason = "the answer does not match the spec's schema"
        else:
            reason = f"the answer is not JSON (Content-Type: {content_type})"
        return ApiError(
            op, exchange.status, None, self._redact.text(reason, token), self._request_id(exchange.headers, token)
        )

    def _request_id(self, headers: Any, token: str | None) -> str | None:
        return self._redact.text(header(headers, spec.REQUEST_ID_HEADER), token)

    def _describe(self, error: BaseException, token: str | None) -> str:
        text = str(error) or type(error).__name__
        return self._redact.text(f"{type(error).__name__}: {text}"[:300], token) or ""
