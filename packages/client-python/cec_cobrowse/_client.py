"""CobrowseClient: the token lifecycle, retries, timeouts and typed errors around the generated
client (cec_cobrowse_client: its models, its ApiClient and urllib3 transport)."""

from __future__ import annotations

import email.utils
import ipaddress
import logging
import os
import random
import re
import time
import uuid
from dataclasses import dataclass
from typing import Any, Callable, Dict, List, Mapping, Optional, TypeVar, Union
from urllib.parse import urlsplit

import pydantic
import urllib3
from cec_cobrowse_client import (
    ApiClient,
    AuthenticationApi,
    CoBrowsingApi,
    Configuration,
    ConnectionInfo,
    GetConnectionInfoRequest,
    Role,
    TokenRequest,
)
from cec_cobrowse_client.exceptions import ApiException

from . import generated as spec
from ._token import CachedToken, TokenCache, schedule, token_deadline
from .errors import (
    ApiError,
    AuthenticationError,
    CobrowseError,
    ConfigurationError,
    NetworkError,
    TimeoutError,
    ValidationError,
    api_error_class,
)

logger = logging.getLogger("cec_cobrowse")

#: The environment variables :func:`from_env` reads, by option.
ENV_VARS = {
    "base_url": "COBROWSE_BASE_URL",
    "app_key": "COBROWSE_APP_KEY",
    "app_secret": "COBROWSE_APP_SECRET",
    "tenant_space_id": "COBROWSE_TENANT_SPACE_ID",
}

#: The two sides of a room, as the spec's generated ``Role`` enum lists them.
ROLES = tuple(r.value for r in Role)

_T = TypeVar("_T")
_REDACTED = "[REDACTED]"


@dataclass(frozen=True)
class ConnectionInfoResult:
    """What :meth:`CobrowseClient.get_connection_info` returns."""

    #: The connection information (the generated model): ``room_id``, ``wss_url``, ``wss_url_out``, ``connect_param``.
    data: ConnectionInfo
    #: The server's ``X-Request-Id``, when it sent one.
    request_id: Optional[str]


@dataclass(frozen=True)
class AccessToken:
    """A token, as :meth:`CobrowseClient.get_token` returns it."""

    access_token: str
    #: Seconds the client still treats the token as valid (its own estimate, margins included).
    expires_in: int

    def __repr__(self) -> str:
        return f"AccessToken(access_token={_REDACTED!r}, expires_in={self.expires_in})"


def _is_loopback(host: str) -> bool:
    if host.lower() == "localhost":
        return True
    try:
        return ipaddress.ip_address(host.strip("[]")).is_loopback
    except ValueError:
        return False


