// The security headers: what is missing, malformed or unknown to this deployment. Which
// status each answers, and at which step of the check order, is the spec's (each security
// check of an operation's order names a header and a failure kind); what is *known* is the
// mock's own: the tokens it signed, the app key and the tenant space it was configured with.
import type { IncomingMessage } from "node:http";
import type { FailureKind, Issue, SecurityCheck, SecurityHeader, SpecValidator } from "@cec-cobrowse/spec";
import type { Credentials } from "../api.js";
import { CREDENTIAL_SCHEMES } from "../config.js";
import type { Signer } from "../tokens/signing.js";

const MAX_VERIFIED = 10_000;
const OK: Verdict = { kind: "ok" };
const NONE: SecurityProblem[] = [];

/** A token the mock signed, as its payload says. */
export interface TokenClaims {
  /** The app key it was issued to. */
  a: string;
  /** When it stops working, in ms since the epoch. */
  exp: number;
}

/** What is wrong with one security header: its failure kind, and the words that say so. */
export interface Verdict {
  kind: FailureKind | "ok";
  message?: string;
  /** A valid token's expiry, in ms since the epoch (a connectParam it obtains expires no later). */
  expiresAt?: number;
}

/** A security problem found at a step: the issue (for a 400 listing) and the reason (for a single answer). */
export interface SecurityProblem {
  check: SecurityCheck;
  issue: Issue;
}

export class SecurityHeaders {
  readonly #spec: SpecValidator;
  readonly #credentials: Credentials;
  readonly #tokens: Signer;
  readonly #now: () => number;
  readonly #tokenOperation: string;
  /**
   * Tokens verified lately, so a token in use is verified (an HMAC) once, not on every
   * request; its expiry is still checked each time. Bounded: cleared when full.
   */
  readonly #verified = new Map<string, TokenClaims>();

  readonly #revoked: (token: string, now: number) => boolean;

  /** `revoked`: whether a token was revoked (the token registry's answer, the same on every replica). */
  constructor(
    spec: SpecValidator,
    credentials: Credentials,
    tokens: Signer,
    now: () => number,
    revoked: (token: string, now: number) => boolean = () => false,
  ) {
    this.#spec = spec;
    this.#credentials = credentials;
    this.#tokens = tokens;
    this.#now = now;
    this.#revoked = revoked;
    this.#tokenOperation = spec.rules.token ? spec.tokenSource().operation.operationId : "the token operation";
  }

  /** The problems among `checks` (in order), judging each header once per request. */
  problems(
    req: IncomingMessage,
    operationId: string,
    checks: readonly SecurityCheck[],
    verdicts: Map<string, Verdict>,
  ): SecurityProblem[] {
    let found: SecurityProblem[] | undefined;
    for (const check of checks) {
      let verdict = verdicts.get(check.header.header);
      if (!verdict) verdicts.set(check.header.header, (verdict = this.#judge(req, operationId, check.header)));
      if (verdict.kind === check.kind)
        (found ??= []).push({ check, issue: { in: "header", name: check.header.header, message: verdict.message! } });
    }
    return found ?? NONE;
  }

  #judge(req: IncomingMessage, operationId: string, header: SecurityHeader): Verdict {
    const raw = req.headers[header.header.toLowerCase()];
    const value = Array.isArray(raw) ? raw.join(", ") : raw;
    const credential = header.kind === "bearer" ? "token" : CREDENTIAL_SCHEMES[header.scheme]!;
    if (value === undefined || value === "")
      return { kind: "missing", message: `is required; send ${this.#hint(credential, header.prefix)}` };
    // Fast paths: the configured credentials passed their value schema at startup, and a cached
    // token passed its own when it was first judged (same string, same verdict).
    if (credential !== "token" && value === this.#credentials[credential]) return OK;
    // The spec's prefix of a bearer value (`Bearer `), read from the spec through its security header.
    const prefix = header.prefix ?? "";
    const cached =
      credential === "token" && value.startsWith(prefix) ? this.#verified.get(value.slice(prefix.length)) : undefined;
    if (cached) return this.#claimsVerdict(cached, value.slice(prefix.length));
    const issues = this.#spec.validateSecurityHeader(operationId, header.header, value);
    if (issues.length > 0) return { kind: "malformed", message: issues.map((i) => i.message).join("; ") };
    if (credential !== "token") {
      return credential === "tenantSpaceId"
        ? {
            kind: "unknown",
            message: `tenant space ${JSON.stringify(value.slice(0, 64))} does not exist; use the tenant space of your app`,
          }
        : { kind: "unknown", message: "is not the app the token was issued to; send that app's key" };
    }
    return this.#claimsVerdict(this.#verify(value.slice(prefix.length)), value.slice(prefix.length));
  }

  #claimsVerdict(claims: TokenClaims | "malformed" | "forged", token: string): Verdict {
    const again = `request a new one with ${this.#tokenOperation}`;
    if (claims === "malformed")
      return {
        kind: "malformed",
        message: `the token is malformed; send the AccessToken from ${this.#tokenOperation} as is`,
      };
    if (claims === "forged") return { kind: "unknown", message: `the token is unknown to this server; ${again}` };
    const now = this.#now();
    // Checked on every request, the cached ones included: a revoked token stays refused until it expires.
    if (this.#revoked(token, now)) return { kind: "unknown", message: `token revoked; ${again}` };
    if (now >= claims.exp) return { kind: "unknown", message: `token expired; ${again}` };
    if (claims.a !== this.#credentials.appKey)
      return { kind: "unknown", message: `the token's app is unknown to this server; ${again}` };
    return { kind: "ok", expiresAt: claims.exp };
  }

  /** Verifies a token not in the cache (#judge looked there first) and caches its claims. */
  #verify(token: string): TokenClaims | "malformed" | "forged" {
    const payload = this.#tokens.verify(token);
    if (typeof payload === "string") return payload;
    if (typeof payload.a !== "string" || typeof payload.exp !== "number") return "forged";
    // Only tokens this mock signed are kept (at most MAX_VERIFIED of them, each bounded by the spec's length).
    if (this.#verified.size >= MAX_VERIFIED) this.#verified.clear();
    const claims = { a: payload.a, exp: payload.exp };
    this.#verified.set(token, claims);
    return claims;
  }

  #hint(credential: keyof Credentials | "token", prefix = ""): string {
    switch (credential) {
      case "token":
        return `\`${prefix}<AccessToken>\` with a token from ${this.#tokenOperation}`;
      case "appKey":
        return "the app key the token was issued to";
      default:
        return "your tenant space ID";
    }
  }
}
