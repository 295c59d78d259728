// What a check works with: a request builder that knows the spec's operations and security
// headers, the shared token, the exchange log, and a place to put failures.
import type { ProvenanceKind, SpecValidator } from "@cec-cobrowse/spec";
import { fingerprintOf } from "./fingerprint.js";
import { type Exchange, type HttpRequest, send } from "./http.js";
import { namesFieldIn, provenanceAt, succeeded } from "./judge.js";
import { CASE_HEADER, caseHeaderValue } from "./politeness/case-header.js";
import { RateLimiter } from "./politeness/rate-limit.js";
import { RequestBudget, RequestsStopped } from "./politeness/request-budget.js";
import { retryAfterMs } from "./politeness/retry-after.js";
import { Redactor, type SecretLabel } from "./redact.js";
import { curlOf } from "./replay/curl.js";
import { type Expectation, replayOf } from "./replay/record.js";
import { SuiteRules } from "./rules.js";
import { type Operation, operationPointer } from "./spec.js";
import type { Baseline, ContractOptions, Failure, FailureNote, FailureSignature } from "./types.js";

/** How many failures a check keeps in full (the rest are counted, and their kinds listed in `signatures`). */
export const MAX_KEPT_FAILURES = 10;

/** A 429 is waited out (its Retry-After, at most this long) and the request sent again, this many times at most. */
export const MAX_429_RETRIES = 4;
export const MAX_RETRY_AFTER_MS = 60_000;

/** Thrown by a check that cannot go on (no token, say); recorded as a failure. */
export class CheckAborted extends Error {
  constructor(
    message: string,
    readonly specLocation: string,
    readonly exchange?: Exchange,
  ) {
    super(message);
  }
}

export interface ResolvedOptions
  extends Required<
    Omit<
      ContractOptions,
      | "onEvent"
      | "only"
      | "skip"
      | "spec"
      | "faultControl"
      | "faultControlToken"
      | "baseline"
      | "baselineFile"
      | "rateLimit"
      | "maxRequests"
    >
  > {
  spec: SpecValidator;
  only: string[];
  skip: string[];
  /** The fault control's absolute URL, when the target has one. */
  faultControl: string | undefined;
  faultControlToken: string | undefined;
  /** The scope this run's faults and the requests they catch name in X-Mock-Scope, so no other caller of a shared sandbox meets them. */
  faultScope: string;
  onEvent?: ContractOptions["onEvent"];
  baseline?: Baseline;
  rateLimit?: number;
  maxRequests?: number;
}

/** State shared by all checks of one run. */
export class RunState {
  readonly exchanges: Exchange[] = [];
  readonly redactor = new Redactor();
  /** Values sent as secrets (writeOnly fields): none may come back in a response. */
  readonly sentSecrets = new Set<string>();
  /** Every token the token operation issued to the run (a token not among them is unknown to the deployment). */
  readonly issuedTokens = new Set<string>();
  /** What the spec says, read once. */
  readonly rules: SuiteRules;
  /** `--rate-limit`: every request waits for its slot. */
  readonly limiter: RateLimiter | undefined;
  /** `--max-requests`: every request spends one. */
  readonly budget: RequestBudget | undefined;
  /** Told of every failure as it is found (kept in full or not). */
  onFailure: ((note: FailureNote) => void) | undefined;
  #token: Promise<string> | undefined;

  constructor(readonly options: ResolvedOptions) {
    this.rules = SuiteRules.of(options.spec);
    this.limiter = options.rateLimit === undefined ? undefined : new RateLimiter(options.rateLimit);
    this.budget = options.maxRequests === undefined ? undefined : new RequestBudget(options.maxRequests);
    this.redactor.add(options.appSecret, "secret");
    if (options.faultControlToken) this.redactor.add(options.faultControlToken, "secret");
    this.sentSecrets.add(options.appSecret);
  }

  /** A valid token for the configured credentials, fetched once per run. */
  sharedToken(ctx: CheckContext): Promise<string> {
    this.#token ??= ctx.newToken({ label: "shared token" }).then((t) => t.token);
    // a failed fetch is retried by the next check that asks
    this.#token.catch(() => {
      this.#token = undefined;
    });
    return this.#token;
  }
}

