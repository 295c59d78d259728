#!/usr/bin/env node
// Schemathesis (from PyPI, pinned in schemathesis/requirements.txt) against the project's
// mock server, as an independent second opinion on the spec and the mock. Every phase runs,
// the stateful one included: it follows the spec's OpenAPI link (getConnectionInfo's
// replayerJoinsRoom), and the run fails when that phase did not run.
//
//   node scripts/schemathesis.mjs            # venv + install if needed, then run via cobrowse-mock exec
//   node scripts/schemathesis.mjs --inner    # (internal) the run itself, with COBROWSE_* set by the harness
//
// Env: SCHEMATHESIS_MAX_EXAMPLES (default 200), SCHEMATHESIS_SEED (default fixed, so CI
// replays the same cases; set another to explore), PYTHON (default python3).
import { execFileSync, spawnSync } from "node:child_process";
import { existsSync, readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

const pkg = join(dirname(fileURLToPath(import.meta.url)), "..");
const venv = join(pkg, ".venv");
const bin = (name) => join(venv, process.platform === "win32" ? "Scripts" : "bin", name);
const requirements = join(pkg, "schemathesis", "requirements.txt");
const pinned = /^schemathesis==(\S+)$/m.exec(readFileSync(requirements, "utf8"))?.[1];

function run(cmd, args, options = {}) {
  const result = spawnSync(cmd, args, { stdio: "inherit", ...options });
  if (result.error) {
    console.error(`schemathesis: cannot run ${cmd}: ${result.error.message}`);
    process.exit(2);
  }
  return result.status ?? 1;
}

if (process.argv[2] === "--inner") {
  const baseUrl = process.env.COBROWSE_BASE_URL;
  if (!baseUrl) {
    console.error("schemathesis: COBROWSE_BASE_URL is not set (run through `cobrowse-mock exec`)");
    process.exit(2);
  }
  const spec = createRequire(import.meta.url).resolve("@cec-cobrowse/spec/openapi.yaml");
  const args = [
    "run",
    spec,
    "--url",
    baseUrl,
    "--checks",
    "all",
    "--max-examples",
    process.env.SCHEMATHESIS_MAX_EXAMPLES ?? "200",
    "--seed",
    process.env.SCHEMATHESIS_SEED ?? "20261128",
    "--continue-on-failure",
    "--request-timeout",
    "10",
    "--generation-database",
    "none",
    "--no-color",
    ...process.argv.slice(3),
  ];
  console.log(`schemathesis ${pinned}: ${args.join(" ")}`);
  const result = spawnSync(bin("schemathesis"), args, {
    env: { ...process.env, SCHEMATHESIS_HOOKS: join(pkg, "schemathesis", "hooks.py") },
    cwd: pkg,
    encoding: "utf8",
    maxBuffer: 64 * 1024 * 1024,
  });
  if (result.error) {
    console.error(`schemathesis: cannot run it: ${result.error.message}`);
    process.exit(2);
  }
  process.stdout.write(result.stdout);
  process.stderr.write(result.stderr);
  if (result.status !== 0) process.exit(result.status ?? 1);
  // The stateful phase runs only when Schemathesis finds the spec's links: it must have.
  if (!/✅ {2}Stateful \(in /.test(result.stdout) || !/API Links: +[1-9]\d* covered/.test(result.stdout)) {
    console.error(
      "schemathesis: the stateful phase did not run (or covered no API link); the spec's links must make it applicable",
    );
    process.exit(1);
  }
  process.exit(0);
}

// 1. the venv, with the pinned version
const python = process.env.PYTHON ?? "python3";
if (!existsSync(bin("python"))) {
  console.log(`schemathesis: creating ${venv}`);
  if (run(python, ["-m", "venv", venv]) !== 0) process.exit(2);
}
let installed = "";
try {
  installed = execFileSync(bin("schemathesis"), ["--version"], { encoding: "utf8" }).trim();
} catch {
  installed = "";
}
if (!installed.endsWith(`version ${pinned}`)) {
  console.log(`schemathesis: installing schemathesis ${pinned} into ${venv}`);
  if (run(bin("python"), ["-m", "pip", "install", "--quiet", "--disable-pip-version-check", "-r", requirements]) !== 0)
    process.exit(2);
}

// 2. the run, against a fresh mock server (its URL and credentials come in COBROWSE_*)
const mockBin = join(pkg, "node_modules", ".bin", process.platform === "win32" ? "cobrowse-mock.cmd" : "cobrowse-mock");
const extra = process.argv.slice(2);
process.exit(run(mockBin, ["exec", "--", process.execPath, fileURLToPath(import.meta.url), "--inner", ...extra]));
