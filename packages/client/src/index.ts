// The Node entry: the client with a keep-alive node:http transport, and fromEnv().
import os from "node:os";
import { CobrowseClient, type Platform } from "./client.js";
import { loadAkSk } from "./internal/aksk.js";
import { DEFAULT_MAX_RESPONSE_BYTES } from "./internal/constants.js";
import { userAgent } from "./internal/identify.js";
import { consoleLogger } from "./internal/log.js";
import type { OpenTelemetryApi } from "./internal/tracing.js";
import type { CobrowseClientOptions } from "./options.js";
import { createNodeFetch } from "./transport-node.js";

export * from "./common.js";
export { createNodeFetch, type NodeFetchOptions } from "./transport-node.js";

/** The runtime and its version: `Node.js/20.20.2` (or Bun's, or Deno's, which run this entry too). */
function runtime(): string {
  const v = process.versions as Record<string, string | undefined>;
  return v.bun ? `Bun/${v.bun}` : v.deno ? `Deno/${v.deno}` : `Node.js/${v.node}`;
}
/** The operating system as its kernel names itself (`Linux`, `Darwin`, `Windows`). */
const osName = (): string => os.type().replace(/_NT$/, "");

/** The optional peer dependency, loaded once when installed. Named through a variable so that bundlers leave it to Node. */
const OPENTELEMETRY_API = "@opentelemetry/api";
let openTelemetry: Promise<OpenTelemetryApi | undefined> | undefined;
const loadOpenTelemetry = (): Promise<OpenTelemetryApi | undefined> =>
  (openTelemetry ??= import(/* @vite-ignore */ /* webpackIgnore: true */ OPENTELEMETRY_API).then(
    (m: OpenTelemetryApi & { default?: OpenTelemetryApi }) => (m.trace ? m : m.default),
    () => undefined,
  ));

/** The environment variable of the log level (the `logLevel` option wins): debug, info, warn or off. */
const LOG_ENV_VAR = "COBROWSE_LOG";

let transport: ReturnType<typeof createNodeFetch> | undefined;
const node: Platform = {
  // One shared transport for the default cap; a client with another cap gets its own (the
  // keep-alive agents are shared all the same).
  defaultFetch: (max) =>
    max === DEFAULT_MAX_RESPONSE_BYTES ? (transport ??= createNodeFetch()) : createNodeFetch({ maxResponseBytes: max }),
  credentials(o, fail) {
    if (!o.tokenProvider) {
      if (typeof o.appSecret !== "string" || !o.appSecret.trim())
        fail("appSecret", "missing; set it to the app secret (server side only), or pass tokenProvider instead");
    } else if (o.appSecret !== undefined) fail("appSecret", "pass either appSecret or tokenProvider, not both");
  },
  akSk: loadAkSk,
  userAgent: (suffix) => userAgent(runtime(), osName(), suffix),
  attemptHeader: true,
  // On stderr, whatever the level: a program's stdout (the cobrowse CLI's JSON) stays its own.
  logger: consoleLogger((_level, line) => console.error(line)),
  openTelemetry: loadOpenTelemetry,
};

/**
 * Creates a client. Give it `appKey` + `appSecret` (server side), or `appKey` + a
 * `tokenProvider`. Throws a ConfigurationError, before any request, when an option is wrong.
 */
export function createCobrowseClient(options: CobrowseClientOptions): CobrowseClient {
  return new CobrowseClient(options, { ...node, logLevel: { value: process.env[LOG_ENV_VAR], name: LOG_ENV_VAR } });
}

/** The environment variables `fromEnv` reads, by option. */
export const ENV_VARS = {
  baseUrl: "COBROWSE_BASE_URL",
  appKey: "COBROWSE_APP_KEY",
  appSecret: "COBROWSE_APP_SECRET",
  tenantSpaceId: "COBROWSE_TENANT_SPACE_ID",
} as const;

/**
 * Creates a client from COBROWSE_BASE_URL, COBROWSE_APP_KEY, COBROWSE_APP_SECRET and
 * COBROWSE_TENANT_SPACE_ID; `overrides` win over the environment. A missing variable
 * throws a ConfigurationError naming it.
 */
export function fromEnv(
  env: Record<string, string | undefined> = process.env,
  overrides: Partial<CobrowseClientOptions> = {},
): CobrowseClient {
  const options: CobrowseClientOptions = {
    baseUrl: env[ENV_VARS.baseUrl] as string,
    appKey: env[ENV_VARS.appKey] as string,
    tenantSpaceId: env[ENV_VARS.tenantSpaceId] as string,
    ...(overrides.tokenProvider ? {} : { appSecret: env[ENV_VARS.appSecret] }),
    ...overrides,
  };
  const fromEnvVar = (field: string) =>
    field in overrides ? field : ((ENV_VARS as Record<string, string>)[field] ?? field);
  return new CobrowseClient(options, {
    ...node,
    name: fromEnvVar,
    logLevel: { value: env[LOG_ENV_VAR], name: LOG_ENV_VAR },
  });
}
