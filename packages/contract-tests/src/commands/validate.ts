// `cobrowse-contract validate FILE`: the proxy's judgement, offline, of recorded traffic (a HAR
// file from browser devtools, a proxy, a load tool or `proxy --record`; or NDJSON of
// request/response pairs), with the same profiles, baseline and reporters.
import { parseArgs } from "node:util";
import type { SpecValidator } from "@cec-cobrowse/spec";
import { specValidator } from "@cec-cobrowse/spec";
import { loadSpec } from "@cec-cobrowse/spec/file";
import { readRecording } from "../har/read.js";
import { PROFILES, type Profile } from "../profile.js";
import { liveLine } from "../reporters/live.js";
import { TrafficJudge } from "../traffic/judge.js";
import {
  baselineOption,
  clearReplays,
  colorOn,
  DEFAULT_FAILURES_DIR,
  machineToStdout,
  outputsOf,
  saveReplays,
  UsageError,
  updateBaseline,
  writeReports,
} from "./common.js";

export const VALIDATE_USAGE = `Usage: cobrowse-contract validate FILE [options]

Judges recorded traffic as the proxy judges it live: a HAR file (browser devtools, proxies, load
tools, cobrowse-contract proxy --record) or NDJSON, one {"request": {...}, "response": {...}}
object per line. Each violation prints as it is found; the report goes to every reporter asked for.

  --profile spec|vendor     spec (default) or vendor (broken decisions are divergences)
  --spec FILE               judge by this OpenAPI document instead of the shipped spec
  --target URL              the deployment the curl commands and replay files name (default: the
                            recording's)
  --reporter R, --output F  pretty|junit|json|html|sarif, repeatable, paired in order (default pretty)
  --baseline FILE           accepted failures: only new ones fail; --update-baseline writes FILE
  --save-failures DIR       save each failure's replay file in DIR (default ${DEFAULT_FAILURES_DIR})
  --no-save-failures        do not
  --no-color, -h/--help

Exit status: 0 no exchange breaks the spec, 1 one does, 2 bad usage or an unreadable file.
`;

export async function validateMain(argv: string[], env: NodeJS.ProcessEnv): Promise<number> {
  let parsed;
  try {
    parsed = parseArgs({
      args: argv,
      strict: true,
      tokens: true,
      allowPositionals: true,
      options: {
        profile: { type: "string" },
        spec: { type: "string" },
        target: { type: "string" },
        reporter: { type: "string", multiple: true },
        output: { type: "string", multiple: true },
        baseline: { type: "string" },
        "update-baseline": { type: "boolean" },
        "save-failures": { type: "string" },
        "no-save-failures": { type: "boolean" },
        "no-color": { type: "boolean" },
        help: { type: "boolean", short: "h" },
      },
    });
  } catch (error) {
    process.stderr.write(`cobrowse-contract validate: ${(error as Error).message}\n\n${VALIDATE_USAGE}`);
    return 2;
  }
  const v = parsed.values;
  if (v.help) {
    process.stdout.write(VALIDATE_USAGE);
    return 0;
  }
  try {
    if (parsed.positionals.length !== 1)
      throw new UsageError(
        `give one recording: cobrowse-contract validate FILE.har (got ${parsed.positionals.length} files)`,
      );
    const file = parsed.positionals[0]!;
    if (v.profile !== undefined && !(PROFILES as readonly string[]).includes(v.profile))
      throw new UsageError(`--profile must be ${PROFILES.join(" or ")} (got ${JSON.stringify(v.profile)})`);
    const outputs = outputsOf(parsed.tokens ?? []);
    const baseline = baselineOption(v.baseline, v["update-baseline"]);
    let spec: SpecValidator;
    try {
      spec = v.spec !== undefined ? await loadSpec(v.spec) : specValidator();
    } catch (error) {
      throw new UsageError(`--spec ${(error as Error).message}`);
    }
    let recording;
    try {
      recording = readRecording(file, spec);
    } catch (error) {
      throw new UsageError((error as Error).message);
    }
    const profile = (v.profile ?? "spec") as Profile;
    const progress = machineToStdout(outputs) ? process.stderr : process.stdout;
    const color = colorOn(v["no-color"], env, progress);
    const accepted = new Set(baseline?.entries.map((e) => e.fingerprint) ?? []);
    const judge = new TrafficJudge({
      spec,
      profile,
      target: v.target ?? recording.target,
      source: { mode: "validate", source: file },
      ...(baseline ? { baseline, baselineFile: v.baseline! } : {}),
      replay: [
        `cobrowse-contract validate ${file}`,
        ...(profile !== "spec" ? [`--profile ${profile}`] : []),
        ...(v.spec ? [`--spec ${v.spec}`] : []),
      ].join(" "),
      onFailure: (note) => progress.write(liveLine(note, { profile, accepted, color })),
    });
    progress.write(
      `cobrowse-contract validate: ${file} (${recording.format}, ${recording.exchanges.length} exchanges${recording.target ? ` to ${recording.target}` : ""}) against ${spec.document.info.title} ${spec.document.info.version} (profile ${profile})\n`,
    );
    // in the order the answers ended, as the proxy judged them live (readRecording's order)
    for (const t of recording.exchanges) judge.judge(t);
    const report = judge.report();
    const note = (t: string) => progress.write(t);
    const failuresDir = v["no-save-failures"] ? undefined : (v["save-failures"] ?? DEFAULT_FAILURES_DIR);
    if (failuresDir) {
      clearReplays(failuresDir);
      for (const r of report.results) saveReplays(failuresDir, r, (mode) => mode === "request");
    }
    writeReports(report, outputs, note, v.spec, false);
    if (v["update-baseline"]) {
      updateBaseline(v.baseline!, report, note);
      return 0;
    }
    return report.ok ? 0 : 1;
  } catch (error) {
    process.stderr.write(`cobrowse-contract validate: ${(error as Error).message}\n`);
    return 2;
  }
}
