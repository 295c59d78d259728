// Runs the selected checks against one deployment and builds the report.
import { PROVENANCE_KINDS, type ProvenanceKind, specValidator } from "@cec-cobrowse/spec";
import { acceptBaselined, baselineOutcome } from "./baseline.js";
import { allChecks, type CheckDefinition, selectChecks } from "./checks/index.js";
import { CheckAborted, CheckContext, type ResolvedOptions, RunState } from "./context.js";
import { coverageOf } from "./coverage.js";
import { provenanceAt } from "./judge.js";
import { RequestsStopped } from "./politeness/request-budget.js";
import { PROFILES, type Profile } from "./profile.js";
import { tokenCommand } from "./replay/curl.js";
import type { CheckResult, CheckStatus, ContractOptions, Report } from "./types.js";
import { VERSION } from "./version.js";

export const DEFAULT_CASES = 200;
export const DEFAULT_TIMEOUT_MS = 10_000;

/** A per-check seed: the run's seed mixed with the check id, so `--only` replays the same cases. */
export function checkSeed(seed: number, id: string): number {
  let h = 0x811c9dc5;
  for (const ch of id) h = Math.imul(h ^ ch.charCodeAt(0), 0x01000193);
  return (seed ^ h) | 0;
}

function required(name: string, value: string | undefined, env: string, flag: string): string {
  if (value === undefined || value === "")
    throw new Error(`${name} is not set: set ${env}${flag ? ` or pass ${flag}` : ""}`);
  return value;
}

export function resolveOptions(options: ContractOptions): ResolvedOptions {
  const cases = options.cases ?? DEFAULT_CASES;
  if (!Number.isInteger(cases) || cases < 1)
    throw new Error(`cases must be a whole number >= 1 (got ${String(options.cases)})`);
  const timeoutMs = options.timeoutMs ?? DEFAULT_TIMEOUT_MS;
  if (!Number.isFinite(timeoutMs) || timeoutMs <= 0)
    throw new Error(`timeout must be a positive number of milliseconds (got ${String(options.timeoutMs)})`);
  const baseUrl = required("the base URL", options.baseUrl, "COBROWSE_BASE_URL", "--base-url");
  try {
    const url = new URL(baseUrl);
    if (url.protocol !== "http:" && url.protocol !== "https:") throw new Error("not http(s)");
  } catch {
    throw new Error(
      `the base URL ${JSON.stringify(baseUrl)} is not an http(s) URL; pass e.g. https://gateway.example.com`,
    );
  }
  const profile = options.profile ?? "spec";
  if (!PROFILES.includes(profile))
    throw new Error(`profile must be ${PROFILES.join(" or ")} (got ${JSON.stringify(options.profile)})`);
  if (
    options.minCoverage !== undefined &&
    !(Number.isFinite(options.minCoverage) && options.minCoverage >= 0 && options.minCoverage <= 100)
  ) {
    throw new Error(`min coverage must be a percentage from 0 to 100 (got ${String(options.minCoverage)})`);
  }
  let faultControl: string | undefined;
  if (options.faultControl !== undefined && options.faultControl !== "") {
    try {
      faultControl = new URL(options.faultControl, `${baseUrl.replace(/\/+$/, "")}/`).href;
      if (options.faultControl.startsWith("/")) faultControl = `${baseUrl.replace(/\/+$/, "")}${options.faultControl}`;
    } catch {
      throw new Error(`the fault control ${JSON.stringify(options.faultControl)} is not a URL or a path`);
    }
  }
  const seed = options.seed ?? Math.floor(Math.random() * 2 ** 31) | 0;
  if (!Number.isInteger(seed)) throw new Error(`seed must be a whole number (got ${String(options.seed)})`);
  const resolved: ResolvedOptions = {
    baseUrl: baseUrl.replace(/\/+$/, ""),
    appKey: required("the app key", options.appKey, "COBROWSE_APP_KEY", "--app-key"),
    appSecret: required(
      "the app secret",
      options.appSecret,
      "COBROWSE_APP_SECRET",
      "--app-secret-env or --app-secret-file",
    ),
    tenantSpaceId: required(
      "the tenant space id",
      options.tenantSpaceId,
      "COBROWSE_TENANT_SPACE_ID",
      "--tenant-space-id",
    ),
    cases,
    seed,
    stateless: options.stateless ?? false,
    timeoutMs,
    only: options.only ?? [],
    skip: options.skip ?? [],
    spec: options.spec ?? specValidator(),
    profile,
    websocket: options.websocket ?? false,
    faultControl,
    faultControlToken: options.faultControlToken === "" ? undefined : options.faultControlToken,
    faultScope: `contract-${(seed >>> 0).toString(36)}-${Math.random().toString(36).slice(2, 10)}`,
    minCoverage: options.minCoverage ?? 0,
  };
  if (options.onEvent) resolved.onEvent = options.onEvent;
  if (options.baseline) resolved.baseline = options.baseline;
  if (options.rateLimit !== undefined) {
    if (!(Number.isFinite(options.rateLimit) && options.rateLimit > 0))
      throw new Error(`rate limit must be a positive number of requests per second (got ${String(options.rateLimit)})`);
    resolved.rateLimit = options.rateLimit;
  }
  if (options.maxRequests !== undefined) {
    if (!(Number.isInteger(options.maxRequests) && options.maxRequests >= 1))
      throw new Error(`max requests must be a whole number of at least 1 (got ${String(options.maxRequests)})`);
    resolved.maxRequests = options.maxRequests;
  }
  return resolved;
}

