#!/usr/bin/env node
// `pnpm sandbox`: Redis, two replicas of the mock and nginx in front, on 127.0.0.1 with free
// ports (sandbox.mjs). Prints the URL and where the variables for test processes are
// (sandbox.env, mode 600: it holds the control token, which is never printed); Ctrl-C stops
// everything. SANDBOX_REPLICAS sets the number of replicas (default 2); `--chaos <settings>`
// (or COBROWSE_MOCK_CHAOS) turns the seeded chaos mode on for the default scope, shared by
// the replicas through Redis.
import { chmodSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { parseArgs } from "node:util";
import { startSandbox } from "./sandbox.mjs";

let chaos;
try {
  const args = process.argv.slice(2);
  ({
    values: { chaos },
  } = parseArgs({
    args: args[0] === "--" ? args.slice(1) : args,
    options: { chaos: { type: "string" } },
    strict: true,
  }));
} catch (error) {
  console.error(`sandbox: ${error.message}\nusage: pnpm sandbox [-- --chaos <seed | JSON | seed=7,rate=0.3>]`);
  process.exit(2);
}

const replicas = Number(process.env.SANDBOX_REPLICAS ?? 2);
if (!Number.isInteger(replicas) || replicas < 1 || replicas > 16) {
  console.error(
    `sandbox: SANDBOX_REPLICAS must be a whole number from 1 to 16, got ${JSON.stringify(process.env.SANDBOX_REPLICAS)}`,
  );
  process.exit(2);
}
const env = Object.fromEntries(
  Object.entries(process.env).filter(
    ([k]) => /^(COBROWSE_|MOCK_)/.test(k) && k !== "COBROWSE_BASE_URL" && k !== "COBROWSE_MOCK_REDIS_URL",
  ),
);
let sandbox;
try {
  sandbox = await startSandbox({ replicas, env, ...(chaos === undefined ? {} : { chaos }) });
} catch (error) {
  console.error(`sandbox: cannot start: ${error.message}`);
  process.exit(1);
}
const file = join(sandbox.dir, "sandbox.env");
writeFileSync(
  file,
  Object.entries(sandbox.env)
    .map(([k, v]) => `export ${k}=${JSON.stringify(v)}\n`)
    .join(""),
  { mode: 0o600 },
);
chmodSync(file, 0o600);
console.error(
  `sandbox: redis ${sandbox.redis.url}; replicas ${sandbox.replicas.map((r) => r.url).join(", ")}; nginx in front`,
);
if (sandbox.chaos !== undefined)
  console.error(
    `sandbox: chaos mode on for requests without X-Mock-Scope (${sandbox.chaos}); GET ${sandbox.controlUrl}/chaos shows its counters`,
  );
console.error(`sandbox: the variables for tests (base URL, demo credentials, control URL and token): source ${file}`);
console.log(`sandbox listening on ${sandbox.url}`);
let stopping = false;
const stop = async (signal) => {
  if (stopping) return;
  stopping = true;
  console.error(`sandbox: ${signal}: stopping`);
  await sandbox.stop();
  process.exit(0);
};
process.on("SIGINT", stop);
process.on("SIGTERM", stop);
