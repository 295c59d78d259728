// Retry-After (RFC 9110 §10.2.3): delay-seconds or an HTTP date. @internal

// Seconds: digits, optionally with a fraction (servers send "1.5" now and then).
const SECONDS = /^\d+(\.\d+)?$/;
// An HTTP date starts with a day name and holds hh:mm:ss. Date.parse alone reads "-1" or
// "abc 3" as dates in 2001, which would mean retrying at once.
const HTTP_DATE = /^[a-z]{3}.*\d\d:\d\d:\d\d/i;

/**
 * The wait a Retry-After value asks for, in ms from `now` (0 for a date already past), or
 * undefined when there is none or it is malformed (then the caller backs off instead).
 * Not capped: the caller caps it at `maxRetryAfterMs`.
 */
export function parseRetryAfter(value: string | null | undefined, now: number = Date.now()): number | undefined {
  const s = value?.trim();
  if (!s) return undefined;
  if (SECONDS.test(s)) return Number(s) * 1000;
  if (!HTTP_DATE.test(s)) return undefined;
  const at = Date.parse(s);
  return Number.isNaN(at) ? undefined : Math.max(0, at - now);
}
