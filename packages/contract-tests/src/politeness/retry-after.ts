// Retry-After (RFC 9110, section 10.2.3): delay-seconds or an HTTP-date.

/** The wait a Retry-After value asks for, in milliseconds; undefined when the value is neither form. */
export function retryAfterMs(value: string | undefined, now = Date.now()): number | undefined {
  if (value === undefined) return undefined;
  const text = value.trim();
  if (/^\d+(\.\d+)?$/.test(text)) return Math.round(Number(text) * 1000);
  const date = Date.parse(text);
  return Number.isNaN(date) ? undefined : Math.max(0, date - now);
}
