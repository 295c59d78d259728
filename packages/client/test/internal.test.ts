// The small named units of src/internal/, on their own (no server): the token cache's
// compare-and-drop, the Redactor's ring, the attempt budget and backoff, Retry-After parsing.
import { describe, expect, it } from "vitest";
import { REDACTED, REMEMBERED_TOKENS } from "../src/internal/constants.js";
import { Redactor } from "../src/internal/redact.js";
import { parseRetryAfter } from "../src/internal/retry-after.js";
import { attemptBudget, backoffMs, isRetryableStatus } from "../src/internal/retry-policy.js";
import { type CachedToken, TokenCache } from "../src/internal/token-cache.js";

const token = (name: string, lifeMs = 60_000): CachedToken => ({
  token: name,
  refreshAt: Date.now() + lifeMs,
  expiresAt: Date.now() + lifeMs,
});

/** A cache whose loads hand out t1, t2, … and count themselves; `gate` holds each load until released. */
function cache() {
  let loads = 0;
  let release: (() => void) | undefined;
  const c = new TokenCache(async () => {
    const n = ++loads;
    await new Promise<void>((r) => (release = r));
    return token(`token-${n}`);
  });
  return { c, loads: () => loads, release: () => release?.() };
}

describe("TokenCache", () => {
  it("drop(token) is compare-and-drop: of many callers refused with one token, exactly one gets true", async () => {
    const { c, loads, release } = cache();
    const first = c.acquire();
    release();
    expect((await first).token).toBe("token-1");
    // 50 callers refused with token-1 at once.
    const dropped = Array.from({ length: 50 }, () => c.drop("token-1"));
    expect(dropped.filter(Boolean)).toHaveLength(1);
    expect(c.current()).toBeUndefined();
    // All of them wait for one load.
    const waits = Array.from({ length: 50 }, () => c.acquire());
    release();
    const got = await Promise.all(waits);
    expect(new Set(got.map((t) => t.token))).toEqual(new Set(["token-2"]));
    expect(loads()).toBe(2);
  });

  it("drop(token) leaves a newer token in place, and reports it", async () => {
    const { c, release } = cache();
    const p = c.acquire();
    release();
    await p;
    expect(c.drop("token-1")).toBe(true);
    const q = c.acquire();
    release();
    await q;
    // A late 401 on the superseded token-1 drops nothing.
    expect(c.drop("token-1")).toBe(false);
    expect(c.current()?.token).toBe("token-2");
  });

  it("never answers an expired token from current(), and a failed load reaches every waiter without being cached", async () => {
    let fail = true;
    const c = new TokenCache(async () => {
      if (fail) throw new Error("token request failed");
      return { token: "late", refreshAt: Date.now() - 2, expiresAt: Date.now() - 1 };
    });
    const waits = [c.acquire(), c.acquire()];
    for (const w of waits) await expect(w).rejects.toThrow("token request failed");
    fail = false;
    await c.acquire(); // loads a token that is already expired
    expect(c.current()).toBeUndefined();
  });
});

describe("Redactor", () => {
  const SECRET = "s3cret-value";

  it("scrubs the secret, the failing attempt's token and each of the last 16 tokens received", () => {
    const r = new Redactor(SECRET);
    const tokens = Array.from({ length: REMEMBERED_TOKENS + 1 }, (_, i) => `tok-${String(i).padStart(3, "0")}-abcdef`);
    for (const t of tokens) r.remember(t);
    const all = tokens.join(" ");
    const scrub = r.scrubber();
    // The ring holds the last 16: the first token is forgotten, the others are scrubbed.
    expect(REMEMBERED_TOKENS).toBe(16);
    expect(scrub.text(`${SECRET} ${all}`)).toBe(
      [REDACTED, tokens[0], ...Array.from({ length: REMEMBERED_TOKENS }, () => REDACTED)].join(" "),
    );
    // An old token, out of the ring, is still scrubbed when it is the failing attempt's token.
    expect(r.scrubber(tokens[0]).text(`Bearer ${tokens[0]}`)).toBe(`Bearer ${REDACTED}`);
  });

  it("scrubs strings of a parsed body (keys too), headers, and JSON-escaped forms in raw text", () => {
    const odd = 'odd"secret\\x';
    const r = new Redactor(odd);
    r.remember("token-aaaa");
    const s = r.scrubber("token-bbbb");
    expect(s.deep({ errorReason: `bad ${odd}`, details: [{ message: "token-aaaa" }], "token-bbbb": 1 })).toEqual({
      errorReason: `bad ${REDACTED}`,
      details: [{ message: REDACTED }],
      [REDACTED]: 1,
    });
    expect(s.headers(new Headers({ "x-echo-authorization": "Bearer token-bbbb" })).get("x-echo-authorization")).toBe(
      `Bearer ${REDACTED}`,
    );
    expect(s.text(JSON.stringify({ reason: odd }))).toBe(`{"reason":"${REDACTED}"}`);
  });

  it("keeps what it holds out of every rendering of itself", () => {
    const r = new Redactor(SECRET);
    r.remember("token-cccc");
    expect(JSON.stringify(r)).not.toContain(SECRET);
    expect(String(Object.values(r))).not.toContain("token-cccc");
  });
});

describe("retry policy", () => {
  it("gives a call maxRetries + 2 attempts: maxRetries + 1 retryable failures, plus one replay", () => {
    expect(attemptBudget(0)).toBe(2);
    expect(attemptBudget(2)).toBe(4);
    expect(attemptBudget(10)).toBe(12);
  });

  it("retries 408, 429 and 5xx, nothing else", () => {
    expect([408, 429, 500, 502, 503, 504, 599].every(isRetryableStatus)).toBe(true);
    expect([200, 301, 307, 400, 401, 404, 413, 415].some(isRetryableStatus)).toBe(false);
  });

  it("backs off exponentially with full jitter, capped", () => {
    const at = (r: number) => () => r;
    expect([1, 2, 3, 4].map((n) => backoffMs(n, 100, 300, at(0.5)))).toEqual([50, 100, 150, 150]);
    expect(backoffMs(1, 500, 8000, at(0))).toBe(0);
    expect(backoffMs(30, 500, 8000, at(0.999))).toBeLessThan(8000);
  });
});

describe("parseRetryAfter", () => {
  const now = Date.UTC(2026, 11, 6, 12, 0, 0);
  it("reads seconds (whole or not) and HTTP dates", () => {
    expect(parseRetryAfter("1", now)).toBe(1000);
    expect(parseRetryAfter(" 2 ", now)).toBe(2000);
    expect(parseRetryAfter("0.25", now)).toBe(250);
    expect(parseRetryAfter("0", now)).toBe(0);
    expect(parseRetryAfter(new Date(now + 3000).toUTCString(), now)).toBe(3000);
    expect(parseRetryAfter(new Date(now - 3000).toUTCString(), now)).toBe(0); // past: at once
  });
  it("ignores what is absent or malformed (the caller backs off instead)", () => {
    for (const v of [null, undefined, "", "-1", "abc 3", "1, 2", "1.5.2", "soon", "Mon, 99 Foo 2026 99:99:99 GMT"])
      expect(parseRetryAfter(v, now)).toBeUndefined();
  });
});
