// Every default of the client, named once. The option docs (src/options.ts), the README and the
// docs portal state these values; a change here is a change of documented behaviour. @internal

/** `timeoutMs`: the time limit of one attempt, connect, headers and the whole body. */
export const DEFAULT_TIMEOUT_MS = 10_000;
/** `maxRetries`: retries after the first attempt; a call makes at most `maxRetries + 2` attempts (attemptBudget). */
export const DEFAULT_MAX_RETRIES = 2;
/** The largest `maxRetries` accepted: beyond it a call would outlive any caller's patience. */
export const MAX_RETRIES_LIMIT = 10;
/** `retryBaseDelayMs`: the first backoff step; it doubles with each retry (full jitter). */
export const DEFAULT_RETRY_BASE_DELAY_MS = 500;
/** `retryMaxDelayMs`: the longest backoff step. */
export const DEFAULT_RETRY_MAX_DELAY_MS = 8_000;
/** `maxRetryAfterMs`: the longest `Retry-After` honoured; a longer hint waits this long. */
export const DEFAULT_MAX_RETRY_AFTER_MS = 60_000;
/** `tokenSafetyMarginMs`: stop using a token this long before it expires (at most a tenth of its lifetime). */
export const DEFAULT_TOKEN_SAFETY_MARGIN_MS = 30_000;
/** `tokenRefreshAheadMs`: start a background refresh this long before expiry (at most 30% of the lifetime). */
export const DEFAULT_TOKEN_REFRESH_AHEAD_MS = 60_000;
/** `maxResponseBytes`: the largest answer accepted, as received and once decoded (an answer of the API is under 1 kB). */
export const DEFAULT_MAX_RESPONSE_BYTES = 16 * 1024 * 1024;
/** How many of the last tokens received the client remembers, to scrub them from server strings (a ring: never grows). */
export const REMEMBERED_TOKENS = 16;
/** What a secret or a token in a server string is replaced with. */
export const REDACTED = "[REDACTED]";
/** Strings shorter than this are never scrubbed (a one-letter "secret" would blank every message). */
export const MIN_SCRUBBED_LENGTH = 4;
/** The log level when neither the `logLevel` option nor COBROWSE_LOG names one: hooks that throw are reported, nothing else. */
export const DEFAULT_LOG_LEVEL = "warn";
