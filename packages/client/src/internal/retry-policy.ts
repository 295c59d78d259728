// The retry policy (packages/scenarios/README.md, The send loop): what is worth another
// attempt, how many attempts a call may make, and how long to wait before the next. @internal

/** Statuses a later attempt may get past: 408, 429 and every 5xx (network errors and timeouts are retried too). */
export const isRetryableStatus = (status: number): boolean => status === 408 || status === 429 || status >= 500;

/**
 * The most attempts one call makes: `maxRetries + 1` that may end in a retryable failure, plus
 * one replay after a 401 on the token that was current. A 401 on a superseded token spends
 * neither, but counts here.
 */
export const attemptBudget = (maxRetries: number): number => maxRetries + 2;

/**
 * Exponential backoff with full jitter before retry number `retry` (1 for the first): a random
 * wait in `[0, min(maxMs, baseMs × 2^(retry-1)))`. `random` is Math.random unless a test fixes it.
 */
export const backoffMs = (retry: number, baseMs: number, maxMs: number, random: () => number = Math.random): number =>
  random() * Math.min(maxMs, baseMs * 2 ** (retry - 1));
