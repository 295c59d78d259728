#!/usr/bin/env node
// Runs a command without the settings of a deployment or a mock that the shell may export, so
// that the tests, soaks and benches, which start their own servers with demo credentials, are
// the same whatever the shell holds (the README suggests exporting COBROWSE_* for `pnpm start`
// and `pnpm contract` against a deployment):
//
//   node scripts/hermetic.mjs <command> [args...]
//
// Plain Node, no dependencies. It says which variables it left out.
import { spawn } from "node:child_process";
import path from "node:path";
import { fileURLToPath } from "node:url";

/** A deployment's settings (the clients' COBROWSE_* variables) and a mock's (COBROWSE_MOCK_*, MOCK_*). */
export const LEFT_OUT = /^(COBROWSE_(BASE_URL|APP_KEY|APP_SECRET|TENANT_SPACE_ID|MOCK_\w*)|MOCK_\w*)$/;

/** `env` without the variables LEFT_OUT names, and the names it left out. */
export function hermetic(env) {
  const kept = {};
  const left = [];
  for (const [name, value] of Object.entries(env)) {
    if (LEFT_OUT.test(name)) left.push(name);
    else kept[name] = value;
  }
  return { env: kept, left: left.sort() };
}

async function main() {
  const [command, ...args] = process.argv.slice(2);
  if (!command) {
    console.error("hermetic: give a command: node scripts/hermetic.mjs <command> [args...]");
    process.exit(2);
  }
  const { env, left } = hermetic(process.env);
  if (left.length > 0)
    console.error(
      `hermetic: ${left.join(", ")} from the shell left out: the tests start their own servers with demo credentials (those settings are for pnpm start and pnpm contract)`,
    );
  const child = spawn(command, args, { env, stdio: "inherit" });
  for (const signal of ["SIGINT", "SIGTERM"]) process.on(signal, () => child.kill(signal));
  child.on("error", (error) => {
    console.error(`hermetic: cannot run ${command}: ${error.message}`);
    process.exit(127);
  });
  child.on("exit", (code, signal) => process.exit(code ?? (signal ? 128 : 1)));
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) await main();
