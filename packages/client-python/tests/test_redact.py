"""Redaction: the secret, the attempt's token and every remembered token (the last 16 received)
are scrubbed from strings, JSON-like values and headers. No server."""

from __future__ import annotations

from cec_cobrowse._constants import REDACTED, REMEMBERED_TOKENS
from cec_cobrowse._redact import Redactor
from cec_cobrowse._token import CachedToken, TokenCache

SECRET = "app-secret-0f3b9c"


def cache_with(n: int) -> TokenCache:
    issued: list[int] = []

    def load() -> CachedToken:
        issued.append(1)
        return CachedToken(f"tok-{len(issued):04d}-{'x' * 20}", refresh_at=1e12, expires_at=1e12)

    cache = TokenCache(load)
    for _ in range(n):
        cache.drop(cache.acquire().token)
    return cache


def test_an_old_token_within_the_ring_is_redacted() -> None:
    cache = cache_with(REMEMBERED_TOKENS)
    redact = Redactor(SECRET, cache.remembered)
    oldest = cache.remembered()[0]
    text = f"refused: Bearer {oldest}; secret {SECRET}"
    assert redact.text(text) == f"refused: Bearer {REDACTED}; secret {REDACTED}"


def test_the_attempts_token_is_redacted_even_when_not_remembered() -> None:
    redact = Redactor(SECRET, lambda: ())
    assert redact.text("echo: Bearer tok-one-off-123", "tok-one-off-123") == f"echo: Bearer {REDACTED}"


def test_the_ring_is_bounded() -> None:
    cache = cache_with(REMEMBERED_TOKENS + 1)
    first = "tok-0001-" + "x" * 20
    assert first not in cache.remembered()  # 17 tokens ago: forgotten (a bound, not uptime)
    assert len(cache.remembered()) == REMEMBERED_TOKENS


def test_values_and_headers_are_scrubbed_throughout() -> None:
    redact = Redactor(SECRET, lambda: ("tok-abcdef",))
    details = [{"field": "Authorization", "message": "Bearer tok-abcdef is revoked", "nested": [SECRET, 3, None]}]
    assert redact.value(details) == [
        {"field": "Authorization", "message": f"Bearer {REDACTED} is revoked", "nested": [REDACTED, 3, None]}
    ]
    assert redact.headers({"X-Echo-Authorization": "Bearer tok-abcdef", "X-Request-Id": "r-1"}) == {
        "X-Echo-Authorization": f"Bearer {REDACTED}",
        "X-Request-Id": "r-1",
    }


def test_overlapping_secrets_are_scrubbed_whole_and_short_strings_left_alone() -> None:
    redact = Redactor("abc", lambda: ("tok-long-token", "tok-long"))
    assert redact.text("tok-long-token abc") == f"{REDACTED} abc"
    assert redact.text(None) is None
