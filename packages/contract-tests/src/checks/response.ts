// Rules every response must keep, whatever the request: checked over every exchange the
// run made (each failure names the check and case whose request showed it).
import { formatIssues, type ResolvedHeader } from "@cec-cobrowse/spec";
import type { CheckContext } from "../context.js";
import type { Exchange, HttpResponse } from "../http.js";
import { PROSE } from "../rules.js";
import { operationPointer, operations, pointer, responseMediaTypes, responsePointer, spec, type Operation } from "../spec.js";
import type { CheckDefinition } from "./check.js";

type Answered = Exchange & { response: HttpResponse; operationId: string };

function answered(ctx: CheckContext): Array<{ x: Answered; op: Operation }> {
  const out: Array<{ x: Answered; op: Operation }> = [];
  for (const x of ctx.state.exchanges) {
    if (!x.response || !x.operationId) continue;
    out.push({ x: x as Answered, op: spec().operation(x.operationId) });
  }
  return out;
}

const origin = (x: Exchange) => `${x.checkId} / ${x.label}`;

/** The documented response for a status (exact, or its `NXX` range). */
function documented(op: Operation, status: number): string | undefined {
  if (op.responses.has(String(status))) return String(status);
  const range = `${String(status)[0]}XX`;
  return op.responses.has(range) ? range : undefined;
}

function mediaType(value: string | undefined): string {
  return (value ?? "").split(";")[0]!.trim().toLowerCase();
}

/** A header value checked against the (simple) schema the spec gives it. */
function headerProblem(header: ResolvedHeader, raw: string): string | undefined {
  const schema = header.schema;
  const type = schema.type;
  if (type === "integer" || type === "number") {
    if (!(type === "integer" ? /^-?\d+$/ : /^-?\d+(\.\d+)?$/).test(raw.trim())) return `must be ${type === "integer" ? "an integer" : "a number"}`;
    const n = Number(raw);
    if (typeof schema.minimum === "number" && n < schema.minimum) return `must be >= ${schema.minimum}`;
    if (typeof schema.maximum === "number" && n > schema.maximum) return `must be <= ${schema.maximum}`;
  }
  if (type === "string") {
    const length = [...raw].length;
    if (typeof schema.maxLength === "number" && length > schema.maxLength) return `must be at most ${schema.maxLength} characters (is ${length})`;
    if (typeof schema.minLength === "number" && length < schema.minLength) return `must be at least ${schema.minLength} characters`;
    if (typeof schema.pattern === "string" && !new RegExp(schema.pattern, "u").test(raw)) return `must match ${schema.pattern}`;
  }
  return undefined;
}

