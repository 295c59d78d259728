// The shared scenarios (packages/scenarios/scenarios.json), run by the TypeScript client against
// the reference mock (in a process of its own, on 127.0.0.1:0, driven through its control API as
// the Python, Go and Java runners drive it: helpers/mock-process.ts). The counts come from the
// mock's request log, the invariants from the one judge (packages/scenarios/judge.mjs, imported:
// it reads the same log and asks the mock's leak scan); the results go to scenario-results.json,
// which packages/scenarios/parity.mjs turns into the README's parity table. A scenario's `hooks`
// installs recording hooks (README.md, Hooks); every line the client logs (at debug) and every
// rendering of every hook argument go to the judge's leak scan.
import { createHash } from "node:crypto";
import { readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import { pathToFileURL } from "node:url";
import { inspect } from "node:util";
import { afterAll, beforeAll, describe, it } from "vitest";
import { type CobrowseClient, type CobrowseClientOptions, createCobrowseClient, type Hooks } from "../src/index.js";
import { DEFAULT_MAX_RETRIES, DEFAULT_TIMEOUT_MS } from "../src/internal/constants.js";
import { type ProcessMock, startMockProcess } from "./helpers/mock-process.js";
import { renderings } from "./helpers/render.js";

const SCENARIOS = path.join(__dirname, "..", "..", "scenarios", "scenarios.json");
const JUDGE = path.join(__dirname, "..", "..", "scenarios", "judge.mjs");
const RESULTS = path.join(__dirname, "..", "scenario-results.json");
const LANGUAGE = "typescript";
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

type Json = Record<string, any>;
type Result = { status: "pass" | "fail" | "skipped"; reason?: string };
type Judge = (
  request: Json,
  io: { log: Json[]; scan: (texts: string[]) => Promise<Json[]> },
) => Promise<{ results: Record<string, { pass: boolean; violations: string[] }>; summary?: string }>;

const text = readFileSync(SCENARIOS);
const file = JSON.parse(text.toString("utf8")) as Json;
const results: Record<string, Result> = {};

// What this runner implements (README.md, The scenarios: a key it does not implement fails the scenario).
const SCENARIO_KEYS = new Set([
  "id",
  "title",
  "description",
  "client",
  "create",
  "steps",
  "requests",
  "statuses",
  "tokens",
  "rooms",
  "invariants",
  "skip",
  "offSpec",
  "attempts",
  "hookHeaders",
  "userAgent",
  "hookCalls",
]);
const STEP_KEYS = new Set([
  "call",
  "body",
  "roomIdFrom",
  "concurrent",
  "save",
  "withinMs",
  "expect",
  "inject",
  "chaos",
  "sessions",
  "sleepMs",
  "alignToSecond",
  "untilMs",
]);
const CLIENT_KEYS = new Set([
  "baseUrl",
  "appKey",
  "appSecret",
  "tenantSpaceId",
  "tokenExpire",
  "timeoutMs",
  "maxRetries",
  "retryBaseDelayMs",
  "retryMaxDelayMs",
  "maxResponseBytes",
  "userAgentSuffix",
  "hooks",
]);

function checkImplemented(s: Json): void {
  const unknown = (keys: Iterable<string>, known: Set<string>, where: string) => {
    for (const k of keys)
      if (!known.has(k)) fail(`${where} has ${JSON.stringify(k)}, which this runner does not implement`);
  };
  unknown(Object.keys(s), SCENARIO_KEYS, "the scenario");
  unknown(Object.keys({ ...file.defaults?.client, ...s.client }), CLIENT_KEYS, "client");
  for (const step of s.steps as Json[]) unknown(Object.keys(step), STEP_KEYS, "a step");
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, Math.max(0, ms)));
const fail = (message: string): never => {
  throw new Error(message);
};
const same = (what: string, got: unknown, want: unknown) => {
  if (JSON.stringify(got) !== JSON.stringify(want))
    fail(`${what}: expected ${JSON.stringify(want)}, got ${JSON.stringify(got)}`);
};

/** One scenario's run: its client, what it saved, and every text the judge scans for leaks. */
interface Run {
  mock: ProcessMock;
  scenario: Json;
  client: CobrowseClient | undefined;
  saved: Map<string, Json>;
  /** Every error the scenario saw, rendered for the leak scan once the steps are done (not mid-burst). */
  errors: unknown[];
  /** The session calls, for the judge. */
  calls: Json[];
  secret: string | undefined;
  t0: number;
  /** The hook calls the recording hooks made, in order (README.md, The scenarios). */
  hookCalls: Json[];
  /** Every rendering of every hook argument, and every line the client logged. */
  texts: string[];
}

