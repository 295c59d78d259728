#!/usr/bin/env node
// The judge of the invariants a run keeps and of the scenario's assertions on what each attempt
// carried (README.md, The judge), read from the reference mock's request log and the hook calls a
// runner recorded: one implementation that the TypeScript, Python, Go and Java runners all ask,
// so a language cannot pass by judging itself more kindly. It also sums up a sessions step's
// calls in one line (`summary`) for every runner to print.
//
//   node packages/scenarios/judge.mjs < request.json      (verdict on stdout; exit 0, 1 or 2)
//   import { judge } from "…/judge.mjs"                    (the TypeScript runner, in process)
//
// The control API is found as the runners find it: COBROWSE_MOCK_CONTROL_URL (default
// $COBROWSE_BASE_URL/__mock) and COBROWSE_MOCK_CONTROL_TOKEN.
import path from "node:path";
import { fileURLToPath } from "node:url";

/**
 * How long a token may have been expired, superseded or revoked when an attempt carrying it
 * arrived, and the attempt still count as one already on the wire: taken before the client could
 * know (queued in its transport, or sent just before the answer that told it arrived). Loopback
 * takes milliseconds; on the shared 2-core machines, with every language's soak running at once
 * (CI), arrivals up to ~600 ms behind were seen. A retry after the chaos mode's 2 s Retry-After
 * carrying the call's old token arrives later than this. Within one call there is no tolerance:
 * an attempt never carries the token an earlier attempt of the same call was refused with.
 */
export const IN_FLIGHT_TOLERANCE_MS = 1500;

/** The invariants, by name, as the parity table titles them. */
export const INVARIANTS = {
  noExpiredToken: "no expired token sent",
  noSupersededToken: "no superseded token sent",
  noRevokedToken: "no revoked token sent again",
  noLeak: "no token or secret in any error or log line",
  attemptBudget: "every call within the attempt budget (maxRetries + 2)",
  noSplitRoom: "no split room",
  failuresJustified: "every failure justified (its budget spent on faults)",
};

/** Judged for every scenario, whatever it lists. */
export const ALWAYS = ["noExpiredToken", "noSupersededToken", "noRevokedToken", "noLeak"];

/** The scenario's assertions the judge checks (README.md, The judge), besides its invariants. */
export const ASSERTIONS = ["attempts", "hookHeaders", "userAgent", "hookCalls"];

/** The runners' languages, as `language` names them (and scenarios' `skip`). */
export const LANGUAGE_IDS = ["typescript", "python", "go", "java"];

/** The operation that issues tokens: a hook call of it is marked `tokenRequest`. */
const TOKEN_OPERATION = "tokenByAkSk";

/** Statuses (besides a lost answer) after which a layer retries. */
const retryable = (status) => status === null || status === 408 || status === 429 || status >= 500;
/** Caught by a queued fault or by the chaos mode. */
const faulted = (r) => r.fault !== undefined || r.chaos !== undefined;

/** Token states an attempt must not carry for longer than the tolerance, by invariant. */
const TOKEN_STATES = { noExpiredToken: "expired", noSupersededToken: "superseded", noRevokedToken: "revoked" };

function tokenState(log, state) {
  const late = log
    .filter((r) => r.token?.state === state && (r.token.lateMs ?? 0) > IN_FLIGHT_TOLERANCE_MS)
    .map(
      (r) =>
        `request ${r.seq} (${r.operationId}${r.userId ? `, ${r.userId}` : ""}) carried token ${r.token.id}, ${state} ${r.token.lateMs} ms before it arrived`,
    );
  if (state !== "revoked") return late;
  // Exact, whatever the load: a call whose attempt was refused (401) with a token never sends it again.
  const again = [];
  const refused = new Map();
  for (const r of log) {
    if (!r.userId || !r.token?.id) continue;
    const seen = refused.get(r.userId) ?? refused.set(r.userId, new Set()).get(r.userId);
    if (seen.has(r.token.id))
      again.push(
        `request ${r.seq} (${r.operationId}, ${r.userId}) carried token ${r.token.id} again, after an earlier attempt of its call was refused with it`,
      );
    if (r.status === 401) seen.add(r.token.id);
  }
  return [...late, ...again];
}

/** The getConnectionInfo attempts of each call, by the userId the call sent. */
function attemptsByCall(log, calls) {
  const ids = new Set(calls.map((c) => c.userId));
  const by = new Map(calls.map((c) => [c.userId, []]));
  for (const r of log) if (r.operationId !== "tokenByAkSk" && ids.has(r.userId)) by.get(r.userId).push(r);
  return by;
}

