// Human-readable output: one line per check as it finishes, with the provenance of the rules it
// enforces (vendor facts, decisions of the spec, or both); failures with the request and
// response that broke them (secrets redacted), a curl command and the replay file; then a
// summary with the seed, the replay command and the coverage matrix. Ends with the line CI
// systems read: passes, vendor failures, decision failures (or divergences) and skips.
import type { Coverage } from "../coverage.js";
import type { PrintedExchange } from "../redact.js";
import type { CheckResult, Failure, ProgressEvent, Report } from "../types.js";

export interface PrettyOptions {
  /** Where lines go (default: process.stdout). */
  write?: (text: string) => void;
  color?: boolean;
  /** Print the request/response of each failure (default true). */
  exchanges?: boolean;
  /** Print the coverage matrix after the summary (default true). */
  coverage?: boolean;
}

const paint = (on: boolean, code: number, s: string) => (on ? `\u001b[${code}m${s}\u001b[0m` : s);

function indent(text: string, by: string): string {
  return text
    .split("\n")
    .map((l) => by + l)
    .join("\n");
}

const plural = (n: number, one: string, many = `${one}s`) => `${n} ${n === 1 ? one : many}`;

/** `[vendor]`, `[decision]` or `[vendor+decision]`. */
export const provenanceTag = (kinds: readonly string[]) => `[${kinds.join("+") || "decision"}]`;

export function formatExchange(x: PrintedExchange): string {
  const lines = [`> ${x.request.method} ${x.request.path}`];
  for (const [k, v] of Object.entries(x.request.headers)) lines.push(`> ${k}: ${v}`);
  if (x.request.body !== undefined) lines.push(`> ${x.request.body}`);
  if (x.response) {
    lines.push(`< ${x.response.status}`);
    for (const [k, v] of Object.entries(x.response.headers)) lines.push(`< ${k}: ${v}`);
    if (x.response.body) lines.push(`< ${x.response.body}`);
  } else {
    lines.push(`< (no response: ${x.error ?? "unknown"})`);
  }
  return lines.join("\n");
}

export function formatFailure(f: Failure, withExchange = true): string {
  const lines = [
    `${f.baselined ? "(in the baseline) " : ""}${f.rule ? `[${f.rule}] ` : ""}[${f.provenance}] ${f.message}`,
    `  spec: ${f.specLocation}${f.provenanceEntry && f.provenanceEntry !== f.specLocation ? ` (${f.provenance}: ${f.provenanceEntry})` : ""}`,
  ];
  if (withExchange && f.exchange) lines.push(indent(formatExchange(f.exchange), "  "));
  if (withExchange && f.curl) lines.push("  reproduce:", indent(f.curl, "    "));
  if (f.replayFile)
    lines.push(
      `  replay: cobrowse-contract --replay ${f.replayFile}${f.replay.mode === "check" ? " (runs the check again)" : ""}`,
    );
  return lines.join("\n");
}

export function formatResult(r: CheckResult, options: { color?: boolean; exchanges?: boolean } = {}): string {
  const c = options.color ?? false;
  const stats = `(${r.cases} case${r.cases === 1 ? "" : "s"}, ${r.requests} request${r.requests === 1 ? "" : "s"}, ${r.durationMs} ms)`;
  const tag = paint(c, 2, provenanceTag(r.provenance));
  if (r.status === "skipped")
    return `${paint(c, 33, "-")} ${r.id} ${tag} ${paint(c, 2, `skipped: ${r.skipReason ?? ""}`)}`;
  const accepted = (r.accepted?.vendor ?? 0) + (r.accepted?.decision ?? 0);
  if (r.status === "passed")
    return `${paint(c, 32, "✓")} ${r.id} ${tag} ${paint(c, 2, stats)}${accepted > 0 ? paint(c, 2, ` — ${accepted} known failure(s), accepted by the baseline`) : ""}`;
  const head =
    r.status === "diverged"
      ? `${paint(c, 35, "≠")} ${r.id} ${tag} ${paint(c, 35, "diverges from a decision of the spec")}`
      : `${paint(c, 31, "✗")} ${r.id} ${tag}`;
  const lines = [`${head} ${paint(c, 2, stats)} — ${r.title}`];
  for (const f of r.failures) lines.push(indent(formatFailure(f, options.exchanges ?? true), "    "));
  if (r.failureCount > r.failures.length) lines.push(`    … and ${r.failureCount - r.failures.length} more failure(s)`);
  return lines.join("\n");
}

/** The last line: passes, vendor failures, decision failures (spec profile) or divergences (vendor profile), skips. */
export function countsLine(report: Report): string {
  const s = report.summary;
  const decisions =
    report.profile === "vendor" ? plural(s.decision, "decision divergence") : plural(s.decision, "decision failure");
  return `${s.passed} passed, ${plural(s.vendor, "vendor failure")}, ${decisions}, ${s.skipped} skipped (profile ${report.profile})`;
}

