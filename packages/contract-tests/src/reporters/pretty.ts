// Human-readable output: one line per check as it finishes, failures with the request and
// response that broke them (secrets redacted), then a summary with the seed and the replay
// command. Ends with the plain "N passed, N failed, N skipped" line CI systems read.
import type { PrintedExchange } from "../redact.js";
import type { CheckResult, Failure, ProgressEvent, Report } from "../types.js";

export interface PrettyOptions {
  /** Where lines go (default: process.stdout). */
  write?: (text: string) => void;
  color?: boolean;
  /** Print the request/response of each failure (default true). */
  exchanges?: boolean;
}

const paint = (on: boolean, code: number, s: string) => (on ? `\u001b[${code}m${s}\u001b[0m` : s);

function indent(text: string, by: string): string {
  return text.split("\n").map((l) => by + l).join("\n");
}

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
  const head = `${f.rule ? `[${f.rule}] ` : ""}${f.message}\n  spec: ${f.specLocation}`;
  return withExchange && f.exchange ? `${head}\n${indent(formatExchange(f.exchange), "  ")}` : head;
}

export function formatResult(r: CheckResult, options: { color?: boolean; exchanges?: boolean } = {}): string {
  const c = options.color ?? false;
  const stats = `(${r.cases} case${r.cases === 1 ? "" : "s"}, ${r.requests} request${r.requests === 1 ? "" : "s"}, ${r.durationMs} ms)`;
  if (r.status === "skipped") return `${paint(c, 33, "-")} ${r.id} ${paint(c, 2, `skipped: ${r.skipReason ?? ""}`)}`;
  if (r.status === "passed") return `${paint(c, 32, "✓")} ${r.id} ${paint(c, 2, stats)}`;
  const lines = [`${paint(c, 31, "✗")} ${r.id} ${paint(c, 2, stats)} — ${r.title}`];
  for (const f of r.failures) lines.push(indent(formatFailure(f, options.exchanges ?? true), "    "));
  if (r.failureCount > r.failures.length) lines.push(`    … and ${r.failureCount - r.failures.length} more failure(s)`);
  return lines.join("\n");
}

export function formatSummary(report: Report, color = false): string {
  const s = report.summary;
  const failed = report.results.filter((r) => r.status === "failed").map((r) => r.id);
  const lines = [
    "",
    `${paint(color, 1, "contract")}: ${report.target} against ${report.spec.title} ${report.spec.version}`,
    `  checks: ${s.total}, requests: ${s.requests}, duration: ${(report.durationMs / 1000).toFixed(1)} s`,
    `  seed: ${report.seed}, cases per property: ${report.cases}${report.stateless ? ", stateless" : ""}`,
    `  replay: ${report.replay}`,
  ];
  if (failed.length > 0) {
    const base = report.replay.replace(/ --only \S+/g, "");
    lines.push(`  failed: ${failed.join(", ")}`, `  replay the failures only: ${base} ${failed.map((id) => `--only ${id}`).join(" ")}`);
  }
  lines.push(`${s.passed} passed, ${s.failed} failed, ${s.skipped} skipped`);
  return lines.join("\n");
}

/** An event handler printing progress as the run goes. */
export function prettyProgress(options: PrettyOptions = {}): (event: ProgressEvent) => void {
  const write = options.write ?? ((t: string) => process.stdout.write(t));
  const color = options.color ?? false;
  return (event) => {
    switch (event.type) {
      case "run-start":
        write(`cobrowse-contract: ${event.checks} checks against ${event.target} (seed ${event.seed}, ${event.cases} cases per property${event.stateless ? ", stateless" : ""})\n`);
        break;
      case "check-end":
        write(formatResult(event.result, { color, exchanges: options.exchanges ?? true }) + "\n");
        break;
      case "run-end":
        write(formatSummary(event.report, color) + "\n");
        break;
      default:
        break;
    }
  };
}
