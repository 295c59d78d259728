// The tokens this mock issued, each with an id (t1, t2, …), and the revoked ones: what the
// request log says of the token a request carries at its arrival (valid, expired, revoked,
// superseded or unknown), what the auth check refuses as revoked, and what the leak scan
// looks for. Bounded: the MAX_TOKENS most recent tokens, the MAX_TOKENS latest revocations.
// The tokens themselves stay in memory here; they never reach the log or an answer.

/** A token's state when a request carrying it arrived; precedence revoked > expired > superseded > valid. */
export type TokenState = "valid" | "expired" | "revoked" | "superseded" | "unknown";

/** What the request log records of the bearer token a request carried. */
export interface TokenArrival {
  /** The token's id (`t7`); absent for an unknown token. */
  id?: string;
  state: TokenState;
  /** Milliseconds since it expired, was revoked, or since the answer of the newer token finished. */
  lateMs?: number;
}

/** One issued token, as replicas tell each other of it. */
export interface IssuedToken {
  id: string;
  /** Issue order within the registry (ids are t<order>); undefined for a token outside the shared order (Redis away). */
  order: number | undefined;
  /** The X-Mock-Scope of its token request; undefined when the request named a malformed scope. */
  scope: string | undefined;
  token: string;
  issuedAt: number;
  expiresAt: number;
  lifetime: number;
}

interface Entry extends IssuedToken {
  finishedAt?: number;
  revokedAt?: number;
  /** When the answer of a token issued later in the same scope finished (the first such). */
  supersededAt?: number;
  evicted?: boolean;
}

/** Per scope: its tokens not yet superseded, by issue order, and the newest whose answer finished. */
interface ScopeLine {
  pending: Entry[];
  newestFinished?: { order: number; at: number };
}

/** The most tokens (and revocations) remembered; older ones become "unknown" to the log and the scan. */
export const MAX_TOKENS = 10_000;
/** The length of an HMAC-SHA256 signature in base64url: the part of a token after its dot. */
const SIGNATURE_LENGTH = 43;
const SIGNATURE = new RegExp(`\\.([A-Za-z0-9_-]{${SIGNATURE_LENGTH}})`, "g");

/** A finding of the leak scan: text `index` holds the secret, or the token `tokenId`. */
export interface Finding {
  index: number;
  kind: "secret" | "token";
  tokenId?: string;
}

export class TokenRegistry {
  readonly #byToken = new Map<string, Entry>();
  readonly #byId = new Map<string, Entry>();
  readonly #bySignature = new Map<string, Entry>();
  readonly #scopes = new Map<string, ScopeLine>();
  /** token → when it was revoked and when it expires (kept until then, for every token, known or not). */
  readonly #revoked = new Map<string, { at: number; expiresAt: number }>();

