#!/usr/bin/env node
// `cobrowse`: checks a deployment from a shell with the client and COBROWSE_* settings. Prints
// JSON on stdout (an error as JSON on stderr), exits with a code per error class, and never
// prints the app secret (nor the token, unless asked with --show-token).
import { parseArgs } from "node:util";
import { version } from "../package.json";
import {
  ApiError,
  AuthenticationError,
  type CobrowseClientOptions,
  ConfigurationError,
  ENV_VARS,
  fromEnv,
  InternalServerError,
  NetworkError,
  RateLimitError,
  ResponseTooLargeError,
  ROLES,
  TimeoutError,
  ValidationError,
} from "./index.js";

/** The exit code of each outcome (the first class that matches). */
const EXIT_CODES = [
  [ConfigurationError, 3],
  [ValidationError, 4],
  [AuthenticationError, 5],
  [RateLimitError, 7],
  [InternalServerError, 8],
  [ApiError, 6],
  [TimeoutError, 9],
  [NetworkError, 10],
  [ResponseTooLargeError, 11],
] as const;

const USAGE = `Usage:
  cobrowse token [--show-token]
      Gets a token with the app key and secret; prints its lifetime (the token itself only with --show-token).
  cobrowse connection-info --role <${ROLES.join("|")}> [--room-id ID] [--user-id ID] [--user-name NAME] [--work-no NO]
      Gets connection information for one side of a room (without --room-id the client names a new room).

Options: --timeout-ms N (per attempt, default 10000), --max-retries N (default 2), --allow-insecure-http,
         -h/--help, -v/--version.
Environment: ${Object.values(ENV_VARS).join(", ")} (required), HTTPS_PROXY / NO_PROXY.
Output: JSON on stdout; an error as JSON on stderr (never the app secret).
Exit codes: 0 ok, 1 unexpected, 2 usage, ${EXIT_CODES.map(([c, n]) => `${n} ${c.name}`).join(", ")}.`;

const write = (stream: NodeJS.WriteStream, value: unknown) => stream.write(`${JSON.stringify(value, null, 2)}\n`);

function usage(message: string): never {
  process.stderr.write(`cobrowse: ${message}\n\n${USAGE}\n`);
  process.exit(2);
}

/** A token shown without its body: the first 6 characters and its length. */
const masked = (token: string) => `${token.slice(0, 6)}… (${token.length} characters; --show-token prints it)`;

async function main(argv: string[]): Promise<number> {
  let parsed;
  try {
    parsed = parseArgs({
      args: argv,
      allowPositionals: true,
      strict: true,
      options: {
        role: { type: "string" },
        "room-id": { type: "string" },
        "user-id": { type: "string" },
        "user-name": { type: "string" },
        "work-no": { type: "string" },
        "show-token": { type: "boolean" },
        "timeout-ms": { type: "string" },
        "max-retries": { type: "string" },
        "allow-insecure-http": { type: "boolean" },
        help: { type: "boolean", short: "h" },
        version: { type: "boolean", short: "v" },
      },
    });
  } catch (error) {
    usage((error as Error).message);
  }
  const { values, positionals } = parsed;
  if (values.help) {
    process.stdout.write(`${USAGE}\n`);
    return 0;
  }
  if (values.version) {
    process.stdout.write(`${version}\n`);
    return 0;
  }
  const [command, ...rest] = positionals;
  if (rest.length > 0) usage(`unexpected argument ${rest[0]}`);
  if (command !== "token" && command !== "connection-info")
    usage(command ? `unknown command ${command}` : "give a command");
  const overrides: Partial<CobrowseClientOptions> = {};
  const whole = (flag: string, value: string | undefined) => {
    if (value === undefined) return undefined;
    if (!/^\d+$/.test(value)) usage(`--${flag}: must be a whole number`);
    return Number(value);
  };
  const timeoutMs = whole("timeout-ms", values["timeout-ms"]);
  const maxRetries = whole("max-retries", values["max-retries"]);
  if (timeoutMs !== undefined) overrides.timeoutMs = timeoutMs;
  if (maxRetries !== undefined) overrides.maxRetries = maxRetries;
  if (values["allow-insecure-http"]) overrides.allowInsecureHttp = true;
  try {
    const client = fromEnv(process.env, overrides);
    if (command === "token") {
      const t = await client.getToken();
      write(process.stdout, {
        ok: true,
        accessToken: values["show-token"] ? t.accessToken : masked(t.accessToken),
        expiresIn: t.expiresIn,
        expiresAt: new Date(t.expiresAt!).toISOString(),
      });
    } else {
      if (values.role === undefined) usage(`connection-info: give --role (${ROLES.join(" or ")})`);
      const body = {
        role: values.role,
        ...(values["room-id"] === undefined ? {} : { roomId: values["room-id"] }),
        ...(values["user-id"] === undefined ? {} : { userId: values["user-id"] }),
        ...(values["user-name"] === undefined ? {} : { userName: values["user-name"] }),
        ...(values["work-no"] === undefined ? {} : { workNo: values["work-no"] }),
      };
      const { data, requestId } = await client.getConnectionInfo(body as never);
      write(process.stdout, { ok: true, ...data, requestId });
    }
    return 0;
  } catch (error) {
    const match = EXIT_CODES.find(([c]) => error instanceof c);
    if (!match) throw error;
    const e = error as Error & Partial<ApiError> & { field?: string };
    write(process.stderr, {
      ok: false,
      error: e.name,
      message: e.message,
      ...(e.field === undefined ? {} : { field: e.field }),
      ...(e instanceof ApiError
        ? { status: e.status, errorCode: e.errorCode, errorReason: e.errorReason, requestId: e.requestId }
        : {}),
    });
    return match[1];
  }
}

main(process.argv.slice(2)).then(
  (code) => process.exit(code),
  (error: unknown) => {
    process.stderr.write(`cobrowse: unexpected error: ${error instanceof Error ? error.name : typeof error}\n`);
    process.exit(1);
  },
);