export function responseChecks(): CheckDefinition[] {
  const ops = operations();
  return [
    {
      id: "response.status-documented",
      title: "Every response's status is documented for its operation",
      specLocations: ops.map((op) => operationPointer(op, "responses")),
      phase: "responses",
      async run(ctx) {
        for (const { x, op } of answered(ctx)) {
          ctx.cases++;
          if (!documented(op, x.response.status)) {
            ctx.fail(
              `status ${x.response.status} is not documented for ${op.operationId} (documented: ${[...op.responses.keys()].join(", ")}); request from ${origin(x)}`,
              operationPointer(op, "responses"), x);
          }
        }
      },
    },
    {
      id: "response.schema",
      title: "Every JSON body validates against the schema documented for its status",
      // each failure names the exact status's schema; the check covers every documented response
      specLocations: ops.map((op) => operationPointer(op, "responses")),
      phase: "responses",
      async run(ctx) {
        for (const { x, op } of answered(ctx)) {
          const status = documented(op, x.response.status);
          const schema = status ? op.responses.get(status)?.schema : undefined;
          if (!status || !schema) continue;
          ctx.cases++;
          const at = pointer("paths", op.path, op.method.toLowerCase(), "responses", status, "content", "application/json", "schema");
          if (!x.response.isJson) {
            ctx.fail(`${op.operationId} ${x.response.status}: the body is not JSON (${JSON.stringify(x.response.text.slice(0, 80))}); request from ${origin(x)}`, at, x);
            continue;
          }
          const issues = spec().validateResponse(op.operationId, x.response.status, x.response.json);
          if (issues.length > 0) ctx.fail(`${op.operationId} ${x.response.status}: ${formatIssues(issues)}; request from ${origin(x)}`, at, x);
        }
      },
    },
    {
      id: "response.content-type",
      title: "Content-Type is application/json wherever the spec documents a JSON body",
      specLocations: ops.map((op) => operationPointer(op, "responses")),
      phase: "responses",
      async run(ctx) {
        for (const { x, op } of answered(ctx)) {
          const status = documented(op, x.response.status);
          if (!status) continue;
          const types = responseMediaTypes(op, status);
          if (types.length === 0) continue;
          ctx.cases++;
          const got = mediaType(x.response.headers["content-type"]);
          if (!types.includes(got)) {
            ctx.fail(`${op.operationId} ${x.response.status}: Content-Type is ${JSON.stringify(x.response.headers["content-type"] ?? "(none)")}, the spec documents ${types.join(", ")}; request from ${origin(x)}`,
              pointer("paths", op.path, op.method.toLowerCase(), "responses", status, "content"), x);
          }
        }
      },
    },
    {
      id: "response.error-code",
      title: "Every error body's errorCode is the HTTP status times 100",
      specLocations: [PROSE.errorCodeFactor.at],
      phase: "responses",
      async run(ctx) {
        for (const { x, op } of answered(ctx)) {
          if (x.response.status < 400 || !x.response.isJson) continue;
          const code = (x.response.json as { errorCode?: unknown } | null)?.errorCode;
          if (typeof code !== "number") continue; // a missing errorCode is response.schema's finding
          ctx.cases++;
          const want = x.response.status * PROSE.errorCodeFactor.value;
          if (code !== want) ctx.fail(`${op.operationId} ${x.response.status}: errorCode is ${code}, expected ${want}; request from ${origin(x)}`, PROSE.errorCodeFactor.at, x);
        }
      },
    },
    {
      id: "response.headers",
      title: "Documented response headers, when sent, match their schemas (X-Request-Id, Retry-After)",
      specLocations: [...ops.map((op) => operationPointer(op, "responses")), pointer("components", "headers")],
      phase: "responses",
      async run(ctx) {
        for (const { x, op } of answered(ctx)) {
          const status = documented(op, x.response.status);
          const response = status ? op.responses.get(status) : undefined;
          if (!response) continue;
          for (const header of response.headers) {
            const raw = x.response.headers[header.name.toLowerCase()];
            if (raw === undefined) {
              if (header.required) ctx.fail(`${op.operationId} ${x.response.status}: header ${header.name} is required; request from ${origin(x)}`, pointer("paths", op.path, op.method.toLowerCase(), "responses", status!, "headers", header.name), x);
              continue;
            }
            ctx.cases++;
            const problem = headerProblem(header, raw);
            if (problem) ctx.fail(`${op.operationId} ${x.response.status}: header ${header.name} ${problem}; request from ${origin(x)}`, pointer("paths", op.path, op.method.toLowerCase(), "responses", status!, "headers", header.name), x);
          }
        }
      },
    },
    {
      id: "response.no-5xx",
      title: "No input, however bad, gets a 5xx",
      specLocations: [PROSE.order.at, ...ops.map((op) => responsePointer(op, 500))],
      phase: "responses",
      async run(ctx) {
        for (const x of ctx.state.exchanges) {
          if (!x.response) continue;
          ctx.cases++;
          if (x.response.status >= 500) {
            ctx.fail(`${x.request.method} ${x.request.path}: status ${x.response.status} (bad input must get a 4xx: the first failing check answers); request from ${origin(x)}`, PROSE.order.at, x);
          }
        }
      },
    },
    {
      id: "response.secret-not-echoed",
      title: "The app secret (writeOnly) never comes back in any response header or body",
      specLocations: writeOnlyPointers(),
      phase: "responses",
      async run(ctx) {
        const secrets = [...ctx.state.sentSecrets].filter((s) => s.length >= 6);
        for (const x of ctx.state.exchanges) {
          if (!x.response) continue;
          ctx.cases++;
          const haystack = [x.response.text, ...Object.entries(x.response.headers).map(([k, v]) => `${k}: ${v}`)].join("\n");
          if (secrets.some((s) => haystack.includes(s) || haystack.includes(JSON.stringify(s).slice(1, -1)))) {
            ctx.fail(`${x.request.method} ${x.request.path} ${x.response.status}: the response contains the app secret (shown as [REDACTED]); request from ${origin(x)}`, writeOnlyPointers()[0] ?? "#/components/schemas", x);
          }
        }
      },
    },
  ];
}

/** Pointers to the writeOnly properties of the request schemas (the values that must never be echoed). */
export function writeOnlyPointers(): string[] {
  const out: string[] = [];
  for (const [name, schema] of Object.entries(spec().document.components.schemas ?? {})) {
    for (const [prop, value] of Object.entries((schema.properties ?? {}) as Record<string, Record<string, unknown>>)) {
      if (value.writeOnly === true) out.push(pointer("components", "schemas", name, "properties", prop));
    }
  }
  return out;
}

/** The writeOnly property names of a request body schema. */
export function writeOnlyFields(schemaName: string): string[] {
  const schema = spec().document.components.schemas?.[schemaName];
  return Object.entries((schema?.properties ?? {}) as Record<string, Record<string, unknown>>)
    .filter(([, v]) => v.writeOnly === true)
    .map(([k]) => k);
}