/** Every rendering of a hook's argument: its JSON (headers as an object) and its inspection. */
function hookTexts(context: Json): string[] {
  const plain = {
    ...context,
    ...(context.headers instanceof Headers ? { headers: Object.fromEntries(context.headers) } : {}),
  };
  return [
    JSON.stringify(plain),
    inspect(context, { depth: Infinity, showHidden: true, getters: true }),
    ...(context.error ? renderings(context.error) : []),
  ];
}

/**
 * The recording hooks of a scenario's `client.hooks`: each records its call, then throws when
 * `hooks.throw` names it (a before-request hook before adding its header), else the before-request
 * hook adds the mock's hook header with the attempt number it was given.
 */
function recordingHooks(run: Run, spec: Json, hookHeader: string): Hooks {
  const throws = (hook: string, c: { operationId: string; attempt: number }) =>
    ((spec.throw ?? []) as Json[]).some(
      (t) => t.hook === hook && t.operationId === c.operationId && t.attempt === c.attempt,
    );
  const record = (hook: string, c: Json, extra: Json) => {
    run.hookCalls.push({
      hook,
      operationId: c.operationId,
      attempt: c.attempt,
      tokenRequest: c.tokenRequest,
      ...extra,
    });
    run.texts.push(...hookTexts(c));
    if (throws(hook, c as never)) throw new Error("hook failed on purpose");
  };
  return {
    beforeRequest(c) {
      record("beforeRequest", c, {});
      c.headers.set(hookHeader, String(c.attempt));
    },
    afterResponse(c) {
      record("afterResponse", c, { status: c.status, requestId: c.requestId ?? null, durationMs: c.durationMs });
    },
    onError(c) {
      record("onError", c, {
        status: c.status ?? null,
        requestId: c.requestId ?? null,
        durationMs: c.durationMs,
        error: c.error.name,
      });
    },
  };
}

/** An error meets its expectation, and no rendering of it shows the secret. */
function checkError(e: unknown, want: Json, secret: string | undefined): void {
  const err = e as Json;
  same("error class", err?.name, want.class);
  for (const k of ["status", "errorCode", "errorReason"])
    if (want[k] !== undefined) same(`error ${k}`, err[k], want[k]);
  if (want.requestId && !err.requestId) fail("the error carries no request id");
  if (secret && renderings(e).some((t) => t.includes(secret))) fail("the error shows the app secret");
}

function checkOk(r: Json, want: Json, saved: Map<string, Json>): void {
  for (const k of ["roomId", "wssUrl", "wssUrlOut", "connectParam"])
    if (typeof r.data?.[k] !== "string" || !r.data[k]) fail(`the result lacks data.${k}`);
  if (want.roomId !== undefined) same("data.roomId", r.data.roomId, want.roomId);
  if (want.roomIdFrom !== undefined) same("data.roomId", r.data.roomId, saved.get(want.roomIdFrom)!.data.roomId);
  if (want.roomIdFormat === "uuid" && !UUID.test(r.data.roomId)) fail(`data.roomId is not a UUID: ${r.data.roomId}`);
}

/** Calls getConnectionInfo, keeping every rendering of a failure for the leak scan. */
async function call(run: Run, body: Json): Promise<{ ok: Json } | { error: unknown }> {
  try {
    return { ok: (await run.client!.getConnectionInfo(body as never)) as unknown as Json };
  } catch (error) {
    run.errors.push(error);
    return { error };
  }
}

async function callStep(run: Run, step: Json): Promise<void> {
  const body = { ...step.body, ...(step.roomIdFrom ? { roomId: run.saved.get(step.roomIdFrom)!.data.roomId } : {}) };
  const timed = async () => {
    const start = Date.now();
    const outcome = await call(run, body);
    const took = Date.now() - start;
    if (step.withinMs !== undefined && took > step.withinMs) fail(`a call took ${took} ms (at most ${step.withinMs})`);
    return outcome;
  };
  const outcomes = await Promise.all(Array.from({ length: step.concurrent ?? 1 }, timed));
  for (const o of outcomes) {
    if (step.expect.ok) {
      if ("error" in o) fail(`expected success, got ${String(o.error)}`);
      checkOk((o as { ok: Json }).ok, step.expect.ok, run.saved);
    } else {
      if ("ok" in o) fail(`expected ${step.expect.error.class}, got success`);
      checkError((o as { error: unknown }).error, step.expect.error, run.secret);
    }
  }
  if (step.save && "ok" in outcomes[0]!) run.saved.set(step.save, outcomes[0].ok);
}