  /** Remembers an issued token (the oldest is forgotten past MAX_TOKENS). */
  add(issued: IssuedToken): void {
    if (this.#byId.has(issued.id)) return;
    const entry: Entry = { ...issued };
    const revocation = this.#revoked.get(entry.token);
    if (revocation) entry.revokedAt = revocation.at;
    this.#byToken.set(entry.token, entry);
    this.#byId.set(entry.id, entry);
    this.#bySignature.set(entry.token.slice(entry.token.lastIndexOf(".") + 1), entry);
    if (entry.scope !== undefined && entry.order !== undefined) this.#line(entry);
    if (this.#byId.size > MAX_TOKENS) this.#evict(this.#byId.values().next().value!);
  }

  /** The answer that carried token `id` reached the client at `at`: older tokens of its scope are superseded from then. */
  finished(id: string, at: number): void {
    const entry = this.#byId.get(id);
    if (!entry || entry.finishedAt !== undefined) return;
    entry.finishedAt = at;
    if (entry.scope === undefined || entry.order === undefined) return;
    const line = this.#scopes.get(entry.scope);
    if (!line) return;
    if (!line.newestFinished || line.newestFinished.order < entry.order)
      line.newestFinished = { order: entry.order, at };
    // The pending tokens issued before it form a prefix of the line (it is sorted by order).
    let n = 0;
    while (n < line.pending.length && line.pending[n]!.order! < entry.order) {
      const older = line.pending[n++]!;
      older.supersededAt ??= at;
    }
    if (n > 0) line.pending.splice(0, n);
  }

  /** Revokes `token` from `at` until it expires (`expiresAt`), whether or not it is a token of this registry. */
  revoke(token: string, at: number, expiresAt: number): void {
    if (this.#revoked.has(token)) return;
    this.#revoked.set(token, { at, expiresAt });
    const entry = this.#byToken.get(token);
    if (entry) entry.revokedAt = at;
    if (this.#revoked.size > MAX_TOKENS) {
      for (const [t, r] of this.#revoked) if (r.expiresAt <= at) this.#revoked.delete(t);
      while (this.#revoked.size > MAX_TOKENS) this.#revoked.delete(this.#revoked.keys().next().value!);
    }
  }

  /** Whether `token` was revoked at or before `now` (and has not expired since, which the auth check sees anyway). */
  isRevoked(token: string, now: number): boolean {
    const revocation = this.#revoked.get(token);
    return revocation !== undefined && revocation.at <= now;
  }

  /** The expiry of a token of this registry (for a revocation's lifetime), or undefined. */
  expiryOf(token: string): number | undefined {
    return this.#byToken.get(token)?.expiresAt;
  }

  /** The state of `token` (as sent: the bearer value) for a request arriving at `now`. */
  stateAt(token: string, now: number): TokenArrival {
    const entry = this.#byToken.get(token);
    if (!entry) return { state: "unknown" };
    if (entry.revokedAt !== undefined && entry.revokedAt <= now)
      return { id: entry.id, state: "revoked", lateMs: now - entry.revokedAt };
    if (now >= entry.expiresAt) return { id: entry.id, state: "expired", lateMs: now - entry.expiresAt };
    if (entry.supersededAt !== undefined && entry.supersededAt <= now)
      return { id: entry.id, state: "superseded", lateMs: now - entry.supersededAt };
    return { id: entry.id, state: "valid" };
  }

  /**
   * Which of `texts` hold `secret` or a token of this registry. Linear in the texts: each dot
   * followed by a signature's worth of base64url is looked up by that signature, then the whole
   * token is compared in place. Never returns the secret or a token.
   */
  scan(texts: readonly string[], secret: string): Finding[] {
    const findings: Finding[] = [];
    texts.forEach((text, index) => {
      if (text.includes(secret)) findings.push({ index, kind: "secret" });
      const seen = new Set<string>();
      for (const match of text.matchAll(SIGNATURE)) {
        const entry = this.#bySignature.get(match[1]!);
        if (!entry || seen.has(entry.id)) continue;
        const start = match.index + 1 + SIGNATURE_LENGTH - entry.token.length;
        if (start >= 0 && text.startsWith(entry.token, start)) {
          seen.add(entry.id);
          findings.push({ index, kind: "token", tokenId: entry.id });
        }
      }
    });
    return findings;
  }

  /** How many tokens are remembered. */
  get size(): number {
    return this.#byId.size;
  }

  #line(entry: Entry): void {
    let line = this.#scopes.get(entry.scope!);
    if (!line) this.#scopes.set(entry.scope!, (line = { pending: [] }));
    // A token issued before the newest finished one (its news came late, from another replica) is superseded already.
    if (line.newestFinished && line.newestFinished.order > entry.order!) {
      entry.supersededAt = line.newestFinished.at;
      return;
    }
    // Usually the newest: insert from the end to keep the line in issue order.
    let i = line.pending.length;
    while (i > 0 && line.pending[i - 1]!.order! > entry.order!) i--;
    line.pending.splice(i, 0, entry);
  }

  #evict(entry: Entry): void {
    entry.evicted = true;
    this.#byId.delete(entry.id);
    if (this.#byToken.get(entry.token) === entry) this.#byToken.delete(entry.token);
    const signature = entry.token.slice(entry.token.lastIndexOf(".") + 1);
    if (this.#bySignature.get(signature) === entry) this.#bySignature.delete(signature);
    // Only a token not yet superseded is in its line.
    if (entry.scope === undefined || entry.order === undefined || entry.supersededAt !== undefined) return;
    const line = this.#scopes.get(entry.scope);
    if (!line) return;
    const at = line.pending.indexOf(entry);
    // The oldest token is at (or near) the head of its line: this is constant time in practice.
    if (at >= 0) line.pending.splice(at, 1);
    if (line.pending.length === 0) this.#scopes.delete(entry.scope);
  }
}
