// MSW handlers of the co-browsing API for front-end tests, built from the spec at run time:
// every answer is one of the spec's examples (or an ErrorResponse made by the spec's rules), and
// the failure scenarios a front end must survive have names. No value of the spec is copied here.
import { formatIssues, resolvePointer, specValidator, type Issue, type Operation, type ResolvedResponse } from "@cec-cobrowse/spec";
import type { operations, paths } from "@cec-cobrowse/types";
import { HttpResponse, http as mswHttp, type HttpHandler } from "msw";
import { createOpenApiHttp, type OpenApiHttpHandlers } from "openapi-msw";

/** An operation of the spec, by operationId. */
export type OperationId = keyof operations;

export interface MswOptions {
  /**
   * Where the API is, such as `https://service.besclouds.com` (a base path is kept). Default `*`:
   * any origin, so the handlers catch the API's paths whatever `baseUrl` the code under test uses.
   */
  baseUrl?: string;
}

export interface ScenarioOptions extends MswOptions {
  /** Answer only the first matching request, then let the next handler (the defaults) answer. Default true. */
  once?: boolean;
}

function base(options: MswOptions): string {
  return (options.baseUrl ?? "*").replace(/\/+$/, "");
}

/**
 * openapi-msw's `http`, typed by the spec's `paths` (`@cec-cobrowse/types`): paths, request
 * bodies and response bodies per status are checked by TypeScript. Write your own handlers with it.
 */
export function createHttp(options: MswOptions = {}): OpenApiHttpHandlers<paths> {
  return createOpenApiHttp<paths>({ baseUrl: base(options) });
}

function operation(operationId: OperationId): Operation {
  return specValidator().operation(operationId);
}

function response(op: Operation, status: number): ResolvedResponse {
  const found = specValidator().documentedResponse(op.operationId, status);
  if (!found) throw new Error(`@cec-cobrowse/msw: ${op.operationId} documents no ${status} answer`);
  return found;
}

/** The response's headers, each with the value of its spec example (`X-Request-Id`, `Retry-After`). */
function exampleHeaders(r: ResolvedResponse, overrides: Record<string, string> = {}): Headers {
  const headers = new Headers();
  for (const h of r.headers) {
    const example = resolvePointer<{ example?: unknown }>(specValidator().document, h.at).example;
    if (example !== undefined) headers.set(h.name, String(example));
  }
  for (const [name, value] of Object.entries(overrides)) headers.set(name, value);
  return headers;
}

/** The body of the response's first example (or the one named `name`). */
function exampleBody(r: ResolvedResponse, name?: string): unknown {
  const example = (name === undefined ? undefined : r.examples.find((e) => e.name === name)) ?? r.examples[0];
  if (!example) throw new Error(`@cec-cobrowse/msw: the spec has no example of ${r.at}`);
  return structuredClone(example.value);
}

function json(op: Operation, status: number, body: unknown, headers: Record<string, string> = {}): Response {
  return HttpResponse.json(body as Record<string, unknown>, { status, headers: exampleHeaders(response(op, status), headers) });
}

/** An ErrorResponse for `status` by the spec's rules (errorCode = status × the spec's factor), naming the problems. */
function errorAnswer(op: Operation, status: number, issues: Issue[]): Response {
  const body = { success: false, errorCode: specValidator().errorCode(status), errorReason: formatIssues(issues), details: issues };
  return json(op, status, body);
}

/** The request examples' names whose value sends what `body` sends in the room rule's role field. */
function exampleNameFor(op: Operation, body: unknown): string | undefined {
  const roleField = op.room?.role;
  if (!roleField || typeof body !== "object" || body === null) return undefined;
  const role = (body as Record<string, unknown>)[roleField];
  return op.requestExamples.find((e) => (e.value as Record<string, unknown> | null)?.[roleField] === role)?.name;
}

/**
 * What a request breaks before the body is looked at: its security headers (each failure
 * answered with the status the spec's `x-cobrowse-failures` gives it; a well-formed value is
 * taken as known), then its JSON and the body schema (400).
 */
async function problems(op: Operation, request: Request): Promise<{ status: number; issues: Issue[] } | { body: unknown }> {
  const spec = specValidator();
  for (const h of op.securityHeaders) {
    const value = request.headers.get(h.header) ?? undefined;
    const issues = spec.validateSecurityHeader(op.operationId, h.header, value);
    if (issues.length > 0 && h.failures) {
      const kind = value === undefined || value === "" ? "missing" : "malformed";
      return { status: h.failures[kind], issues };
    }
  }
  let body: unknown;
  try {
    body = await request.clone().json();
  } catch {
    return { status: 400, issues: [{ in: "body", name: "", message: "must be a JSON document" }] };
  }
  const issues = spec.validateRequestBody(op.operationId, body);
  return issues.length > 0 ? { status: 400, issues } : { body };
}

function handlerFor(op: Operation, options: MswOptions & { once?: boolean }, answer: (request: Request) => Promise<Response> | Response): HttpHandler {
  const method = op.method.toLowerCase() as "post";
  return mswHttp[method](`${base(options)}${op.path}`, ({ request }) => answer(request), { once: options.once ?? false });
}

/**
 * The default handlers, one per operation of the spec. Each checks the request as the spec says
 * (security headers: 401 or 400 as `x-cobrowse-failures` gives; body: 400 with `details`) and
 * answers the spec's 200 example: for `getConnectionInfo` the example whose request example
 * sends the same `role` (the customer's or the agent's), with its `X-Request-Id` example.
 */
export function createHandlers(options: MswOptions = {}): HttpHandler[] {
  return [...specValidator().operations.values()].map((op) =>
    handlerFor(op, options, async (request) => {
      const found = await problems(op, request);
      if ("issues" in found) return errorAnswer(op, found.status, found.issues);
      return json(op, 200, exampleBody(response(op, 200), exampleNameFor(op, found.body)));
    }),
  );
}

/** The error example the spec documents for `status` of the operation, with that response's header examples. */
function documentedError(operationId: OperationId, status: number, options: ScenarioOptions, headers: Record<string, string> = {}): HttpHandler {
  const op = operation(operationId);
  return handlerFor(op, { ...options, once: options.once ?? true }, () => json(op, status, exampleBody(response(op, status)), headers));
}

/** The operation whose requests carry the bearer token (the one the token operation does not issue). */
function tokenUser(): OperationId {
  const issuer = specValidator().tokenSource().operation.operationId;
  const op = [...specValidator().operations.values()].find((o) => o.operationId !== issuer && o.securityHeaders.some((h) => h.kind === "bearer"));
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
    const headers: Record<string, string> = options.retryAfter === undefined ? {} : { "Retry-After": String(options.retryAfter) };
    return documentedError(operationId, 429, options, headers);
  },
  /**
   * A 200 whose body says `success: false` (the failure the spec allows inside a 200 of an
   * operation with `x-cobrowse-outcome`), with `errorCode` and `errorReason`.
   */
  applicationError(options: ScenarioOptions & { operation?: OperationId; errorCode?: number; errorReason?: string } = {}): HttpHandler {
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
