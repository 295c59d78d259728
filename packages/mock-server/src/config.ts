// The mock's options, checked and resolved. Defaults that are rules of the API (the body
// limit, token lifetimes) come from the spec the mock serves; the rest are the mock's own.
import { type SpecValidator, specValidator, type WebSocketRule } from "@cec-cobrowse/spec";
import type { Credentials, MockServerOptions } from "./api.js";
import { ChaosChecker, type ResolvedChaosSettings } from "./chaos/settings.js";
import { DEFAULT_FAULT_LIMITS, type FaultLimits } from "./faults/model.js";
import type { AccessLogEntry } from "./http/respond.js";
import { DEFAULT_RELAY_LIMITS, limitsOf, type RelayLimits, whole } from "./rooms/limits.js";

/** Demo credentials used when none are configured. Not secret: never use them for a real deployment. */
export const DEMO_CREDENTIALS: Readonly<Credentials> = Object.freeze({
  appKey: "demo-app-key",
  appSecret: "demo-app-secret",
  tenantSpaceId: "demo-tenant",
});

/** The options resolved: every default filled in, every value checked. */
export interface Config {
  host: string;
  port: number;
  credentials: Credentials;
  signingKey: string | Buffer | undefined;
  /** `ws(s)://host/path/ws/cobrowse/` for `wssUrlOut`, or undefined to answer the request's own host. */
  publicBase: string | undefined;
  /** The room's WebSocket protocol: the spec's `x-cobrowse-rules.websocket`. */
  websocket: WebSocketRule;
  maxBodyBytes: number;
  connectParamTtlSeconds: number;
  control: boolean;
  controlToken: string | undefined;
  faultLimits: FaultLimits;
  chaos: ResolvedChaosSettings | undefined;
  relayLimits: RelayLimits;
  redisUrl: string | undefined;
  cors: boolean;
  requestTimeoutMs: number;
  wsMaxPayloadBytes: number;
  wsHeartbeatMs: number;
  /** The longest signed string (token, connectParam) read: the spec's limit on a bearer token. */
  maxSignedLength: number;
  spec: SpecValidator;
  log: (line: string) => void;
  now: () => number;
  onResponse: ((entry: AccessLogEntry) => void) | undefined;
}

export const CONNECT_PARAM_TTL_SECONDS = 600;
const WS_MESSAGE_TOO_BIG = 1009;

/** The security scheme whose header carries each configured credential (the bearer scheme carries the token). */
export const CREDENTIAL_SCHEMES: Readonly<Record<string, keyof Credentials>> = {
  appKey: "appKey",
  tenantSpaceId: "tenantSpaceId",
};

function positive(options: MockServerOptions, name: keyof MockServerOptions, fallback: number): number {
  return whole(name, options[name] ?? fallback);
}

function publicBaseOf(publicUrl: string | undefined, roomPath: string): string | undefined {
  if (publicUrl === undefined) return undefined;
  let parsed: URL;
  try {
    parsed = new URL(publicUrl);
  } catch {
    throw new TypeError(`publicUrl: is not a URL, got ${JSON.stringify(publicUrl)}`);
  }
  if (!["http:", "https:", "ws:", "wss:"].includes(parsed.protocol))
    throw new TypeError("publicUrl: must be an http(s) or ws(s) URL");
  const scheme = parsed.protocol === "https:" || parsed.protocol === "wss:" ? "wss" : "ws";
  return `${scheme}://${parsed.host}${parsed.pathname.replace(/\/+$/, "")}${roomPath}`;
}

/** A control token: at least 16 printable characters (never shown in the error). */
function controlTokenOf(token: string | undefined): string | undefined {
  if (token === undefined || token === "") return undefined;
  if (typeof token !== "string" || !/^[\x21-\x7e]{16,512}$/.test(token)) {
    throw new TypeError(
      "controlToken (COBROWSE_MOCK_CONTROL_TOKEN): must be 16 to 512 printable characters without spaces",
    );
  }
  return token;
}

function redisUrlOf(url: string | undefined): string | undefined {
  if (url === undefined || url === "") return undefined;
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    throw new TypeError("redisUrl (COBROWSE_MOCK_REDIS_URL): is not a URL; give redis://HOST:PORT");
  }
  if (parsed.protocol !== "redis:" && parsed.protocol !== "rediss:")
    throw new TypeError("redisUrl (COBROWSE_MOCK_REDIS_URL): must be a redis:// or rediss:// URL");
  return url;
}