function attemptBudget(log, calls, { maxRetries }) {
  const out = [];
  for (const [userId, attempts] of attemptsByCall(log, calls)) {
    const failed = attempts.filter((r) => retryable(r.status)).length;
    if (attempts.length > maxRetries + 2)
      out.push(`${userId}: ${attempts.length} attempts (at most ${maxRetries + 2})`);
    if (failed > maxRetries + 1)
      out.push(`${userId}: ${failed} attempts ended in a retryable failure (at most ${maxRetries + 1})`);
  }
  return out;
}

function noSplitRoom(log, calls) {
  const out = [];
  const by = attemptsByCall(log, calls);
  const rooms = new Map();
  for (const c of calls) {
    const named = [
      ...new Set(
        by
          .get(c.userId)
          .map((r) => r.roomId)
          .filter(Boolean),
      ),
    ];
    if (named.length > 1) out.push(`${c.userId}: its attempts named ${named.length} rooms`);
    if (c.ok && named.length === 1 && c.roomId !== named[0])
      out.push(`${c.userId}: answered room ${c.roomId}, but its attempts named ${named[0]}`);
    if (c.ok && c.session) (rooms.get(c.session) ?? rooms.set(c.session, new Set()).get(c.session)).add(c.roomId);
  }
  for (const [session, set] of rooms)
    if (set.size > 1) out.push(`session ${session}: its customer and agent are in ${set.size} rooms`);
  return out;
}

/** Why a failed call failed, when the log shows a reason beyond the budget; undefined otherwise. */
function justification(call, attempts, log, { maxRetries }) {
  const error = call.error ?? {};
  if (error.operation === "tokenByAkSk") {
    // Its token request ran out of budget: maxRetries + 1 token attempts in a row, each faulted.
    const during = log.filter(
      (r) =>
        r.operationId === "tokenByAkSk" && (call.start === undefined || (r.at >= call.start - 50 && r.at <= call.end)),
    );
    let run = 0;
    for (const r of during) {
      run = faulted(r) && retryable(r.status) ? run + 1 : 0;
      if (run >= maxRetries + 1) return "its token request's budget was spent on faults";
    }
    return undefined;
  }
  const failures = attempts.filter((r) => retryable(r.status));
  if (failures.length >= maxRetries + 1 && failures.every(faulted)) return "its retries were spent on faults";
  const refused = attempts.filter((r) => r.status === 401);
  if (
    error.class === "AuthenticationError" &&
    refused.length >= 2 &&
    new Set(refused.map((r) => r.token?.id)).size >= 2
  ) {
    return "a second token, fetched during the call, was refused too";
  }
  if (attempts.length >= maxRetries + 2 && attempts.every((r) => faulted(r) || r.status === 401))
    return "every attempt of its budget was refused or faulted";
  return undefined;
}

function failuresJustified(log, calls, client) {
  const by = attemptsByCall(log, calls);
  return calls
    .filter((c) => !c.ok)
    .filter((c) => justification(c, by.get(c.userId), log, client) === undefined)
    .map((c) => {
      const attempts = by
        .get(c.userId)
        .map((r) => `${r.status ?? "lost"}${r.chaos ? `:${r.chaos}` : r.fault !== undefined ? ":fault" : ""}`);
      return `${c.userId} (${c.mode ?? "call"}) failed with ${c.error?.class ?? "an error"} from ${c.error?.operation ?? "?"} without a reason beyond its budget; its attempts: ${attempts.join(", ") || "none"}`;
    });
}

/** The log's values of `field` for each operation `expected` names, in order (null: absent), against `expected`. */
function perOperation(log, expected, field, what) {
  const out = [];
  for (const [op, want] of Object.entries(expected)) {
    const got = log.filter((r) => r.operationId === op).map((r) => r[field] ?? null);
    if (JSON.stringify(got) !== JSON.stringify(want))
      out.push(`${op}: the requests' ${what} ${JSON.stringify(got)}, expected ${JSON.stringify(want)}`);
  }
  return out;
}

/** Every request carries one and the same User-Agent, matching `pattern`, whose first group is `language`. */
function userAgent(log, { pattern }, language) {
  if (!language) return ["the request names no language (the runner's own: typescript, python, go or java)"];
  if (log.length === 0) return ["no request reached the mock"];
  const re = new RegExp(pattern);
  const out = [];
  const seen = new Set();
  for (const r of log) {
    if (r.userAgent === undefined) {
      out.push(`request ${r.seq} (${r.operationId}) carried no User-Agent`);
      continue;
    }
    seen.add(r.userAgent);
    const match = re.exec(r.userAgent);
    if (!match)
      out.push(`request ${r.seq} (${r.operationId}): ${JSON.stringify(r.userAgent)} does not match ${pattern}`);
    else if (match[1] !== language)
      out.push(
        `request ${r.seq} (${r.operationId}): ${JSON.stringify(r.userAgent)} names ${match[1]}, not ${language}`,
      );
  }
  if (seen.size > 1)
    out.push(`the requests carried ${seen.size} User-Agents: ${[...seen].map((ua) => JSON.stringify(ua)).join(", ")}`);
  return out;
}

