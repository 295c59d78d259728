// The rules every answer must keep, judged one exchange at a time: the response checks run them
// over every exchange of a run, and `--replay` over the one exchange it re-sends.
import { formatIssues, type ProvenanceKind, type SpecValidator } from "@cec-cobrowse/spec";
import type { Exchange, HttpResponse } from "./http.js";
import type { SuiteRules } from "./rules.js";
import { type Operation, operationPointer, pointer } from "./spec.js";

/** One broken rule: what, and where the spec states it. */
export interface Problem {
  message: string;
  at: string;
}

/** The ids of the per-answer rules (the response checks are `response.<id>`). */
export const RESPONSE_RULES = [
  "status-documented",
  "schema",
  "content-type",
  "error-code",
  "headers",
  "no-5xx",
  "secret-not-echoed",
] as const;
export type ResponseRule = (typeof RESPONSE_RULES)[number];

export type Answered = Exchange & { response: HttpResponse };

/** What a response rule checks and the spec locations it enforces. */
export interface ResponseRuleDefinition {
  title: string;
  specLocations: string[];
}

/** Each response rule's title and spec locations: the suite's response checks and the traffic's take them from here. */
export function responseRuleDefinitions(suite: SuiteRules): Record<ResponseRule, ResponseRuleDefinition> {
  const responses = () => suite.operations.map((op) => operationPointer(op, "responses"));
  return {
    "status-documented": {
      title: "Every response's status is documented for its operation",
      specLocations: responses(),
    },
    schema: {
      title: "Every JSON body validates against the schema documented for its status",
      specLocations: responses(),
    },
    "content-type": {
      title: "Content-Type is application/json wherever the spec documents a JSON body",
      specLocations: responses(),
    },
    "error-code": {
      title: `Every error body's errorCode is the HTTP status times ${suite.errorCode.value}`,
      specLocations: [suite.errorCode.at],
    },
    headers: {
      title: "Documented response headers, when sent, match their schemas (X-Request-Id, Retry-After)",
      specLocations: [...responses(), pointer("components", "headers")],
    },
    "no-5xx": {
      title: "No input, however bad, gets a 5xx (an injected fault aside)",
      specLocations: suite.operations.map((op) => `${op.at}/x-cobrowse-check-order`),
    },
    "secret-not-echoed": {
      title: "The app secret (writeOnly) never comes back in any response header or body",
      specLocations: writeOnlyPointers(suite.spec),
    },
  };
}

const origin = (x: Exchange) => `${x.checkId} / ${x.label}`;
/** The media type of a Content-Type header value, lower-cased, without its parameters. */
export const mediaType = (value: string | undefined) => (value ?? "").split(";")[0]!.trim().toLowerCase();

/** Pointers to the writeOnly properties of the request schemas (the values that must never be echoed), at their writeOnly keyword. */
export function writeOnlyPointers(spec: SpecValidator): string[] {
  const out: string[] = [];
  for (const [name, schema] of Object.entries(spec.document.components.schemas ?? {})) {
    for (const [prop, value] of Object.entries((schema.properties ?? {}) as Record<string, Record<string, unknown>>)) {
      if (value.writeOnly === true) out.push(pointer("components", "schemas", name, "properties", prop, "writeOnly"));
    }
  }
  return out;
}

/** The provenance of a rule's pointer: the spec's word, a decision when no entry covers it. */
export function provenanceAt(spec: SpecValidator, at: string): ProvenanceKind {
  return spec.provenanceOf(at)?.provenance ?? "decision";
}

/**
 * The problems one answer has with one rule. `op` is the operation the request was made to
 * (undefined for an off-spec request: only `no-5xx` and `secret-not-echoed` apply then).
 */
