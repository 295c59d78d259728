// What a check works with: a request builder that knows the spec's operations and security
// headers, the shared token, the exchange log, and a place to put failures.
import type { SpecValidator } from "@cec-cobrowse/spec";
import { send, type Exchange, type HttpRequest } from "./http.js";
import { Redactor } from "./redact.js";
import { SuiteRules } from "./rules.js";
import { operationPointer, type Operation } from "./spec.js";
import type { ContractOptions, Failure } from "./types.js";

/** How many failures a check keeps in full (the rest are counted). */
export const MAX_KEPT_FAILURES = 10;

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

export interface ResolvedOptions extends Required<Omit<ContractOptions, "onEvent" | "only" | "skip" | "spec">> {
  spec: SpecValidator;
  only: string[];
  skip: string[];
  onEvent?: ContractOptions["onEvent"];
}

/** State shared by all checks of one run. */
export class RunState {
  readonly exchanges: Exchange[] = [];
  readonly redactor = new Redactor();
  /** Values sent as secrets (writeOnly fields): none may come back in a response. */
  readonly sentSecrets = new Set<string>();
  /** What the spec says, read once. */
  readonly rules: SuiteRules;
  #token: Promise<string> | undefined;

  constructor(readonly options: ResolvedOptions) {
    this.rules = SuiteRules.of(options.spec);
    this.redactor.add(options.appSecret);
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

  fail(message: string, specLocation: string, exchange?: Exchange, rule?: string): void {
    this.failureCount++;
    if (this.failures.length >= MAX_KEPT_FAILURES) return;
    const failure: Failure = { message: this.state.redactor.text(message), specLocation };
    if (rule) failure.rule = rule;
    if (exchange) failure.exchange = this.state.redactor.exchange(exchange);
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
        securityHeaderValues(this.rules, op, { token, appKey: this.options.appKey, tenantSpaceId: this.options.tenantSpaceId }),
      );
    }
    for (const [name, value] of Object.entries(options.headers ?? {})) {
      for (const existing of Object.keys(headers)) if (existing.toLowerCase() === name.toLowerCase()) delete headers[existing];
      if (value !== undefined) headers[name] = value;
    }
    const request: HttpRequest = { method: options.method ?? op.method, path: op.path, headers };
    if (body !== undefined) request.body = body;
    return this.raw(request, options.label, options.method && options.method !== op.method ? undefined : op.operationId);
  }

  /** Values sent in writeOnly fields (the app secret) are secrets: redacted, and never to be echoed. */
  #noteSecrets(op: Operation, body: unknown): void {
    if (!op.bodySchema || typeof body !== "object" || body === null) return;
    for (const [name, prop] of Object.entries(this.spec.properties(op.bodySchema))) {
      const value = (body as Record<string, unknown>)[name];
      if (this.spec.deref(prop).writeOnly === true && typeof value === "string") {
        this.state.redactor.add(value);
        if (value.length >= 6) this.state.sentSecrets.add(value);
      }
    }
  }

  /** Sends a request as given and logs the exchange. */
  async raw(request: HttpRequest, label: string, operationId?: string): Promise<Exchange> {
    const started = performance.now();
    const exchange: Exchange = { checkId: this.checkId, label, request, durationMs: 0 };
    if (operationId) exchange.operationId = operationId;
    this.requests++;
    for (let attempt = 0; ; attempt++) {
      try {
        exchange.response = await send(this.options.baseUrl, request, this.options.timeoutMs);
        delete exchange.error;
      } catch (error) {
        exchange.error = (error as Error).message;
      }
      // 429 is documented: honour a short Retry-After a few times, as any client would.
      const retryAfter = Number(exchange.response?.headers["retry-after"] ?? "1");
      if (exchange.response?.status === 429 && attempt < 3 && retryAfter <= 10) {
        await new Promise((r) => setTimeout(r, Math.max(retryAfter, 0.1) * 1000));
        continue;
      }
      break;
    }
    exchange.durationMs = performance.now() - started;
    const token = (exchange.response?.json as Record<string, unknown> | undefined)?.[this.rules.token.fields.token];
    if (typeof token === "string") this.state.redactor.add(token);
    this.state.exchanges.push(exchange);
    return exchange;
  }

  /** Fails (and returns false) when the exchange got no response at all. */
  responded(exchange: Exchange): exchange is Exchange & { response: NonNullable<Exchange["response"]> } {
    if (exchange.response) return true;
    this.fail(`${exchange.label}: no response: ${exchange.error ?? "unknown error"}`, exchange.operationId ? operationPointer(this.spec.operation(exchange.operationId)) : "#/paths", exchange, "network");
    return false;
  }

  /** Expects one status; records a failure naming the expectation and where the spec states it. */
  expectStatus(exchange: Exchange, expected: number, specLocation: string, why: string): boolean {
    if (!this.responded(exchange)) return false;
    const status = exchange.response.status;
    if (status === expected) return true;
    this.fail(`${exchange.label}: expected ${expected} (${why}), got ${status}`, specLocation, exchange, "status");
    return false;
  }

  /** A new token from the token operation with the configured credentials. */
  async newToken(options: { label: string; expire?: string }): Promise<{ token: string; exchange: Exchange; body: Record<string, unknown> }> {
    const { operation: op, fields, lifetimeHeader } = this.rules.token;
    const headers: Record<string, string> = {};
    if (options.expire !== undefined) headers[lifetimeHeader.name] = options.expire;
    const exchange = await this.call(op, { label: options.label, body: this.rules.credentialsBody(this.options.appKey, this.options.appSecret), headers });
    const body = exchange.response?.json as Record<string, unknown> | undefined;
    const token = body?.[fields.token];
    if (exchange.response?.status !== 200 || typeof token !== "string" || token.length === 0) {
      throw new CheckAborted(
        `could not get a token with the configured credentials (${exchange.response ? `status ${exchange.response.status}` : exchange.error}); check COBROWSE_APP_KEY / COBROWSE_APP_SECRET`,
        operationPointer(op, "responses", "200"),
        exchange,
      );
    }
    this.state.redactor.add(token);
    return { token, exchange, body: body! };
  }
}
