// `--rate-limit N/s`: every request the suite sends (retries, WebSocket handshakes and the fault
// control's requests included) waits for its slot. The slots are 1.25/N s apart: fewer than N a
// second as they leave, with a margin (a quarter of the spacing) for the jitter of connecting,
// scheduling and the network, so that no second measured at the server sees more than N either:
// with 1.1/N, a busy machine delaying one request by 100 ms let six of 5/s land in one second.

/** The slots' spacing over 1/N s. */
export const RATE_MARGIN = 1.25;

const UNITS: Record<string, number> = { s: 1, sec: 1, second: 1, m: 60, min: 60, minute: 60 };

/** Requests per second from `5/s`, `300/min` or a bare number; throws naming the flag's form. */
export function parseRate(text: string): number {
  const m = /^\s*(\d+(?:\.\d+)?)\s*(?:\/\s*([a-z]+))?\s*$/i.exec(text);
  const per = m ? UNITS[(m[2] ?? "s").toLowerCase()] : undefined;
  const rate = m && per ? Number(m[1]) / per : NaN;
  if (!Number.isFinite(rate) || rate <= 0)
    throw new Error(`--rate-limit must be a positive rate such as 5/s or 120/min (got ${JSON.stringify(text)})`);
  return rate;
}

export class RateLimiter {
  readonly #intervalMs: number;
  #next = 0;

  constructor(readonly perSecond: number) {
    if (!(perSecond > 0))
      throw new Error(`rate limit must be a positive number of requests per second (got ${String(perSecond)})`);
    this.#intervalMs = (1000 * RATE_MARGIN) / perSecond;
  }

  /** Resolves when the next request may leave; slots are reserved in call order. */
  async take(): Promise<void> {
    const now = performance.now();
    const slot = Math.max(now, this.#next);
    this.#next = slot + this.#intervalMs;
    if (slot > now) await new Promise((resolve) => setTimeout(resolve, Math.ceil(slot - now)));
  }
}