export function judgeAnswer(
  spec: SpecValidator,
  x: Answered,
  op: Operation | undefined,
  rule: ResponseRule,
  secrets: readonly string[] = [],
): Problem[] {
  const res = x.response;
  switch (rule) {
    case "status-documented":
      if (!op || spec.documentedResponse(op.operationId, res.status)) return [];
      return [
        {
          message: `status ${res.status} is not documented for ${op.operationId} (documented: ${[...op.responses.keys()].join(", ")}); request from ${origin(x)}`,
          at: operationPointer(op, "responses"),
        },
      ];
    case "schema": {
      const response = op && spec.documentedResponse(op.operationId, res.status);
      if (!op || !response?.schema) return [];
      const at = `${response.at}/content/application~1json/schema`;
      if (!res.isJson)
        return [
          {
            message: `${op.operationId} ${res.status}: the body is not JSON (${JSON.stringify(res.text.slice(0, 80))}); request from ${origin(x)}`,
            at,
          },
        ];
      // One problem per provenance: a broken vendor fact is not hidden behind a decision in the same body.
      const byKind = new Map<ProvenanceKind, ReturnType<SpecValidator["responseViolations"]>>();
      for (const v of spec.responseViolations(op.operationId, res.status, res.json)) {
        const kind = provenanceAt(spec, v.at);
        byKind.set(kind, [...(byKind.get(kind) ?? []), v]);
      }
      return [...byKind.values()].map((issues) => ({
        message: `${op.operationId} ${res.status}: ${formatIssues(issues)}; request from ${origin(x)}`,
        at: issues[0]!.at,
      }));
    }
    case "content-type": {
      const response = op && spec.documentedResponse(op.operationId, res.status);
      const types = response?.mediaTypes ?? [];
      if (!op || types.length === 0 || types.includes(mediaType(res.headers["content-type"]))) return [];
      return [
        {
          message: `${op.operationId} ${res.status}: Content-Type is ${JSON.stringify(res.headers["content-type"] ?? "(none)")}, the spec documents ${types.join(", ")}; request from ${origin(x)}`,
          at: `${response!.at}/content`,
        },
      ];
    }
    case "error-code": {
      if (!op || res.status < 400 || !res.isJson) return [];
      const code = (res.json as { errorCode?: unknown } | null)?.errorCode;
      if (typeof code !== "number") return []; // a missing errorCode is the schema's finding
      const want = spec.errorCode(res.status);
      return code === want
        ? []
        : [
            {
              message: `${op.operationId} ${res.status}: errorCode is ${code}, expected ${want}; request from ${origin(x)}`,
              at: spec.rules.errorCode.at,
            },
          ];
    }
    case "headers": {
      const response = op && spec.documentedResponse(op.operationId, res.status);
      if (!op || !response || response.headers.length === 0) return [];
      return spec.validateResponseHeaders(op.operationId, res.status, res.headers).map((issue) => ({
        message: `${op.operationId} ${res.status}: header ${issue.name} ${issue.message}; request from ${origin(x)}`,
        at: response.headers.find((h) => h.name === issue.name)?.at ?? `${response.at}/headers`,
      }));
    }
    case "no-5xx":
      if (res.status < 500 || x.injected) return [];
      return [
        {
          message: `${x.request.method} ${x.request.path}: status ${res.status} (bad input must get a 4xx: the first failing check answers); request from ${origin(x)}`,
          at: op ? `${op.at}/x-cobrowse-check-order` : "#/paths",
        },
      ];
    case "secret-not-echoed": {
      const haystack = [res.text, ...Object.entries(res.headers).map(([k, v]) => `${k}: ${v}`)].join("\n");
      if (!secrets.some((s) => haystack.includes(s) || haystack.includes(JSON.stringify(s).slice(1, -1)))) return [];
      return [
        {
          message: `${x.request.method} ${x.request.path} ${res.status}: the response contains the app secret (shown as [REDACTED]); request from ${origin(x)}`,
          at: writeOnlyPointers(spec)[0] ?? "#/components/schemas",
        },
      ];
    }
  }
}

/** Whether an answer is a success: a 2xx that does not say `success: false` (the operation's `x-cobrowse-outcome`). */
export function succeeded(spec: SpecValidator, x: Exchange): boolean {
  const res = x.response;
  if (!res || res.status < 200 || res.status > 299) return false;
  const op = x.operationId ? spec.operation(x.operationId) : undefined;
  const outcome = op?.responses.get(String(res.status))?.outcome ?? op?.responses.get("200")?.outcome;
  if (!outcome) return true;
  return (res.json as Record<string, unknown> | undefined)?.[outcome.success] !== false;
}

/** Whether an error answer names the field (`/role`) or header (`X-Token-Expire`) at fault, in errorReason or a detail's name. */
export function namesFieldIn(x: Exchange, field: string): boolean {
  const body = x.response?.json as { errorReason?: unknown; details?: Array<{ name?: unknown }> } | undefined;
  if (!body || typeof body !== "object") return false;
  const bare = field.replace(/^\//, "").toLowerCase();
  const reason = typeof body.errorReason === "string" ? body.errorReason.toLowerCase() : "";
  if (bare !== "" && reason.includes(bare)) return true;
  return (Array.isArray(body.details) ? body.details : []).some((d) => {
    const name = typeof d?.name === "string" ? d.name.toLowerCase() : "";
    return name === field.toLowerCase() || name.replace(/^\//, "") === bare;
  });
}
