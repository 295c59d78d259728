#!/usr/bin/env node
import { spawn } from "node:child_process";
import { randomBytes } from "node:crypto";
import { constants } from "node:os";
import { parseArgs } from "node:util";
import { specValidator } from "@cec-cobrowse/spec";
import { version } from "../package.json";
import type { MockServer, MockServerOptions } from "./api.js";
import { chaosSettingsFrom } from "./chaos/settings.js";
import { CONNECT_PARAM_TTL_SECONDS } from "./config.js";
import { optionsFromEnv } from "./env.js";
import { DEFAULT_FAULT_LIMITS } from "./faults/model.js";
import { formatAccessLog } from "./http/respond.js";
import { DEFAULT_RELAY_LIMITS } from "./rooms/limits.js";
import { startMockServer } from "./server.js";

const USAGE = `Usage:
  cobrowse-mock [--host HOST] [--port PORT] [--chaos SETTINGS] [--help] [--version]
      Serves the co-browsing API mock; prints "listening on http://HOST:PORT" when ready.
      --chaos turns the seeded chaos mode on for requests without X-Mock-Scope: a seed (7),
      JSON ({"seed":7,"rate":0.3}) or pairs (seed=7,rate=0.3,tokenLifetime=1..3).
  cobrowse-mock exec [--chaos SETTINGS] -- <command> [args...]
      Starts the mock on 127.0.0.1 (any free port) with its control API on, runs the command with
      COBROWSE_BASE_URL, COBROWSE_APP_KEY, COBROWSE_APP_SECRET, COBROWSE_TENANT_SPACE_ID set to the
      mock's, and COBROWSE_MOCK_CONTROL_URL (<base>/__mock) and COBROWSE_MOCK_CONTROL_TOKEN (send it
      as "Authorization: Bearer <token>" to <control url>/faults; generated unless set), stops the
      mock and exits with the command's status. Send "X-Mock-Scope: <scope>" with the faults you
      inject and with the requests they should catch; GET <control url>/requests reads the
      request log (operation, status, fault, room; no headers or bodies).

Environment: HOST (127.0.0.1), PORT (4010; 0 = any free port), COBROWSE_APP_KEY,
COBROWSE_APP_SECRET, COBROWSE_TENANT_SPACE_ID (demo values when unset),
COBROWSE_MOCK_SIGNING_KEY (random per process when unset), COBROWSE_MOCK_PUBLIC_URL,
COBROWSE_MOCK_MAX_BODY_BYTES (${specValidator().rules.checks.get("bodySize")?.maxBytes}, the spec's), COBROWSE_MOCK_CONNECT_PARAM_TTL (${CONNECT_PARAM_TTL_SECONDS}),
COBROWSE_MOCK_REQUEST_TIMEOUT_MS (30000), COBROWSE_MOCK_WS_MAX_PAYLOAD_BYTES (${specValidator().rules.websocket?.maxMessageBytes}, the spec's),
COBROWSE_MOCK_WS_HEARTBEAT_MS (30000), COBROWSE_MOCK_WS_MAX_ROOMS (${DEFAULT_RELAY_LIMITS.maxRooms}),
COBROWSE_MOCK_WS_MAX_CONNECTIONS (${DEFAULT_RELAY_LIMITS.maxConnections}), COBROWSE_MOCK_WS_MAX_CONNECTIONS_PER_ROOM (${DEFAULT_RELAY_LIMITS.maxConnectionsPerRoom}),
COBROWSE_MOCK_WS_MAX_PEER_BUFFER_BYTES (${DEFAULT_RELAY_LIMITS.maxPeerBufferBytes}), COBROWSE_MOCK_WS_MAX_BUFFER_BYTES (${DEFAULT_RELAY_LIMITS.maxBufferBytes}),
COBROWSE_MOCK_FAULT_MAX_COUNT (${DEFAULT_FAULT_LIMITS.maxCount}), COBROWSE_MOCK_FAULT_MAX_DELAY_MS (${DEFAULT_FAULT_LIMITS.maxDelayMs}),
COBROWSE_MOCK_FAULT_MAX_QUEUED_PER_SCOPE (${DEFAULT_FAULT_LIMITS.maxQueuedPerScope}), COBROWSE_MOCK_FAULT_MAX_QUEUED (${DEFAULT_FAULT_LIMITS.maxQueued}),
COBROWSE_MOCK_REDIS_URL (none: rooms and faults in this process only; redis://HOST:PORT shares them
with every replica given the same URL), MOCK_CONTROL (off; on serves /__mock/faults),
COBROWSE_MOCK_CONTROL_TOKEN (none: the control API answers loopback callers only), MOCK_CORS (off),
MOCK_ACCESS_LOG (off; on logs each request to stderr without headers or bodies),
COBROWSE_MOCK_CHAOS (none; the chaos mode of the default scope, as --chaos).`;

const note = (line: string): void => void process.stderr.write(`cobrowse-mock: ${line}\n`);

/** `MOCK_ACCESS_LOG=on` prints one stderr line per answered request (method, path, status, time, id). */
function accessLog(): boolean {
  const value = (process.env.MOCK_ACCESS_LOG ?? "").trim().toLowerCase();
  if (value === "" || ["off", "false", "0", "no"].includes(value)) return false;
  if (["on", "true", "1", "yes"].includes(value)) return true;
  fatal(`MOCK_ACCESS_LOG: must be on or off, got ${JSON.stringify(process.env.MOCK_ACCESS_LOG)}`);
}

function fatal(message: string, code = 2): never {
  process.stderr.write(`cobrowse-mock: ${message}\n`);
  process.exit(code);
}

