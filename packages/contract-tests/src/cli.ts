// cobrowse-contract: runs the contract suite against a deployment. Exit 0 when every check
// passes, 1 on any violation, 2 on a usage or configuration error.
import { readFileSync, writeFileSync } from "node:fs";
import { parseArgs } from "node:util";
import { loadSpec, type SpecValidator } from "@cec-cobrowse/spec";
import { allChecks, selectChecks } from "./checks/index.js";
import { checksMarkdown } from "./docs.js";
import { jsonReport } from "./reporters/json.js";
import { junitReport } from "./reporters/junit.js";
import { formatResult, formatSummary, prettyProgress } from "./reporters/pretty.js";
import { DEFAULT_CASES, DEFAULT_TIMEOUT_MS, runContractSuite } from "./runner.js";
import type { ContractOptions } from "./types.js";
import { VERSION } from "./version.js";

export const USAGE = `Usage: cobrowse-contract [options]

Runs the co-browsing API's contract suite against a deployment and exits non-zero on any
violation. Every expectation comes from the spec shipped in @cec-cobrowse/spec.

Target and credentials (flags override the environment):
  --base-url URL            deployment base URL            (env COBROWSE_BASE_URL)
  --app-key KEY             app key                        (env COBROWSE_APP_KEY)
  --app-secret-env NAME     read the app secret from env var NAME (default COBROWSE_APP_SECRET)
  --app-secret-file PATH    read the app secret from a file ("-" for stdin)
  --tenant-space-id ID      tenant space id                (env COBROWSE_TENANT_SPACE_ID)
  The secret is never taken as a flag value (it would show in ps and shell history).

Run:
  --cases N                 cases per property-based check (default ${DEFAULT_CASES})
  --seed S                  seed for generated cases (printed; replays a run exactly)
  --stateless               skip checks that need a server keeping state (static mocks)
  --only ID                 run only this check id, or a group prefix ending in "." (repeatable, or comma-separated)
  --skip ID                 skip this check id or group (repeatable, or comma-separated)
  --timeout MS              per-request timeout in milliseconds (default ${DEFAULT_TIMEOUT_MS})
  --spec FILE               hold the deployment to this OpenAPI document (YAML or JSON; an edited or
                            extended copy of the shipped spec) instead of the shipped one

Output:
  --reporter pretty|junit|json   report format (default pretty)
  --output FILE             write the report to FILE (progress still goes to the terminal)
  --no-color                plain output
  --list                    print the checks (id, what, spec location) as a Markdown table
  -h, --help                this help
  -v, --version             the version

Exit status: 0 all checks passed, 1 a check failed, 2 bad usage or configuration.
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
        cases: { type: "string" },
        seed: { type: "string" },
        stateless: { type: "boolean" },
        only: { type: "string", multiple: true },
        skip: { type: "string", multiple: true },
        timeout: { type: "string" },
        spec: { type: "string" },
        reporter: { type: "string" },
        output: { type: "string" },
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
    process.stdout.write(checksMarkdown(allChecks(spec)));
    return 0;
  }
  try {
    if (v["app-secret"] !== undefined) {
      throw new UsageError("--app-secret is not accepted: a secret on the command line shows in `ps` and shell history. Use the COBROWSE_APP_SECRET environment variable, --app-secret-env NAME, or --app-secret-file PATH (\"-\" reads stdin)");
    }
    const reporter = v.reporter ?? "pretty";
    if (!["pretty", "junit", "json"].includes(reporter)) throw new UsageError(`--reporter must be pretty, junit or json (got ${JSON.stringify(reporter)})`);
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
    const cases = parseInteger("--cases", v.cases, 1);
    if (cases !== undefined) options.cases = cases;
    const seed = parseInteger("--seed", v.seed, -(2 ** 31));
    if (seed !== undefined) {
      if (seed >= 2 ** 31) throw new UsageError(`--seed must fit in 32 bits (got ${seed})`);
      options.seed = seed;
    }
    const timeout = parseInteger("--timeout", v.timeout, 1);
    if (timeout !== undefined) options.timeoutMs = timeout;
    selectChecks(options.only, options.skip, spec); // unknown ids fail here, before any request

    const machineToStdout = reporter !== "pretty" && v.output === undefined;
    const progressStream = machineToStdout ? process.stderr : process.stdout;
    const color = !v["no-color"] && !env.NO_COLOR && progressStream.isTTY === true;
    options.onEvent = prettyProgress({ write: (t) => progressStream.write(t), color });

    const report = await runContractSuite(options);
    if (reporter !== "pretty" || v.output !== undefined) {
      const text =
        reporter === "junit"
          ? junitReport(report)
          : reporter === "json"
            ? jsonReport(report)
            : `${report.results.map((r) => formatResult(r)).join("\n")}\n${formatSummary(report)}\n`;
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