/** The command that replays a run (credentials come from the environment, never the command line). */
export function replayCommand(
  o: Pick<ResolvedOptions, "seed" | "cases" | "stateless" | "only" | "skip" | "baseUrl"> &
    Partial<Pick<ResolvedOptions, "profile" | "websocket" | "faultControl" | "rateLimit" | "maxRequests">>,
): string {
  const parts = [`COBROWSE_BASE_URL=${o.baseUrl}`, "cobrowse-contract", `--seed ${o.seed}`, `--cases ${o.cases}`];
  if (o.rateLimit !== undefined) parts.push(`--rate-limit ${o.rateLimit}/s`);
  if (o.profile && o.profile !== "spec") parts.push(`--profile ${o.profile}`);
  if (o.stateless) parts.push("--stateless");
  if (o.websocket) parts.push("--websocket");
  if (o.faultControl) parts.push(`--fault-control ${o.faultControl}`);
  for (const id of o.only) parts.push(`--only ${id}`);
  for (const id of o.skip) parts.push(`--skip ${id}`);
  return parts.join(" ");
}

/** The provenance of the rules a check enforces: the spec's word on each of its locations. */
export function checkProvenance(
  check: Pick<CheckDefinition, "specLocations">,
  spec = specValidator(),
): ProvenanceKind[] {
  const kinds = new Set(check.specLocations.map((at) => provenanceAt(spec, at)));
  return PROVENANCE_KINDS.filter((k) => kinds.has(k));
}

/**
 * A result's status under a profile: a broken vendor fact fails; a broken decision fails under
 * `spec` and diverges under `vendor`. Failures a baseline accepted do not count.
 */
export function statusUnder(
  result: Pick<CheckResult, "status" | "broken" | "accepted">,
  profile: Profile,
): CheckStatus {
  if (result.status === "skipped") return "skipped";
  const vendor = result.broken.vendor - (result.accepted?.vendor ?? 0);
  const decision = result.broken.decision - (result.accepted?.decision ?? 0);
  if (vendor > 0) return "failed";
  if (decision > 0) return profile === "vendor" ? "diverged" : "failed";
  return "passed";
}

/** The counts of a report: checks by status, and those that broke vendor facts or decisions only (a baseline's accepted failures left out). */
export function summaryOf(results: readonly CheckResult[], requests: number): Report["summary"] {
  const ran = results.filter((r) => r.status !== "skipped");
  const vendor = (r: CheckResult) => r.broken.vendor - (r.accepted?.vendor ?? 0);
  const decision = (r: CheckResult) => r.broken.decision - (r.accepted?.decision ?? 0);
  return {
    total: results.length,
    passed: results.filter((r) => r.status === "passed").length,
    failed: results.filter((r) => r.status === "failed").length,
    diverged: results.filter((r) => r.status === "diverged").length,
    skipped: results.filter((r) => r.status === "skipped").length,
    vendor: ran.filter((r) => vendor(r) > 0).length,
    decision: ran.filter((r) => vendor(r) === 0 && decision(r) > 0).length,
    requests,
  };
}

