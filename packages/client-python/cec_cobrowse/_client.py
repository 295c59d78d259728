"""CobrowseClient: the options, the two operations and the wiring of the layer's parts around the
generated client (cec_cobrowse_client: its models, its ApiClient and its urllib3 pool)."""

from __future__ import annotations

import ipaddress
import os
import re
import time
import uuid
from dataclasses import dataclass
from typing import Any, Dict, Mapping, Optional, Union
from urllib.parse import urlsplit

import pydantic
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
from cec_cobrowse_client.api_response import ApiResponse

from . import _constants as defaults
from . import generated as spec
from ._redact import Redactor
from ._retries import RetryPolicy
from ._send import Operation, Sender, Unusable, header
from ._token import CachedToken, TokenCache, schedule, token_deadline
from ._transport import BoundedTransport
from .errors import ConfigurationError, ValidationError

#: The environment variables :func:`from_env` reads, by option.
ENV_VARS = {
    "base_url": "COBROWSE_BASE_URL",
    "app_key": "COBROWSE_APP_KEY",
    "app_secret": "COBROWSE_APP_SECRET",
    "tenant_space_id": "COBROWSE_TENANT_SPACE_ID",
}

#: The two sides of a room, as the spec's generated ``Role`` enum lists them.
ROLES = tuple(r.value for r in Role)


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
        return f"AccessToken(access_token={defaults.REDACTED!r}, expires_in={self.expires_in})"


def _is_loopback(host: str) -> bool:
    if host.lower() == "localhost":
        return True
    try:
        return ipaddress.ip_address(host.strip("[]")).is_loopback
    except ValueError:
        return False


def _number(value: Any) -> bool:
    return isinstance(value, (int, float)) and not isinstance(value, bool)


class CobrowseClient:
    """A client of the co-browsing API. It fetches and caches the token, retries what is safe to
    retry within one attempt budget, bounds each attempt (time, size, no redirects), and raises
    typed errors. Thread-safe: share one per process.

    Durations are in seconds. ``max_retries`` counts retries after the first attempt; 0 turns
    them off. The defaults are in ``cec_cobrowse._constants``.
    """

    def __init__(
        self,
        *,
        base_url: str,
        app_key: str,
        app_secret: str,
        tenant_space_id: str,
        token_expire: Optional[int] = None,
        timeout: float = defaults.DEFAULT_TIMEOUT,
        max_retries: int = defaults.DEFAULT_MAX_RETRIES,
        retry_base_delay: float = defaults.DEFAULT_RETRY_BASE_DELAY,
        retry_max_delay: float = defaults.DEFAULT_RETRY_MAX_DELAY,
        max_retry_after: float = defaults.DEFAULT_MAX_RETRY_AFTER,
        max_response_bytes: int = defaults.DEFAULT_MAX_RESPONSE_BYTES,
        token_safety_margin: float = defaults.DEFAULT_TOKEN_SAFETY_MARGIN,
        token_refresh_ahead: float = defaults.DEFAULT_TOKEN_REFRESH_AHEAD,
        allow_insecure_http: bool = False,
        pool_maxsize: int = defaults.DEFAULT_POOL_MAXSIZE,
        _names: Optional[Mapping[str, str]] = None,
    ) -> None:
        def name(field: str) -> str:
            return (_names or {}).get(field, field)

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
        _check_max_retries("max_retries", max_retries)
        for field, value in (("timeout", timeout), ("max_retry_after", max_retry_after)):
            if not (_number(value) and value > 0):
                raise ConfigurationError(field, "must be a positive number of seconds")
        for field, value in (("retry_base_delay", retry_base_delay), ("retry_max_delay", retry_max_delay),
                             ("token_safety_margin", token_safety_margin), ("token_refresh_ahead", token_refresh_ahead)):
            if not (_number(value) and value >= 0):
                raise ConfigurationError(field, "must be a number of seconds, 0 or more")
        if not (isinstance(max_response_bytes, int) and not isinstance(max_response_bytes, bool) and max_response_bytes >= 1):
            raise ConfigurationError("max_response_bytes", "must be a whole number of bytes, at least 1")

        self.base_url = base_url.rstrip("/")
        self.app_key = app_key
        self.tenant_space_id = tenant_space_id
        self._secret = app_secret
        self._token_expire = token_expire
        self._timeout = float(timeout)
        self._policy = RetryPolicy(max_retries, float(retry_base_delay), float(retry_max_delay), float(max_retry_after))
        self._margin = float(token_safety_margin)
        self._ahead = float(token_refresh_ahead)

        # The generated client builds each request and parses each answer; urllib3's own retries
        # are off (this layer retries), the two API-key headers are set once through the generated
        # auth settings (by scheme name), and the bounded transport sends.
        config = Configuration(host=self.base_url, retries=False)
        config.api_key = {spec.APP_KEY_SCHEME: app_key, spec.TENANT_SCHEME: tenant_space_id}
        config.connection_pool_maxsize = pool_maxsize
        self._api = ApiClient(config)
        self._transport = BoundedTransport(self._api.rest_client, max_response_bytes, self._timeout)
        self._api.rest_client = self._transport  # type: ignore[assignment]  # the same request() interface
        self._auth = AuthenticationApi(self._api)
        self._info = CoBrowsingApi(self._api)
        self._tokens = TokenCache(self._load_token)
        self._redact = Redactor(app_secret, self._tokens.remembered)
        self._sender = Sender(self._tokens, self._transport, self._redact)

    def __repr__(self) -> str:
        return f"CobrowseClient(base_url={self.base_url!r}, app_key={self.app_key!r}, tenant_space_id={self.tenant_space_id!r})"

    @property
    def raw(self) -> ApiClient:
        """The generated ApiClient (the escape hatch), on the same bounded transport (no redirects,
        answers capped, each request under one deadline). It sends the app key and tenant headers;
        pass ``_headers={"Authorization": "Bearer " + client.get_token().access_token}`` yourself."""
        return self._api

    def close(self) -> None:
        """Closes the pooled connections (the client stays usable: new ones are opened)."""
        self._transport.pool_manager.clear()

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
        if timeout is not None and not (_number(timeout) and timeout > 0):
            raise ConfigurationError("timeout", "must be a positive number of seconds")
        policy = self._policy
        if max_retries is not None:
            _check_max_retries("max_retries", max_retries)
            policy = RetryPolicy(max_retries, policy.base_delay, policy.max_delay, policy.max_retry_after)

        def call(token: Optional[str], t: float) -> ApiResponse[Any]:
            return self._info.get_connection_info_with_http_info(
                request, _headers={spec.AUTHORIZATION_HEADER: spec.BEARER_PREFIX + (token or "")}, _request_timeout=t
            )

        op = Operation(spec.INFO_OPERATION, call, _usable_connection, uses_token=True)
        return self._sender.send(op, policy, self._timeout if timeout is None else float(timeout))

    def get_token(self, *, force_refresh: bool = False) -> AccessToken:
        """A valid token (the cached one, or a new one: one request however many threads wait)."""
        if force_refresh:
            self._tokens.clear()
        t = self._tokens.acquire()
        return AccessToken(t.token, max(0, int(t.expires_at - time.time())))

    def invalidate_token(self) -> None:
        """Forgets the cached token; the next call gets a new one."""
        self._tokens.clear()

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

    def _load_token(self) -> CachedToken:
        """The token request (the cache's single-flight load): a call of its own through the send
        loop, with the same budget and no replay (it uses no token)."""
        sent_at = [0.0]

        def call(_: Optional[str], t: float) -> ApiResponse[Any]:
            sent_at[0] = time.time()
            return self._auth.token_by_ak_sk_with_http_info(
                TokenRequest(app_key=self.app_key, app_secret=self._secret), x_token_expire=self._token_expire, _request_timeout=t
            )

        def accept(answer: ApiResponse[Any]) -> CachedToken:
            received_at = time.time()
            t = answer.data
            if t is None or not t.access_token or not re.fullmatch(spec.LIFETIME_PATTERN, t.expires or ""):
                raise Unusable("the answer lacks a token or a usable lifetime")
            created = int(t.create_time) if re.fullmatch(spec.CREATE_TIME_PATTERN, t.create_time or "") else None
            deadline = token_deadline(created, int(t.expires), sent_at[0], received_at)
            return schedule(t.access_token, received_at, deadline, self._margin, self._ahead)

        token = self._sender.send(Operation(spec.TOKEN_OPERATION, call, accept, uses_token=False), self._policy, self._timeout)
        self._sender.debug("%s: token issued, used for %.0f s", spec.TOKEN_OPERATION, token.expires_at - time.time())
        return token