export interface CallOptions {
  /** Case name, shown with failures. */
  label: string;
  /** The JSON body (serialised with JSON.stringify), unless `rawBody` is given. */
  body?: unknown;
  /** Body bytes sent as they are (malformed JSON, a huge body...). */
  rawBody?: string | Buffer;
  /** Headers to add or override; a value of `undefined` removes the header. */
  headers?: Record<string, string | undefined>;
  /** The token for the bearer scheme; default: the run's shared token. */
  token?: string;
  /** Don't add the security headers at all. */
  noSecurity?: boolean;
  /** HTTP method override (for off-spec requests). */
  method?: string;
  /** Send once: no waiting out a 429's Retry-After (an injected 429 is what is being checked). */
  noRetry?: boolean;
  /** The answer will be a fault injected through the fault control. */
  injected?: boolean;
}

/** What `expectRejected` needs: the status the spec gives the rule broken, and which rule the request breaks. */
export interface Rejection {
  status: number;
  /** Where the spec states that status. */
  at: string;
  why: string;
  /** The field or header the answer must name (when the spec's errorReason rule says so). */
  field?: string;
  /**
   * The rules the request breaks (JSON pointers). When one of them is a vendor fact, the
   * request must not succeed whatever status it gets: a success is a failure of that fact.
   */
  breaks?: string[];
}

/** The credential values that go in each security header of an operation. */
export function securityHeaderValues(
  rules: SuiteRules,
  op: Operation,
  creds: { token: string; appKey: string; tenantSpaceId: string },
): Record<string, string> {
  const out: Record<string, string> = {};
  for (const h of op.securityHeaders) {
    const scheme = rules.securitySchemes[h.scheme]!;
    if (h.kind === "bearer") out[h.header] = `Bearer ${creds.token}`;
    else out[h.header] = scheme.credential === "token" ? creds.token : creds[scheme.credential];
  }
  return out;
}

export class CheckContext {
  readonly failures: Failure[] = [];
  failureCount = 0;
  /** Failures by the provenance of the rule broken (all of them, kept or not). */
  readonly broken: Record<ProvenanceKind, number> = { vendor: 0, decision: 0 };
  /** Every kind of failure found, by fingerprint. */
  readonly signatures = new Map<string, FailureSignature>();
  requests = 0;
  cases = 0;

  constructor(
    readonly checkId: string,
    readonly state: RunState,
    /** This check's own seed, derived from the run's seed and the check id. */
    readonly seed: number,
  ) {}

  get options(): ResolvedOptions {
    return this.state.options;
  }

  get rules(): SuiteRules {
    return this.state.rules;
  }

  get spec(): SpecValidator {
    return this.state.options.spec;
  }

  /**
   * Records a broken rule. Its provenance is the spec's word on `specLocation`. `expect` says
   * how `--replay` re-judges the exchange; without it, a replay runs the whole check again.
   */
  fail(message: string, specLocation: string, exchange?: Exchange, rule?: string, expect: Expectation[] = []): void {
    this.failureCount++;
    const found = this.spec.provenanceOf(specLocation);
    const provenance = found?.provenance ?? "decision";
    this.broken[provenance]++;
    const redactor = this.state.redactor;
    const fingerprint = fingerprintOf({
      check: this.checkId,
      rule,
      operationId: exchange?.operationId,
      specLocation,
      status: exchange?.response?.status,
    });
    let signature = this.signatures.get(fingerprint);
    const kept = this.failures.length < MAX_KEPT_FAILURES;
    const text = kept || !signature || this.state.onFailure ? redactor.text(message) : "";
    if (signature) signature.count++;
    else {
      signature = { fingerprint, check: this.checkId, specLocation, provenance, count: 1, message: text };
      if (rule) signature.rule = rule;
      if (exchange?.operationId) signature.operationId = exchange.operationId;
      if (exchange?.response) signature.status = exchange.response.status;
      this.signatures.set(fingerprint, signature);
    }
    this.state.onFailure?.({
      check: this.checkId,
      message: text,
      specLocation,
      provenance,
      fingerprint,
      ...(rule ? { rule } : {}),
      ...(exchange ? { label: exchange.label } : {}),
    });
    if (!kept) return;
    const replay = replayOf(
      this.options,
      redactor,
      { check: this.checkId, rule, message: text, specLocation, provenance },
      exchange,
      expect,
    );
    const failure: Failure = { message: text, specLocation, provenance, replay, fingerprint };
    if (found) failure.provenanceEntry = found.entry;
    if (rule) failure.rule = rule;
    if (exchange) {
      failure.exchange = redactor.exchange(exchange);
      failure.curl = curlOf(redactor, this.options.baseUrl, exchange.request);
    }
    this.failures.push(failure);
  }

