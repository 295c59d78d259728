"""Hooks: callables the caller passes (``CobrowseClient(hooks=Hooks(...))``), each called once per
attempt, the token request's included (``token_request=True``), with the operation id, the
attempt number, the status, the request id and the duration.

- ``before_request(RequestEvent)``: the attempt is about to be sent. ``event.headers`` is a copy
  of its headers with every credential redacted; a header the hook adds to it is sent. A header
  the request already carries is not replaced (the credentials, the identification and attempt
  headers, the trace context stay the layer's).
- ``after_response(ResponseEvent)``: an answer came (any status: a 503 that will be retried too).
- ``on_error(ErrorEvent)``: the attempt failed (a non-2xx answer, an unusable one, a timeout, a
  network error); ``event.error`` is the typed, scrubbed error the call would raise.

A hook that raises is logged (WARNING, scrubbed) and ignored: the call, its retries and its
replay go on as if the hook had not run, and the headers a raising ``before_request`` added are
not sent. Hooks run on the calling thread (the background token refresh: its own thread) and
should be quick: the attempt waits for them."""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field, replace
from typing import TYPE_CHECKING, Any

from .errors import ConfigurationError

if TYPE_CHECKING:
    from ._log import Log
    from .errors import CobrowseError

_HEADER_NAME = re.compile(r"[!#$%&'*+.^_`|~0-9A-Za-z-]+")  # an HTTP token (RFC 9110)
_HEADER_VALUE = re.compile(r"[\t\x20-\x7e\x80-\xff]*")  # no CR, LF or other control characters


@dataclass
class RequestEvent:
    """An attempt about to be sent (``before_request``)."""

    #: The operation id: ``getConnectionInfo`` or ``tokenByAkSk``.
    operation: str
    #: 1 for the first attempt of the call, then 2, 3 … for each retry or replay.
    attempt: int
    #: True for the token request (a call of its own, made for the call that needed a token).
    token_request: bool
    method: str
    url: str
    #: The attempt's headers, credentials shown as ``[REDACTED]``; add one to send it.
    headers: dict[str, str] = field(default_factory=dict)


@dataclass(frozen=True)
class ResponseEvent:
    """An answer to an attempt (``after_response``), whatever its status."""

    operation: str
    attempt: int
    token_request: bool
    method: str
    url: str
    status: int
    #: The gateway's request id, when it sent one.
    request_id: str | None
    #: Seconds from the attempt's start (its token taken) to the answer's status and headers.
    duration: float
    #: The answer's headers, scrubbed.
    headers: Mapping[str, str]


@dataclass(frozen=True)
class ErrorEvent:
    """A failed attempt (``on_error``)."""

    operation: str
    attempt: int
    token_request: bool
    method: str
    url: str
    #: The answer's status, or None when none came (a timeout before the headers, a network error).
    status: int | None
    request_id: str | None
    #: Seconds from the attempt's start to its failure.
    duration: float
    #: The typed, scrubbed error this attempt ended in.
    error: CobrowseError


@dataclass(frozen=True)
class Hooks:
    """The hooks of a client; each optional. Pass several ``Hooks`` as a list to combine them
    (called in order)."""

    before_request: Callable[[RequestEvent], Any] | None = None
    after_response: Callable[[ResponseEvent], Any] | None = None
    on_error: Callable[[ErrorEvent], Any] | None = None


HooksOption = Hooks | Sequence[Hooks] | None


def check_hooks(value: HooksOption) -> tuple[Hooks, ...]:
    """The ``hooks`` option as a tuple, or a :class:`ConfigurationError`."""
    if value is None:
        return ()
    hooks = (value,) if isinstance(value, Hooks) else tuple(value) if isinstance(value, (list, tuple)) else None
    if hooks is None or not all(isinstance(h, Hooks) for h in hooks):
        raise ConfigurationError(
            "hooks", "must be a cec_cobrowse.Hooks(before_request=…, after_response=…, on_error=…) or a list of them"
        )
    for h in hooks:
        for name in ("before_request", "after_response", "on_error"):
            if getattr(h, name) is not None and not callable(getattr(h, name)):
                raise ConfigurationError(f"hooks.{name}", "must be callable")
    return hooks


class HookRunner:
    """Calls the hooks, each guarded: an exception is logged and ignored."""

    def __init__(self, hooks: tuple[Hooks, ...], log: Log) -> None:
        self._hooks = hooks
        self._log = log

    def __bool__(self) -> bool:
        return bool(self._hooks)

    def before_request(self, event: RequestEvent) -> dict[str, str]:
        """The headers the hooks added (by name as written), each checked."""
        added: dict[str, str] = {}
        for hooks in self._hooks:
            if hooks.before_request is None:
                continue
            seen = replace(event, headers=dict(event.headers))
            if not self._call("before_request", hooks.before_request, seen, event):
                continue  # what a raising hook added is not sent
            taken = {k.lower() for k in event.headers}
            for name, value in seen.headers.items():
                if name.lower() in taken:
                    if event.headers.get(name) != value:
                        self._log.warning(
                            "%s: attempt %d: a before_request hook may add headers, not replace %s: ignored",
                            event.operation,
                            event.attempt,
                            name,
                        )
                    continue
                if not (
                    isinstance(name, str)
                    and _HEADER_NAME.fullmatch(name)
                    and isinstance(value, str)
                    and _HEADER_VALUE.fullmatch(value)
                ):
                    self._log.warning(
                        "%s: attempt %d: a before_request hook added an invalid header %r: ignored",
                        event.operation,
                        event.attempt,
                        str(name)[:40],
                    )
                    continue
                added[name] = value
                event.headers[name] = value  # the next hook sees it
        return added

    def after_response(self, event: ResponseEvent) -> None:
        for hooks in self._hooks:
            if hooks.after_response is not None:
                self._call("after_response", hooks.after_response, event, event)

    def on_error(self, event: ErrorEvent) -> None:
        for hooks in self._hooks:
            if hooks.on_error is not None:
                self._call("on_error", hooks.on_error, event, event)

    def _call(self, name: str, hook: Callable[[Any], Any], argument: Any, event: Any) -> bool:
        try:
            hook(argument)
            return True
        except Exception as error:  # noqa: BLE001 (documented: a hook's exception never changes the call)
            self._log.warning(
                "%s: attempt %d: the %s hook raised %s: %s; ignored",
                event.operation,
                event.attempt,
                name,
                type(error).__name__,
                str(error)[:300],
            )
            return False
