// cobrowse-contract: runs the contract suite against a deployment. Exit 0 when every check
// passes, 1 on any violation, 2 on a usage or configuration error.
import { readFileSync } from "node:fs";
import { parseArgs } from "node:util";
import type { SpecValidator } from "@cec-cobrowse/spec";
import { loadSpec } from "@cec-cobrowse/spec/file";
import { allChecks, selectChecks } from "./checks/index.js";
import {
  baselineOption,
  clearReplays,
  colorOn,
  DEFAULT_FAILURES_DIR,
  machineToStdout,
  outputsOf,
  parseInteger,
  saveReplays,
  UsageError,
  updateBaseline,
  writeReports,
} from "./commands/common.js";
import { proxyMain } from "./commands/proxy.js";
import { validateMain } from "./commands/validate.js";
import { checksMarkdown } from "./docs.js";
import { parseRate } from "./politeness/rate-limit.js";
import { PROFILES, type Profile } from "./profile.js";
import { readReplay, replay } from "./replay/run.js";
import { formatFailure, prettyProgress } from "./reporters/pretty.js";
import { DEFAULT_CASES, DEFAULT_TIMEOUT_MS, runContractSuite } from "./runner.js";
import type { ContractOptions } from "./types.js";
import { VERSION } from "./version.js";

export { DEFAULT_FAILURES_DIR };

export const USAGE = `Usage: cobrowse-contract [options]
       cobrowse-contract --replay FILE [target options]
       cobrowse-contract proxy --target URL [options]    (cobrowse-contract proxy --help)
       cobrowse-contract validate FILE.har|FILE.ndjson [options]    (cobrowse-contract validate --help)

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
  --rate-limit N/s          send at most N requests a second (also N/min); every request counts
                            (retries, WebSocket handshakes, the fault control's); a 429 is waited out
                            (its Retry-After) and sent again, never a failure
  --max-requests N          send at most N requests in all; the checks left are skipped, saying so

Output:
  --reporter pretty|junit|json|html|sarif   report format (default pretty; html: one self-contained
                            file; sarif: SARIF 2.1.0 located in the spec file); repeatable
  --output FILE             write the report to FILE (progress still goes to the terminal); repeatable,
                            paired with the --reporter of the same position
  --baseline FILE           accepted failures: only failures not listed fail the run; the listed ones
                            that disappeared are reported
  --update-baseline         write this run's failures to the --baseline FILE (exit 0)
  --save-failures DIR       save each failure's replay file in DIR (default ${DEFAULT_FAILURES_DIR})
  --no-save-failures        do not
  --replay FILE             re-send a saved failure's request and re-judge it (or run its check again);
                            exit 0 when it no longer fails
  --no-color                plain output
  --list                    print the checks (id, provenance, what, spec location) as a Markdown table
  -h, --help                this help
  -v, --version             the version

Every request carries X-Cobrowse-Contract-Case: <check id>; <case>, to match a gateway's logs to a report.

Exit status: 0 all checks passed, 1 a check failed (or the coverage is below --min-coverage),
2 bad usage or configuration.
`;

const list = (values: string[] | undefined) =>
  (values ?? [])
    .flatMap((v) => v.split(","))
    .map((v) => v.trim())
    .filter(Boolean);