class CobrowseClient:
    """A client of the co-browsing API. It fetches and caches the token, retries what is safe to
    retry, times out each attempt, and raises typed errors. Thread-safe: share one per process.

    Durations are in seconds. ``max_retries`` (default 2) counts retries after the first attempt;
    0 turns them off.
    """

    def __init__(
        self,
        *,
        base_url: str,
        app_key: str,
        app_secret: str,
        tenant_space_id: str,
        token_expire: Optional[int] = None,
        timeout: float = 10.0,
        max_retries: int = 2,
        retry_base_delay: float = 0.5,
        retry_max_delay: float = 8.0,
        max_retry_after: float = 60.0,
        token_safety_margin: float = 30.0,
        token_refresh_ahead: float = 60.0,
        allow_insecure_http: bool = False,
        pool_maxsize: int = 32,
        _names: Optional[Mapping[str, str]] = None,
    ) -> None:
        name = (lambda f: (_names or {}).get(f, f))

        def need(field: str, value: Any, what: str) -> str:
            if not isinstance(value, str) or not value.strip():
                raise ConfigurationError(name(field), f"missing; set it to {what}")
            return value

        base_url = need("base_url", base_url, "the gateway URL, such as https://service.besclouds.com")
        need("app_key", app_key, "your app key")
        need("app_secret", app_secret, "the app secret (server side only)")
        need("tenant_space_id", tenant_space_id, "your tenant space id")
        parts = urlsplit(base_url)
        if parts.scheme not in ("https", "http") or not parts.hostname:
            raise ConfigurationError(name("base_url"), "must be the gateway's https:// URL, such as https://service.besclouds.com")
        if parts.scheme == "http" and not _is_loopback(parts.hostname) and not allow_insecure_http:
            raise ConfigurationError(name("base_url"), "plain http:// sends tokens in clear; use https://, or allow_insecure_http=True on a trusted network")
        if token_expire is not None and not (isinstance(token_expire, int) and spec.LIFETIME_MIN <= token_expire <= spec.LIFETIME_MAX):
            raise ConfigurationError("token_expire", f"must be a whole number of seconds from {spec.LIFETIME_MIN} to {spec.LIFETIME_MAX}")
        if not (isinstance(max_retries, int) and 0 <= max_retries <= 10):
            raise ConfigurationError("max_retries", "must be a whole number from 0 to 10")
        if not (isinstance(timeout, (int, float)) and timeout > 0):
            raise ConfigurationError("timeout", "must be a positive number of seconds")

        self.base_url = base_url.rstrip("/")
        self.app_key = app_key
        self.tenant_space_id = tenant_space_id
        self._secret = app_secret
        self._token_expire = token_expire
        self._timeout = float(timeout)
        self._max_retries = max_retries
        self._base_delay = retry_base_delay
        self._max_delay = retry_max_delay
        self._max_retry_after = max_retry_after
        self._margin = token_safety_margin
        self._ahead = token_refresh_ahead
        self._seen: List[str] = []

        # The generated transport, with urllib3's own retries off (this layer retries) and the two
        # API-key headers set once through the generated auth settings (by scheme name).
        config = Configuration(host=self.base_url, retries=False)
        config.api_key = {spec.APP_KEY_SCHEME: app_key, spec.TENANT_SCHEME: tenant_space_id}
        config.connection_pool_maxsize = pool_maxsize
        self._api = ApiClient(config)
        self._auth = AuthenticationApi(self._api)
        self._info = CoBrowsingApi(self._api)
        self._tokens = TokenCache(self._load_token)

    def __repr__(self) -> str:
        return f"CobrowseClient(base_url={self.base_url!r}, app_key={self.app_key!r}, tenant_space_id={self.tenant_space_id!r})"

    @property
    def raw(self) -> ApiClient:
        """The generated ApiClient (the escape hatch). It sends the app key and tenant headers;
        pass ``_headers={"Authorization": "Bearer " + client.get_token().access_token}`` yourself."""
        return self._api

    def close(self) -> None:
        """Closes the pooled connections (the client stays usable: new ones are opened)."""
        self._api.rest_client.pool_manager.clear()

    def __enter__(self) -> "CobrowseClient":
        return self

    def __exit__(self, *_: object) -> None:
        self.close()

    # -- the operations -------------------------------------------------------------------

    def get_connection_info(
        self,
        role: Union[str, Role],
        room_id: Optional[str] = None,
        *,
        user_id: Optional[str] = None,
        user_name: Optional[str] = None,
        work_no: Optional[str] = None,
        timeout: Optional[float] = None,
        max_retries: Optional[int] = None,
    ) -> ConnectionInfoResult:
        """Connection information for one side of a room: ``role="recorder"`` for the customer,
        ``"replayer"`` for the agent, with the same ``room_id``. The request is checked against
        the spec's schema first (a :class:`ValidationError` names the field; nothing is sent).

        Without ``room_id`` the client names a new room (a UUID) before the first attempt, so a
        retry after a lost answer asks for that room instead of creating a second one.
        """
        request = self._request(role, room_id, user_id, user_name, work_no)
        op = spec.INFO_OPERATION
        replayed = False
        while True:
            token = self._token().token
            try:
                answer = self._send(
                    op,
                    lambda t: self._info.get_connection_info_with_http_info(
                        request, _headers={spec.AUTHORIZATION_HEADER: spec.BEARER_PREFIX + token}, _request_timeout=t
                    ),
                    timeout,
                    max_retries,
                )
            except AuthenticationError:
                # A refused token: drop it, get one new token, replay once. Never more.
                if replayed:
                    raise
                replayed = True
                logger.debug("%s: token refused (401); refreshing once and replaying", op)
                self._tokens.invalidate(token)
                continue
            body = answer.data
            request_id = answer.headers.get(spec.REQUEST_ID_HEADER) if answer.headers else None
            if body is None or body.success is not True or body.data is None:
                raise ApiError(
                    op,
                    answer.status_code,
                    getattr(body, "error_code", None),
                    self._scrub(getattr(body, "error_reason", None) or ("success: true but no data" if body is not None and body.success else None)),
                    request_id,
                )
            return ConnectionInfoResult(data=body.data, request_id=request_id)

    def get_token(self, *, force_refresh: bool = False) -> AccessToken:
        """A valid token (the cached one, or a new one: one request however many threads wait)."""
        if force_refresh:
            self._tokens.invalidate()
        t = self._token()
        return AccessToken(t.token, max(0, int(t.expires_at - time.time())))

    def invalidate_token(self) -> None:
        """Forgets the cached token; the next call gets a new one."""
        self._tokens.invalidate()

    # -- internals --------------------------------------------------------------------------

    def _request(self, role: Any, room_id: Optional[str], user_id: Any, user_name: Any, work_no: Any) -> GetConnectionInfoRequest:
        try:
            role = Role(role)  # a Role member is returned as it is
        except ValueError:
            raise ValidationError("role", f"must be one of {', '.join(repr(r) for r in ROLES)}, got {str(role)[:40]!r}") from None
        try:
            return GetConnectionInfoRequest(
                role=role,
                room_id=room_id if room_id is not None else str(uuid.uuid4()),
                user_id=user_id,
                user_name=user_name,
                work_no=work_no,
            )
        except pydantic.ValidationError as error:
            first = error.errors()[0]
            field = ".".join(str(p) for p in first.get("loc", ())) or "request"
            raise ValidationError(field, first.get("msg", "is invalid")) from None

    def _token(self) -> CachedToken:
        return self._tokens.get()

    def _load_token(self) -> CachedToken:
        op = spec.TOKEN_OPERATION
        sent_at = time.time()
        answer = self._send(
            op,
            lambda t: self._auth.token_by_ak_sk_with_http_info(
                TokenRequest(app_key=self.app_key, app_secret=self._secret), x_token_expire=self._token_expire, _request_timeout=t
            ),
            None,
            None,
        )
        received_at = time.time()
        t = answer.data
        if t is None or not t.access_token or not re.fullmatch(spec.LIFETIME_PATTERN, t.expires or ""):
            raise ApiError(op, answer.status_code, None, "the answer lacks a token or a usable lifetime")
        created = int(t.create_time) if re.fullmatch(spec.CREATE_TIME_PATTERN, t.create_time or "") else None
        token = schedule(t.access_token, received_at, token_deadline(created, int(t.expires), sent_at, received_at), self._margin, self._ahead)
        self._seen = [t.access_token, *self._seen[:2]]
        logger.debug("%s: token issued, used for %.0f s", op, token.expires_at - received_at)
        return token

    def _send(self, op: str, attempt: Callable[[float], _T], timeout: Optional[float], max_retries: Optional[int]) -> _T:
        """One call with its retries: a fresh timeout per attempt; backoff with full jitter (or the
        server's Retry-After) between attempts; network errors, timeouts, 408, 429 and 5xx retried."""
        timeout = self._timeout if timeout is None else timeout
        retries = self._max_retries if max_retries is None else max_retries
        n = 0
        while True:
            retry_after: Optional[str] = None
            try:
                return attempt(timeout)
            except ApiException as e:
                if not e.status:  # the transport's own failure (TLS), not an answer
                    error: CobrowseError = NetworkError(op, e)
                else:
                    error = self._api_error(op, e)
                    if e.status not in (408, 429) and e.status < 500:
                        raise error from None
                    retry_after = (e.headers or {}).get(spec.RETRY_AFTER_HEADER)
            except urllib3.exceptions.TimeoutError:
                error = TimeoutError(op, timeout)
            except (urllib3.exceptions.HTTPError, OSError) as e:
                error = NetworkError(op, e)
            except pydantic.ValidationError:
                raise ApiError(op, 200, None, "the answer does not match the spec's schema") from None
            if n >= retries:
                raise error from None
            delay = self._delay(n, retry_after)
            logger.debug("%s: attempt %d failed (%s); retrying in %.2f s", op, n + 1, type(error).__name__, delay)
            time.sleep(delay)
            n += 1

    def _delay(self, n: int, retry_after: Optional[str]) -> float:
        s = (retry_after or "").strip()
        wait: Optional[float] = None
        if re.fullmatch(r"\d+(\.\d+)?", s):
            wait = float(s)
        elif s:
            try:
                wait = email.utils.parsedate_to_datetime(s).timestamp() - time.time()
            except (TypeError, ValueError):
                wait = None
        if wait is not None:
            return min(max(0.0, wait), self._max_retry_after)
        return random.uniform(0, min(self._max_delay, self._base_delay * 2**n))

    def _scrub(self, text: Optional[str]) -> Optional[str]:
        if text is None:
            return None
        for secret in (self._secret, *self._seen):
            if secret and len(secret) >= 4:
                text = text.replace(secret, _REDACTED)
        return text

    def _api_error(self, op: str, e: ApiException) -> ApiError:
        data = getattr(e, "data", None)
        headers = {k: self._scrub(v) or "" for k, v in (e.headers or {}).items()}
        lower = {k.lower(): v for k, v in headers.items()}
        return api_error_class(e.status)(
            op,
            e.status,
            getattr(data, "error_code", None),
            self._scrub(getattr(data, "error_reason", None)),
            lower.get(spec.REQUEST_ID_HEADER.lower()),
            [d.to_dict() for d in (getattr(data, "details", None) or [])],
            headers,
        )


def from_env(env: Optional[Mapping[str, str]] = None, **overrides: Any) -> CobrowseClient:
    """A client from COBROWSE_BASE_URL, COBROWSE_APP_KEY, COBROWSE_APP_SECRET and
    COBROWSE_TENANT_SPACE_ID (``overrides`` win). A missing variable raises a
    :class:`ConfigurationError` naming it."""
    env = os.environ if env is None else env
    options: Dict[str, Any] = {field: env.get(var) for field, var in ENV_VARS.items()}
    options.update(overrides)
    names = {field: var for field, var in ENV_VARS.items() if field not in overrides}
    return CobrowseClient(**options, _names=names)
