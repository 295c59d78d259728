// OpenAPI links: how one operation's answer feeds the next request. A link's values are
// literals or runtime expressions (`$response.body#/data/roomId`, `{$request.header.x}` inside
// a string); `evaluateLink` turns them into the next request's body and parameters.
import { isReference } from "./pointer.js";

/** A link of a documented response, as the spec states it. */
export interface ResolvedLink {
  /** Its name in the response's `links`. */
  name: string;
  /** The operation the link leads to. */
  operationId: string;
  description: string | undefined;
  /** The next request's body: a literal, an expression, or an object whose values are either. */
  requestBody: unknown;
  /** The next request's parameters by name (`path.id`, `header.X`, or a bare name): each a literal or an expression. */
  parameters: Record<string, unknown>;
  /** Where the link is in the spec. */
  at: string;
}

/** What a runtime expression may read: the request that was sent and the answer it got. */
export interface LinkContext {
  url?: string;
  method?: string;
  statusCode?: number;
  request?: {
    headers?: Record<string, string | undefined>;
    query?: Record<string, string | undefined>;
    path?: Record<string, string | undefined>;
    body?: unknown;
  };
  response?: { headers?: Record<string, string | undefined>; body?: unknown };
}

/** A link's values, evaluated: the next request's body (when the link gives one) and parameters. */
export interface EvaluatedLink {
  requestBody?: unknown;
  parameters: Record<string, unknown>;
}

const EXPRESSION = /^\$(url|method|statusCode|request\.|response\.)/;

function pointerInto(value: unknown, fragment: string, expression: string): unknown {
  if (fragment === "" || fragment === "/")
    return fragment === "" ? value : (value as Record<string, unknown> | undefined)?.[""];
  if (!fragment.startsWith("/")) throw new Error(`${expression}: the body reference's JSON pointer must start with /`);
  let node = value;
  for (const raw of fragment.slice(1).split("/")) {
    const key = decodeURIComponent(raw).replace(/~1/g, "/").replace(/~0/g, "~");
    if (typeof node !== "object" || node === null || !(key in node))
      throw new Error(
        `${expression}: nothing at ${fragment} in the ${expression.startsWith("$request") ? "request" : "answer"}`,
      );
    node = (node as Record<string, unknown>)[key];
  }
  return node;
}

function lookup(
  map: Record<string, string | undefined> | undefined,
  name: string,
  caseless: boolean,
): string | undefined {
  if (!map) return undefined;
  if (!caseless) return map[name];
  const key = Object.keys(map).find((k) => k.toLowerCase() === name.toLowerCase());
  return key === undefined ? undefined : map[key];
}

/** The value of one runtime expression (`$response.body#/data/roomId`); throws naming it when it reads nothing. */
export function evaluateExpression(expression: string, context: LinkContext): unknown {
  if (expression === "$url") return context.url;
  if (expression === "$method") return context.method;
  if (expression === "$statusCode") return context.statusCode;
  const match = /^\$(request|response)\.(header|query|path|body)(?:\.(.+)|#(.*))?$/.exec(expression);
  if (!match) throw new Error(`${expression}: not a runtime expression of OpenAPI 3.1`);
  const [, side, source, name, fragment] = match as unknown as [
    string,
    "request" | "response",
    string,
    string | undefined,
    string | undefined,
  ];
  const from = context[side];
  if (source === "body") {
    if (name !== undefined) throw new Error(`${expression}: a body reference takes a JSON pointer after #`);
    return pointerInto(from?.body, fragment ?? "", expression);
  }
  if (name === undefined) throw new Error(`${expression}: name the ${source} value`);
  const table =
    side === "request"
      ? context.request?.[source === "header" ? "headers" : (source as "query" | "path")]
      : source === "header"
        ? context.response?.headers
        : undefined;
  const value = lookup(table, name, source === "header");
  if (value === undefined) throw new Error(`${expression}: the ${side} has no ${source} ${name}`);
  return value;
}

/** A link value evaluated: an expression, a string with `{$…}` inside, or a literal (objects and arrays recursively). */
export function evaluateLinkValue(value: unknown, context: LinkContext): unknown {
  if (typeof value === "string") {
    if (EXPRESSION.test(value)) return evaluateExpression(value, context);
    if (!value.includes("{$")) return value;
    return value.replace(/\{(\$[^}]+)\}/g, (_, expression: string) => String(evaluateExpression(expression, context)));
  }
  if (Array.isArray(value)) return value.map((v) => evaluateLinkValue(v, context));
  if (typeof value === "object" && value !== null && !isReference(value)) {
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, evaluateLinkValue(v, context)]));
  }
  return value;
}

/** A link's request body (when it gives one) and parameters, evaluated against the exchange it follows. */
export function evaluateLink(
  link: Pick<ResolvedLink, "requestBody" | "parameters">,
  context: LinkContext,
): EvaluatedLink {
  const out: EvaluatedLink = {
    parameters: Object.fromEntries(Object.entries(link.parameters).map(([k, v]) => [k, evaluateLinkValue(v, context)])),
  };
  if (link.requestBody !== undefined) out.requestBody = evaluateLinkValue(link.requestBody, context);
  return out;
}
