// The control API under /__mock/: the fault queue (GET lists, POST queues, DELETE clears) and
// a health check. It is the mock's own, not the API's: its bodies are the mock's.
import { contentTypeProblem, parseJson, readBody } from "./body.js";
import { FaultSpecError, type FaultQueue } from "./faults.js";
import type { Exchange, Responder } from "./respond.js";
import type { RequestLog } from "./requests.js";
import type { RoomHub } from "./room.js";

export const CONTROL_PREFIX = "/__mock/";
export const CONTROL_METHODS = ["GET", "POST", "DELETE"];
const FAULTS = `${CONTROL_PREFIX}faults`;
const HEALTH = `${CONTROL_PREFIX}health`;
const REQUESTS = `${CONTROL_PREFIX}requests`;
/** A fault spec is small: its largest field (rawBody) is 1 MiB. */
const MAX_CONTROL_BODY = 2 * 1024 * 1024;
const JSON_ONLY = ["application/json"];

export function controlHandler(respond: Responder, faults: FaultQueue, rooms: RoomHub, requests: RequestLog): (x: Exchange, path: string) => Promise<void> {
  const fail = (x: Exchange, status: number, reason: string, headers?: Record<string, string>) => respond.fail(x, { status, reason, headers });
  return async (x, path) => {
    const { req } = x;
    if (path === HEALTH) {
      if (req.method !== "GET") return fail(x, 405, "method: use GET", { Allow: "GET" });
      return respond.send(x, 200, JSON.stringify({ ok: true, rooms: rooms.list().length }));
    }
    if (path === REQUESTS) {
      // Read-only: the records newer than ?since=<seq>, and the newest seq to pass next time.
      if (req.method !== "GET") return fail(x, 405, "method: use GET", { Allow: "GET" });
      const since = new URL(req.url ?? "", "http://mock").searchParams.get("since") ?? "0";
      if (!/^\d{1,15}$/.test(since)) return fail(x, 400, "since: must be a whole number (the seq of the last record read)");
      return respond.send(x, 200, JSON.stringify({ last: requests.last(), requests: requests.list(Number(since)) }));
    }
    if (path !== FAULTS) return fail(x, 404, `path ${path.slice(0, 200)}: not found; control paths are ${FAULTS}, ${REQUESTS} and ${HEALTH}`);
    switch (req.method) {
      case "GET":
        return respond.send(x, 200, JSON.stringify({ faults: faults.list() }));
      case "DELETE":
        faults.clear();
        return respond.send(x, 200, JSON.stringify({ faults: [] }));
      case "POST": {
        const body = await new Promise<Buffer | "tooLarge">((resolve) => readBody(req, MAX_CONTROL_BODY, resolve));
        if (body === "tooLarge") return fail(x, 413, `body is larger than ${MAX_CONTROL_BODY} bytes; send a smaller fault`);
        const problem = contentTypeProblem(req.headers["content-type"], JSON_ONLY);
        if (problem !== undefined) return fail(x, 415, problem);
        const parsed = parseJson(body);
        if ("issue" in parsed) return respond.fail(x, { status: 400, reason: parsed.reason, details: [parsed.issue] });
        try {
          return respond.send(x, 201, JSON.stringify({ fault: faults.inject(parsed.value as never) }));
        } catch (error) {
          if (!(error instanceof FaultSpecError)) throw error;
          return fail(x, 400, error.message);
        }
      }
      default:
        return fail(x, 405, `method ${req.method}: use ${CONTROL_METHODS.join(", ")}`, { Allow: CONTROL_METHODS.join(", ") });
    }
  };
}
