// The named failure scenarios, each answering what the spec documents for it.
import { specValidator } from "@cec-cobrowse/spec";
import type { HttpHandler } from "msw";
import { exampleBody, handlerFor, json, operation, response } from "./answers.js";
import type { OperationId, ScenarioOptions } from "./options.js";

/** The error example the spec documents for `status` of the operation, with that response's header examples. */
function documentedError(
  operationId: OperationId,
  status: number,
  options: ScenarioOptions,
  headers: Record<string, string> = {},
): HttpHandler {
  const op = operation(operationId);
  return handlerFor(op, { ...options, once: options.once ?? true }, () =>
    json(op, status, exampleBody(response(op, status)), headers),
  );
}

/** The operation whose requests carry the bearer token (the one the token operation does not issue). */
function tokenUser(): OperationId {
  const issuer = specValidator().tokenSource().operation.operationId;
  const op = [...specValidator().operations.values()].find(
    (o) => o.operationId !== issuer && o.securityHeaders.some((h) => h.kind === "bearer"),
  );
  if (!op) throw new Error("@cec-cobrowse/msw: no operation of the spec takes a bearer token");
  return op.operationId as OperationId;
}

/** The status every failure of the bearer token answers (`x-cobrowse-failures.unknown`: an expired token). */
function expiredTokenStatus(operationId: OperationId): number {
  const bearer = operation(operationId).securityHeaders.find((h) => h.kind === "bearer");
  if (!bearer?.failures) throw new Error(`@cec-cobrowse/msw: ${operationId} has no bearer token failures in the spec`);
  return bearer.failures.unknown;
}

/** Named failure scenarios. Put them before the defaults: `server.use(scenarios.rateLimited())`. */
export const scenarios = {
  /** The token was refused as expired: the spec's 401 example ("token expired"). A client drops its token, gets a new one and replays once. */
  expiredToken(options: ScenarioOptions & { operation?: OperationId } = {}): HttpHandler {
    const operationId = options.operation ?? tokenUser();
    return documentedError(operationId, expiredTokenStatus(operationId), options);
  },
  /** 429 with the spec's example body and `Retry-After` (the spec's example, 1 s, unless `retryAfter` says otherwise). */
  rateLimited(options: ScenarioOptions & { operation?: OperationId; retryAfter?: number } = {}): HttpHandler {
    const operationId = options.operation ?? tokenUser();
    const headers: Record<string, string> =
      options.retryAfter === undefined ? {} : { "Retry-After": String(options.retryAfter) };
    return documentedError(operationId, 429, options, headers);
  },
  /**
   * A 200 whose body says `success: false` (the failure the spec allows inside a 200 of an
   * operation with `x-cobrowse-outcome`), with `errorCode` and `errorReason`.
   */
  applicationError(
    options: ScenarioOptions & { operation?: OperationId; errorCode?: number; errorReason?: string } = {},
  ): HttpHandler {
    const op = operation(options.operation ?? tokenUser());
    const outcome = response(op, 200).outcome;
    if (!outcome) throw new Error(`@cec-cobrowse/msw: ${op.operationId}'s 200 answer has no x-cobrowse-outcome`);
    const [codeField = "errorCode", reasonField = "errorReason"] = outcome.nullOnSuccess;
    const body = {
      [outcome.success]: false,
      [codeField]: options.errorCode ?? specValidator().errorCode(500),
      [reasonField]: options.errorReason ?? "the operation failed (an application error inside a 200)",
    };
    return handlerFor(op, { ...options, once: options.once ?? true }, () => json(op, 200, body));
  },
  /** 413: the spec's example (a body over the limit). */
  payloadTooLarge(options: ScenarioOptions & { operation?: OperationId } = {}): HttpHandler {
    return documentedError(options.operation ?? tokenUser(), 413, options);
  },
  /** 415: the spec's example (a body not sent as JSON). */
  unsupportedMediaType(options: ScenarioOptions & { operation?: OperationId } = {}): HttpHandler {
    return documentedError(options.operation ?? tokenUser(), 415, options);
  },
} as const;

/** The names of the scenarios. */
export type ScenarioName = keyof typeof scenarios;