/** Checks the options and fills in the defaults; throws naming the option at fault. */
export function resolveConfig(options: MockServerOptions): Config {
  const spec = options.spec ?? specValidator();
  const credentials: Credentials = {
    appKey: options.credentials?.appKey ?? DEMO_CREDENTIALS.appKey,
    appSecret: options.credentials?.appSecret ?? DEMO_CREDENTIALS.appSecret,
    tenantSpaceId: options.credentials?.tenantSpaceId ?? DEMO_CREDENTIALS.tenantSpaceId,
  };
  for (const [field, value] of Object.entries(credentials)) {
    if (typeof value !== "string" || value === "")
      throw new TypeError(`credentials.${field}: must be a non-empty string`);
  }
  // The configured credentials must be values a client can send: checked against the spec's
  // x-cobrowse-value-schema of the header each one travels in.
  for (const op of spec.operations.values()) {
    for (const header of op.securityHeaders) {
      const field = CREDENTIAL_SCHEMES[header.scheme];
      if (header.kind === "bearer") continue;
      if (!field)
        throw new Error(
          `the spec's security scheme ${header.scheme} (${header.header}) carries no credential the mock knows; map it in CREDENTIAL_SCHEMES`,
        );
      const issues = spec.validateSecurityHeader(op.operationId, header.header, credentials[field]);
      if (issues.length > 0)
        throw new TypeError(
          `credentials.${field} (sent as ${header.header}): ${issues.map((i) => i.message).join("; ")}`,
        );
    }
  }
  const port = options.port ?? 0;
  if (!Number.isInteger(port) || port < 0 || port > 65535)
    throw new RangeError("port: must be an integer from 0 to 65535");
  const websocket = spec.rules.websocket;
  if (!websocket)
    throw new Error("the spec's x-cobrowse-rules has no websocket: the mock has no room protocol to serve");
  // The WebSocket library closes a sender over maxPayload with 1009 (RFC 6455: message too big) itself.
  if (websocket.close.messageTooLarge !== WS_MESSAGE_TOO_BIG) {
    throw new Error(
      `the spec's ${websocket.at}/close/messageTooLarge: the mock closes an oversized message with ${WS_MESSAGE_TOO_BIG} (RFC 6455), not ${websocket.close.messageTooLarge}`,
    );
  }
  const bodySize = spec.rules.checks.get("bodySize");
  const bearer = [...spec.operations.values()].flatMap((op) => op.securityHeaders).find((h) => h.kind === "bearer");
  const maxSignedLength = bearer?.schema ? spec.deref(bearer.schema).maxLength : undefined;
  if (typeof maxSignedLength !== "number")
    throw new Error(
      "the spec's bearer scheme states no maxLength in its x-cobrowse-value-schema: the mock has no bound on tokens",
    );
  if (bodySize?.maxBytes === undefined)
    throw new Error(
      "the spec's x-cobrowse-rules.checks has no bodySize with maxBytes: the mock has no body limit to keep",
    );
  const faultLimits = limitsOf("faultLimits", options.faultLimits, DEFAULT_FAULT_LIMITS);
  let chaos: ResolvedChaosSettings | undefined;
  try {
    chaos =
      options.chaos === undefined ? undefined : new ChaosChecker(spec, faultLimits.maxDelayMs).resolve(options.chaos);
  } catch (error) {
    throw new TypeError(`chaos (COBROWSE_MOCK_CHAOS, --chaos): ${(error as Error).message}`);
  }
  return {
    host: options.host ?? "127.0.0.1",
    port,
    credentials,
    signingKey: options.signingKey ?? process.env.COBROWSE_MOCK_SIGNING_KEY,
    publicBase: publicBaseOf(options.publicUrl, websocket.path),
    websocket,
    maxBodyBytes: positive(options, "maxBodyBytes", bodySize.maxBytes),
    connectParamTtlSeconds: positive(options, "connectParamTtlSeconds", CONNECT_PARAM_TTL_SECONDS),
    control: options.control ?? false,
    controlToken: controlTokenOf(options.controlToken ?? process.env.COBROWSE_MOCK_CONTROL_TOKEN),
    faultLimits,
    chaos,
    relayLimits: limitsOf("relayLimits", options.relayLimits, DEFAULT_RELAY_LIMITS),
    redisUrl: redisUrlOf(options.redisUrl ?? process.env.COBROWSE_MOCK_REDIS_URL),
    cors: options.cors ?? false,
    requestTimeoutMs: positive(options, "requestTimeoutMs", 30_000),
    wsMaxPayloadBytes: positive(options, "wsMaxPayloadBytes", websocket.maxMessageBytes),
    wsHeartbeatMs: positive(options, "wsHeartbeatMs", 30_000),
    maxSignedLength,
    spec,
    log: options.log ?? (() => {}),
    now: options.now ?? Date.now,
    onResponse: options.onResponse,
  };
}
