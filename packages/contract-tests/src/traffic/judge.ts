// The judge of observed traffic, for `proxy` (live) and `validate` (a HAR or NDJSON file): every
// exchange goes through the traffic checks in the order the answers ended, with the token and
// room flow seen so far; the findings are failures of the suite's own kind (provenance, spec
// location, redacted exchange, curl command, replay record, fingerprint), so the suite's
// reporters, profiles and baseline take them as they are.
import { PROVENANCE_KINDS, type ProvenanceKind, type SpecValidator, specValidator } from "@cec-cobrowse/spec";
import { acceptBaselined, baselineOutcome } from "../baseline.js";
import { CheckContext, type ResolvedOptions, RunState } from "../context.js";
import { type Coverage, coverageOf } from "../coverage.js";
import { provenanceAt } from "../judge.js";
import type { Profile } from "../profile.js";
import { tokenCommand } from "../replay/curl.js";
import type { SuiteRules } from "../rules.js";
import { statusUnder, summaryOf } from "../runner.js";
import type { Baseline, CheckResult, FailureNote, Report, TrafficSource } from "../types.js";
import { VERSION } from "../version.js";
import { breachesOf, methodBreach, requestJson } from "./breaches.js";
import type { TrafficCheck, View } from "./check.js";
import { exchangeOf, headerOf, pathOnly, responseOf, roomSocket, type TrafficExchange } from "./exchange.js";
import { bearerToken, FlowState } from "./flow.js";
import { flowChecks } from "./flow-checks.js";
import { requestChecks } from "./request-checks.js";
import { websocketChecks } from "./websocket-checks.js";

export interface TrafficJudgeOptions {
  /** The spec to judge by (default: the one `@cec-cobrowse/spec` ships). */
  spec?: SpecValidator;
  profile?: Profile;
  /** Where the traffic went (the proxy's target; a validated file's origin): curl commands and replay records name it. */
  target: string;
  source: Pick<TrafficSource, "mode" | "source">;
  baseline?: Baseline;
  baselineFile?: string;
  /** Told of every failure as it is found (the proxy prints them live). */
  onFailure?: (note: FailureNote) => void;
  /** The command that judges this traffic again, named in the report. */
  replay?: string;
}

/** Every check of observed traffic, in the order each exchange goes through them. */
export function trafficChecks(rules: SuiteRules): TrafficCheck[] {
  return [...requestChecks(rules), ...flowChecks(rules), ...websocketChecks(rules)];
}

const asObject = (value: unknown): Record<string, unknown> | undefined =>
  typeof value === "object" && value !== null && !Array.isArray(value) ? (value as Record<string, unknown>) : undefined;

export class TrafficJudge {
  readonly state: RunState;
  readonly rules: SuiteRules;
  readonly #options: TrafficJudgeOptions;
  readonly #checks: Array<{ check: TrafficCheck; ctx: CheckContext }>;
  readonly #flow = new FlowState();
  readonly #covered = new Set<number>();
  readonly #credentials: Record<string, string> = {};
  readonly #started = new Date();
  #exchanges = 0;
  #offSpec = 0;
  #unanswered = 0;
  #upgrades = 0;
  #appKey: string | undefined;

