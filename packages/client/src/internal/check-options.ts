// The checks of the client's options, made when a client is created: each failure is a
// ConfigurationError naming the option and the fix. The limits they keep are the spec's (the
// token lifetime range) or named in constants.ts.
import { ConfigurationError } from "../errors.js";
import { tokenLifetime } from "../generated/spec.js";
import type { CobrowseClientOptions } from "../options.js";
import { MAX_RETRIES_LIMIT } from "./constants.js";
import { suffixProblem } from "./identify.js";
import { LOG_LEVELS, parseLogLevel } from "./log.js";

const LOOPBACK = /^(localhost|127(\.\d{1,3}){3}|\[::1\])$/i;
const EXAMPLE = "such as https://service.besclouds.com";

/** Throws a ConfigurationError naming the field. @internal */
export type Fail = (field: keyof CobrowseClientOptions, message: string) => never;

/**
 * Checks the options; answers the base URL without a trailing slash. `credentials` checks the
 * entry's own rules (the app secret or a tokenProvider). @internal
 */
export function checkOptions(
  o: CobrowseClientOptions,
  credentials: (o: CobrowseClientOptions, fail: Fail) => void,
  name: (field: string) => string,
): string {
  const fail: Fail = (field, message) => {
    throw new ConfigurationError(name(field), message);
  };
  if (!o || typeof o !== "object") fail("options" as never, "pass an options object");
  const need = (field: keyof CobrowseClientOptions, what: string) => {
    const v = o[field];
    if (typeof v !== "string" || !v.trim()) fail(field, `missing; set it to ${what}`);
  };
  need("baseUrl", `the gateway URL, ${EXAMPLE}`);
  need("appKey", "your app key");
  need("tenantSpaceId", "your tenant space id");
  let url: URL | undefined;
  try {
    url = new URL(o.baseUrl);
  } catch {}
  const protocol = url?.protocol;
  if (protocol !== "https:" && protocol !== "http:") fail("baseUrl", `must be the gateway's https:// URL, ${EXAMPLE}`);
  if (protocol === "http:" && !LOOPBACK.test(url!.hostname) && !o.allowInsecureHttp) {
    fail(
      "baseUrl",
      "plain http:// sends tokens in clear; use https://, or allowInsecureHttp: true on a trusted network",
    );
  }
  for (const f of ["tokenProvider", "fetch"] as const)
    if (o[f] !== undefined && typeof o[f] !== "function") fail(f, "must be a function");
  credentials(o, fail);
  checkObservability(o, fail);
  const int = (field: keyof CobrowseClientOptions, min: number, max = 2 ** 31 - 1) => {
    const v = o[field] as number;
    if (v !== undefined && !(Number.isInteger(v) && v >= min && v <= max))
      fail(field, `must be a whole number from ${min} to ${max}`);
  };
  int("tokenExpire", tokenLifetime.minimum, tokenLifetime.maximum);
  int("maxRetries", 0, MAX_RETRIES_LIMIT);
  const max = o.maxResponseBytes;
  if (max !== undefined && max !== Infinity && !(Number.isSafeInteger(max) && max >= 1))
    fail("maxResponseBytes", "must be a whole number of bytes, at least 1 (or Infinity)");
  int("timeoutMs", 1);
  for (const f of [
    "tokenSafetyMarginMs",
    "tokenRefreshAheadMs",
    "retryBaseDelayMs",
    "retryMaxDelayMs",
    "maxRetryAfterMs",
  ] as const)
    int(f, 0);
  return o.baseUrl.replace(/\/+$/, "");
}

const HOOKS = ["beforeRequest", "afterResponse", "onError"] as const;

/** Checks the options of identification, hooks, tracing and logging. */
function checkObservability(o: CobrowseClientOptions, fail: Fail): void {
  if (o.userAgentSuffix !== undefined) {
    const problem = suffixProblem(o.userAgentSuffix);
    if (problem) fail("userAgentSuffix", problem);
  }
  if (o.attemptHeader !== undefined && typeof o.attemptHeader !== "boolean")
    fail("attemptHeader", "must be true or false");
  const hooks = o.hooks as Record<string, unknown> | undefined;
  if (hooks !== undefined) {
    if (!hooks || typeof hooks !== "object") fail("hooks", `must be an object with any of ${HOOKS.join(", ")}`);
    for (const k of Object.keys(hooks)) {
      if (!(HOOKS as readonly string[]).includes(k))
        fail("hooks", `has no hook ${JSON.stringify(k)}; the hooks are ${HOOKS.join(", ")}`);
      if (hooks[k] !== undefined && typeof hooks[k] !== "function") fail("hooks", `${k} must be a function`);
    }
  }
  const otel = o.openTelemetry;
  if (otel !== undefined && otel !== false) {
    if (!otel || typeof otel !== "object") fail("openTelemetry", "must be { api?, tracerProvider? } or false");
    const api = otel.api as unknown as Record<string, Record<string, unknown> | undefined> | undefined;
    if (
      api !== undefined &&
      (typeof api?.trace?.getTracer !== "function" ||
        typeof api?.propagation?.inject !== "function" ||
        typeof api?.context?.active !== "function")
    ) {
      fail("openTelemetry", 'api must be the @opentelemetry/api module (import * as api from "@opentelemetry/api")');
    }
    if (otel.tracerProvider !== undefined && typeof otel.tracerProvider?.getTracer !== "function")
      fail("openTelemetry", "tracerProvider must have getTracer()");
  }
  const logger = o.logger as unknown as Record<string, unknown> | undefined;
  if (logger !== undefined && !(logger && ["debug", "info", "warn"].every((m) => typeof logger[m] === "function"))) {
    fail("logger", "must have debug(), info() and warn() methods, as console does");
  }
  if (o.logLevel !== undefined && parseLogLevel(o.logLevel) !== o.logLevel)
    fail("logLevel", `must be one of ${LOG_LEVELS.join(", ")}`);
}