  /** Sends a request to an operation of the spec (or, with `method`, to its path with another method). */
  async call(op: Operation, options: CallOptions): Promise<Exchange> {
    const headers: Record<string, string> = { Accept: "application/json" };
    let body: string | Buffer | undefined = options.rawBody;
    if (body === undefined && "body" in options) {
      body = JSON.stringify(options.body);
      this.#noteSecrets(op, options.body);
    }
    if (body !== undefined) headers["Content-Type"] = "application/json";
    if (!options.noSecurity && op.securityHeaders.length > 0) {
      const token = options.token ?? (await this.state.sharedToken(this));
      Object.assign(
        headers,
        securityHeaderValues(this.rules, op, {
          token,
          appKey: this.options.appKey,
          tenantSpaceId: this.options.tenantSpaceId,
        }),
      );
    }
    for (const [name, value] of Object.entries(options.headers ?? {})) {
      for (const existing of Object.keys(headers))
        if (existing.toLowerCase() === name.toLowerCase()) delete headers[existing];
      if (value !== undefined) headers[name] = value;
    }
    const request: HttpRequest = { method: options.method ?? op.method, path: op.path, headers };
    if (body !== undefined) request.body = body;
    return this.raw(
      request,
      options.label,
      options.method && options.method !== op.method ? undefined : op.operationId,
      options,
    );
  }

