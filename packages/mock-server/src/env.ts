import type { MockServerOptions } from "./api.js";
import { chaosSettingsFrom } from "./chaos/settings.js";
import type { FaultLimits } from "./faults/model.js";
import type { RelayLimits } from "./rooms/limits.js";

/** The longest connectParam lifetime the CLI takes: 30 days (the mock's own bound, not the API's). */
const MAX_CONNECT_PARAM_TTL_SECONDS = 30 * 24 * 3600;

const GIB = 1024 * 1024 * 1024;
/** Whole-number variables: name, option (or `group.key`), lowest and highest value. */
const NUMBERS: Array<[string, string, number, number]> = [
  ["COBROWSE_MOCK_MAX_BODY_BYTES", "maxBodyBytes", 1, GIB],
  ["COBROWSE_MOCK_CONNECT_PARAM_TTL", "connectParamTtlSeconds", 1, MAX_CONNECT_PARAM_TTL_SECONDS],
  ["COBROWSE_MOCK_REQUEST_TIMEOUT_MS", "requestTimeoutMs", 1, 3_600_000],
  ["COBROWSE_MOCK_WS_MAX_PAYLOAD_BYTES", "wsMaxPayloadBytes", 1, GIB],
  ["COBROWSE_MOCK_WS_HEARTBEAT_MS", "wsHeartbeatMs", 1, 3_600_000],
  ["COBROWSE_MOCK_WS_MAX_ROOMS", "relayLimits.maxRooms", 1, 1_000_000],
  ["COBROWSE_MOCK_WS_MAX_CONNECTIONS", "relayLimits.maxConnections", 1, 1_000_000],
  ["COBROWSE_MOCK_WS_MAX_CONNECTIONS_PER_ROOM", "relayLimits.maxConnectionsPerRoom", 1, 1_000_000],
  ["COBROWSE_MOCK_WS_MAX_PEER_BUFFER_BYTES", "relayLimits.maxPeerBufferBytes", 1, GIB],
  ["COBROWSE_MOCK_WS_MAX_BUFFER_BYTES", "relayLimits.maxBufferBytes", 1, 16 * GIB],
  ["COBROWSE_MOCK_FAULT_MAX_COUNT", "faultLimits.maxCount", 1, 1_000_000],
  ["COBROWSE_MOCK_FAULT_MAX_DELAY_MS", "faultLimits.maxDelayMs", 1, 3_600_000],
  ["COBROWSE_MOCK_FAULT_MAX_QUEUED_PER_SCOPE", "faultLimits.maxQueuedPerScope", 1, 1_000_000],
  ["COBROWSE_MOCK_FAULT_MAX_QUEUED", "faultLimits.maxQueued", 1, 1_000_000],
];

/**
 * Options from environment variables, as the CLI reads them: `HOST`, `PORT`,
 * `COBROWSE_APP_KEY`, `COBROWSE_APP_SECRET`, `COBROWSE_TENANT_SPACE_ID`,
 * `COBROWSE_MOCK_SIGNING_KEY`, `COBROWSE_MOCK_PUBLIC_URL`, `COBROWSE_MOCK_CONTROL_TOKEN`,
 * `COBROWSE_MOCK_REDIS_URL`, the whole numbers of `NUMBERS` (limits, timeouts, the heartbeat),
 * `MOCK_CONTROL` (`on` serves the control API), `MOCK_CORS` (`on` answers CORS preflights),
 * `COBROWSE_MOCK_CHAOS` (the chaos mode of the default scope: a seed, JSON, or `seed=7,rate=0.3`).
 * Unset variables are left out, so the library defaults apply. Throws naming the variable
 * when a value is invalid.
 */
export function optionsFromEnv(env: NodeJS.ProcessEnv = process.env): MockServerOptions {
  const options: MockServerOptions = {};
  const text = (name: string): string | undefined => {
    const value = env[name];
    return value === undefined || value === "" ? undefined : value;
  };
  const int = (name: string, min: number, max: number): number | undefined => {
    const value = text(name);
    if (value === undefined) return undefined;
    if (!/^\d+$/.test(value.trim()) || Number(value) < min || Number(value) > max) {
      throw new RangeError(`${name}: must be a whole number from ${min} to ${max}, got ${JSON.stringify(value)}`);
    }
    return Number(value);
  };
  const host = text("HOST");
  if (host !== undefined) options.host = host;
  const port = int("PORT", 0, 65535);
  if (port !== undefined) options.port = port;
  const credentials: NonNullable<MockServerOptions["credentials"]> = {};
  const appKey = text("COBROWSE_APP_KEY");
  if (appKey !== undefined) credentials.appKey = appKey;
  const appSecret = text("COBROWSE_APP_SECRET");
  if (appSecret !== undefined) credentials.appSecret = appSecret;
  const tenant = text("COBROWSE_TENANT_SPACE_ID");
  if (tenant !== undefined) credentials.tenantSpaceId = tenant;
  if (Object.keys(credentials).length > 0) options.credentials = credentials;
  const signingKey = text("COBROWSE_MOCK_SIGNING_KEY");
  if (signingKey !== undefined) options.signingKey = signingKey;
  const publicUrl = text("COBROWSE_MOCK_PUBLIC_URL");
  if (publicUrl !== undefined) options.publicUrl = publicUrl;
  const controlToken = text("COBROWSE_MOCK_CONTROL_TOKEN");
  if (controlToken !== undefined) options.controlToken = controlToken;
  const redisUrl = text("COBROWSE_MOCK_REDIS_URL");
  if (redisUrl !== undefined) options.redisUrl = redisUrl;
  const groups: { relayLimits?: Partial<RelayLimits>; faultLimits?: Partial<FaultLimits> } = {};
  for (const [name, option, min, max] of NUMBERS) {
    const value = int(name, min, max);
    if (value === undefined) continue;
    const [group, key] = option.split(".") as [string, string | undefined];
    if (key === undefined) (options as Record<string, unknown>)[group] = value;
    else ((groups as Record<string, Record<string, number>>)[group] ??= {})[key] = value;
  }
  Object.assign(options, groups);
  const flag = (name: string): boolean | undefined => {
    const value = text(name);
    if (value === undefined) return undefined;
    const v = value.trim().toLowerCase();
    if (["off", "false", "0", "no"].includes(v)) return false;
    if (["on", "true", "1", "yes"].includes(v)) return true;
    throw new RangeError(`${name}: must be on or off, got ${JSON.stringify(value)}`);
  };
  const control = flag("MOCK_CONTROL");
  if (control !== undefined) options.control = control;
  const cors = flag("MOCK_CORS");
  if (cors !== undefined) options.cors = cors;
  const chaos = text("COBROWSE_MOCK_CHAOS");
  if (chaos !== undefined) options.chaos = chaosSettingsFrom(chaos, "COBROWSE_MOCK_CHAOS");
  return options;
}