async function runOne(check: CheckDefinition, state: RunState): Promise<CheckResult> {
  const o = state.options;
  const base = {
    id: check.id,
    title: check.title,
    specLocations: check.specLocations,
    provenance: checkProvenance(check, o.spec),
  };
  const skipped = (skipReason: string): CheckResult => ({
    ...base,
    status: "skipped",
    skipReason,
    failures: [],
    failureCount: 0,
    broken: { vendor: 0, decision: 0 },
    requests: 0,
    cases: 0,
    durationMs: 0,
  });
  if (o.stateless && check.stateful) return skipped(`--stateless: ${check.stateful}`);
  const unmet = check.needs?.(o);
  if (unmet) return skipped(unmet);
  if (state.budget && state.budget.spent >= state.budget.max)
    return skipped(`--max-requests ${state.budget.max} reached before this check`);
  const ctx = new CheckContext(check.id, state, checkSeed(o.seed, check.id));
  const started = performance.now();
  let stopped: string | undefined;
  try {
    await check.run(ctx);
  } catch (error) {
    if (error instanceof RequestsStopped) stopped = error.message;
    else if (error instanceof CheckAborted) ctx.fail(error.message, error.specLocation, error.exchange, "aborted");
    else
      ctx.fail(
        `the check could not run: ${(error as Error).stack ?? String(error)}`,
        check.specLocations[0] ?? "#",
        undefined,
        "error",
      );
  }
  // Stopped by the request budget or a persistent 429 before it found anything: skipped, saying why (never a failure).
  if (stopped !== undefined && ctx.failureCount === 0)
    return {
      ...skipped(stopped),
      requests: ctx.requests,
      cases: ctx.cases,
      durationMs: Math.round(performance.now() - started),
    };
  const broken = { ...ctx.broken };
  const result: CheckResult = {
    ...base,
    status: "passed",
    failures: ctx.failures,
    failureCount: ctx.failureCount,
    broken,
    signatures: [...ctx.signatures.values()],
    requests: ctx.requests,
    cases: ctx.cases,
    durationMs: Math.round(performance.now() - started),
  };
  if (o.baseline) acceptBaselined(result, o.baseline);
  result.status = statusUnder(result, o.profile);
  return result;
}

/**
 * Runs the contract suite against a deployment and resolves with the report. Never throws
 * for a failing deployment (read `report.ok`); throws only for bad options.
 */
export async function runContractSuite(options: ContractOptions): Promise<Report> {
  const o = resolveOptions(options);
  const checks = selectChecks(o.only, o.skip, o.spec);
  const state = new RunState(o);
  const startedAt = new Date();
  const started = performance.now();
  o.onEvent?.({
    type: "run-start",
    target: o.baseUrl,
    seed: o.seed,
    cases: o.cases,
    checks: checks.length,
    stateless: o.stateless,
    profile: o.profile,
  });
  const results: CheckResult[] = [];
  for (const phase of ["requests", "responses"] as const) {
    for (const check of checks.filter((c) => c.phase === phase)) {
      o.onEvent?.({ type: "check-start", id: check.id, title: check.title });
      const result = await runOne(check, state);
      results.push(result);
      o.onEvent?.({ type: "check-end", result });
    }
  }
  const summary = summaryOf(results, state.exchanges.length);
  const coverage = coverageOf(state.rules, state.exchanges, {
    issued: state.issuedTokens,
    credentials: { appKey: o.appKey, tenantSpaceId: o.tenantSpaceId },
  });
  const minCoverage =
    options.minCoverage === undefined
      ? undefined
      : { percent: options.minCoverage, met: coverage.percent >= options.minCoverage };
  const report: Report = {
    ok: summary.failed === 0 && minCoverage?.met !== false,
    tool: { name: "@cec-cobrowse/contract-tests", version: VERSION },
    spec: { title: o.spec.document.info.title, version: o.spec.document.info.version },
    target: o.baseUrl,
    seed: o.seed,
    cases: o.cases,
    stateless: o.stateless,
    profile: o.profile,
    websocket: o.websocket,
    startedAt: startedAt.toISOString(),
    durationMs: Math.round(performance.now() - started),
    summary,
    results,
    coverage,
    ...(minCoverage ? { minCoverage } : {}),
    replay: replayCommand(o),
    tokenCommand: tokenCommand(state.rules.token, state.options),
    ...(o.baseline ? { baseline: baselineOutcome(results, o.baseline, options.baselineFile) } : {}),
  };
  o.onEvent?.({ type: "run-end", report });
  return report;
}

export { allChecks };