/** One customer + agent session (README.md, The scenarios): the agent joins the customer's room. */
async function session(run: Run, k: number, mode: "sequential" | "concurrent"): Promise<void> {
  const name = `s${k}`;
  const side = async (who: "customer" | "agent", body: Json) => {
    const userId = `${run.scenario.id}-${name}-${who}`;
    const start = Date.now();
    const o = await call(run, { ...body, userId });
    const record: Json = { userId, session: name, mode, ok: "ok" in o, start, end: Date.now() };
    if ("ok" in o) record.roomId = o.ok.data.roomId;
    else {
      const e = o.error as Json;
      record.error = { class: e?.name, ...(typeof e?.operation === "string" ? { operation: e.operation } : {}) };
    }
    run.calls.push(record);
    return o;
  };
  const customer = await side("customer", { role: "recorder" });
  if ("ok" in customer) await side("agent", { role: "replayer", roomId: customer.ok.data.roomId });
}

async function sessionsStep(run: Run, { sequential = 0, concurrent = 0 }: Json): Promise<void> {
  for (let k = 0; k < sequential; k++) await session(run, k, "sequential");
  await Promise.all(Array.from({ length: concurrent }, (_, i) => session(run, sequential + i, "concurrent")));
}

/** The log's token ids of an operation's requests as letters: the first token A, the next new one B… */
function tokenLetters(log: Json[], op: string): string[] {
  const letters = new Map<string, string>();
  return log
    .filter((r) => r.operationId === op)
    .map((r) => {
      const id = r.token?.id;
      if (id === undefined) return "?";
      if (!letters.has(id)) letters.set(id, String.fromCharCode(65 + letters.size));
      return letters.get(id)!;
    });
}

/** Compares the request log with the scenario's `requests`, `statuses`, `tokens` and `rooms`. */
function checkLog(run: Run, log: Json[]): void {
  const s = run.scenario;
  for (const [op, n] of Object.entries((s.requests ?? {}) as Record<string, number>))
    same(`${op} requests`, log.filter((r) => r.operationId === op).length, n);
  for (const [op, list] of Object.entries((s.statuses ?? {}) as Record<string, unknown[]>))
    same(
      `${op} statuses`,
      log.filter((r) => r.operationId === op).map((r) => r.status),
      list,
    );
  for (const [op, list] of Object.entries((s.tokens ?? {}) as Record<string, string[]>))
    same(`${op} tokens`, tokenLetters(log, op), list);
  if (s.rooms !== undefined) {
    const rooms = new Set(log.map((r) => r.roomId).filter(Boolean));
    same("rooms", rooms.size, s.rooms);
    for (const [name, r] of run.saved)
      if (!rooms.has(r.data.roomId)) fail(`${name}'s room ${r.data.roomId} is not one the mock answered`);
  }
}

type Verdict = Record<string, { pass: boolean; violations: string[] }>;

/** The mock's leak scan over any number of texts, in batches within its bounds (10 000 texts, 4 Mi characters); findings index `texts`. */
async function scanInBatches(mock: ProcessMock, texts: string[]): Promise<Json[]> {
  const findings: Json[] = [];
  for (let start = 0; start < texts.length; ) {
    let end = start;
    for (let chars = 0; end < texts.length && end - start < 1000 && chars + texts[end]!.length <= 1024 * 1024; end++)
      chars += texts[end]!.length;
    // A single text over the batch size goes alone (the mock refuses it if it is over its own bound).
    if (end === start) end++;
    for (const f of await mock.scan(texts.slice(start, end))) findings.push({ ...f, index: f.index + start });
    start = end;
  }
  return findings;
}

