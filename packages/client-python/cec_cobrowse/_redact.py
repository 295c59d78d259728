"""Redaction: every string from a server, and every string the layer builds from one, is scrubbed
of the app secret, the token the failing attempt sent, and every remembered token (the last
``REMEMBERED_TOKENS`` received) before it reaches an error, a repr or a log line."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from typing import Any

from ._constants import MIN_SCRUBBED_LENGTH, REDACTED


class Redactor:
    """Scrubs the secret and the tokens that ``remembered()`` lists (read at each call, so a token
    received a moment ago is covered) from strings and from JSON-like values."""

    def __init__(self, secret: str, remembered: Callable[[], Iterable[str]]) -> None:
        self._secret = secret
        self._remembered = remembered

    def _hidden(self, extra: Iterable[str | None]) -> tuple[str, ...]:
        found = {s for s in (self._secret, *self._remembered(), *extra) if s and len(s) >= MIN_SCRUBBED_LENGTH}
        return tuple(sorted(found, key=len, reverse=True))  # longest first: no half-scrubbed overlap

    def text(self, value: str | None, *extra: str | None) -> str | None:
        """``value`` scrubbed; ``extra`` names further secrets (the attempt's token)."""
        if value is None:
            return None
        for secret in self._hidden(extra):
            value = value.replace(secret, REDACTED)
        return value

    def value(self, value: Any, *extra: str | None) -> Any:
        """A JSON-like value (dicts, lists, strings, numbers) with every string, keys included, scrubbed."""
        if isinstance(value, str):
            return self.text(value, *extra)
        if isinstance(value, Mapping):
            return {self.value(k, *extra): self.value(v, *extra) for k, v in value.items()}
        if isinstance(value, (list, tuple)):
            return [self.value(v, *extra) for v in value]
        return value

    def headers(self, headers: Mapping[str, str] | None, *extra: str | None) -> dict[str, str]:
        """Response headers, each value scrubbed (an echoing gateway may send a token back)."""
        return {str(k): self.text(str(v), *extra) or "" for k, v in (headers or {}).items()}
