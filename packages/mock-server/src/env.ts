import type { MockServerOptions } from "./config.js";

/** The longest connectParam lifetime the CLI takes: 30 days (the mock's own bound, not the API's). */
const MAX_CONNECT_PARAM_TTL_SECONDS = 30 * 24 * 3600;

/**
 * Options from environment variables, as the CLI reads them: `HOST`, `PORT`,
 * `COBROWSE_APP_KEY`, `COBROWSE_APP_SECRET`, `COBROWSE_TENANT_SPACE_ID`,
 * `COBROWSE_MOCK_SIGNING_KEY`, `COBROWSE_MOCK_PUBLIC_URL`, `COBROWSE_MOCK_MAX_BODY_BYTES`,
 * `COBROWSE_MOCK_CONNECT_PARAM_TTL`, `MOCK_CONTROL` (`off` turns the control endpoint off),
 * `MOCK_CORS` (`on` answers CORS preflights).
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
  const maxBody = int("COBROWSE_MOCK_MAX_BODY_BYTES", 1, 1024 * 1024 * 1024);
  if (maxBody !== undefined) options.maxBodyBytes = maxBody;
  const ttl = int("COBROWSE_MOCK_CONNECT_PARAM_TTL", 1, MAX_CONNECT_PARAM_TTL_SECONDS);
  if (ttl !== undefined) options.connectParamTtlSeconds = ttl;
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
  return options;
}
