// Rules every response must keep, whatever the request: checked over every exchange the
// run made (each failure names the check and case whose request showed it).
import { formatIssues } from "@cec-cobrowse/spec";
import type { CheckContext } from "../context.js";
import type { Exchange, HttpResponse } from "../http.js";
import type { SuiteRules } from "../rules.js";
import { operationPointer, pointer, type Operation, type SpecValidator } from "../spec.js";
import type { CheckDefinition } from "./check.js";

type Answered = Exchange & { response: HttpResponse; operationId: string };

function answered(ctx: CheckContext): Array<{ x: Answered; op: Operation }> {
  const out: Array<{ x: Answered; op: Operation }> = [];
  for (const x of ctx.state.exchanges) {
    if (!x.response || !x.operationId) continue;
    out.push({ x: x as Answered, op: ctx.spec.operation(x.operationId) });
  }
  return out;
}

const origin = (x: Exchange) => `${x.checkId} / ${x.label}`;

function mediaType(value: string | undefined): string {
  return (value ?? "").split(";")[0]!.trim().toLowerCase();
}

export function responseChecks(suite: SuiteRules): CheckDefinition[] {
  const ops = suite.operations;
  const errorCode = suite.errorCode;
  return [
    {
      id: "response.status-documented",
      title: "Every response's status is documented for its operation",
      specLocations: ops.map((op) => operationPointer(op, "responses")),
      phase: "responses",
      async run(ctx) {
        for (const { x, op } of answered(ctx)) {
          ctx.cases++;
          if (!ctx.spec.documentedResponse(op.operationId, x.response.status)) {
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
          const response = ctx.spec.documentedResponse(op.operationId, x.response.status);
          if (!response?.schema) continue;
          ctx.cases++;
          const at = `${response.at}/content/application~1json/schema`;
          if (!x.response.isJson) {
            ctx.fail(`${op.operationId} ${x.response.status}: the body is not JSON (${JSON.stringify(x.response.text.slice(0, 80))}); request from ${origin(x)}`, at, x);
            continue;
          }
          const issues = ctx.spec.validateResponse(op.operationId, x.response.status, x.response.json);
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
          const response = ctx.spec.documentedResponse(op.operationId, x.response.status);
          const types = response?.mediaTypes ?? [];
          if (types.length === 0) continue;
          ctx.cases++;
          const got = mediaType(x.response.headers["content-type"]);
          if (!types.includes(got)) {
            ctx.fail(`${op.operationId} ${x.response.status}: Content-Type is ${JSON.stringify(x.response.headers["content-type"] ?? "(none)")}, the spec documents ${types.join(", ")}; request from ${origin(x)}`,
              `${response!.at}/content`, x);
          }
        }
      },
    },
    {
      id: "response.error-code",
      title: `Every error body's errorCode is the HTTP status times ${errorCode.value}`,
      specLocations: [errorCode.at],
      phase: "responses",
      async run(ctx) {
        for (const { x, op } of answered(ctx)) {
          if (x.response.status < 400 || !x.response.isJson) continue;
          const code = (x.response.json as { errorCode?: unknown } | null)?.errorCode;
          if (typeof code !== "number") continue; // a missing errorCode is response.schema's finding
          ctx.cases++;
          const want = ctx.spec.errorCode(x.response.status);
          if (code !== want) ctx.fail(`${op.operationId} ${x.response.status}: errorCode is ${code}, expected ${want}; request from ${origin(x)}`, ctx.rules.errorCode.at, x);
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
          const response = ctx.spec.documentedResponse(op.operationId, x.response.status);
          if (!response || response.headers.length === 0) continue;
          ctx.cases++;
          for (const issue of ctx.spec.validateResponseHeaders(op.operationId, x.response.status, x.response.headers)) {
            ctx.fail(`${op.operationId} ${x.response.status}: header ${issue.name} ${issue.message}; request from ${origin(x)}`, response.headers.find((h) => h.name === issue.name)?.at ?? `${response.at}/headers`, x);
          }
        }
      },
    },
    {
      id: "response.no-5xx",
      title: "No input, however bad, gets a 5xx",
      specLocations: ops.map((op) => `${op.at}/x-cobrowse-check-order`),
      phase: "responses",
      async run(ctx) {
        for (const x of ctx.state.exchanges) {
          if (!x.response) continue;
          ctx.cases++;
          if (x.response.status >= 500) {
            const op = x.operationId ? ctx.spec.operation(x.operationId) : undefined;
            ctx.fail(`${x.request.method} ${x.request.path}: status ${x.response.status} (bad input must get a 4xx: the first failing check answers); request from ${origin(x)}`, op ? `${op.at}/x-cobrowse-check-order` : "#/paths", x);
          }
        }
      },
    },
    {
      id: "response.secret-not-echoed",
      title: "The app secret (writeOnly) never comes back in any response header or body",
      specLocations: writeOnlyPointers(suite.spec),
      phase: "responses",
      async run(ctx) {
        const secrets = [...ctx.state.sentSecrets].filter((s) => s.length >= 6);
        for (const x of ctx.state.exchanges) {
          if (!x.response) continue;
          ctx.cases++;
          const haystack = [x.response.text, ...Object.entries(x.response.headers).map(([k, v]) => `${k}: ${v}`)].join("\n");
          if (secrets.some((s) => haystack.includes(s) || haystack.includes(JSON.stringify(s).slice(1, -1)))) {
            ctx.fail(`${x.request.method} ${x.request.path} ${x.response.status}: the response contains the app secret (shown as [REDACTED]); request from ${origin(x)}`, writeOnlyPointers(ctx.spec)[0] ?? "#/components/schemas", x);
          }
        }
      },
    },
  ];
}

/** Pointers to the writeOnly properties of the request schemas (the values that must never be echoed). */
export function writeOnlyPointers(spec: SpecValidator): string[] {
  const out: string[] = [];
  for (const [name, schema] of Object.entries(spec.document.components.schemas ?? {})) {
    for (const [prop, value] of Object.entries((schema.properties ?? {}) as Record<string, Record<string, unknown>>)) {
      if (value.writeOnly === true) out.push(pointer("components", "schemas", name, "properties", prop));
    }
  }
  return out;
}

/** The writeOnly property names of a request body schema. */
export function writeOnlyFields(spec: SpecValidator, schemaName: string): string[] {
  const schema = spec.document.components.schemas?.[schemaName];
  return Object.entries((schema?.properties ?? {}) as Record<string, Record<string, unknown>>)
    .filter(([, v]) => v.writeOnly === true)
    .map(([k]) => k);
}
