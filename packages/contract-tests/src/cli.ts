// cobrowse-contract: runs the contract suite against a deployment. Exit 0 when every check
// passes, 1 on any violation, 2 on a usage or configuration error.
import { mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { parseArgs } from "node:util";
import type { SpecValidator } from "@cec-cobrowse/spec";
import { loadSpec } from "@cec-cobrowse/spec/file";
import { allChecks, selectChecks } from "./checks/index.js";
import { checksMarkdown } from "./docs.js";
import { htmlReport } from "./reporters/html.js";
import { jsonReport } from "./reporters/json.js";
import { junitReport } from "./reporters/junit.js";
import { formatCoverage, formatFailure, formatResult, formatSummary, prettyProgress } from "./reporters/pretty.js";
import { REPLAY_FORMAT } from "./replay.js";
import { readReplay, replay } from "./replay-run.js";
import { DEFAULT_CASES, DEFAULT_TIMEOUT_MS, runContractSuite } from "./runner.js";
import { PROFILES, type CheckResult, type ContractOptions, type Profile } from "./types.js";
import { VERSION } from "./version.js";

export const DEFAULT_FAILURES_DIR = "cobrowse-contract-failures";
const REPORTERS = ["pretty", "junit", "json", "html"] as const;

export const USAGE = `Usage: cobrowse-contract [options]
       cobrowse-contract --replay FILE [target options]

Runs the co-browsing API's contract suite against a deployment and exits non-zero on any
violation. Every expectation comes from the spec shipped in @cec-cobrowse/spec, where each rule
is marked as documented by the vendor or decided by the spec (x-cobrowse-provenance).

Target and credentials (flags override the environment):
  --base-url URL            deployment base URL            (env COBROWSE_BASE_URL)
  --app-key KEY             app key                        (env COBROWSE_APP_KEY)
  --app-secret-env NAME     read the app secret from env var NAME (default COBROWSE_APP_SECRET)
  --app-secret-file PATH    read the app secret from a file ("-" for stdin)
  --tenant-space-id ID      tenant space id                (env COBROWSE_TENANT_SPACE_ID)
  The secret is never taken as a flag value (it would show in ps and shell history).

Run:
  --profile spec|vendor     spec (default): fail on vendor facts and on the spec's decisions;
                            vendor: fail only on vendor facts, list broken decisions as divergences
  --cases N                 cases per property-based check (default ${DEFAULT_CASES})
  --seed S                  seed for generated cases (printed; replays a run exactly)
  --stateless               skip checks that need a server keeping state (static mocks)
  --websocket               run the room's WebSocket checks (on by default against the embedded mock)
  --no-websocket            do not
  --fault-control URL|PATH  a sandbox's fault control (the reference mock's /__mock/faults; a path is
                            relative to the base URL): documented statuses no request can cause are
                            injected there and their answers checked; its token is read from the
                            environment variable COBROWSE_MOCK_CONTROL_TOKEN (never a flag value),
                            and the run's faults are scoped with X-Mock-Scope
  --only ID                 run only this check id, or a group prefix ending in "." (repeatable, or comma-separated)
  --skip ID                 skip this check id or group (repeatable, or comma-separated)
  --timeout MS              per-request timeout in milliseconds (default ${DEFAULT_TIMEOUT_MS})
  --min-coverage P          fail when the coverage matrix is below P percent
  --spec FILE               hold the deployment to this OpenAPI document (YAML or JSON; an edited or
                            extended copy of the shipped spec) instead of the shipped one

Output:
  --reporter pretty|junit|json|html   report format (default pretty; html: one self-contained file)
  --output FILE             write the report to FILE (progress still goes to the terminal)
  --save-failures DIR       save each failure's replay file in DIR (default ${DEFAULT_FAILURES_DIR})
  --no-save-failures        do not
  --replay FILE             re-send a saved failure's request and re-judge it (or run its check again);
                            exit 0 when it no longer fails
  --no-color                plain output
  --list                    print the checks (id, provenance, what, spec location) as a Markdown table
  -h, --help                this help
  -v, --version             the version

Exit status: 0 all checks passed, 1 a check failed (or the coverage is below --min-coverage),
2 bad usage or configuration.
`;

class UsageError extends Error {}

function parseInteger(name: string, value: string | undefined, min: number): number | undefined {
  if (value === undefined) return undefined;
  if (!/^-?\d+$/.test(value.trim())) throw new UsageError(`${name} must be a whole number (got ${JSON.stringify(value)})`);
  const n = Number(value);
  if (n < min) throw new UsageError(`${name} must be at least ${min} (got ${n})`);
  return n;
}

const list = (values: string[] | undefined) => (values ?? []).flatMap((v) => v.split(",")).map((v) => v.trim()).filter(Boolean);

/** Removes the replay files of an earlier run from `dir` (only files of this tool's format). */
function clearReplays(dir: string): void {
  let names: string[] = [];
  try {
    names = readdirSync(dir);
  } catch {
    return;
  }
  for (const name of names.filter((n) => n.endsWith(".json"))) {
    try {
      if ((JSON.parse(readFileSync(join(dir, name), "utf8")) as { format?: unknown }).format === REPLAY_FORMAT) rmSync(join(dir, name));
    } catch {
      // not ours, or not JSON: left alone
    }
  }
}

/** Writes each failure's replay record to a file of `dir`, noting the file on the failure. */
function saveReplays(dir: string, result: CheckResult): void {
  if (result.failures.length === 0) return;
  mkdirSync(dir, { recursive: true });
  result.failures.forEach((f, i) => {
    const file = join(dir, `${result.id}-${i + 1}.json`);
    writeFileSync(file, `${JSON.stringify(f.replay, null, 2)}\n`);
    f.replayFile = file;
  });
}

export async function main(argv: string[], env: NodeJS.ProcessEnv = process.env): Promise<number> {
  let parsed;
  try {
    parsed = parseArgs({
      args: argv,
      strict: true,
      allowPositionals: false,
      options: {
        "base-url": { type: "string" },
        "app-key": { type: "string" },
        "app-secret": { type: "string" },
        "app-secret-env": { type: "string" },
        "app-secret-file": { type: "string" },
        "tenant-space-id": { type: "string" },
        profile: { type: "string" },
        cases: { type: "string" },
        seed: { type: "string" },
        stateless: { type: "boolean" },
        websocket: { type: "boolean" },
        "no-websocket": { type: "boolean" },
        "fault-control": { type: "string" },
        only: { type: "string", multiple: true },
        skip: { type: "string", multiple: true },
        timeout: { type: "string" },
        "min-coverage": { type: "string" },
        spec: { type: "string" },
        reporter: { type: "string" },
        output: { type: "string" },
        "save-failures": { type: "string" },
        "no-save-failures": { type: "boolean" },
        replay: { type: "string" },
        "no-color": { type: "boolean" },
        list: { type: "boolean" },
        help: { type: "boolean", short: "h" },
        version: { type: "boolean", short: "v" },
      },
    });
  } catch (error) {
    process.stderr.write(`cobrowse-contract: ${(error as Error).message}\n\n${USAGE}`);
    return 2;
  }
  const v = parsed.values;
  if (v.help) {
    process.stdout.write(USAGE);
    return 0;
  }
  if (v.version) {
    process.stdout.write(`${VERSION}\n`);
    return 0;
  }
  let spec: SpecValidator | undefined;
  try {
    if (v.spec !== undefined) spec = await loadSpec(v.spec);
  } catch (error) {
    process.stderr.write(`cobrowse-contract: --spec ${(error as Error).message}\n`);
    return 2;
  }
  if (v.list) {
    process.stdout.write(checksMarkdown(allChecks(spec), spec));
    return 0;
  }
  try {
    if (v["app-secret"] !== undefined) {
      throw new UsageError("--app-secret is not accepted: a secret on the command line shows in `ps` and shell history. Use the COBROWSE_APP_SECRET environment variable, --app-secret-env NAME, or --app-secret-file PATH (\"-\" reads stdin)");
    }
    const reporter = v.reporter ?? "pretty";
    if (!(REPORTERS as readonly string[]).includes(reporter)) throw new UsageError(`--reporter must be ${REPORTERS.join(", ")} (got ${JSON.stringify(reporter)})`);
    if (v.profile !== undefined && !(PROFILES as readonly string[]).includes(v.profile)) throw new UsageError(`--profile must be ${PROFILES.join(" or ")} (got ${JSON.stringify(v.profile)})`);
    if (v.websocket && v["no-websocket"]) throw new UsageError("--websocket and --no-websocket: pick one");
    let appSecret: string | undefined;
    if (v["app-secret-file"] !== undefined) {
      const path = v["app-secret-file"];
      try {
        appSecret = readFileSync(path === "-" ? 0 : path, "utf8").replace(/\r?\n$/, "");
      } catch (error) {
        throw new UsageError(`--app-secret-file: cannot read ${path}: ${(error as NodeJS.ErrnoException).code ?? (error as Error).message}`);
      }
    } else {
      const name = v["app-secret-env"] ?? "COBROWSE_APP_SECRET";
      appSecret = env[name];
      if (v["app-secret-env"] !== undefined && (appSecret === undefined || appSecret === "")) throw new UsageError(`--app-secret-env: environment variable ${name} is not set`);
    }
    const options: ContractOptions = {
      baseUrl: v["base-url"] ?? env.COBROWSE_BASE_URL ?? "",
      appKey: v["app-key"] ?? env.COBROWSE_APP_KEY ?? "",
      appSecret: appSecret ?? "",
      tenantSpaceId: v["tenant-space-id"] ?? env.COBROWSE_TENANT_SPACE_ID ?? "",
      stateless: v.stateless ?? false,
      only: list(v.only),
      skip: list(v.skip),
      ...(spec ? { spec } : {}),
    };
    if (v.profile !== undefined) options.profile = v.profile as Profile;
    if (v.websocket) options.websocket = true;
    if (v["no-websocket"]) options.websocket = false;
    if (v["fault-control"] !== undefined) options.faultControl = v["fault-control"];
    if (options.faultControl && env.COBROWSE_MOCK_CONTROL_TOKEN) options.faultControlToken = env.COBROWSE_MOCK_CONTROL_TOKEN;
    const cases = parseInteger("--cases", v.cases, 1);
    if (cases !== undefined) options.cases = cases;
    const seed = parseInteger("--seed", v.seed, -(2 ** 31));
    if (seed !== undefined) {
      if (seed >= 2 ** 31) throw new UsageError(`--seed must fit in 32 bits (got ${seed})`);
      options.seed = seed;
    }
    const timeout = parseInteger("--timeout", v.timeout, 1);
    if (timeout !== undefined) options.timeoutMs = timeout;
    if (v["min-coverage"] !== undefined) {
      const value = Number(v["min-coverage"]);
      if (v["min-coverage"].trim() === "" || !Number.isFinite(value) || value < 0 || value > 100) throw new UsageError(`--min-coverage must be a percentage from 0 to 100 (got ${JSON.stringify(v["min-coverage"])})`);
      options.minCoverage = value;
    }

    if (v.replay !== undefined) return await replayMain(v.replay, options, env, v["no-color"] !== true && !env.NO_COLOR && process.stdout.isTTY === true);

    selectChecks(options.only, options.skip, spec); // unknown ids fail here, before any request

    const machineToStdout = reporter !== "pretty" && v.output === undefined;
    const progressStream = machineToStdout ? process.stderr : process.stdout;
    const color = !v["no-color"] && !env.NO_COLOR && progressStream.isTTY === true;
    const failuresDir = v["no-save-failures"] ? undefined : (v["save-failures"] ?? DEFAULT_FAILURES_DIR);
    if (failuresDir) clearReplays(failuresDir);
    const progress = prettyProgress({ write: (t) => progressStream.write(t), color });
    options.onEvent = (event) => {
      // each failure's replay file is written before its check's lines are printed, which name it
      if (event.type === "check-end" && failuresDir) saveReplays(failuresDir, event.result);
      progress(event);
    };

    const report = await runContractSuite(options);
    if (reporter !== "pretty" || v.output !== undefined) {
      const text =
        reporter === "junit"
          ? junitReport(report)
          : reporter === "json"
            ? jsonReport(report)
            : reporter === "html"
              ? htmlReport(report)
              : `${report.results.map((r) => formatResult(r)).join("\n")}\n\n${formatCoverage(report.coverage)}\n${formatSummary(report)}\n`;
      if (v.output !== undefined) {
        writeFileSync(v.output, text);
        progressStream.write(`report (${reporter}) written to ${v.output}\n`);
      } else {
        process.stdout.write(text);
      }
    }
    return report.ok ? 0 : 1;
  } catch (error) {
    process.stderr.write(`cobrowse-contract: ${(error as Error).message}\n`);
    return 2;
  }
}

/** `--replay FILE`: prints what the failure was and what the target does now; 0 when it no longer fails. */
async function replayMain(file: string, options: ContractOptions, env: NodeJS.ProcessEnv, color: boolean): Promise<number> {
  const record = readReplay(file);
  const write = (t: string) => process.stdout.write(t);
  write(`cobrowse-contract: replay of ${record.check} [${record.provenance}] from ${file} against ${options.baseUrl || record.run.target}\n`);
  write(`  it failed: ${record.message}\n  spec: ${record.specLocation}\n`);
  write(record.mode === "request" ? `  re-sending its request (${record.request!.method} ${record.request!.path}) and judging the answer again\n` : `  running the check again (seed ${record.run.seed}, ${record.run.cases} cases, profile ${record.run.profile})\n`);
  const token = env.COBROWSE_TOKEN;
  const outcome = await replay(record, { ...options, ...(token ? { token } : {}) });
  if (outcome.ok) {
    write(`${color ? "\u001b[32m✓\u001b[0m" : "✓"} ${record.check}: no longer fails\n`);
    return 0;
  }
  write(`${color ? "\u001b[31m✗\u001b[0m" : "✗"} ${record.check}: still ${record.provenance === "decision" && (options.profile ?? record.run.profile) === "vendor" ? "diverges" : "fails"}\n`);
  for (const f of outcome.failures) write(`${formatFailure({ ...f, replayFile: undefined } as typeof f).split("\n").map((l) => `    ${l}`).join("\n")}\n`);
  return 1;
}
