// Answers built from the spec: its examples (bodies and headers), ErrorResponses by its rules, and
// the checks a request must pass before the body is looked at.
import {
  formatIssues,
  type Issue,
  type Operation,
  type ResolvedResponse,
  resolvePointer,
  specValidator,
} from "@cec-cobrowse/spec";
import { type HttpHandler, HttpResponse, http as mswHttp } from "msw";
import { base, type MswOptions, type OperationId } from "./options.js";

export function operation(operationId: OperationId): Operation {
  return specValidator().operation(operationId);
}

export function response(op: Operation, status: number): ResolvedResponse {
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
export function exampleBody(r: ResolvedResponse, name?: string): unknown {
  const example = (name === undefined ? undefined : r.examples.find((e) => e.name === name)) ?? r.examples[0];
  if (!example) throw new Error(`@cec-cobrowse/msw: the spec has no example of ${r.at}`);
  return structuredClone(example.value);
}

export function json(op: Operation, status: number, body: unknown, headers: Record<string, string> = {}): Response {
  return HttpResponse.json(body as Record<string, unknown>, {
    status,
    headers: exampleHeaders(response(op, status), headers),
  });
}

/** An ErrorResponse for `status` by the spec's rules (errorCode = status × the spec's factor), naming the problems. */
export function errorAnswer(op: Operation, status: number, issues: Issue[]): Response {
  const body = {
    success: false,
    errorCode: specValidator().errorCode(status),
    errorReason: formatIssues(issues),
    details: issues,
  };
  return json(op, status, body);
}

/** A JSON value as text with its object keys sorted, so that equal values read the same (browsers too: no node:util). */
function canonical(value: unknown): string {
  return JSON.stringify(value, (_key, v: unknown) =>
    v && typeof v === "object" && !Array.isArray(v)
      ? Object.fromEntries(Object.entries(v).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)))
      : v,
  );
}

/**
 * The name of the request example whose answer fits `body`: the example it is (a request that
 * sends a spec example gets that example's answer), else the first that sends the same value in
 * the room rule's role field (the customer's or the agent's).
 */
export function exampleNameFor(op: Operation, body: unknown): string | undefined {
  if (typeof body !== "object" || body === null) return undefined;
  const sent = canonical(body);
  const same = op.requestExamples.find((e) => canonical(e.value) === sent);
  if (same) return same.name;
  const roleField = op.room?.role;
  if (!roleField) return undefined;
  const role = (body as Record<string, unknown>)[roleField];
  return op.requestExamples.find((e) => (e.value as Record<string, unknown> | null)?.[roleField] === role)?.name;
}

/**
 * What a request breaks before the body is looked at: its security headers (each failure
 * answered with the status the spec's `x-cobrowse-failures` gives it; a well-formed value is
 * taken as known), then its JSON and the body schema (400).
 */
export async function problems(
  op: Operation,
  request: Request,
): Promise<{ status: number; issues: Issue[] } | { body: unknown }> {
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

export function handlerFor(
  op: Operation,
  options: MswOptions & { once?: boolean },
  answer: (request: Request) => Promise<Response> | Response,
): HttpHandler {
  const method = op.method.toLowerCase() as "post";
  return mswHttp[method](`${base(options)}${op.path}`, ({ request }) => answer(request), {
    once: options.once ?? false,
  });
}
