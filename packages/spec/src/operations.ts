// Each operation of the document, resolved: its headers, security headers with their failure
// statuses, body schema and media types, examples, documented responses, and the checks a
// server makes, in order, with the security failures each one answers.
import type {
  ExampleObject,
  HeaderObject,
  JsonSchema,
  LinkObject,
  MediaTypeObject,
  OpenApiDocument,
  OperationObject,
  ParameterObject,
  Reference,
  ResponseObject,
  SecurityFailures,
  SecuritySchemeObject,
} from "./document-types.js";
import type { ResolvedLink } from "./links.js";
import { deref, locationOf, pointer } from "./pointer.js";
import {
  assertShape,
  CHECK_ORDER_SCHEMA,
  type CheckRule,
  OUTCOME_SCHEMA,
  type OutcomeRule,
  ROOM_SCHEMA,
  type RoomRule,
  type SpecRules,
} from "./rules.js";

export type FailureKind = keyof SecurityFailures;
export const FAILURE_KINDS: readonly FailureKind[] = ["missing", "malformed", "unknown"];

/** A header an operation's security requirement asks for. */
export interface SecurityHeader {
  scheme: string;
  /** Header name as the spec spells it (`Authorization`, `x-app-key`, ...). */
  header: string;
  /** `bearer`: the value is `prefix` + the token; `apiKey`: the value is sent as is. */
  kind: "bearer" | "apiKey";
  /**
   * `bearer`: what precedes the token in the value, `Bearer ` (the scheme's auth-scheme, as
   * RFC 6750 spells it, and one space: RFC 9110 §11.4); undefined for `apiKey`. The one place
   * the clients' generated constants and every check of a bearer value take it from.
   */
  prefix?: string;
  /**
   * JSON Schema of the value (of the token after `Bearer ` for `bearer`), from the scheme's
   * `x-cobrowse-value-schema`, with references rebased like every other schema here;
   * undefined when the scheme states none (then only presence is checked).
   */
  schema: JsonSchema | undefined;
  /** The value schema's description, quoted in issues as the fix. */
  valueDescription: string | undefined;
  /** Statuses for a missing, malformed or unknown value, from `x-cobrowse-failures`; undefined when the scheme states none. */
  failures: SecurityFailures | undefined;
  /** Where the scheme is in the spec. */
  at: string;
}

/** One security failure, and the check of the operation's order that answers it. */
export interface SecurityCheck {
  header: SecurityHeader;
  kind: FailureKind;
  status: number;
  /** `#/components/securitySchemes/<scheme>/x-cobrowse-failures/<kind>` */
  at: string;
}

/** One step of an operation's check order: the rule, and the security failures it answers. */
export interface OperationCheck extends CheckRule {
  securityChecks: SecurityCheck[];
}

export interface ResolvedHeader {
  name: string;
  required: boolean;
  schema: JsonSchema;
  description: string | undefined;
  at: string;
}

export interface Example {
  name: string;
  value: unknown;
  /** Where the example's value is defined (its `$ref` target when it has one). */
  at: string;
}

export interface ResolvedResponse {
  status: string;
  description: string;
  /** `application/json` schema, resolved against components; undefined for no body. */
  schema: JsonSchema | undefined;
  headers: ResolvedHeader[];
  mediaTypes: string[];
  examples: Example[];
  /** Which fields say whether the operation succeeded (`x-cobrowse-outcome`), when the response states it. */
  outcome: OutcomeRule | undefined;
  /** Its OpenAPI links: how this answer feeds a next request. */
  links: ResolvedLink[];
  at: string;
}

export interface Operation {
  operationId: string;
  method: string;
  path: string;
  /** `#/paths/<path>/<method>` */
  at: string;
  /** Request headers from `parameters` (security headers are in `securityHeaders`). */
  headers: ResolvedHeader[];
  securityHeaders: SecurityHeader[];
  bodyRequired: boolean;
  bodySchema: JsonSchema | undefined;
  /** Where the body schema is defined (its `$ref` target when it has one). */
  bodySchemaAt: string | undefined;
  /** The media types the body may be sent as. */
  requestMediaTypes: string[];
  requestExamples: Example[];
  responses: Map<string, ResolvedResponse>;
  /** The checks a server makes, in `x-cobrowse-check-order`'s order; the first failing one answers. */
  checkOrder: OperationCheck[];
  /** How the operation names a room (`x-cobrowse-room`), when it does. */
  room: RoomRule | undefined;
  raw: OperationObject;
}

type Rebase = (schema: JsonSchema) => JsonSchema;

