// Redaction (packages/scenarios/README.md, Redaction): every string from a server, and every
// string built from one, loses the app secret, the token the failing attempt sent and every
// token of the last REMEMBERED_TOKENS received. @internal
import { MIN_SCRUBBED_LENGTH, REDACTED, REMEMBERED_TOKENS } from "./constants.js";

/** Holds the secret and a bounded ring of the last tokens received; scrubs them from strings, bodies and headers. */
export class Redactor {
  readonly #secret: string | undefined;
  /** The ring: slot `#next % REMEMBERED_TOKENS` is overwritten next. */
  readonly #ring: string[] = [];
  #next = 0;
  /** The last needles made, for the token they were made with and the ring as it was (`#next`). */
  #cached: { token: string | undefined; next: number; needles: string[] } | undefined;

  constructor(secret: string | undefined) {
    this.#secret = secret;
  }

  /** Remembers a token just received (the oldest of the ring is forgotten). */
  remember(token: string): void {
    this.#ring[this.#next++ % REMEMBERED_TOKENS] = token;
  }

  /** The strings to scrub: the secret, `token` and the ring; each also as JSON escapes it (raw bodies). */
  #needles(token: string | undefined): string[] {
    const c = this.#cached;
    if (c && c.token === token && c.next === this.#next) return c.needles;
    const out: string[] = [];
    for (const s of [this.#secret, token, ...this.#ring]) {
      if (!s || s.length < MIN_SCRUBBED_LENGTH) continue;
      out.push(s);
      const escaped = JSON.stringify(s).slice(1, -1);
      if (escaped !== s) out.push(escaped);
    }
    // Longest first: a token that contains another is replaced whole.
    out.sort((a, b) => b.length - a.length);
    this.#cached = { token, next: this.#next, needles: out };
    return out;
  }

  /** A scrubber for one error: `token` is the token the failing attempt sent, if any. */
  scrubber(token?: string): Scrubber {
    const needles = this.#needles(token);
    const text = (s: string) => {
      for (const n of needles) if (s.includes(n)) s = s.split(n).join(REDACTED);
      return s;
    };
    // Each string of a parsed body on its own: in JSON text a secret with a quote, a backslash
    // or a control character is escaped, and would not be found.
    const deep = (v: unknown): unknown =>
      typeof v === "string"
        ? text(v)
        : Array.isArray(v)
          ? v.map(deep)
          : v && typeof v === "object"
            ? Object.fromEntries(Object.entries(v).map(([k, x]) => [text(k), deep(x)]))
            : v;
    return {
      text,
      deep: (v) => {
        try {
          return deep(v);
        } catch {
          return undefined; // a body too deep to walk is dropped, not shown
        }
      },
      headers(h) {
        const out = new Headers();
        h.forEach((v, k) => {
          out.append(k, text(v));
        });
        return out;
      },
    };
  }
}

export interface Scrubber {
  text(s: string): string;
  deep(v: unknown): unknown;
  headers(h: Headers): Headers;
}
