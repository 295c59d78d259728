// What the suite's command and its `proxy` and `validate` subcommands share: usage errors, the
// reporters and where each writes, the baseline flags, the replay files.
import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { readBaseline, writeBaseline } from "../baseline.js";
import { REPLAY_FORMAT } from "../replay/record.js";
import { htmlReport } from "../reporters/html.js";
import { jsonReport } from "../reporters/json.js";
import { junitReport } from "../reporters/junit.js";
import { formatCoverage, formatResult, formatSummary } from "../reporters/pretty.js";
import { sarifReport } from "../reporters/sarif.js";
import type { Baseline, CheckResult, Report } from "../types.js";

export class UsageError extends Error {}

export const DEFAULT_FAILURES_DIR = "cobrowse-contract-failures";
export const REPORTERS = ["pretty", "junit", "json", "html", "sarif"] as const;
export type Reporter = (typeof REPORTERS)[number];

export function parseInteger(name: string, value: string | undefined, min: number): number | undefined {
  if (value === undefined) return undefined;
  if (!/^-?\d+$/.test(value.trim()))
    throw new UsageError(`${name} must be a whole number (got ${JSON.stringify(value)})`);
  const n = Number(value);
  if (n < min) throw new UsageError(`${name} must be at least ${min} (got ${n})`);
  return n;
}

export interface Output {
  reporter: Reporter;
  /** Undefined: standard output. */
  file?: string;
}

/**
 * The reports asked for, from the command line's tokens in order: each `--reporter R` takes the
 * `--output FILE` next to it (before or after it); a reporter with none writes to standard output,
 * and at most one may. No `--reporter`: pretty (to `--output` when given).
 */
export function outputsOf(
  tokens: ReadonlyArray<{ kind: string; name?: string; value?: string | undefined }>,
): Output[] {
  const out: Array<{ reporter?: string; file?: string }> = [];
  for (const t of tokens) {
    if (t.kind !== "option" || (t.name !== "reporter" && t.name !== "output")) continue;
    const field = t.name === "reporter" ? "reporter" : "file";
    const open = out.find((o) => o[field] === undefined && out.indexOf(o) === out.length - 1);
    if (open) open[field] = t.value;
    else out.push({ [field]: t.value });
  }
  const list =
    out.length === 0 ? [{ reporter: "pretty" }] : out.map((o) => ({ ...o, reporter: o.reporter ?? "pretty" }));
  for (const o of list)
    if (!(REPORTERS as readonly string[]).includes(o.reporter))
      throw new UsageError(`--reporter must be ${REPORTERS.join(", ")} (got ${JSON.stringify(o.reporter)})`);
  if (list.filter((o) => o.file === undefined).length > 1)
    throw new UsageError(
      "two reporters write to standard output: give each but one its --output FILE (next to its --reporter)",
    );
  return list.map((o) => ({ reporter: o.reporter as Reporter, ...(o.file !== undefined ? { file: o.file } : {}) }));
}

/** A report as one reporter renders it. */
export function render(report: Report, reporter: Reporter, specFile: string | undefined): string {
  switch (reporter) {
    case "junit":
      return junitReport(report);
    case "json":
      return jsonReport(report);
    case "html":
      return htmlReport(report);
    case "sarif":
      return sarifReport(report, specFile ? { specFile } : {});
    case "pretty":
      // observed traffic exercises what it exercises: its matrix is in the other reports, not printed here
      return `${report.results.map((r) => formatResult(r)).join("\n")}\n${report.traffic ? "" : `\n${formatCoverage(report.coverage)}\n`}${formatSummary(report)}\n`;
  }
}

/** Writes each report; a file's is announced on `note`. The pretty report to standard output is left to the caller (it prints as it goes). */
export function writeReports(
  report: Report,
  outputs: Output[],
  note: (text: string) => void,
  specFile: string | undefined,
  prettyPrinted: boolean,
): void {
  for (const o of outputs) {
    if (o.file === undefined && o.reporter === "pretty" && prettyPrinted) continue;
    const text = render(report, o.reporter, specFile);
    if (o.file !== undefined) {
      writeFileSync(o.file, text);
      note(`report (${o.reporter}) written to ${o.file}\n`);
    } else process.stdout.write(text);
  }
}

/** Whether a machine-readable report goes to standard output (progress then goes to standard error). */
export const machineToStdout = (outputs: Output[]) =>
  outputs.some((o) => o.file === undefined && o.reporter !== "pretty");

/** `--baseline FILE` (read; with `--update-baseline` a missing file is fine: it is about to be written). */
export function baselineOption(file: string | undefined, update: boolean | undefined): Baseline | undefined {
  if (update && file === undefined) throw new UsageError("--update-baseline needs --baseline FILE: the file to write");
  if (file === undefined || (update && !existsSync(file))) return undefined;
  try {
    return readBaseline(file);
  } catch (error) {
    throw new UsageError((error as Error).message);
  }
}

/** After a run: with `--update-baseline`, writes the run's failures as the new baseline and says what changed. */
export function updateBaseline(file: string, report: Report, note: (text: string) => void): void {
  const before = report.baseline;
  const written = writeBaseline(file, report);
  note(
    `baseline written to ${file}: ${written.entries.length} accepted kind(s) of failure${before ? ` (${before.new.length} added, ${before.disappeared.length} dropped)` : ""}\n`,
  );
}

/** Removes the replay files of an earlier run from `dir` (only files of this tool's format). */
export function clearReplays(dir: string): void {
  let names: string[] = [];
  try {
    names = readdirSync(dir);
  } catch {
    return;
  }
  for (const name of names.filter((n) => n.endsWith(".json"))) {
    try {
      if ((JSON.parse(readFileSync(join(dir, name), "utf8")) as { format?: unknown }).format === REPLAY_FORMAT)
        rmSync(join(dir, name));
    } catch {
      // not ours, or not JSON: left alone
    }
  }
}

/** Writes each failure's replay record to a file of `dir` (those `keep` accepts), noting the file on the failure. */
export function saveReplays(
  dir: string,
  result: CheckResult,
  keep: (mode: "request" | "check") => boolean = () => true,
): void {
  const failures = result.failures.filter((f) => keep(f.replay.mode));
  if (failures.length === 0) return;
  mkdirSync(dir, { recursive: true });
  failures.forEach((f, i) => {
    const file = join(dir, `${result.id}-${i + 1}.json`);
    writeFileSync(file, `${JSON.stringify(f.replay, null, 2)}\n`);
    f.replayFile = file;
  });
}

/** Color on a terminal unless --no-color or NO_COLOR. */
export const colorOn = (noColor: boolean | undefined, env: NodeJS.ProcessEnv, stream: NodeJS.WriteStream) =>
  !noColor && !env.NO_COLOR && stream.isTTY === true;