function describe(mock: MockServer): void {
  const c = mock.credentials;
  const demo = c.appKey === "demo-app-key" && c.appSecret === "demo-app-secret";
  note(`app key ${c.appKey}, tenant space ${c.tenantSpaceId}${demo ? " (demo credentials)" : ""}`);
}

async function serve(argv: string[]): Promise<void> {
  let values: { host?: string; port?: string; chaos?: string; help?: boolean; version?: boolean };
  try {
    ({ values } = parseArgs({
      args: argv,
      options: {
        host: { type: "string" },
        port: { type: "string" },
        chaos: { type: "string" },
        help: { type: "boolean", short: "h" },
        version: { type: "boolean", short: "v" },
      },
      strict: true,
    }));
  } catch (error) {
    fatal(`${(error as Error).message}\n\n${USAGE}`);
  }
  if (values.help) {
    process.stdout.write(`${USAGE}\n`);
    return;
  }
  if (values.version) {
    process.stdout.write(`${version}\n`);
    return;
  }
  let options: MockServerOptions = {};
  try {
    options = { port: 4010, ...optionsFromEnv(), ...chaosOption(values.chaos) };
  } catch (error) {
    fatal(`cannot start: ${(error as Error).message}`, 1);
  }
  if (values.host !== undefined) options.host = values.host;
  if (values.port !== undefined) {
    if (!/^\d+$/.test(values.port) || Number(values.port) > 65535)
      fatal("--port: must be a whole number from 0 to 65535");
    options.port = Number(values.port);
  }
  options.log = note;
  if (accessLog()) options.onResponse = (entry) => process.stderr.write(`${formatAccessLog(entry)}\n`);
  let mock: MockServer;
  try {
    mock = await startMockServer(options);
  } catch (error) {
    fatal(`cannot start: ${(error as Error).message}`, 1);
  }
  describe(mock);
  process.stdout.write(`listening on ${mock.url}\n`);
  let stopping = false;
  const stop = (signal: NodeJS.Signals): void => {
    if (stopping) process.exit(1);
    stopping = true;
    note(`${signal}: shutting down`);
    mock.close().then(
      () => process.exit(0),
      (error: Error) => fatal(`shutdown failed: ${error.message}`, 1),
    );
  };
  process.on("SIGINT", stop);
  process.on("SIGTERM", stop);
}

/** The chaos option of `--chaos <settings>` (none when not given); throws naming the flag. */
function chaosOption(value: string | undefined): MockServerOptions {
  return value === undefined ? {} : { chaos: chaosSettingsFrom(value, "--chaos") };
}

async function exec(argv: string[]): Promise<void> {
  // Options of exec itself come before `--`: only --chaos.
  let chaos: string | undefined;
  let rest = argv;
  while (rest[0]?.startsWith("--chaos")) {
    const [flag, inline] = rest[0].split(/=(.*)/s) as [string, string | undefined];
    if (flag !== "--chaos") break;
    chaos = inline ?? rest[1];
    if (chaos === undefined) fatal("exec: --chaos needs settings: a seed, JSON, or pairs like seed=7,rate=0.3");
    rest = rest.slice(inline === undefined ? 2 : 1);
  }
  const args = rest[0] === "--" ? rest.slice(1) : rest;
  if (args.length === 0) fatal("exec: give a command: cobrowse-mock exec [--chaos SETTINGS] -- <command> [args...]");
  let mock: MockServer;
  let env: MockServerOptions;
  try {
    env = { ...optionsFromEnv(), ...chaosOption(chaos) };
  } catch (error) {
    fatal(`cannot start: ${(error as Error).message}`, 1);
  }
  // The command gets the control API, behind a token only it is given.
  const controlToken = env.controlToken ?? randomBytes(24).toString("base64url");
  try {
    mock = await startMockServer({
      ...env,
      control: true,
      controlToken,
      host: "127.0.0.1",
      port: 0,
      log: note,
      ...(accessLog()
        ? { onResponse: (entry) => process.stderr.write(`cobrowse-mock: ${formatAccessLog(entry)}\n`) }
        : {}),
    });
  } catch (error) {
    fatal(`cannot start: ${(error as Error).message}`, 1);
  }
  describe(mock);
  note(`listening on ${mock.url}; running ${args[0]}`);
  const child = spawn(args[0]!, args.slice(1), {
    stdio: "inherit",
    env: {
      ...process.env,
      COBROWSE_BASE_URL: mock.url,
      COBROWSE_APP_KEY: mock.credentials.appKey,
      COBROWSE_APP_SECRET: mock.credentials.appSecret,
      COBROWSE_TENANT_SPACE_ID: mock.credentials.tenantSpaceId,
      COBROWSE_MOCK_CONTROL_URL: `${mock.url}/__mock`,
      COBROWSE_MOCK_CONTROL_TOKEN: controlToken,
    },
  });
  const forward = (signal: NodeJS.Signals): void => void child.kill(signal);
  process.on("SIGINT", forward);
  process.on("SIGTERM", forward);
  const status = await new Promise<number>((resolve) => {
    child.once("error", (error: NodeJS.ErrnoException) => {
      note(`exec: cannot run ${args[0]}: ${error.code === "ENOENT" ? "command not found" : error.message}`);
      resolve(error.code === "ENOENT" ? 127 : 126);
    });
    child.once("exit", (code, signal) => {
      resolve(code ?? 128 + (signal ? (constants.signals[signal] ?? 0) : 0));
    });
  });
  await mock.close();
  process.exit(status);
}

async function main(): Promise<void> {
  const argv = process.argv.slice(2);
  if (argv[0] === "exec") return exec(argv.slice(1));
  return serve(argv);
}

main().catch((error: Error) => fatal(error.message, 1));
