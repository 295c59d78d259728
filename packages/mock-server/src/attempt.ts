// One request of an operation (an attempt, as a client sees it), from arrival to answer: its
// record in the request log (arrival time, scope, the state of the bearer token it carries, its
// client headers), its body (read within the limit; what it names noted), the queued fault
// or chaos draw it takes, then the spec's checks and the operation's handler.
import type { Operation } from "@cec-cobrowse/spec";
import { chaosDraw } from "./chaos/draw.js";
import type { CheckedRequest, Checks } from "./checks/checks.js";
import type { Config } from "./config.js";
import { applyFault, chaosFault, type FaultContext } from "./faults/inject.js";
import { type PendingFault, SCOPE_HEADER, scopeOf } from "./faults/model.js";
import { parseJson, readBody } from "./http/body.js";
import { guard } from "./http/guard.js";
import type { Exchange, Responder } from "./http/respond.js";
import type { Noter } from "./log/notes.js";
import type { RequestLog } from "./log/requests.js";
import type { Arrival, Stores } from "./stores/stores.js";
import type { Signer } from "./tokens/signing.js";

const SCOPE = SCOPE_HEADER.toLowerCase();

export interface AttemptParts {
  config: Config;
  respond: Responder;
  requests: RequestLog;
  /** What the log notes of a request's client headers and body. */
  notes: Noter;
  stores: Stores;
  checks: Checks;
  /** The token signer, to read the expiry of a token revoked before this process registered it. */
  tokens: Signer;
  handlers: Record<string, (request: CheckedRequest) => void | Promise<void>>;
  internalError: (x: Exchange) => (error: unknown) => void;
  port: () => number;
}

export function attemptHandler(parts: AttemptParts): (x: Exchange, op: Operation) => void {
  const { config, respond, requests, notes, stores, checks, handlers, internalError } = parts;
  const { registry } = stores.tokens;
  // The header that carries each operation's bearer token (lower case) and the value's prefix (`Bearer `), for operations that take one.
  const bearers = new Map<string, { header: string; prefix: string }>();
  for (const op of config.spec.operations.values()) {
    const bearer = op.securityHeaders.find((h) => h.kind === "bearer");
    if (bearer) bearers.set(op.operationId, { header: bearer.header.toLowerCase(), prefix: bearer.prefix ?? "" });
  }
  let lastWarning = 0;

  const context: FaultContext = {
    respond,
    held: stores.held,
    port: parts.port,
    revoke(request) {
      const token = request.bearer;
      if (token === undefined) return;
      let expiresAt = registry.expiryOf(token);
      if (expiresAt === undefined) {
        // Not registered (issued before this process started, with the same signing key): its own claims say.
        const payload = parts.tokens.verify(token);
        if (typeof payload === "object" && typeof payload.exp === "number") expiresAt = payload.exp;
      }
      // A token this server never signed has nothing to revoke: it is refused anyway.
      if (expiresAt !== undefined) return stores.tokens.revoke(token, config.now(), expiresAt);
    },
  };

  const serve = (request: CheckedRequest): void | Promise<void> => {
    const failure = checks.run(request);
    if (failure) return respond.fail(request, failure);
    return handlers[request.op.operationId]!(request);
  };

  /** The queued fault, else the chaos mode's draw, applied; then the request served unless the fault answered it. */
  const decide = (request: CheckedRequest, arrival: Arrival): void | Promise<void> => {
    const { fault, chaos } = arrival;
    let chosen: PendingFault | undefined = fault;
    if (fault) request.record!.fault = fault.id;
    if (chaos) {
      const draw = chaosDraw(chaos.settings, chaos.n, bearers.has(request.op.operationId));
      if (draw.tokenLifetime !== undefined)
        request.lifetimeCap = Math.min(request.lifetimeCap ?? Infinity, draw.tokenLifetime);
      // Queued faults take precedence; the request still counts in the schedule.
      if (!fault && draw.kind) {
        request.record!.chaos = draw.kind;
        stores.chaos.count(request.scope!, draw.kind);
        chosen = chaosFault(draw, request.scope!, chaos.settings.retryAfter);
      }
    }
    if (!chosen) return serve(request);
    return applyFault(request, chosen, context).then((answered) => void (answered || serve(request)));
  };

  const arrived = (request: CheckedRequest): void | Promise<void> => {
    if (request.body !== "tooLarge") {
      const parsed = (request.parsed = parseJson(request.body));
      if ("value" in parsed) notes.body(request.record!, parsed.value, request.bearer);
    }
    // A request naming a malformed scope takes no fault (none can be queued for it).
    if (request.scope === undefined) return serve(request);
    const arrival = stores.arrive(request.scope, request.op.operationId);
    if (!(arrival instanceof Promise)) return decide(request, arrival);
    return arrival.then(
      (got) => decide(request, got),
      (error: Error) => {
        const now = Date.now();
        if (now - lastWarning >= 1000) {
          lastWarning = now;
          config.log(
            `faults: the shared store did not answer (${error.message.slice(0, 200)}); requests are served without faults until it does`,
          );
        }
        return serve(request);
      },
    );
  };

  return (x, op) => {
    const at = config.now();
    const scope = scopeOf(x.req.headers[SCOPE]);
    const record = (x.record = requests.open(op.operationId, at, x.requestId, scope));
    // Every field in one literal, in one order: an object of one shape on every request keeps
    // the property reads of the checks and handlers fast (a spread of `x` made them 1.5x slower).
    const request: CheckedRequest = {
      req: x.req,
      res: x.res,
      requestId: x.requestId,
      record,
      op,
      body: "tooLarge",
      verdicts: new Map(),
      scope,
      bearer: undefined,
      parsed: undefined,
      json: undefined,
      lifetimeCap: undefined,
    };
    const bearer = bearers.get(op.operationId);
    const value = bearer === undefined ? undefined : x.req.headers[bearer.header];
    if (typeof value === "string" && value !== "") {
      // The token's state before anything this request meets (its own fault included) changes it.
      request.bearer = value.startsWith(bearer!.prefix) ? value.slice(bearer!.prefix.length) : undefined;
      record.token = request.bearer === undefined ? { state: "unknown" } : registry.stateAt(request.bearer, at);
    }
    notes.headers(record, x.req.headers, request.bearer);
    x.res.once("finish", () => void (record.status = x.res.statusCode));
    readBody(x.req, config.maxBodyBytes, (body) =>
      guard(() => {
        request.body = body;
        return arrived(request);
      }, internalError(x)),
    );
  };
}
