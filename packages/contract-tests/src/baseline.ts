// A baseline of accepted failures (`--baseline FILE`, `--update-baseline`): each entry a kind of
// failure (check id, operation, fingerprint; see fingerprint.ts). A run given a baseline fails
// only on failures it does not list, and reports the listed ones that disappeared.
import { readFileSync, writeFileSync } from "node:fs";
import type { ProvenanceKind } from "@cec-cobrowse/spec";
import {
  BASELINE_FORMAT,
  type Baseline,
  type BaselineEntry,
  type BaselineOutcome,
  type CheckResult,
  type FailureSignature,
  type Report,
} from "./types.js";

const entryOf = (s: FailureSignature): BaselineEntry => ({
  check: s.check,
  ...(s.operationId ? { operation: s.operationId } : {}),
  fingerprint: s.fingerprint,
  ...(s.rule ? { rule: s.rule } : {}),
  specLocation: s.specLocation,
  ...(s.status !== undefined ? { status: s.status } : {}),
  provenance: s.provenance,
  message: s.message,
});

const order = (a: BaselineEntry, b: BaselineEntry) =>
  a.check.localeCompare(b.check) ||
  (a.operation ?? "").localeCompare(b.operation ?? "") ||
  a.fingerprint.localeCompare(b.fingerprint);

/** Reads and checks a baseline file; throws naming the file and the problem. */
export function readBaseline(file: string): Baseline {
  let parsed: Partial<Baseline>;
  try {
    parsed = JSON.parse(readFileSync(file, "utf8")) as Partial<Baseline>;
  } catch (error) {
    throw new Error(
      `--baseline ${file}: cannot read it (${(error as NodeJS.ErrnoException).code ?? (error as Error).message})`,
    );
  }
  if (parsed?.format !== BASELINE_FORMAT)
    throw new Error(
      `--baseline ${file}: not a baseline of cobrowse-contract (format ${JSON.stringify(parsed?.format)}, expected ${BASELINE_FORMAT}); write one with --update-baseline`,
    );
  if (!Array.isArray(parsed.entries)) throw new Error(`--baseline ${file}: "entries" must be a list`);
  parsed.entries.forEach((e, i) => {
    if (typeof e?.check !== "string" || typeof e.fingerprint !== "string" || !/^[0-9a-f]{16}$/.test(e.fingerprint)) {
      throw new Error(`--baseline ${file}: entries[${i}] needs a "check" and a 16-hex-digit "fingerprint"`);
    }
  });
  return parsed as Baseline;
}

/** The baseline that accepts every failure of a report (divergences included). */
export function baselineOf(report: Report): Baseline {
  const entries = report.results.flatMap((r) => (r.signatures ?? []).map(entryOf)).sort(order);
  return { format: BASELINE_FORMAT, spec: report.spec, entries };
}

/** Writes `baselineOf(report)` to a file (sorted, one stable order, so it diffs well in review). */
export function writeBaseline(file: string, report: Report): Baseline {
  const baseline = baselineOf(report);
  writeFileSync(file, `${JSON.stringify(baseline, null, 2)}\n`);
  return baseline;
}

/**
 * Marks a result's failures that the baseline lists, and counts them as accepted (by provenance):
 * `statusUnder` then leaves them out.
 */
export function acceptBaselined(result: CheckResult, baseline: Baseline): void {
  const listed = new Set(baseline.entries.map((e) => e.fingerprint));
  const accepted: Record<ProvenanceKind, number> = { vendor: 0, decision: 0 };
  for (const s of result.signatures ?? []) {
    if (!listed.has(s.fingerprint)) continue;
    s.baselined = true;
    accepted[s.provenance] += s.count;
  }
  for (const f of result.failures) if (f.fingerprint && listed.has(f.fingerprint)) f.baselined = true;
  if (accepted.vendor + accepted.decision > 0) result.accepted = accepted;
}

/** What a run made of its baseline: accepted, new and disappeared kinds of failure. */
export function baselineOutcome(results: readonly CheckResult[], baseline: Baseline, file?: string): BaselineOutcome {
  const seen = new Set(results.flatMap((r) => (r.signatures ?? []).map((s) => s.fingerprint)));
  const ran = new Set(results.filter((r) => r.status !== "skipped").map((r) => r.id));
  const signatures = results.flatMap((r) => r.signatures ?? []);
  const accepted = signatures.filter((s) => s.baselined);
  return {
    ...(file ? { file } : {}),
    accepted: { entries: accepted.length, failures: accepted.reduce((n, s) => n + s.count, 0) },
    new: signatures
      .filter((s) => !s.baselined)
      .map(entryOf)
      .sort(order),
    disappeared: baseline.entries.filter((e) => ran.has(e.check) && !seen.has(e.fingerprint)).sort(order),
    notRun: baseline.entries.filter((e) => !ran.has(e.check)).length,
  };
}