def _usable_connection(answer: ApiResponse[Any]) -> ConnectionInfoResult:
    """A success a caller can connect with: every field of ``CONNECT_FIELDS`` and at least one of
    ``WEBSOCKET_URL_FIELDS`` (the spec's x-cobrowse-room, generated) as non-empty strings."""
    body = answer.data
    if body is None or body.success is not True:
        raise Unusable(getattr(body, "error_reason", None), getattr(body, "error_code", None))
    fields = body.data.to_dict() if body.data is not None else {}

    def usable(field: str) -> bool:
        return isinstance(fields.get(field), str) and fields[field] != ""

    missing = [f for f in spec.CONNECT_FIELDS if not usable(f)]
    if not any(usable(f) for f in spec.WEBSOCKET_URL_FIELDS):
        missing.append(" or ".join(spec.WEBSOCKET_URL_FIELDS))
    if body.data is None or missing:
        raise Unusable(f"success: true, but data lacks {', '.join(missing) or 'everything'}: nothing to connect with")
    return ConnectionInfoResult(data=body.data, request_id=header(answer.headers, spec.REQUEST_ID_HEADER))


def _check_max_retries(field: str, value: Any) -> None:
    if not (isinstance(value, int) and not isinstance(value, bool) and 0 <= value <= defaults.MAX_RETRIES_LIMIT):
        raise ConfigurationError(field, f"must be a whole number from 0 to {defaults.MAX_RETRIES_LIMIT}")


def from_env(env: Optional[Mapping[str, str]] = None, **overrides: Any) -> CobrowseClient:
    """A client from COBROWSE_BASE_URL, COBROWSE_APP_KEY, COBROWSE_APP_SECRET and
    COBROWSE_TENANT_SPACE_ID (``overrides`` win). A missing variable raises a
    :class:`ConfigurationError` naming it."""
    env = os.environ if env is None else env
    options: Dict[str, Any] = {field: env.get(var) for field, var in ENV_VARS.items()}
    options.update(overrides)
    names = {field: var for field, var in ENV_VARS.items() if field not in overrides}
    return CobrowseClient(**options, _names=names)