  constructor(options: TrafficJudgeOptions) {
    this.#options = options;
    const spec = options.spec ?? specValidator();
    const resolved: ResolvedOptions = {
      baseUrl: options.target.replace(/\/+$/, ""),
      appKey: "",
      appSecret: "",
      tenantSpaceId: "",
      cases: 0,
      seed: 0,
      stateless: false,
      timeoutMs: 10_000,
      only: [],
      skip: [],
      spec,
      profile: options.profile ?? "spec",
      websocket: false,
      faultControl: undefined,
      faultControlToken: undefined,
      faultScope: "traffic",
      minCoverage: 0,
    };
    if (options.baseline) resolved.baseline = options.baseline;
    this.state = new RunState(resolved);
    this.state.onFailure = options.onFailure;
    this.state.sentSecrets.clear(); // the synthetic options' empty secret; the traffic's own are noted as they pass
    this.rules = this.state.rules;
    this.#checks = trafficChecks(this.rules).map((check) => ({
      check,
      ctx: new CheckContext(check.id, this.state, 0),
    }));
  }

  /** Judges one exchange. Call in the order the answers ended (the proxy does; `validate` sorts). Never throws for bad traffic. */
  judge(t: TrafficExchange): void {
    const spec = this.state.options.spec;
    const path = pathOnly(t.request.path);
    const ws = spec.rules.websocket;
    const preflight =
      t.request.method === "OPTIONS" && headerOf(t.request.headers, "access-control-request-method") !== undefined;
    const match = spec.match(t.request.method, path);
    const op = "operation" in match ? match.operation : undefined;
    const method = preflight ? undefined : methodBreach(spec, t);
    const isSocket = t.upgrade === true && ws !== undefined && roomSocket(ws, t.request.path) !== undefined;
    if (preflight || (!op && !method && !isSocket)) {
      this.#offSpec++;
      return;
    }
    this.#exchanges++;
    if (t.upgrade) this.#upgrades++;
    this.#noteSecrets(t, op);
    if (!t.response) this.#unanswered++;
    const x = exchangeOf(t, op?.operationId);
    const json = requestJson(t);
    const view: View = {
      t,
      x,
      op,
      breaches: method ? [method] : op ? breachesOf(spec, op, t) : [],
      body: json && json !== "invalid" ? asObject(json.value) : undefined,
      answer: t.response ? asObject(responseOf(t.response).json) : undefined,
    };
    if (t.malformedAnswer && op) {
      this.#checks[0]!.ctx.fail(
        `${x.label}: the target's answer is not HTTP (${t.error ?? "unparseable"})`,
        `${op.at}/responses`,
        x,
        "network",
      );
    }
    // a recording that kept no body: only the status and the headers are judged
    const partial = t.response?.bodyUnrecorded === true;
    for (const { check, ctx } of this.#checks) {
      if (partial && check.id !== "response.status-documented" && check.id !== "response.headers") continue;
      try {
        ctx.cases++;
        ctx.requests++;
        check.judge(ctx, view, this.#flow);
      } catch (error) {
        // a bug of the judge must not stop the proxy: it is a failure of the check, saying so
        ctx.fail(
          `${x.label}: the check could not judge this exchange: ${(error as Error).message}`,
          check.specLocations[0] ?? "#",
          x,
          "error",
        );
      }
    }
    this.#learn(view);
    this.#cover(x);
  }

  /** Secrets in the exchange are registered before any failure is recorded: no report, line or replay shows them. */
  #noteSecrets(t: TrafficExchange, op: View["op"]): void {
    const redactor = this.state.redactor;
    for (const [name, value] of Object.entries(t.request.headers)) {
      if (name.toLowerCase() !== "authorization") continue;
      const m = /^(\S+)\s+(.+)$/.exec(value);
      redactor.add(m?.[2] ?? value, m?.[1] === "Bearer" ? "token" : undefined);
    }
    const json = requestJson(t);
    const body = json && json !== "invalid" ? asObject(json.value) : undefined;
    if (op && body) {
      for (const [name, prop] of Object.entries(this.state.options.spec.properties(op.bodySchema))) {
        const value = body[name];
        if (this.state.options.spec.deref(prop).writeOnly !== true || typeof value !== "string") continue;
        redactor.add(value, name === this.rules.token.credentials.appSecret ? "secret" : undefined);
        if (value.length >= 6) this.state.sentSecrets.add(value);
      }
    }
    const answer = t.response ? asObject(responseOf(t.response).json) : undefined;
    const token = answer?.[this.rules.token.fields.token];
    if (typeof token === "string") redactor.add(token, "token");
    const data = asObject(answer?.[this.rules.connection.outcome.data]);
    for (const field of this.rules.connection.room.perRole)
      if (typeof data?.[field] === "string") redactor.add(data[field] as string);
    const ws = this.state.options.spec.rules.websocket;
    if (t.upgrade && ws) redactor.add(roomSocket(ws, t.request.path)?.query.get(ws.connectParam) ?? undefined);
  }

  /** What the exchange tells of the flow: tokens issued, rooms opened, connectParams given. */
  #learn(v: View): void {
    const { t, op, body, answer } = v;
    if (!op || !t.response) return;
    const { token: tokenSource, connection } = this.rules;
    if (op.operationId === tokenSource.operation.operationId && t.response.status === 200 && answer) {
      const token = answer[tokenSource.fields.token];
      const lifetime = Number(answer[tokenSource.fields.lifetime]);
      const appKey = answer[tokenSource.fields.appKey ?? ""] ?? body?.[tokenSource.credentials.appKey];
      if (typeof token === "string" && Number.isFinite(lifetime)) {
        this.#flow.tokens.set(token, {
          lifetimeSeconds: lifetime,
          ...(t.endedMs !== undefined ? { issuedBy: t.endedMs } : {}),
          ...(typeof appKey === "string" ? { appKey } : {}),
        });
        this.state.issuedTokens.add(token);
      }
      if (typeof appKey === "string") this.#appKey ??= appKey;
      return;
    }
    if (op.operationId !== connection.op.operationId) return;
    const role = body?.[connection.room.role];
    const sent = body?.[connection.room.roomId];
    const opener = typeof role === "string" && role !== connection.join?.role;
    if (opener && typeof sent === "string") this.#flow.room(sent).opened = true;
    if (t.response.status !== 200 || answer?.[connection.outcome.success] !== true) return;
    const data = asObject(answer[connection.outcome.data]);
    const roomId = data?.[connection.room.roomId];
    if (typeof roomId !== "string" || typeof role !== "string") return;
    const room = this.#flow.room(roomId);
    if (opener) room.opened = true;
    const token = bearerToken(headerOf(t.request.headers, this.rules.schemeOf("token")!.header));
    connection.room.perRole.forEach((field, i) => {
      const value = data![field];
      if (typeof value !== "string") return;
      room.perRole.set(value, role);
      const expiresBy = this.#flow.tokenExpiresBy(token);
      if (i === 0)
        this.#flow.params.set(value, {
          roomId,
          role,
          ...(expiresBy !== undefined ? { tokenExpiresBy: expiresBy } : {}),
        });
    });
    for (const h of op.securityHeaders) {
      const scheme = this.rules.securitySchemes[h.scheme];
      const value = headerOf(t.request.headers, h.header);
      if (scheme && scheme.credential !== "token" && value !== undefined)
        this.#credentials[scheme.credential] ??= value;
    }
  }

  /** The coverage cells this exchange exercised. */
  #cover(x: ReturnType<typeof exchangeOf>): void {
    if (!x.operationId) return;
    const cells = coverageOf(this.rules, [x], {
      issued: this.state.issuedTokens,
      credentials: this.#credentials,
    }).cells;
    cells.forEach((c, i) => {
      if (c.exercisedBy.length > 0) this.#covered.add(i);
    });
  }

  #coverage(): Coverage {
    const template = coverageOf(this.rules, [], { issued: new Set(), credentials: {} });
    const cells = template.cells.map((c, i) => ({ ...c, exercisedBy: this.#covered.has(i) ? ["traffic"] : [] }));
    const exercised = cells.filter((c) => c.exercisedBy.length > 0).length;
    return {
      percent: cells.length === 0 ? 100 : Math.floor((exercised / cells.length) * 1000) / 10,
      exercised,
      total: cells.length,
      cells,
    };
  }

  /** The report of everything judged so far. */
  report(): Report {
    const o = this.state.options;
    o.appKey = this.#appKey ?? "your-app-key";
    const results: CheckResult[] = this.#checks.map(({ check, ctx }) => {
      const kinds = new Set(check.specLocations.map((at) => provenanceAt(o.spec, at)));
      const result: CheckResult = {
        id: check.id,
        title: check.title,
        specLocations: check.specLocations,
        provenance: PROVENANCE_KINDS.filter((k: ProvenanceKind) => kinds.has(k)),
        status: "passed",
        failures: ctx.failures,
        failureCount: ctx.failureCount,
        broken: { ...ctx.broken },
        signatures: [...ctx.signatures.values()],
        requests: ctx.requests,
        cases: ctx.cases,
        durationMs: 0,
      };
      if (o.baseline) acceptBaselined(result, o.baseline);
      result.status = statusUnder(result, o.profile);
      return result;
    });
    const summary = summaryOf(results, this.#exchanges);
    return {
      ok: summary.failed === 0,
      tool: { name: "@cec-cobrowse/contract-tests", version: VERSION },
      spec: { title: o.spec.document.info.title, version: o.spec.document.info.version },
      target: o.baseUrl || this.#options.source.source,
      seed: 0,
      cases: 0,
      stateless: false,
      profile: o.profile,
      websocket: this.#upgrades > 0,
      startedAt: this.#started.toISOString(),
      durationMs: Date.now() - this.#started.getTime(),
      summary,
      results,
      coverage: this.#coverage(),
      replay: this.#options.replay ?? "",
      tokenCommand: tokenCommand(this.state.rules.token, this.state.options),
      ...(o.baseline ? { baseline: baselineOutcome(results, o.baseline, this.#options.baselineFile) } : {}),
      traffic: {
        ...this.#options.source,
        exchanges: this.#exchanges,
        offSpec: this.#offSpec,
        unanswered: this.#unanswered,
      },
    };
  }
}
