// Runs the selected checks against one deployment and builds the report.
import { allChecks, selectChecks, type CheckDefinition } from "./checks/index.js";
import { CheckAborted, CheckContext, RunState, type ResolvedOptions } from "./context.js";
import { specValidator } from "@cec-cobrowse/spec";
import type { CheckResult, ContractOptions, Report } from "./types.js";
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
  if (value === undefined || value === "") throw new Error(`${name} is not set: set ${env}${flag ? ` or pass ${flag}` : ""}`);
  return value;
}

export function resolveOptions(options: ContractOptions): ResolvedOptions {
  const cases = options.cases ?? DEFAULT_CASES;
  if (!Number.isInteger(cases) || cases < 1) throw new Error(`cases must be a whole number >= 1 (got ${String(options.cases)})`);
  const timeoutMs = options.timeoutMs ?? DEFAULT_TIMEOUT_MS;
  if (!Number.isFinite(timeoutMs) || timeoutMs <= 0) throw new Error(`timeout must be a positive number of milliseconds (got ${String(options.timeoutMs)})`);
  const baseUrl = required("the base URL", options.baseUrl, "COBROWSE_BASE_URL", "--base-url");
  try {
    const url = new URL(baseUrl);
    if (url.protocol !== "http:" && url.protocol !== "https:") throw new Error("not http(s)");
  } catch {
    throw new Error(`the base URL ${JSON.stringify(baseUrl)} is not an http(s) URL; pass e.g. https://gateway.example.com`);
  }
  const seed = options.seed ?? (Math.floor(Math.random() * 2 ** 31) | 0);
  if (!Number.isInteger(seed)) throw new Error(`seed must be a whole number (got ${String(options.seed)})`);
  const resolved: ResolvedOptions = {
    baseUrl: baseUrl.replace(/\/+$/, ""),
    appKey: required("the app key", options.appKey, "COBROWSE_APP_KEY", "--app-key"),
    appSecret: required("the app secret", options.appSecret, "COBROWSE_APP_SECRET", "--app-secret-env or --app-secret-file"),
    tenantSpaceId: required("the tenant space id", options.tenantSpaceId, "COBROWSE_TENANT_SPACE_ID", "--tenant-space-id"),
    cases,
    seed,
    stateless: options.stateless ?? false,
    timeoutMs,
    only: options.only ?? [],
    skip: options.skip ?? [],
    spec: options.spec ?? specValidator(),
  };
  if (options.onEvent) resolved.onEvent = options.onEvent;
  return resolved;
}

/** The command that replays a run (credentials come from the environment, never the command line). */
export function replayCommand(o: Pick<ResolvedOptions, "seed" | "cases" | "stateless" | "only" | "skip" | "baseUrl">): string {
  const parts = [`COBROWSE_BASE_URL=${o.baseUrl}`, "cobrowse-contract", `--seed ${o.seed}`, `--cases ${o.cases}`];
  if (o.stateless) parts.push("--stateless");
  for (const id of o.only) parts.push(`--only ${id}`);
  for (const id of o.skip) parts.push(`--skip ${id}`);
  return parts.join(" ");
}

async function runOne(check: CheckDefinition, state: RunState): Promise<CheckResult> {
  const o = state.options;
  const base = { id: check.id, title: check.title, specLocations: check.specLocations };
  if (o.stateless && check.stateful) {
    return { ...base, status: "skipped", skipReason: `--stateless: ${check.stateful}`, failures: [], failureCount: 0, requests: 0, cases: 0, durationMs: 0 };
  }
  const ctx = new CheckContext(check.id, state, checkSeed(o.seed, check.id));
  const started = performance.now();
  try {
    await check.run(ctx);
  } catch (error) {
    if (error instanceof CheckAborted) ctx.fail(error.message, error.specLocation, error.exchange, "aborted");
    else ctx.fail(`the check could not run: ${(error as Error).stack ?? String(error)}`, check.specLocations[0] ?? "#", undefined, "error");
  }
  return {
    ...base,
    status: ctx.failureCount > 0 ? "failed" : "passed",
    failures: ctx.failures,
    failureCount: ctx.failureCount,
    requests: ctx.requests,
    cases: ctx.cases,
    durationMs: Math.round(performance.now() - started),
  };
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
  o.onEvent?.({ type: "run-start", target: o.baseUrl, seed: o.seed, cases: o.cases, checks: checks.length, stateless: o.stateless });
  const results: CheckResult[] = [];
  for (const phase of ["requests", "responses"] as const) {
    for (const check of checks.filter((c) => c.phase === phase)) {
      o.onEvent?.({ type: "check-start", id: check.id, title: check.title });
      const result = await runOne(check, state);
      results.push(result);
      o.onEvent?.({ type: "check-end", result });
    }
  }
  const summary = {
    total: results.length,
    passed: results.filter((r) => r.status === "passed").length,
    failed: results.filter((r) => r.status === "failed").length,
    skipped: results.filter((r) => r.status === "skipped").length,
    requests: state.exchanges.length,
  };
  const report: Report = {
    ok: summary.failed === 0,
    tool: { name: "@cec-cobrowse/contract-tests", version: VERSION },
    spec: { title: o.spec.document.info.title, version: o.spec.document.info.version },
    target: o.baseUrl,
    seed: o.seed,
    cases: o.cases,
    stateless: o.stateless,
    startedAt: startedAt.toISOString(),
    durationMs: Math.round(performance.now() - started),
    summary,
    results,
    replay: replayCommand(o),
  };
  o.onEvent?.({ type: "run-end", report });
  return report;
}

export { allChecks };