export function formatSummary(report: Report, color = false): string {
  const s = report.summary;
  const ids = (status: string) => report.results.filter((r) => r.status === status).map((r) => r.id);
  const failed = ids("failed");
  const diverged = ids("diverged");
  const cov = report.coverage;
  const traffic = report.traffic;
  const lines = [
    "",
    `${paint(color, 1, "contract")}: ${traffic ? `traffic ${traffic.mode === "proxy" ? "relayed to" : "recorded in"} ${traffic.source}` : report.target} against ${report.spec.title} ${report.spec.version}`,
    traffic
      ? `  checks: ${s.total}, exchanges judged: ${traffic.exchanges} (${traffic.unanswered} without an answer), off the spec's paths (relayed, not judged): ${traffic.offSpec}`
      : `  checks: ${s.total}, requests: ${s.requests}, duration: ${(report.durationMs / 1000).toFixed(1)} s`,
    `  profile: ${report.profile} (${report.profile === "vendor" ? "fails only on vendor facts; decisions of the spec are divergences" : "fails on vendor facts and on the spec's decisions"})${report.websocket ? ", websocket" : ""}`,
    ...(traffic
      ? []
      : [`  seed: ${report.seed}, cases per property: ${report.cases}${report.stateless ? ", stateless" : ""}`]),
    `  coverage: ${cov.percent.toFixed(1)}% (${cov.exercised} of ${cov.total} documented statuses, security failures and request constraints exercised)${report.minCoverage ? `; --min-coverage ${report.minCoverage.percent}: ${report.minCoverage.met ? "met" : paint(color, 31, "NOT met")}` : ""}`,
    `  ${traffic ? "judge again" : "replay"}: ${report.replay}`,
  ];
  const b = report.baseline;
  if (b) {
    lines.push(
      `  baseline${b.file ? ` ${b.file}` : ""}: ${b.accepted.entries} known kind(s) of failure accepted (${b.accepted.failures} failure(s)), ${b.new.length} new, ${b.disappeared.length} disappeared${b.notRun > 0 ? `, ${b.notRun} of checks that did not run` : ""}`,
    );
    for (const e of b.new)
      lines.push(
        `    new: ${e.check}${e.operation ? ` (${e.operation})` : ""} [${e.provenance}] ${e.fingerprint}: ${e.message}`,
      );
    for (const e of b.disappeared)
      lines.push(
        `    disappeared (drop it with --update-baseline): ${e.check}${e.operation ? ` (${e.operation})` : ""} [${e.provenance}] ${e.fingerprint}: ${e.message}`,
      );
  }
  if (failed.length > 0 && !traffic) {
    const base = report.replay.replace(/ --only \S+/g, "");
    lines.push(
      `  failed: ${failed.join(", ")}`,
      `  replay the failures only: ${base} ${failed.map((id) => `--only ${id}`).join(" ")}`,
    );
  }
  if (diverged.length > 0) lines.push(`  diverged (decisions of the spec, listed, not failed): ${diverged.join(", ")}`);
  if (failed.length + diverged.length > 0)
    lines.push(`  the curl commands send $COBROWSE_TOKEN; get one with: ${report.tokenCommand}`);
  lines.push(countsLine(report));
  return lines.join("\n");
}

/** The coverage matrix as a text table: per operation, each cell and the checks that exercised it. */
export function formatCoverage(coverage: Coverage, color = false): string {
  const rows = coverage.cells.map((c) => [
    c.operationId,
    c.kind,
    c.label,
    c.provenance,
    c.exercisedBy.length > 0 ? c.exercisedBy.join(", ") : "NOT EXERCISED",
  ]);
  const head = ["operation", "kind", "what", "provenance", "exercised by"];
  const widths = head.map((h, i) => Math.max(h.length, ...rows.map((r) => (i === 4 ? 0 : r[i]!.length))));
  const line = (cells: string[]) => cells.map((cell, i) => (i === 4 ? cell : cell.padEnd(widths[i]!))).join("  ");
  const out = [
    `coverage matrix: ${coverage.percent.toFixed(1)}% (${coverage.exercised} of ${coverage.total})`,
    line(head),
  ];
  for (const r of rows) out.push(r[4] === "NOT EXERCISED" ? paint(color, 31, line(r)) : line(r));
  return out.join("\n");
}

/** An event handler printing progress as the run goes. */
export function prettyProgress(options: PrettyOptions = {}): (event: ProgressEvent) => void {
  const write = options.write ?? ((t: string) => process.stdout.write(t));
  const color = options.color ?? false;
  return (event) => {
    switch (event.type) {
      case "run-start":
        write(
          `cobrowse-contract: ${event.checks} checks against ${event.target} (seed ${event.seed}, ${event.cases} cases per property${event.stateless ? ", stateless" : ""}, profile ${event.profile})\n`,
        );
        break;
      case "check-end":
        write(`${formatResult(event.result, { color, exchanges: options.exchanges ?? true })}\n`);
        break;
      case "run-end":
        if (options.coverage ?? true) write(`\n${formatCoverage(event.report.coverage, color)}\n`);
        write(`${formatSummary(event.report, color)}\n`);
        break;
      default:
        break;
    }
  };
}