  /** Values sent in writeOnly fields (the app secret) are secrets: redacted, and never to be echoed. */
  #noteSecrets(op: Operation, body: unknown): void {
    if (!op.bodySchema || typeof body !== "object" || body === null) return;
    for (const [name, prop] of Object.entries(this.spec.properties(op.bodySchema))) {
      const value = (body as Record<string, unknown>)[name];
      if (this.spec.deref(prop).writeOnly === true && typeof value === "string") {
        this.state.redactor.add(value, value === this.options.appSecret ? "secret" : undefined);
        if (value.length >= 6) this.state.sentSecrets.add(value);
      }
    }
  }

  /** Sends a request as given and logs the exchange. */
  async raw(
    request: HttpRequest,
    label: string,
    operationId?: string,
    options: { noRetry?: boolean; injected?: boolean } = {},
  ): Promise<Exchange> {
    const started = performance.now();
    const exchange: Exchange = { checkId: this.checkId, label, request, durationMs: 0 };
    if (operationId) exchange.operationId = operationId;
    if (options.injected) exchange.injected = true;
    if (!Object.keys(request.headers).some((k) => k.toLowerCase() === CASE_HEADER.toLowerCase()))
      request.headers[CASE_HEADER] = caseHeaderValue(this.checkId, label);
    this.requests++;
    for (let attempt = 0; ; attempt++) {
      await this.politely();
      try {
        exchange.response = await send(this.options.baseUrl, request, this.options.timeoutMs);
        delete exchange.error;
      } catch (error) {
        exchange.error = (error as Error).message;
      }
      // 429 is documented: its Retry-After is waited out and the request sent again, as any
      // client would; a 429 is never a failure of the check that met it (an injected one aside).
      if (exchange.response?.status === 429 && !options.noRetry) {
        const wait = retryAfterMs(exchange.response.headers["retry-after"]) ?? 1000;
        if (attempt >= MAX_429_RETRIES || wait > MAX_RETRY_AFTER_MS) {
          throw new RequestsStopped(
            `the target answered 429 ${attempt + 1} times (Retry-After: ${exchange.response.headers["retry-after"] ?? "none"}) to ${label}; lower --rate-limit`,
          );
        }
        await new Promise((r) => setTimeout(r, Math.max(wait, 100)));
        continue;
      }
      break;
    }
    exchange.durationMs = performance.now() - started;
    const token = (exchange.response?.json as Record<string, unknown> | undefined)?.[this.rules.token.fields.token];
    if (typeof token === "string") {
      this.state.redactor.add(token, "token");
      if (operationId === this.rules.token.operation.operationId && exchange.response?.status === 200)
        this.state.issuedTokens.add(token);
    }
    this.state.exchanges.push(exchange);
    return exchange;
  }

  /**
   * Waits for the rate limit's next slot and spends one request of the budget (throws
   * RequestsStopped when it is spent): every request the suite sends goes through here.
   */
  async politely(): Promise<void> {
    this.state.budget?.spend();
    await this.state.limiter?.take();
  }

  /** The header naming this check and a case, for requests sent outside `raw` (WebSocket handshakes, the fault control). */
  caseHeaders(label: string): Record<string, string> {
    return { [CASE_HEADER]: caseHeaderValue(this.checkId, label) };
  }

  /** Registers a value derived from a token (forged, tampered with...): never printed, and named in replays by how it was made. */
  secret(value: string, label?: SecretLabel): void {
    this.state.redactor.add(value, label);
  }

  /**
   * Fails (and returns false) when the exchange got no response at all. The failure is the
   * expectation's (`specLocation`) when given, else the operation's.
   */
  responded(
    exchange: Exchange,
    specLocation?: string,
  ): exchange is Exchange & { response: NonNullable<Exchange["response"]> } {
    if (exchange.response) return true;
    const at =
      specLocation ?? (exchange.operationId ? operationPointer(this.spec.operation(exchange.operationId)) : "#/paths");
    this.fail(`${exchange.label}: no response: ${exchange.error ?? "unknown error"}`, at, exchange, "network");
    return false;
  }

  /**
   * Expects one status; records a failure naming the expectation and where the spec states it.
   * A replay re-judges the status (`expect`, given as `[]` to run the whole check again instead).
   */
  expectStatus(
    exchange: Exchange,
    expected: number,
    specLocation: string,
    why: string,
    expect: Expectation[] = [{ type: "status", status: expected }],
  ): boolean {
    if (!this.responded(exchange, specLocation)) return false;
    const status = exchange.response.status;
    if (status === expected) return true;
    this.fail(
      `${exchange.label}: expected ${expected} (${why}), got ${status}`,
      specLocation,
      exchange,
      "status",
      expect,
    );
    return false;
  }

  /**
   * Expects a request that breaks a rule to be refused with its status, naming the field when
   * the spec's errorReason rule says so. Whatever the status, a request that breaks a vendor
   * fact must not succeed: that is the vendor's failure, the status and the naming the spec's.
   */
  expectRejected(x: Exchange, rejection: Rejection): boolean {
    const { status, at, why, field, breaks = [] } = rejection;
    if (!this.responded(x, at)) return false;
    if (x.response.status !== status) {
      // (when the status itself is a vendor fact, its failure says it already)
      const vendor =
        provenanceAt(this.spec, at) === "vendor"
          ? undefined
          : breaks.find((b) => provenanceAt(this.spec, b) === "vendor");
      if (vendor && succeeded(this.spec, x)) {
        this.fail(
          `${x.label}: the request breaks ${vendor} but succeeded (${x.response.status}); it must be refused (a 4xx, or a 200 with success: false)`,
          vendor,
          x,
          "invalid-accepted",
          [{ type: "not-succeed" }],
        );
      }
      this.fail(`${x.label}: expected ${status} (${why}), got ${x.response.status}`, at, x, "status", [
        { type: "status", status },
      ]);
      return false;
    }
    if (field && this.rules.namesField.value && !namesFieldIn(x, field)) {
      this.fail(
        `${x.label}: the ${status} answer does not name ${field} in errorReason or details`,
        this.rules.namesField.at,
        x,
        "error-names-field",
        [
          { type: "status", status },
          { type: "names-field", field },
        ],
      );
      return false;
    }
    return true;
  }

  /**
   * A new token from the token operation with the configured credentials; aborts the check when
   * there is none, at `abortAt` (default: the token operation's 200 answer).
   */
  async newToken(options: {
    label: string;
    expire?: string;
    abortAt?: string;
  }): Promise<{ token: string; exchange: Exchange; body: Record<string, unknown> }> {
    const { operation: op, fields, lifetimeHeader } = this.rules.token;
    const headers: Record<string, string> = {};
    if (options.expire !== undefined) headers[lifetimeHeader.name] = options.expire;
    const exchange = await this.call(op, {
      label: options.label,
      body: this.rules.credentialsBody(this.options.appKey, this.options.appSecret),
      headers,
    });
    const body = exchange.response?.json as Record<string, unknown> | undefined;
    const token = body?.[fields.token];
    if (exchange.response?.status !== 200 || typeof token !== "string" || token.length === 0) {
      throw new CheckAborted(
        `could not get a token with the configured credentials${options.expire === undefined ? "" : ` and ${lifetimeHeader.name}: ${options.expire}`} (${exchange.response ? `status ${exchange.response.status}` : exchange.error}); check COBROWSE_APP_KEY / COBROWSE_APP_SECRET`,
        options.abortAt ?? operationPointer(op, "responses", "200"),
        exchange,
      );
    }
    return { token, exchange, body: body! };
  }
}
