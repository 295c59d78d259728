"""CobrowseClient: the options, the two operations and the wiring of the layer's parts around the
generated client (cec_cobrowse_client: its models, its ApiClient and its urllib3 pool)."""

from __future__ import annotations

import ipaddress
import os
import re
import time
from collections.abc import Mapping
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any
from urllib.parse import urlsplit

from cec_cobrowse_client import (
    ApiClient,
    AuthenticationApi,
    CoBrowsingApi,
    Configuration,
    ConnectionInfo,
    Role,
    TokenRequest,
)
from cec_cobrowse_client.api_response import ApiResponse

from . import _constants as defaults
from . import generated as spec
from ._hooks import HookRunner, HooksOption, check_hooks
from ._identity import check_suffix, user_agent
from ._log import Log
from ._observe import Observer, header
from ._redact import Redactor
from ._request import ROLES, connection_request  # noqa: F401 (ROLES: re-exported by the package)
from ._retries import RetryPolicy
from ._send import Operation, Sender, Unusable
from ._token import CachedToken, TokenCache, schedule, token_deadline
from ._tracing import Tracing
from ._transport import BoundedTransport
from .errors import ConfigurationError

if TYPE_CHECKING:
    from typing_extensions import Self  # typing.Self is 3.11+; typing_extensions comes with pydantic

#: The environment variables :func:`from_env` reads, by option.
ENV_VARS = {
    "base_url": "COBROWSE_BASE_URL",
    "app_key": "COBROWSE_APP_KEY",
    "app_secret": "COBROWSE_APP_SECRET",
    "tenant_space_id": "COBROWSE_TENANT_SPACE_ID",
}