const callText = (c) =>
  `${c.hook} ${c.operationId} attempt ${c.attempt}${"status" in c ? ` status ${c.status}` : ""}${c.error ? ` ${c.error}` : ""}`;

/**
 * The hook calls the runner recorded against the expected ones (in order, on the keys each
 * expected call gives), and each against the attempt the mock logged: every request had one
 * before-request call, told the attempt number its attempt header said; its after-response and
 * on-error calls (at most one each) saw the status and request id the mock answered; a call is
 * marked `tokenRequest` exactly when it is the token request's; a duration is a number of ms.
 */
function hookCalls(log, expected, recorded) {
  if (!Array.isArray(recorded)) return ["the runner recorded no hook calls (hookCalls in the request)"];
  const out = [];
  for (let i = 0; i < Math.max(expected.length, recorded.length); i++) {
    const want = expected[i];
    const got = recorded[i];
    if (!got) out.push(`hook call ${i + 1}: missing, expected ${callText(want)}`);
    else if (!want) out.push(`hook call ${i + 1}: ${callText(got)} is one too many`);
    else if (Object.keys(want).some((k) => JSON.stringify(got[k] ?? null) !== JSON.stringify(want[k])))
      out.push(`hook call ${i + 1}: ${callText(got)}, expected ${callText(want)}`);
  }
  const requests = new Map();
  for (const r of log) (requests.get(r.operationId) ?? requests.set(r.operationId, []).get(r.operationId)).push(r);
  const taken = new Map();
  const current = new Map();
  recorded.forEach((c, i) => {
    const at = `hook call ${i + 1} (${callText(c)})`;
    if (c.tokenRequest !== (c.operationId === TOKEN_OPERATION)) out.push(`${at}: tokenRequest is ${c.tokenRequest}`);
    if (c.hook === "beforeRequest") {
      const n = taken.get(c.operationId) ?? 0;
      const request = requests.get(c.operationId)?.[n];
      taken.set(c.operationId, n + 1);
      current.set(c.operationId, request && { request, attempt: c.attempt, seen: new Set() });
      if (!request) out.push(`${at}: no request of ${c.operationId} reached the mock for it`);
      else if (request.attempt !== c.attempt)
        out.push(`${at}: its request (${request.seq}) said attempt ${JSON.stringify(request.attempt ?? null)}`);
      return;
    }
    const open = current.get(c.operationId);
    if (!open || open.attempt !== c.attempt) {
      out.push(`${at}: follows no before-request call of that attempt`);
      return;
    }
    if (open.seen.has(c.hook)) out.push(`${at}: the second ${c.hook} call of that attempt`);
    open.seen.add(c.hook);
    if (typeof c.durationMs !== "number" || !(c.durationMs >= 0))
      out.push(`${at}: durationMs is ${JSON.stringify(c.durationMs)}, not a number of ms`);
    const { request } = open;
    // A null status in the log is an answer that did not reach the client whole: the hook may have seen its status.
    if (request.status !== null && (c.status ?? null) !== request.status)
      out.push(`${at}: saw status ${c.status ?? null}, the mock answered ${request.status} (request ${request.seq})`);
    if (c.hook === "afterResponse" && !c.requestId) out.push(`${at}: saw no request id`);
    if (c.requestId && c.requestId !== request.requestId)
      out.push(
        `${at}: saw request id ${JSON.stringify(c.requestId)}, the mock answered ${JSON.stringify(request.requestId)} (request ${request.seq})`,
      );
  });
  for (const [op, list] of requests) {
    const n = taken.get(op) ?? 0;
    if (n < list.length)
      out.push(`${list.length - n} request(s) of ${op} (from ${list[n].seq}) had no before-request hook call`);
  }
  return out;
}

/** One line on a sessions step's calls: how many, how many ok, the failures by mode and class. */
export function summarize(calls) {
  if (calls.length === 0) return undefined;
  const ok = calls.filter((c) => c.ok).length;
  const failures = new Map();
  for (const c of calls) {
    if (c.ok) continue;
    const key = `${c.mode ?? "call"} ${c.error?.class ?? "error"}`;
    failures.set(key, (failures.get(key) ?? 0) + 1);
  }
  const list = [...failures].sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0])).map(([key, n]) => `${key} ${n}`);
  return `${calls.length} calls: ${ok} ok, ${calls.length - ok} failed${list.length > 0 ? ` (${list.join(", ")})` : ""}`;
}

/**
 * The verdict on `request` (README.md, The judge), given the request log since `request.since`
 * and `scan`, which answers the mock's findings for a list of texts.
 */
