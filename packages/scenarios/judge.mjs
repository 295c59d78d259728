#!/usr/bin/env node
// The judge of the invariants a run keeps (README.md, The judge), read from the reference
// mock's request log: one implementation that the TypeScript, Python, Go and Java runners all
// ask, so a language cannot pass by judging itself more kindly.
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

/** Statuses (besides a lost answer) after which a layer retries. */
const retryable = (status) => status === null || status === 408 || status === 429 || status >= 500;
/** Caught by a queued fault or by the chaos mode. */
const faulted = (r) => r.fault !== undefined || r.chaos !== undefined;

/** Token states an attempt must not carry for longer than the tolerance, by invariant. */
const TOKEN_STATES = { noExpiredToken: "expired", noSupersededToken: "superseded", noRevokedToken: "revoked" };

function tokenState(log, state) {
  const late = log
    .filter((r) => r.token?.state === state && (r.token.lateMs ?? 0) > IN_FLIGHT_TOLERANCE_MS)
    .map((r) => `request ${r.seq} (${r.operationId}${r.userId ? `, ${r.userId}` : ""}) carried token ${r.token.id}, ${state} ${r.token.lateMs} ms before it arrived`);
  if (state !== "revoked") return late;
  // Exact, whatever the load: a call whose attempt was refused (401) with a token never sends it again.
  const again = [];
  const refused = new Map();
  for (const r of log) {
    if (!r.userId || !r.token?.id) continue;
    const seen = refused.get(r.userId) ?? refused.set(r.userId, new Set()).get(r.userId);
    if (seen.has(r.token.id)) again.push(`request ${r.seq} (${r.operationId}, ${r.userId}) carried token ${r.token.id} again, after an earlier attempt of its call was refused with it`);
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
    if (attempts.length > maxRetries + 2) out.push(`${userId}: ${attempts.length} attempts (at most ${maxRetries + 2})`);
    if (failed > maxRetries + 1) out.push(`${userId}: ${failed} attempts ended in a retryable failure (at most ${maxRetries + 1})`);
  }
  return out;
}

function noSplitRoom(log, calls) {
  const out = [];
  const by = attemptsByCall(log, calls);
  const rooms = new Map();
  for (const c of calls) {
    const named = [...new Set(by.get(c.userId).map((r) => r.roomId).filter(Boolean))];
    if (named.length > 1) out.push(`${c.userId}: its attempts named ${named.length} rooms`);
    if (c.ok && named.length === 1 && c.roomId !== named[0]) out.push(`${c.userId}: answered room ${c.roomId}, but its attempts named ${named[0]}`);
    if (c.ok && c.session) (rooms.get(c.session) ?? rooms.set(c.session, new Set()).get(c.session)).add(c.roomId);
  }
  for (const [session, set] of rooms) if (set.size > 1) out.push(`session ${session}: its customer and agent are in ${set.size} rooms`);
  return out;
}

/** Why a failed call failed, when the log shows a reason beyond the budget; undefined otherwise. */
function justification(call, attempts, log, { maxRetries }) {
  const error = call.error ?? {};
  if (error.operation === "tokenByAkSk") {
    // Its token request ran out of budget: maxRetries + 1 token attempts in a row, each faulted.
    const during = log.filter((r) => r.operationId === "tokenByAkSk" && (call.start === undefined || (r.at >= call.start - 50 && r.at <= call.end)));
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
  if (error.class === "AuthenticationError" && refused.length >= 2 && new Set(refused.map((r) => r.token?.id)).size >= 2) {
    return "a second token, fetched during the call, was refused too";
  }
  if (attempts.length >= maxRetries + 2 && attempts.every((r) => faulted(r) || r.status === 401)) return "every attempt of its budget was refused or faulted";
  return undefined;
}

function failuresJustified(log, calls, client) {
  const by = attemptsByCall(log, calls);
  return calls
    .filter((c) => !c.ok)
    .filter((c) => justification(c, by.get(c.userId), log, client) === undefined)
    .map((c) => {
      const attempts = by.get(c.userId).map((r) => `${r.status ?? "lost"}${r.chaos ? `:${r.chaos}` : r.fault !== undefined ? ":fault" : ""}`);
      return `${c.userId} (${c.mode ?? "call"}) failed with ${c.error?.class ?? "an error"} from ${c.error?.operation ?? "?"} without a reason beyond its budget; its attempts: ${attempts.join(", ") || "none"}`;
    });
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
      violations = findings.map((f) => `text ${f.index} (${describe(texts[f.index])}) holds ${f.kind === "secret" ? "the app secret" : `token ${f.tokenId ?? ""}`.trim()}`);
    } else if (name === "attemptBudget") violations = attemptBudget(log, calls, client);
    else if (name === "noSplitRoom") violations = noSplitRoom(log, calls);
    else if (name === "failuresJustified") violations = failuresJustified(log, calls, client);
    else throw new RequestError(`invariants: ${JSON.stringify(name)} is not one of ${Object.keys(INVARIANTS).join(", ")}`);
    results[name] = { pass: violations.length === 0, violations };
  }
  return { results };
}

/** Where a text came from, without showing it (it may hold a secret). */
const describe = (text) => `${String(text).length} characters`;

class RequestError extends Error {}

/** The control API, as the runners reach it. */
function control() {
  const base = process.env.COBROWSE_MOCK_CONTROL_URL || `${(process.env.COBROWSE_BASE_URL ?? "").replace(/\/+$/, "")}/__mock`;
  if (!/^https?:\/\//.test(base)) throw new RequestError("set COBROWSE_MOCK_CONTROL_URL or COBROWSE_BASE_URL (run under cobrowse-mock exec)");
  const token = process.env.COBROWSE_MOCK_CONTROL_TOKEN;
  const headers = { "content-type": "application/json", ...(token ? { authorization: `Bearer ${token}` } : {}) };
  const call = async (method, route, body) => {
    const res = await fetch(`${base}${route}`, { method, headers, body: body === undefined ? undefined : JSON.stringify(body) });
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
    if (!Number.isInteger(request?.since) || request.since < 0) throw new RequestError("since: must be the seq of the last request-log record before the scenario (a whole number)");
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