/** An extension read and checked against its schema; undefined when absent. */
function extension<T>(value: unknown, schema: JsonSchema, at: string): (T & { at: string }) | undefined {
  if (value === undefined) return undefined;
  assertShape(value, schema, at);
  const { description: _description, ...rest } = value as T & { description?: string };
  return { ...(rest as T), at };
}

function examplesOf(document: OpenApiDocument, media: MediaTypeObject | undefined, at: string): Example[] {
  return Object.entries(media?.examples ?? {}).map(([name, example]) => ({
    name,
    value: deref<ExampleObject>(document, example).value,
    at: `${locationOf(example, `${at}/examples/${name}`)}/value`,
  }));
}

function securityHeadersOf(document: OpenApiDocument, op: OperationObject, rebase: Rebase): SecurityHeader[] {
  const schemes = document.components.securitySchemes ?? {};
  const out: SecurityHeader[] = [];
  for (const requirement of op.security ?? []) {
    for (const name of Object.keys(requirement)) {
      const scheme = schemes[name];
      if (!scheme) throw new Error(`${op.operationId}: unknown security scheme ${name}`);
      const bearer = scheme.type === "http" && scheme.scheme.toLowerCase() === "bearer";
      if (!bearer && !(scheme.type === "apiKey" && scheme.in === "header")) continue;
      out.push({
        scheme: name,
        header: scheme.type === "apiKey" ? scheme.name : "Authorization",
        kind: bearer ? "bearer" : "apiKey",
        ...(bearer ? { prefix: bearerPrefix(scheme.scheme) } : {}),
        ...securityRules(document, name, scheme, rebase),
        at: pointer("components", "securitySchemes", name),
      });
    }
  }
  return out;
}

/** The credentials' prefix of an http scheme: its auth-scheme capitalised as the RFCs write it (`bearer` → `Bearer `), one space. */
function bearerPrefix(authScheme: string): string {
  return `${authScheme.charAt(0).toUpperCase()}${authScheme.slice(1).toLowerCase()} `;
}

/** A security scheme's `x-cobrowse-value-schema` and `x-cobrowse-failures`, checked for shape. */
function securityRules(document: OpenApiDocument, name: string, scheme: SecuritySchemeObject, rebase: Rebase) {
  const schema = scheme["x-cobrowse-value-schema"];
  if (schema !== undefined && (typeof schema !== "object" || schema === null || Array.isArray(schema))) {
    throw new Error(`securitySchemes.${name}.x-cobrowse-value-schema: must be a JSON Schema object`);
  }
  const described = schema === undefined ? undefined : deref<JsonSchema>(document, schema).description;
  const failures = scheme["x-cobrowse-failures"];
  if (failures !== undefined) {
    for (const kind of FAILURE_KINDS) {
      const status = (failures as unknown as Record<string, unknown>)?.[kind];
      if (typeof status !== "number" || !Number.isInteger(status) || status < 400 || status > 499) {
        throw new Error(
          `securitySchemes.${name}.x-cobrowse-failures.${kind}: must be a 4xx status, got ${JSON.stringify(status)}`,
        );
      }
    }
  }
  return {
    schema: schema === undefined ? undefined : rebase(schema),
    valueDescription: typeof described === "string" ? described.trim().replace(/\.$/, "") : undefined,
    failures:
      failures === undefined
        ? undefined
        : { missing: failures.missing, malformed: failures.malformed, unknown: failures.unknown },
  };
}

/** The operation's check order, each security failure placed at the first security check with its status. */
function checkOrderOf(
  op: OperationObject,
  at: string,
  rules: SpecRules,
  securityHeaders: SecurityHeader[],
): OperationCheck[] {
  const ids = op["x-cobrowse-check-order"];
  const orderAt = `${at}/x-cobrowse-check-order`;
  if (ids === undefined)
    throw new Error(
      `the spec's ${orderAt}: is missing; list the ids of x-cobrowse-rules.checks in the order a server makes them`,
    );
  assertShape(ids, CHECK_ORDER_SCHEMA, orderAt);
  const order = ids.map((id): OperationCheck => {
    const rule = rules.checks.get(id);
    if (!rule)
      throw new Error(
        `the spec's ${orderAt}: "${id}" is not a check of x-cobrowse-rules.checks (${[...rules.checks.keys()].join(", ")})`,
      );
    return { ...rule, securityChecks: [] };
  });
  for (const header of securityHeaders) {
    if (!header.failures) continue;
    for (const kind of FAILURE_KINDS) {
      const status = header.failures[kind];
      const step = order.find((c) => c.security && c.status === status);
      if (!step) {
        throw new Error(
          `the spec's ${op.operationId}: ${header.scheme}'s x-cobrowse-failures.${kind} is ${status}, but no check of its x-cobrowse-check-order with security: true answers ${status}`,
        );
      }
      step.securityChecks.push({ header, kind, status, at: `${header.at}/x-cobrowse-failures/${kind}` });
    }
  }
  return order;
}

