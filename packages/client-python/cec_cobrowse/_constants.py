"""Every default of the layer, named once (durations in seconds, sizes in bytes). The README's
tables quote these; change a default here and nowhere else."""

from __future__ import annotations

#: Bounds each attempt as a whole: connect, headers and the entire body.
DEFAULT_TIMEOUT = 10.0
#: Retries after the first attempt for retryable failures (network errors, timeouts, 408, 429, 5xx).
DEFAULT_MAX_RETRIES = 2
#: The largest ``max_retries`` accepted.
MAX_RETRIES_LIMIT = 10
#: The backoff's first ceiling; it doubles per retry (full jitter: a random wait below it).
DEFAULT_RETRY_BASE_DELAY = 0.5
#: The backoff's ceiling never exceeds this.
DEFAULT_RETRY_MAX_DELAY = 8.0
#: A server's ``Retry-After`` is honoured up to this.
DEFAULT_MAX_RETRY_AFTER = 60.0
#: A token is no longer used this long before its expiry (at most a tenth of its lifetime).
DEFAULT_TOKEN_SAFETY_MARGIN = 30.0
#: A token is refreshed in the background this long before its expiry (at most 30 % of its lifetime).
DEFAULT_TOKEN_REFRESH_AHEAD = 60.0
#: An answer larger than this (as received, or once decoded) is refused: 16 MiB, where the API's
#: answers are under 1 kB.
DEFAULT_MAX_RESPONSE_BYTES = 16 * 1024 * 1024
#: How many of the latest tokens the client received it remembers, to scrub them from errors and logs.
REMEMBERED_TOKENS = 16
#: Pooled connections kept per host.
DEFAULT_POOL_MAXSIZE = 32
#: How much of an answer's body one read asks for.
READ_CHUNK_BYTES = 64 * 1024
#: What a secret or a token is replaced with.
REDACTED = "[REDACTED]"
#: Shorter strings are not scrubbed (they would garble every message without hiding a secret).
MIN_SCRUBBED_LENGTH = 4
#: The logger the layer writes to.
LOGGER_NAME = "cec_cobrowse"
#: The environment variable that sets that logger's level: debug, info, warn or off.
LOG_ENV = "COBROWSE_LOG"
#: The distribution whose installed metadata carries the SDK version (the release's version step
#: writes it into pyproject.toml; the User-Agent reads it back, never a copy).
DISTRIBUTION = "cec-cobrowse"
#: The longest ``user_agent_suffix`` accepted (the whole User-Agent stays well under the 256
#: characters a gateway's log may keep).
MAX_USER_AGENT_SUFFIX = 160
#: The tracer's instrumentation scope name (OpenTelemetry).
TRACER_NAME = "cec_cobrowse"