/** Runs a scenario, throwing at the first expectation it breaks; `out.verdict` gets the judge's verdict as soon as there is one. */
async function runScenario(
  mock: ProcessMock,
  s: Json,
  judge: Judge,
  out: { verdict?: Verdict; summary?: string },
): Promise<void> {
  checkImplemented(s);
  await mock.clearFaults();
  const since = await mock.last();
  const options: Json = { baseUrl: mock.url, ...mock.creds, fetch: mock.fetch };
  for (const [k, v] of Object.entries({ ...file.defaults?.client, ...s.client })) {
    if (v === null) delete options[k];
    else options[k] = v;
  }
  const run: Run = {
    mock,
    scenario: s,
    client: undefined,
    saved: new Map(),
    errors: [],
    calls: [],
    secret: options.appSecret,
    t0: Date.now(),
    hookCalls: [],
    texts: [],
  };
  if (options.hooks) options.hooks = recordingHooks(run, options.hooks, (await mock.loggedHeaders()).hook);
  // Every line the client writes, at every level: the leak scan reads them.
  options.logLevel = "debug";
  options.logger = {
    debug: (m: string) => run.texts.push(m),
    info: (m: string) => run.texts.push(m),
    warn: (m: string) => run.texts.push(m),
  };
  try {
    run.client = createCobrowseClient(options as CobrowseClientOptions);
  } catch (e) {
    if (!s.create) throw e;
    run.errors.push(e);
    checkError(e, s.create.error, run.secret);
  }
  if (s.create && run.client) fail("creating the client should have failed");
  let failure: unknown;
  try {
    for (const step of s.steps as Json[]) {
      if (step.inject) await mock.fault(step.inject as never);
      else if ("chaos" in step) await mock.chaos(step.chaos);
      else if (step.sessions) await sessionsStep(run, step.sessions);
      else if (step.sleepMs !== undefined) await sleep(step.sleepMs);
      else if (step.alignToSecond) {
        await sleep(1000 - (Date.now() % 1000) + 50);
        run.t0 = Date.now();
      } else if (step.untilMs !== undefined) await sleep(run.t0 + step.untilMs - Date.now());
      else if (step.call) await callStep(run, step);
      else fail(`unknown step ${JSON.stringify(step)}`);
    }
  } catch (e) {
    failure = e;
  } finally {
    // A scenario that failed half-way leaves no chaos behind for the next one.
    if ((s.steps as Json[]).some((step) => "chaos" in step)) await mock.chaos(null);
  }
  const log = (await mock.requests(since)) as unknown as Json[];
  const { results: verdict, summary } = await judge(
    {
      since,
      language: LANGUAGE,
      scenario: s,
      ...(s.client?.hooks ? { hookCalls: run.hookCalls } : {}),
      invariants: s.invariants ?? [],
      client: {
        maxRetries: options.maxRetries ?? DEFAULT_MAX_RETRIES,
        timeoutMs: options.timeoutMs ?? DEFAULT_TIMEOUT_MS,
      },
      calls: run.calls,
      // Every rendering of every error, of every hook argument, and every line the client logged.
      texts: [...run.errors.flatMap(renderings), ...run.texts],
    },
    { log, scan: async (texts) => scanInBatches(mock, texts) },
  );
  out.verdict = verdict;
  out.summary = summary;
  if (failure) throw failure;
  checkLog(run, log);
  const broken = Object.entries(verdict).filter(([, r]) => !r.pass);
  if (broken.length > 0)
    fail(
      `the judge found: ${broken.map(([name, r]) => `${name}: ${r.violations.slice(0, 5).join("; ")}`).join(" | ")}`,
    );
}

describe("scenarios (packages/scenarios/scenarios.json)", () => {
  let mock: ProcessMock;
  let judge: Judge;
  beforeAll(async () => {
    mock = await startMockProcess();
    ({ judge } = (await import(pathToFileURL(JUDGE).href)) as { judge: Judge });
  });
  afterAll(async () => {
    const hash = createHash("sha256").update(text).digest("hex");
    writeFileSync(RESULTS, `${JSON.stringify({ language: LANGUAGE, scenarios: hash, results }, null, 2)}\n`);
    await mock.close();
  });
  for (const s of file.scenarios as Json[]) {
    const reason = s.skip?.[LANGUAGE];
    const rows = (s.invariants ?? []) as string[];
    if (reason) {
      for (const id of [s.id, ...rows.map((name) => `${s.id}/${name}`)]) results[id] = { status: "skipped", reason };
      it.skip(`${s.id}: ${s.title} (${reason})`, () => {});
      continue;
    }
    it(`${s.id}: ${s.title}`, async () => {
      // The invariant rows stand on the judge's verdict alone; the scenario's row on everything.
      const out: { verdict?: Verdict; summary?: string } = {};
      try {
        await runScenario(mock, s, judge, out);
        results[s.id] = { status: "pass" };
      } catch (e) {
        results[s.id] = { status: "fail", reason: (e as Error).message };
        throw e;
      } finally {
        if (out.summary) console.log(`${s.id}: ${out.summary}`);
        for (const name of rows) {
          const r = out.verdict?.[name];
          results[`${s.id}/${name}`] = r?.pass
            ? { status: "pass" }
            : {
                status: "fail",
                reason: r ? r.violations.slice(0, 5).join("; ") : (results[s.id]?.reason ?? "not judged"),
              };
        }
      }
    });
  }
});
