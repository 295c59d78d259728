#!/usr/bin/env node
// `pnpm contract`: the suite against COBROWSE_BASE_URL when it is set (with
// COBROWSE_APP_KEY / COBROWSE_APP_SECRET / COBROWSE_TENANT_SPACE_ID), else against the
// project's mock server started for the run (cobrowse-mock exec), with the room's WebSocket
// checks and the mock's fault control (/__mock/faults) on unless the arguments say otherwise.
// Says which. `proxy` (in front of COBROWSE_BASE_URL, --target, or else the embedded mock) and
// `validate FILE` run as they are.
import { spawnSync } from "node:child_process";
import { existsSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

const pkg = join(dirname(fileURLToPath(import.meta.url)), "..");
const cli = join(pkg, "dist", "bin.cjs");
if (!existsSync(cli)) {
  console.error("contract: dist/bin.cjs is missing; run `pnpm build` first");
  process.exit(2);
}
const args = process.argv.slice(2).filter((a, i) => !(i === 0 && a === "--"));
let command;
if (
  args[0] === "validate" ||
  (args[0] === "proxy" &&
    (process.env.COBROWSE_BASE_URL || args.includes("--target") || args.some((a) => a.startsWith("--target="))))
) {
  // recorded traffic, or a proxy in front of a deployment of the user's own
  command = [process.execPath, cli, ...args];
} else if (args[0] === "proxy") {
  console.log(
    "contract: COBROWSE_BASE_URL is not set; the proxy's target: the embedded mock server (cobrowse-mock exec), its Host kept so its WebSocket URLs name the proxy",
  );
  const mock = join(pkg, "node_modules", ".bin", process.platform === "win32" ? "cobrowse-mock.cmd" : "cobrowse-mock");
  command = [
    mock,
    "exec",
    "--",
    process.execPath,
    cli,
    "proxy",
    ...(args.includes("--preserve-host") ? [] : ["--preserve-host"]),
    ...args.slice(1),
  ];
} else if (process.env.COBROWSE_BASE_URL) {
  console.log(`contract: target ${process.env.COBROWSE_BASE_URL} (from COBROWSE_BASE_URL)`);
  command = [process.execPath, cli, ...args];
} else {
  console.log(
    "contract: COBROWSE_BASE_URL is not set; target: the embedded mock server (cobrowse-mock exec, demo credentials, --websocket, --fault-control /__mock/faults)",
  );
  const mock = join(pkg, "node_modules", ".bin", process.platform === "win32" ? "cobrowse-mock.cmd" : "cobrowse-mock");
  const defaults = [];
  if (!args.includes("--websocket") && !args.includes("--no-websocket")) defaults.push("--websocket");
  if (!args.some((a) => a === "--fault-control" || a.startsWith("--fault-control=")))
    defaults.push("--fault-control", "/__mock/faults");
  const replaying =
    args.includes("--replay") || args.includes("--list") || args.includes("--help") || args.includes("-h");
  command = [mock, "exec", "--", process.execPath, cli, ...(replaying ? [] : defaults), ...args];
}
// Relative paths (--output, --save-failures, --replay, --spec) are the caller's: run where pnpm was invoked.
const result = spawnSync(command[0], command.slice(1), {
  stdio: "inherit",
  cwd: process.env.INIT_CWD ?? process.cwd(),
});
if (result.error) {
  console.error(`contract: cannot run ${command[0]}: ${result.error.message}`);
  process.exit(2);
}
process.exit(result.status ?? 1);