export async function judge(request, { log, scan }) {
  const invariants = [...new Set([...ALWAYS, ...(request.invariants ?? [])])];
  const calls = request.calls ?? [];
  const client = { maxRetries: request.client?.maxRetries ?? 2 };
  const results = {};
  for (const name of invariants) {
    let violations;
    if (name in TOKEN_STATES) violations = tokenState(log, TOKEN_STATES[name]);
    else if (name === "noLeak") {
      const texts = request.texts ?? [];
      const findings = texts.length === 0 ? [] : await scan(texts);
      violations = findings.map(
        (f) =>
          `text ${f.index} (${describe(texts[f.index])}) holds ${f.kind === "secret" ? "the app secret" : `token ${f.tokenId ?? ""}`.trim()}`,
      );
    } else if (name === "attemptBudget") violations = attemptBudget(log, calls, client);
    else if (name === "noSplitRoom") violations = noSplitRoom(log, calls);
    else if (name === "failuresJustified") violations = failuresJustified(log, calls, client);
    else
      throw new RequestError(`invariants: ${JSON.stringify(name)} is not one of ${Object.keys(INVARIANTS).join(", ")}`);
    results[name] = { pass: violations.length === 0, violations };
  }
  const scenario = request.scenario ?? {};
  for (const name of ASSERTIONS.filter((a) => scenario[a] !== undefined)) {
    let violations;
    if (name === "attempts") violations = perOperation(log, scenario.attempts, "attempt", "attempt header said");
    else if (name === "hookHeaders") violations = perOperation(log, scenario.hookHeaders, "hook", "hook header said");
    else if (name === "userAgent") violations = userAgent(log, scenario.userAgent, request.language);
    else violations = hookCalls(log, scenario.hookCalls, request.hookCalls);
    results[name] = { pass: violations.length === 0, violations };
  }
  const summary = summarize(calls);
  return summary === undefined ? { results } : { results, summary };
}

/** Where a text came from, without showing it (it may hold a secret). */
const describe = (text) => `${String(text).length} characters`;

class RequestError extends Error {}

/** The control API, as the runners reach it. */
function control() {
  const base =
    process.env.COBROWSE_MOCK_CONTROL_URL || `${(process.env.COBROWSE_BASE_URL ?? "").replace(/\/+$/, "")}/__mock`;
  if (!/^https?:\/\//.test(base))
    throw new RequestError("set COBROWSE_MOCK_CONTROL_URL or COBROWSE_BASE_URL (run under cobrowse-mock exec)");
  const token = process.env.COBROWSE_MOCK_CONTROL_TOKEN;
  const headers = { "content-type": "application/json", ...(token ? { authorization: `Bearer ${token}` } : {}) };
  const call = async (method, route, body) => {
    const res = await fetch(`${base}${route}`, {
      method,
      headers,
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const text = await res.text();
    if (!res.ok) throw new Error(`${method} ${route}: HTTP ${res.status} ${text.slice(0, 300)}`);
    return JSON.parse(text);
  };
  return {
    log: async (since) => (await call("GET", `/requests?since=${since}`)).requests,
    scan: async (texts) => (await call("POST", "/scan", { texts })).findings,
  };
}

async function main() {
  let request;
  try {
    const chunks = [];
    for await (const chunk of process.stdin) chunks.push(chunk);
    request = JSON.parse(Buffer.concat(chunks).toString("utf8"));
    if (!Number.isInteger(request?.since) || request.since < 0)
      throw new RequestError(
        "since: must be the seq of the last request-log record before the scenario (a whole number)",
      );
    if (request.language !== undefined && !LANGUAGE_IDS.includes(request.language))
      throw new RequestError(`language: must be one of ${LANGUAGE_IDS.join(", ")}`);
    if (
      request.scenario !== undefined &&
      (typeof request.scenario !== "object" || request.scenario === null || Array.isArray(request.scenario))
    )
      throw new RequestError("scenario: must be the scenario as scenarios.json has it (an object)");
    if (request.hookCalls !== undefined && !Array.isArray(request.hookCalls))
      throw new RequestError("hookCalls: must be the list of hook calls the runner recorded");
  } catch (e) {
    console.error(`judge: ${e instanceof RequestError ? e.message : `the request is not JSON: ${e.message}`}`);
    process.exit(2);
  }
  try {
    const api = control();
    const verdict = await judge(request, { log: await api.log(request.since), scan: api.scan });
    process.stdout.write(`${JSON.stringify(verdict)}\n`);
    process.exit(Object.values(verdict.results).every((r) => r.pass) ? 0 : 1);
  } catch (e) {
    console.error(`judge: ${e.message}`);
    process.exit(2);
  }
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) await main();