function resolvedHeader(
  document: OpenApiDocument,
  name: string,
  value: HeaderObject | Reference,
  at: string,
  rebase: Rebase,
): ResolvedHeader {
  const header = deref<HeaderObject>(document, value);
  return {
    name,
    required: header.required === true,
    schema: rebase(header.schema ?? {}),
    description: header.description,
    at: locationOf(value, at),
  };
}

/** A response's links (each `$ref` followed), checked for the parts this package reads. */
function linksOf(document: OpenApiDocument, response: ResponseObject, responseAt: string): ResolvedLink[] {
  return Object.entries(response.links ?? {}).map(([name, value]) => {
    const at = locationOf(value, `${responseAt}/links/${name}`);
    const link = deref<LinkObject>(document, value);
    if (typeof link.operationId !== "string")
      throw new Error(`the spec's ${at}: a link needs an operationId (operationRef is not supported)`);
    return {
      name,
      operationId: link.operationId,
      description: link.description,
      requestBody: link.requestBody,
      parameters: { ...(link.parameters ?? {}) },
      at,
    };
  });
}

/** Every operation of the document, by operationId. */
export function collectOperations(document: OpenApiDocument, rules: SpecRules, rebase: Rebase): Map<string, Operation> {
  const operations = new Map<string, Operation>();
  for (const [path, item] of Object.entries(document.paths)) {
    for (const [method, op] of Object.entries(item)) {
      if (typeof op !== "object" || op === null || !("operationId" in op)) continue;
      const at = pointer("paths", path, method);
      const headers = (op.parameters ?? []).flatMap((p, i) => {
        const parameter = deref<ParameterObject>(document, p);
        return parameter.in === "header"
          ? [resolvedHeader(document, parameter.name, parameter, locationOf(p, `${at}/parameters/${i}`), rebase)]
          : [];
      });
      const securityHeaders = securityHeadersOf(document, op, rebase);
      const bodyAt = locationOf(op.requestBody, `${at}/requestBody`);
      const body = op.requestBody ? deref(document, op.requestBody) : undefined;
      const json = body?.content["application/json"];
      const responses = new Map<string, ResolvedResponse>();
      for (const [status, value] of Object.entries(op.responses)) {
        const responseAt = locationOf(value, `${at}/responses/${status}`);
        const response = deref<ResponseObject>(document, value);
        const media = response.content?.["application/json"];
        responses.set(status, {
          status,
          description: response.description,
          schema: media?.schema ? rebase(media.schema) : undefined,
          headers: Object.entries(response.headers ?? {}).map(([name, h]) =>
            resolvedHeader(document, name, h, `${responseAt}/headers/${name}`, rebase),
          ),
          mediaTypes: Object.keys(response.content ?? {}),
          examples: examplesOf(document, media, `${responseAt}/content/application~1json`),
          outcome: extension<OutcomeRule>(
            response["x-cobrowse-outcome"],
            OUTCOME_SCHEMA,
            `${responseAt}/x-cobrowse-outcome`,
          ),
          links: linksOf(document, response, responseAt),
          at: responseAt,
        });
      }
      operations.set(op.operationId, {
        operationId: op.operationId,
        method: method.toUpperCase(),
        path,
        at,
        headers,
        securityHeaders,
        bodyRequired: body?.required === true,
        bodySchema: json?.schema ? rebase(json.schema) : undefined,
        bodySchemaAt: json?.schema ? locationOf(json.schema, `${bodyAt}/content/application~1json/schema`) : undefined,
        requestMediaTypes: Object.keys(body?.content ?? {}),
        requestExamples: examplesOf(document, json, `${bodyAt}/content/application~1json`),
        responses,
        checkOrder: checkOrderOf(op, at, rules, securityHeaders),
        room: extension<RoomRule>(op["x-cobrowse-room"], ROOM_SCHEMA, `${at}/x-cobrowse-room`),
        raw: op,
      });
    }
  }
  for (const op of operations.values()) {
    for (const response of op.responses.values()) {
      for (const link of response.links) {
        if (!operations.has(link.operationId))
          throw new Error(`the spec's ${link.at}/operationId: ${link.operationId} is not an operation`);
      }
    }
  }
  return operations;
}