export async function main(argv: string[], env: NodeJS.ProcessEnv = process.env): Promise<number> {
  if (argv[0] === "proxy") return proxyMain(argv.slice(1), env);
  if (argv[0] === "validate") return validateMain(argv.slice(1), env);
  let parsed;
  try {
    parsed = parseArgs({
      args: argv,
      strict: true,
      tokens: true,
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
        reporter: { type: "string", multiple: true },
        output: { type: "string", multiple: true },
        baseline: { type: "string" },
        "update-baseline": { type: "boolean" },
        "rate-limit": { type: "string" },
        "max-requests": { type: "string" },
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
      throw new UsageError(
        '--app-secret is not accepted: a secret on the command line shows in `ps` and shell history. Use the COBROWSE_APP_SECRET environment variable, --app-secret-env NAME, or --app-secret-file PATH ("-" reads stdin)',
      );
    }
    const outputs = outputsOf(parsed.tokens ?? []);
    if (v.profile !== undefined && !(PROFILES as readonly string[]).includes(v.profile))
      throw new UsageError(`--profile must be ${PROFILES.join(" or ")} (got ${JSON.stringify(v.profile)})`);
    if (v.websocket && v["no-websocket"]) throw new UsageError("--websocket and --no-websocket: pick one");
    let appSecret: string | undefined;
    if (v["app-secret-file"] !== undefined) {
      const path = v["app-secret-file"];
      try {
        appSecret = readFileSync(path === "-" ? 0 : path, "utf8").replace(/\r?\n$/, "");
      } catch (error) {
        throw new UsageError(
          `--app-secret-file: cannot read ${path}: ${(error as NodeJS.ErrnoException).code ?? (error as Error).message}`,
        );
      }
    } else {
      const name = v["app-secret-env"] ?? "COBROWSE_APP_SECRET";
      appSecret = env[name];
      if (v["app-secret-env"] !== undefined && (appSecret === undefined || appSecret === ""))
        throw new UsageError(`--app-secret-env: environment variable ${name} is not set`);
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
    if (options.faultControl && env.COBROWSE_MOCK_CONTROL_TOKEN)
      options.faultControlToken = env.COBROWSE_MOCK_CONTROL_TOKEN;
    const cases = parseInteger("--cases", v.cases, 1);
    if (cases !== undefined) options.cases = cases;
    const seed = parseInteger("--seed", v.seed, -(2 ** 31));
    if (seed !== undefined) {
      if (seed >= 2 ** 31) throw new UsageError(`--seed must fit in 32 bits (got ${seed})`);
      options.seed = seed;
    }
    const timeout = parseInteger("--timeout", v.timeout, 1);
    if (timeout !== undefined) options.timeoutMs = timeout;
    if (v["rate-limit"] !== undefined) {
      try {
        options.rateLimit = parseRate(v["rate-limit"]);
      } catch (error) {
        throw new UsageError((error as Error).message);
      }
    }
    const maxRequests = parseInteger("--max-requests", v["max-requests"], 1);
    if (maxRequests !== undefined) options.maxRequests = maxRequests;
    const baseline = baselineOption(v.baseline, v["update-baseline"]);
    if (baseline) options.baseline = baseline;
    if (v.baseline !== undefined) options.baselineFile = v.baseline;
    if (v["min-coverage"] !== undefined) {
      const value = Number(v["min-coverage"]);
      if (v["min-coverage"].trim() === "" || !Number.isFinite(value) || value < 0 || value > 100)
        throw new UsageError(
          `--min-coverage must be a percentage from 0 to 100 (got ${JSON.stringify(v["min-coverage"])})`,
        );
      options.minCoverage = value;
    }

    if (v.replay !== undefined)
      return await replayMain(
        v.replay,
        options,
        env,
        v["no-color"] !== true && !env.NO_COLOR && process.stdout.isTTY === true,
      );

    selectChecks(options.only, options.skip, spec); // unknown ids fail here, before any request

    const progressStream = machineToStdout(outputs) ? process.stderr : process.stdout;
    const color = colorOn(v["no-color"], env, progressStream);
    const failuresDir = v["no-save-failures"] ? undefined : (v["save-failures"] ?? DEFAULT_FAILURES_DIR);
    if (failuresDir) clearReplays(failuresDir);
    const progress = prettyProgress({ write: (t) => progressStream.write(t), color });
    options.onEvent = (event) => {
      // each failure's replay file is written before its check's lines are printed, which name it
      if (event.type === "check-end" && failuresDir) saveReplays(failuresDir, event.result);
      progress(event);
    };

    const report = await runContractSuite(options);
    const note = (t: string) => progressStream.write(t);
    writeReports(report, outputs, note, v.spec, true);
    if (v["update-baseline"]) {
      updateBaseline(v.baseline!, report, note);
      return 0;
    }
    return report.ok ? 0 : 1;
  } catch (error) {
    process.stderr.write(`cobrowse-contract: ${(error as Error).message}\n`);
    return 2;
  }
}

/** `--replay FILE`: prints what the failure was and what the target does now; 0 when it no longer fails. */
async function replayMain(
  file: string,
  options: ContractOptions,
  env: NodeJS.ProcessEnv,
  color: boolean,
): Promise<number> {
  const record = readReplay(file);
  const write = (t: string) => process.stdout.write(t);
  write(
    `cobrowse-contract: replay of ${record.check} [${record.provenance}] from ${file} against ${options.baseUrl || record.run.target}\n`,
  );
  write(`  it failed: ${record.message}\n  spec: ${record.specLocation}\n`);
  write(
    record.mode === "request"
      ? `  re-sending its request (${record.request!.method} ${record.request!.path}) and judging the answer again\n`
      : `  running the check again (seed ${record.run.seed}, ${record.run.cases} cases, profile ${record.run.profile})\n`,
  );
  const token = env.COBROWSE_TOKEN;
  const outcome = await replay(record, { ...options, ...(token ? { token } : {}) });
  if (outcome.ok) {
    write(`${color ? "\u001b[32m✓\u001b[0m" : "✓"} ${record.check}: no longer fails\n`);
    return 0;
  }
  write(
    `${color ? "\u001b[31m✗\u001b[0m" : "✗"} ${record.check}: still ${record.provenance === "decision" && (options.profile ?? record.run.profile) === "vendor" ? "diverges" : "fails"}\n`,
  );
  for (const f of outcome.failures)
    write(
      `${formatFailure({ ...f, replayFile: undefined } as typeof f)
        .split("\n")
        .map((l) => `    ${l}`)
        .join("\n")}\n`,
    );
  return 1;
}
