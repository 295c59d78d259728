// `cobrowse-contract --replay FILE`: re-sends a failure's request (its placeholders filled from
// the configured credentials and a fresh token) and re-judges the answer by the record's
// expectations, or runs the failure's check again with the run's seed when a single request
// cannot reproduce it.
import { readFileSync } from "node:fs";
import { gzipSync } from "node:zlib";
import { CheckContext, RunState } from "../context.js";
import { forge, nonCanonical, tamper } from "../forge.js";
import type { Exchange, HttpRequest } from "../http.js";
import { judgeAnswer, namesFieldIn, succeeded } from "../judge.js";
import { PLACEHOLDER } from "../redact.js";
import { checkSeed, resolveOptions, runContractSuite } from "../runner.js";
import type { ContractOptions, Failure } from "../types.js";
import { joinSegments, REPLAY_FORMAT, type ReplayRecord } from "./record.js";

export interface ReplayOutcome {
  /** True when the failure no longer shows. */
  ok: boolean;
  record: ReplayRecord;
  /** What was found this time (empty when ok). */
  failures: Failure[];
  /** The exchange re-sent (request mode). */
  exchange?: Exchange;
}

/** Reads and checks a replay file; throws naming the problem. */
export function readReplay(file: string): ReplayRecord {
  let record: ReplayRecord;
  try {
    record = JSON.parse(readFileSync(file, "utf8")) as ReplayRecord;
  } catch (error) {
    throw new Error(
      `--replay ${file}: cannot read it (${(error as NodeJS.ErrnoException).code ?? (error as Error).message})`,
    );
  }
  if (record?.format !== REPLAY_FORMAT)
    throw new Error(
      `--replay ${file}: not a replay file of cobrowse-contract (format ${JSON.stringify(record?.format)}, expected ${REPLAY_FORMAT})`,
    );
  if (record.mode === "request" && !record.request)
    throw new Error(`--replay ${file}: a request replay without its request`);
  return record;
}

/** A placeholder's value: the secret, a fresh token or a token derived from it the way the suite derived it. */
function fill(text: string, values: { secret: string; token: () => string }): string {
  return text.replace(PLACEHOLDER, (marker: string, name: string) => {
    if (name === "secret") return values.secret;
    if (name === "wrong-secret") return `wrong-secret-replay-${Math.random().toString(36).slice(2)}`;
    if (name === "token") return values.token();
    if (name === "token|tamper") return tamper(values.token());
    if (name === "token|respell") return nonCanonical(values.token()) ?? tamper(values.token());
    const forged = /^token\|forge:(-?\d+)$/.exec(name);
    if (forged) return forge(values.token(), Number(forged[1]));
    throw new Error(`the replay carries ${marker}, a value the report redacts: it cannot be sent again`);
  });
}

/** Replays a record against the target the options give (the record's own target by default). */
export async function replay(
  record: ReplayRecord,
  options: ContractOptions & { token?: string },
): Promise<ReplayOutcome> {
  const target = { ...options, baseUrl: options.baseUrl || record.run.target };
  if ((record.mode === "check" || !record.request) && record.check.startsWith("traffic.")) {
    throw new Error(
      `--replay: ${record.check} judged observed traffic (a flow across exchanges); it cannot be replayed alone: run the traffic through cobrowse-contract proxy again, or judge its recording with cobrowse-contract validate`,
    );
  }
  if (record.mode === "check" || !record.request) {
    const report = await runContractSuite({
      ...target,
      only: [record.check],
      seed: record.run.seed,
      cases: record.run.cases,
      profile: options.profile ?? record.run.profile,
      stateless: record.run.stateless,
      websocket: options.websocket ?? record.run.websocket,
      ...(record.run.faultControl ? { faultControl: options.faultControl ?? record.run.faultControl } : {}),
    });
    const result = report.results.find((r) => r.id === record.check);
    return {
      ok: result !== undefined && result.failureCount === 0 && result.status !== "skipped",
      record,
      failures: result?.failures ?? [],
    };
  }
  const o = resolveOptions({
    ...target,
    seed: record.run.seed,
    cases: record.run.cases,
    profile: options.profile ?? record.run.profile,
  });
  const state = new RunState(o);
  const ctx = new CheckContext(record.check, state, checkSeed(o.seed, record.check));
  const needsToken = JSON.stringify(record.request).includes("{{token");
  let token = options.token;
  if (needsToken && token === undefined) token = (await ctx.newToken({ label: "a token for the replay" })).token;
  if (token !== undefined) ctx.secret(token, "token");
  const values = { secret: o.appSecret, token: () => token! };
  const r = record.request;
  const headers = Object.fromEntries(Object.entries(r.headers).map(([k, v]) => [k, fill(v, values)]));
  const request: HttpRequest = { method: r.method, path: r.path, headers };
  if (r.body) {
    const text = fill(joinSegments(r.body), values);
    request.body = r.gzip ? gzipSync(text) : text;
  }
  for (const value of Object.values(headers)) if (/^Bearer /.test(value)) ctx.secret(value.slice(7));
  const x = await ctx.raw(request, `replay of ${record.check}`, r.operationId, { noRetry: true });
  const op = r.operationId ? o.spec.operation(r.operationId) : undefined;
  if (ctx.responded(x, record.specLocation)) {
    for (const e of record.expect) {
      switch (e.type) {
        case "status":
          if (x.response.status !== e.status)
            ctx.fail(
              `expected ${e.status}, got ${x.response.status}`,
              record.specLocation,
              x,
              record.rule,
              record.expect,
            );
          break;
        case "not-succeed":
          if (succeeded(o.spec, x))
            ctx.fail(
              `the request breaks ${record.specLocation} but succeeded (${x.response.status})`,
              record.specLocation,
              x,
              record.rule,
              record.expect,
            );
          break;
        case "names-field":
          if (!namesFieldIn(x, e.field))
            ctx.fail(
              `the ${x.response.status} answer does not name ${e.field} in errorReason or details`,
              record.specLocation,
              x,
              record.rule,
              record.expect,
            );
          break;
        case "response":
          for (const problem of judgeAnswer(
            o.spec,
            x as Exchange & { response: NonNullable<Exchange["response"]> },
            op,
            e.rule,
            [o.appSecret],
          )) {
            ctx.fail(problem.message, problem.at, x, record.rule, record.expect);
          }
          break;
      }
    }
  }
  return { ok: ctx.failureCount === 0, record, failures: ctx.failures, exchange: x };
}