@dataclass(frozen=True)
class ConnectionInfoResult:
    """What :meth:`CobrowseClient.get_connection_info` returns."""

    #: The connection information (the generated model): ``room_id``, ``wss_url``, ``wss_url_out``, ``connect_param``.
    data: ConnectionInfo
    #: The server's ``X-Request-Id``, when it sent one.
    request_id: str | None


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

    ``user_agent_suffix`` ends the ``User-Agent`` every request carries (your product tokens, such
    as ``acme-contact-center/4.2``); ``hooks`` (a :class:`Hooks`, or a list of them) are called
    once per attempt; ``tracer_provider`` is the OpenTelemetry provider of the spans (default: the
    global one, when the OpenTelemetry API is installed).
    """

    def __init__(
        self,
        *,
        base_url: str,
        app_key: str,
        app_secret: str,
        tenant_space_id: str,
        token_expire: int | None = None,
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
        user_agent_suffix: str | None = None,
        hooks: HooksOption = None,
        tracer_provider: Any = None,
    ) -> None:
        def need(field: str, value: Any, what: str) -> str:
            if not isinstance(value, str) or not value.strip():
                raise ConfigurationError(field, f"missing; set it to {what}")
            return value

        base_url = need("base_url", base_url, "the gateway URL, such as https://service.besclouds.com")
        need("app_key", app_key, "your app key")
        need("app_secret", app_secret, "the app secret (server side only)")
        need("tenant_space_id", tenant_space_id, "your tenant space id")
        parts = urlsplit(base_url)
        if parts.scheme not in ("https", "http") or not parts.hostname:
            raise ConfigurationError(
                "base_url", "must be the gateway's https:// URL, such as https://service.besclouds.com"
            )
        if parts.scheme == "http" and not _is_loopback(parts.hostname) and not allow_insecure_http:
            raise ConfigurationError(
                "base_url",
                "plain http:// sends tokens in clear; use https://, or allow_insecure_http=True on a trusted network",
            )
        if token_expire is not None and not (
            isinstance(token_expire, int) and spec.LIFETIME_MIN <= token_expire <= spec.LIFETIME_MAX
        ):
            raise ConfigurationError(
                "token_expire", f"must be a whole number of seconds from {spec.LIFETIME_MIN} to {spec.LIFETIME_MAX}"
            )
        _check_max_retries("max_retries", max_retries)
        for field, value in (("timeout", timeout), ("max_retry_after", max_retry_after)):
            if not (_number(value) and value > 0):
                raise ConfigurationError(field, "must be a positive number of seconds")
        for field, value in (
            ("retry_base_delay", retry_base_delay),
            ("retry_max_delay", retry_max_delay),
            ("token_safety_margin", token_safety_margin),
            ("token_refresh_ahead", token_refresh_ahead),
        ):
            if not (_number(value) and value >= 0):
                raise ConfigurationError(field, "must be a number of seconds, 0 or more")
        if not (
            isinstance(max_response_bytes, int) and not isinstance(max_response_bytes, bool) and max_response_bytes >= 1
        ):
            raise ConfigurationError("max_response_bytes", "must be a whole number of bytes, at least 1")
        suffix = check_suffix(user_agent_suffix)
        hook_list = check_hooks(hooks)

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
        self.user_agent = user_agent(suffix)
        self._api.set_default_header(spec.USER_AGENT_HEADER, self.user_agent)  # in place of the generator's own
        self._transport = BoundedTransport(self._api.rest_client, max_response_bytes, self._timeout)
        self._api.rest_client = self._transport  # type: ignore[assignment]  # the same request() interface
        self._auth = AuthenticationApi(self._api)
        self._info = CoBrowsingApi(self._api)
        self._tokens = TokenCache(self._load_token)
        self._redact = Redactor(app_secret, self._tokens.remembered)
        log = Log(self._redact.text)
        observer = Observer(
            HookRunner(hook_list, log), Tracing.create(self.base_url, tracer_provider), log, self._redact
        )
        self._sender = Sender(self._tokens, self._transport, self._redact, observer)

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

    def __enter__(self) -> Self:
        return self

    def __exit__(self, *_: object) -> None:
        self.close()

    # -- the operations -------------------------------------------------------------------

    def get_connection_info(
        self,
        role: str | Role,
        room_id: str | None = None,
        *,
        timeout: float | None = None,
        max_retries: int | None = None,
        **fields: Any,
    ) -> ConnectionInfoResult:
        """Connection information for one side of a room: ``role="recorder"`` for the customer,
        ``"replayer"`` for the agent, with the same ``room_id``.

        ``fields`` are the other fields of the generated ``GetConnectionInfoRequest`` model, by
        their Python names (today ``user_id``, ``user_name``, ``work_no``; a property added to the
        spec is one more after ``pnpm generate``); ``None`` leaves a field out. The request is
        checked against the spec's schema first: an unknown keyword or a refused value is a
        :class:`ValidationError` naming the field, and nothing is sent. ``timeout`` and
        ``max_retries`` override the client's for this call.

        Without ``room_id`` the client names a new room (a UUID) before the first attempt, so a
        retry after a lost answer asks for that room instead of creating a second one.
        """
        request = connection_request(role, room_id, fields)
        if timeout is not None and not (_number(timeout) and timeout > 0):
            raise ConfigurationError("timeout", "must be a positive number of seconds")
        policy = self._policy
        if max_retries is not None:
            _check_max_retries("max_retries", max_retries)
            policy = RetryPolicy(max_retries, policy.base_delay, policy.max_delay, policy.max_retry_after)

        def call(token: str | None, t: float) -> ApiResponse[Any]:
            return self._info.get_connection_info_with_http_info(
                request, _headers={spec.AUTHORIZATION_HEADER: spec.BEARER_PREFIX + (token or "")}, _request_timeout=t
            )

        op = Operation(spec.INFO_OPERATION, spec.INFO_METHOD, call, _usable_connection, uses_token=True)
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

    def _load_token(self) -> CachedToken:
        """The token request (the cache's single-flight load): a call of its own through the send
        loop, with the same budget and no replay (it uses no token)."""
        sent_at = [0.0]

        def call(_: str | None, t: float) -> ApiResponse[Any]:
            sent_at[0] = time.time()
            return self._auth.token_by_ak_sk_with_http_info(
                TokenRequest(app_key=self.app_key, app_secret=self._secret),
                x_token_expire=self._token_expire,
                _request_timeout=t,
            )

        def accept(answer: ApiResponse[Any]) -> CachedToken:
            received_at = time.time()
            t = answer.data
            if t is None or not t.access_token or not re.fullmatch(spec.LIFETIME_PATTERN, t.expires or ""):
                raise Unusable("the answer lacks a token or a usable lifetime")
            created = int(t.create_time) if re.fullmatch(spec.CREATE_TIME_PATTERN, t.create_time or "") else None
            deadline = token_deadline(created, int(t.expires), sent_at[0], received_at)
            return schedule(t.access_token, received_at, deadline, self._margin, self._ahead)

        op = Operation(spec.TOKEN_OPERATION, spec.TOKEN_METHOD, call, accept, uses_token=False, token_request=True)
        token = self._sender.send(op, self._policy, self._timeout)
        self._sender.log.info("%s: token issued, used for %.0f s", spec.TOKEN_OPERATION, token.expires_at - time.time())
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


def from_env(env: Mapping[str, str] | None = None, **overrides: Any) -> CobrowseClient:
    """A client from COBROWSE_BASE_URL, COBROWSE_APP_KEY, COBROWSE_APP_SECRET and
    COBROWSE_TENANT_SPACE_ID (``overrides`` win). A missing variable raises a
    :class:`ConfigurationError` naming it."""
    env = os.environ if env is None else env
    options: dict[str, Any] = {field: env.get(var) for field, var in ENV_VARS.items()}
    options.update(overrides)
    try:
        return CobrowseClient(**options)
    except ConfigurationError as error:
        if error.field not in ENV_VARS or error.field in overrides:
            raise
        problem = ConfigurationError(ENV_VARS[error.field], error.problem)  # the variable, not the option
    raise problem
