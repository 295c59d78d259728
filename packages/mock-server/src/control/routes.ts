// The control API's endpoints, once control.ts let the caller in: the fault queue and the
// chaos mode of the caller's scope, the request log, and the leak scan. Each refuses bad input
// with a 4xx naming the field, and a shared store (Redis) that cannot be reached with 503.

import { type ChaosChecker, type ChaosSettings, ChaosSettingsError } from "../chaos/settings.js";
import type { ChaosStore } from "../chaos/store.js";
import { FaultLimitError, FaultSpecError } from "../faults/model.js";
import type { FaultStore } from "../faults/queue.js";
import { contentTypeProblem, parseJson, readBody } from "../http/body.js";
import type { Exchange, Responder } from "../http/respond.js";
import type { RequestLog } from "../log/requests.js";
import { ScanInputError, type ScanResult } from "../tokens/scan.js";

/** A fault spec is small: its largest field (rawBody) is 64 KiB, JSON-escaped at most 6 bytes a character. */
const MAX_FAULT_BODY = 512 * 1024;
const MAX_CHAOS_BODY = 64 * 1024;
/** The scan's texts hold at most 4 Mi characters; escaped in JSON they take more bytes. */
const MAX_SCAN_BODY = 16 * 1024 * 1024;
const JSON_ONLY = ["application/json"];

export type Route = (x: Exchange, scope: string) => Promise<void>;

export function controlRoutes(
  respond: Responder,
  parts: {
    faults: FaultStore;
    chaos: ChaosStore;
    chaosChecker: ChaosChecker;
    requests: RequestLog;
    scan: (texts: unknown) => ScanResult;
  },
): Record<"faults" | "chaos" | "requests" | "scan", Route> {
  const fail = (x: Exchange, status: number, reason: string, headers?: Record<string, string>) =>
    respond.fail(x, { status, reason, headers });
  const ok = (x: Exchange, status: number, body: unknown) => respond.send(x, status, JSON.stringify(body));
  const methods = (x: Exchange, allowed: string[]) =>
    fail(x, 405, `method ${x.req.method}: use ${allowed.join(", ")}`, { Allow: allowed.join(", ") });

  /** The request's JSON body, or undefined once a 413, 415 or 400 was answered. */
  const readJson = async (x: Exchange, max: number): Promise<{ value: unknown } | undefined> => {
    const body = await new Promise<Buffer | "tooLarge">((resolve) => readBody(x.req, max, resolve));
    if (body === "tooLarge") return void fail(x, 413, `body: is larger than ${max} bytes; send less at a time`);
    const problem = contentTypeProblem(x.req.headers["content-type"], JSON_ONLY);
    if (problem !== undefined) return void fail(x, 415, problem);
    const parsed = parseJson(body);
    if ("issue" in parsed) return void respond.fail(x, { status: 400, reason: parsed.reason, details: [parsed.issue] });
    return parsed;
  };

  /** Runs an endpoint, answering its refusals: 400 a bad value, 429 a full store, 503 Redis away. */
  const guarded =
    (route: Route): Route =>
    async (x, scope) => {
      try {
        await route(x, scope);
      } catch (error) {
        if (error instanceof FaultSpecError) return fail(x, 400, error.message);
        if (error instanceof FaultLimitError) return fail(x, 429, error.message);
        if (error instanceof ScanInputError) return fail(x, error.status, error.message);
        if ((error as { storeUnavailable?: boolean }).storeUnavailable)
          return fail(x, 503, "control: the shared store (Redis) is not reachable; retry later", {
            "Retry-After": "1",
          });
        throw error;
      }
    };

  return {
    faults: guarded(async (x, scope) => {
      const store = parts.faults;
      if (x.req.method === "GET") return ok(x, 200, { scope, faults: await store.list(scope) });
      if (x.req.method === "DELETE") {
        await store.clear(scope);
        return ok(x, 200, { scope, faults: [] });
      }
      if (x.req.method !== "POST") return methods(x, ["GET", "POST", "DELETE"]);
      const parsed = await readJson(x, MAX_FAULT_BODY);
      if (parsed) ok(x, 201, { fault: await store.inject(parsed.value as never, scope) });
    }),
    chaos: guarded(async (x, scope) => {
      const store = parts.chaos;
      if (x.req.method === "GET") return ok(x, 200, await store.status(scope));
      if (x.req.method === "DELETE") return ok(x, 200, await store.stop(scope));
      if (x.req.method !== "POST") return methods(x, ["GET", "POST", "DELETE"]);
      const parsed = await readJson(x, MAX_CHAOS_BODY);
      if (!parsed) return;
      let settings;
      try {
        settings = parts.chaosChecker.resolve(parsed.value as ChaosSettings);
      } catch (error) {
        if (error instanceof ChaosSettingsError) return fail(x, 400, error.message);
        throw error;
      }
      ok(x, 201, await store.start(settings, scope));
    }),
    requests: guarded(async (x) => {
      // Read-only: the records newer than ?since=<seq>, the newest seq to pass next time, and the
      // header each header-derived field comes from (a runner reads the hook header's name there).
      if (x.req.method !== "GET") return methods(x, ["GET"]);
      const since = new URL(x.req.url ?? "", "http://mock").searchParams.get("since") ?? "0";
      if (!/^\d{1,15}$/.test(since))
        return fail(x, 400, "since: must be a whole number (the seq of the last record read)");
      ok(x, 200, {
        last: parts.requests.last(),
        headers: parts.requests.headers,
        requests: parts.requests.list(Number(since)),
      });
    }),
    scan: guarded(async (x) => {
      if (x.req.method !== "POST") return methods(x, ["POST"]);
      const parsed = await readJson(x, MAX_SCAN_BODY);
      if (!parsed) return;
      const value = parsed.value as { texts?: unknown } | null;
      if (typeof value !== "object" || value === null || Array.isArray(value))
        return fail(x, 400, 'body: must be a JSON object such as {"texts":["…"]}');
      const extra = Object.keys(value).find((k) => k !== "texts");
      if (extra !== undefined) return fail(x, 400, `${extra.slice(0, 40)}: is not a known field; send {"texts":[…]}`);
      ok(x, 200, parts.scan(value.texts));
    }),
  };
}
