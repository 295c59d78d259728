import { Ajv2020, type ErrorObject, type ValidateFunction } from "ajv/dist/2020.js";
import addFormats from "ajv-formats";
import type { JsonSchema, OpenApiDocument } from "./document-types.js";
import {
  collectOperations,
  type Operation,
  type OperationCheck,
  type ResolvedHeader,
  type ResolvedResponse,
} from "./operations.js";
import { deref, escapeSegment, isReference, locationOf, resolvePointer } from "./pointer.js";
import { type Provenance, ProvenanceMap } from "./provenance.js";
import { readRules, type SpecRules } from "./rules.js";

/** One problem found in a request or response, in the spec's `ErrorDetail` shape. */
export interface Issue {
  in: "body" | "header" | "path";
  /** A JSON pointer into the body (`""` for the body itself), or a header name. */
  name: string;
  message: string;
}

/** An issue with the rule it breaks: the schema keyword, and where that keyword is in the spec. */
export interface Violation extends Issue {
  /** The JSON Schema keyword broken (`maxLength`, `required`, `enum`, ...). */
  keyword: string;
  /** The keyword's place in the spec, as a JSON pointer (`#/components/schemas/Role/enum`). */
  at: string;
}

/** The token operation, resolved: what `x-cobrowse-token` names. */
export interface ResolvedTokenSource {
  operation: Operation;
  fields: { token: string; createTime: string; lifetime: string; appKey?: string };
  /** The request body fields that carry the app key and the app secret. */
  credentials: { appKey: string; appSecret: string };
  /** The request header that asks for a lifetime, with its schema (`minimum`, `maximum`, `default`). */
  lifetimeHeader: ResolvedHeader;
  /** The lifetime header's range and default, in seconds. */
  lifetime: { minimum: number | undefined; maximum: number | undefined; default: number | undefined };
  at: string;
}

function describe(error: ErrorObject): Issue {
  const pointer = error.instancePath;
  const params = error.params as Record<string, unknown>;
  switch (error.keyword) {
    case "required":
      return { in: "body", name: `${pointer}/${String(params.missingProperty)}`, message: "is required" };
    case "additionalProperties":
      return {
        in: "body",
        name: `${pointer}/${String(params.additionalProperty)}`,
        message: "is not a known field; remove it",
      };
    case "enum": {
      const allowed = (params.allowedValues as unknown[]).map((v) => JSON.stringify(v)).join(", ");
      return { in: "body", name: pointer, message: `must be one of ${allowed}` };
    }
    case "type":
      return { in: "body", name: pointer, message: `must be of type ${String(params.type).replace(",", " or ")}` };
    default:
      return { in: "body", name: pointer, message: error.message ?? error.keyword };
  }
}

/** Turns a raw header value into the JSON value its schema describes. */
function headerValue(raw: string, schema: JsonSchema): unknown {
  const types = ([] as unknown[]).concat(schema.type ?? []);
  if ((types.includes("integer") || types.includes("number")) && /^-?\d+(\.\d+)?$/.test(raw.trim())) {
    return Number(raw.trim());
  }
  if (types.includes("boolean") && (raw === "true" || raw === "false")) return raw === "true";
  return raw;
}

const numberOr = (value: unknown): number | undefined => (typeof value === "number" ? value : undefined);

/**
 * Validators for every operation of an OpenAPI 3.1 document, compiled once with Ajv
 * (JSON Schema 2020-12, which is what OpenAPI 3.1 schemas are), and the document's
 * machine-readable rules.
 */
export class SpecValidator {
  readonly document: OpenApiDocument;
  readonly operations: ReadonlyMap<string, Operation>;
  /** The root `x-cobrowse-rules`: error codes and the checks a server makes. */
  readonly rules: SpecRules;
  /** The root `x-cobrowse-provenance`: which rules the vendor documents and which this spec decides. */
  readonly provenance: ProvenanceMap;
  readonly #ajv: Ajv2020;
  readonly #compiled = new Map<JsonSchema, ValidateFunction>();
  readonly #named = new Map<string, JsonSchema>();
  readonly #rootId = "urn:cec-cobrowse:openapi";
  #token: ResolvedTokenSource | undefined;

  constructor(document: OpenApiDocument) {
    this.document = document;
    this.#ajv = new Ajv2020({ allErrors: true, strict: false, validateFormats: true });
    addFormats(this.#ajv);
    // OpenAPI's own format for secrets: any string.
    this.#ajv.addFormat("password", true);
    // Registering the whole document lets `#/components/...` references inside schemas resolve.
    this.#ajv.addSchema({ $id: this.#rootId, components: document.components });
    this.rules = readRules(document);
    this.provenance = new ProvenanceMap(document);
    this.operations = collectOperations(document, this.rules, (schema) => this.#rebase(schema));
    if (this.rules.token) this.tokenSource();
    for (const op of this.operations.values()) this.#checkFieldsNamed(op);
    if (this.rules.requestId)
      for (const op of this.operations.values()) this.#checkRequestIdDeclared(op, this.rules.requestId.header);
  }

  /** `x-cobrowse-rules.requestId` names a header every answer of the operation declares. */
  #checkRequestIdDeclared(op: Operation, header: string): void {
    for (const response of op.responses.values()) {
      if (!response.headers.some((h) => h.name.toLowerCase() === header.toLowerCase())) {
        throw new Error(
          `the spec's ${response.at}/headers: does not declare ${header}, which x-cobrowse-rules.requestId says every answer carries`,
        );
      }
    }
  }

  /** The properties of a schema (its `$ref` chain followed), by name. */
  properties(schema: JsonSchema | undefined): Record<string, JsonSchema> {
    return schema ? ((this.deref(schema).properties ?? {}) as Record<string, JsonSchema>) : {};
  }

  /** `x-cobrowse-room` and `x-cobrowse-outcome` name fields the operation's schemas have. */
  #checkFieldsNamed(op: Operation): void {
    const missing = (at: string, field: string, where: string) =>
      new Error(`the spec's ${at}: ${field} is not a property of ${op.operationId}'s ${where}`);
    const ok = op.responses.get("200");
    const answer = this.properties(ok?.schema);
    if (ok?.outcome) {
      for (const field of [ok.outcome.success, ok.outcome.data, ...ok.outcome.nullOnSuccess]) {
        if (!(field in answer)) throw missing(ok.outcome.at, field, "200 body");
      }
    }
    if (op.room) {
      const request = this.properties(op.bodySchema);
      for (const field of [op.room.roomId, op.room.role])
        if (!(field in request)) throw missing(op.room.at, field, "request body");
      const data = ok?.outcome ? this.properties(answer[ok.outcome.data]) : answer;
      for (const field of [op.room.roomId, ...op.room.perRole, ...op.room.webSocketUrls]) {
        if (!(field in data)) throw missing(op.room.at, field, "answer's data");
      }
    }
  }

  /** A copy of a schema whose local references point into the registered document. */
  #rebase(schema: JsonSchema): JsonSchema {
    const rebase = (node: unknown): unknown => {
      if (Array.isArray(node)) return node.map(rebase);
      if (typeof node !== "object" || node === null) return node;
      return Object.fromEntries(
        Object.entries(node).map(([key, value]) => [
          key,
          key === "$ref" && typeof value === "string" && value.startsWith("#/") ? this.#rootId + value : rebase(value),
        ]),
      );
    };
    return rebase(schema) as JsonSchema;
  }

  #validate(schema: JsonSchema, value: unknown): ErrorObject[] {
    let validate = this.#compiled.get(schema);
    if (!validate) {
      validate = this.#ajv.compile(schema);
      this.#compiled.set(schema, validate);
    }
    return validate(value) ? [] : [...(validate.errors ?? [])];
  }

  operation(operationId: string): Operation {
    const op = this.operations.get(operationId);
    if (!op) throw new Error(`unknown operationId ${operationId}`);
    return op;
  }

  /** The node a `#/...` pointer (or a rebased `urn:…#/...` reference) names in the document. */
  resolve<T = unknown>(ref: string): T {
    return resolvePointer<T>(this.document, ref);
  }

  /** A schema with its top-level `$ref` chain followed (nested references stay). */
  deref(schema: JsonSchema): JsonSchema {
    return deref<JsonSchema>(this.document, schema as JsonSchema & { $ref: string });
  }

  /** One check of an operation's order (`validation`, `bodySize`, ...); throws naming what the order holds. */
  check(operationId: string, id: string): OperationCheck {
    const op = this.operation(operationId);
    const found = op.checkOrder.find((c) => c.id === id);
    if (!found)
      throw new Error(
        `${operationId}: its x-cobrowse-check-order has no "${id}" (it has ${op.checkOrder.map((c) => c.id).join(", ")})`,
      );
    return found;
  }

  /** The `errorCode` of an error body for an HTTP status (the status times `errorCode.statusFactor`). */
  errorCode(status: number): number {
    return status * this.rules.errorCode.statusFactor;
  }

  /** The token operation and its lifetime header, from the bearer scheme's `x-cobrowse-token`. */
  tokenSource(): ResolvedTokenSource {
    if (this.#token) return this.#token;
    const source = this.rules.token;
    if (!source)
      throw new Error(
        "the spec has no x-cobrowse-token on a bearer security scheme: no operation is known to issue tokens",
      );
    const operation = this.operations.get(source.operationId);
    if (!operation) throw new Error(`the spec's ${source.at}/operationId: ${source.operationId} is not an operation`);
    const properties = this.properties(operation.responses.get("200")?.schema);
    for (const [key, field] of Object.entries(source.fields)) {
      if (!(field in properties))
        throw new Error(
          `the spec's ${source.at}/${key}: ${field} is not a property of ${source.operationId}'s 200 body`,
        );
    }
    const request = this.properties(operation.bodySchema);
    for (const [key, field] of Object.entries(source.credentials)) {
      if (!(field in request))
        throw new Error(
          `the spec's ${source.at}/credentials/${key}: ${field} is not a property of ${source.operationId}'s request body`,
        );
    }
    const lifetimeHeader = operation.headers.find((h) => h.name.toLowerCase() === source.lifetimeHeader.toLowerCase());
    if (!lifetimeHeader)
      throw new Error(
        `the spec's ${source.at}/lifetimeHeader: ${source.lifetimeHeader} is not a header parameter of ${source.operationId}`,
      );
    const schema = this.deref(lifetimeHeader.schema);
    this.#token = {
      operation,
      fields: source.fields,
      credentials: source.credentials,
      lifetimeHeader,
      lifetime: {
        minimum: numberOr(schema.minimum),
        maximum: numberOr(schema.maximum),
        default: numberOr(schema.default),
      },
      at: source.at,
    };
    return this.#token;
  }

  /** The operation for a method and path, or why there is none. */
  match(method: string, path: string): { operation: Operation } | { status: 404 } | { status: 405; allow: string[] } {
    const allow: string[] = [];
    for (const op of this.operations.values()) {
      if (op.path !== path) continue;
      if (op.method === method.toUpperCase()) return { operation: op };
      allow.push(op.method);
    }
    return allow.length > 0 ? { status: 405, allow } : { status: 404 };
  }

  /** The provenance of the rule at a JSON pointer (see `x-cobrowse-provenance`); undefined when no entry covers it. */
  provenanceOf(at: string): Provenance | undefined {
    return this.provenance.of(at);
  }

  /** Where a schema keyword broken at an instance path is, walking from the schema at `rootAt` (each `$ref` followed). */
  #locate(rootAt: string, instancePath: string, keyword: string): string {
    let at = rootAt;
    let node: unknown = this.resolve(at);
    const follow = () => {
      for (let hops = 0; isReference(node) && hops < 32; hops++) {
        at = locationOf(node, at);
        node = this.resolve(node.$ref);
      }
    };
    follow();
    for (const raw of instancePath.split("/").slice(1)) {
      const key = raw.replace(/~1/g, "/").replace(/~0/g, "~");
      const schema = node as { properties?: Record<string, unknown>; items?: unknown };
      if (schema.properties && key in schema.properties) {
        at = `${at}/properties/${escapeSegment(key)}`;
        node = schema.properties[key];
      } else if (schema.items !== undefined) {
        at = `${at}/items`;
        node = schema.items;
      } else break;
      follow();
    }
    return `${at}/${keyword}`;
  }

  #violations(schema: JsonSchema, rootAt: string, value: unknown): Violation[] {
    return this.#validate(schema, value).map((error) => ({
      ...describe(error),
      keyword: error.keyword,
      at: this.#locate(rootAt, error.instancePath, error.keyword),
    }));
  }

  /** The issues of a request body, each with the schema keyword it breaks and that keyword's place in the spec. */
  requestBodyViolations(operationId: string, body: unknown): Violation[] {
    const op = this.operation(operationId);
    if (!op.bodySchema || !op.bodySchemaAt) return [];
    return this.#violations(op.bodySchema, op.bodySchemaAt, body);
  }

  /** The issues of an answer's body against the schema documented for its status, each with the keyword's place in the spec. */
  responseViolations(operationId: string, status: number, body: unknown): Violation[] {
    const response = this.documentedResponse(operationId, status);
    if (!response?.schema) return [];
    return this.#violations(response.schema, `${response.at}/content/application~1json/schema`, body);
  }

  /** The issues of header parameter values, each with the keyword's place in the spec. */
  requestHeaderViolations(operationId: string, headers: Record<string, string | string[] | undefined>): Violation[] {
    return this.#headerViolations(this.operation(operationId).headers, headers);
  }

  /** Validates a parsed JSON request body against the operation's schema. */
  validateRequestBody(operationId: string, body: unknown): Issue[] {
    const op = this.operation(operationId);
    if (!op.bodySchema) return [];
    return this.#validate(op.bodySchema, body).map(describe);
  }

  /** Validates header values against header schemas; names are matched case-insensitively. */
  #validateHeaders(
    declared: readonly ResolvedHeader[],
    headers: Record<string, string | string[] | undefined>,
  ): Issue[] {
    return this.#headerViolations(declared, headers).map(({ in: where, name, message }) => ({
      in: where,
      name,
      message,
    }));
  }

  /** The issues of header values against their schemas, each with the keyword's place in the spec. */
  #headerViolations(
    declared: readonly ResolvedHeader[],
    headers: Record<string, string | string[] | undefined>,
  ): Violation[] {
    const lower = new Map(
      Object.entries(headers).map(([k, v]) => [k.toLowerCase(), Array.isArray(v) ? v.join(", ") : v]),
    );
    const out: Violation[] = [];
    for (const header of declared) {
      const raw = lower.get(header.name.toLowerCase());
      if (raw === undefined) {
        if (header.required)
          out.push({
            in: "header",
            name: header.name,
            message: "is required",
            keyword: "required",
            at: `${header.at}/required`,
          });
        continue;
      }
      for (const error of this.#validate(header.schema, headerValue(raw, header.schema))) {
        out.push({
          in: "header",
          name: header.name,
          message: describe(error).message,
          keyword: error.keyword,
          at: this.#locate(`${header.at}/schema`, error.instancePath, error.keyword),
        });
      }
    }
    return out;
  }

  /**
   * Validates the operation's header parameters (not the security headers). Header names
   * are matched case-insensitively; `headers` maps names to raw values.
   */
  validateRequestHeaders(operationId: string, headers: Record<string, string | string[] | undefined>): Issue[] {
    return this.#validateHeaders(this.operation(operationId).headers, headers);
  }

  /**
   * Validates the raw value of one of the operation's security headers (matched by name,
   * case-insensitively) against its scheme's `x-cobrowse-value-schema`. `undefined` or `""`
   * is a missing header (`failures.missing` applies); any other issue means the value is
   * malformed (`failures.malformed`). For a bearer scheme the value must be `Bearer <token>`
   * and the token is what the schema checks. Without a schema only presence is checked.
   * Throws when the operation has no such security header.
   */
  validateSecurityHeader(operationId: string, headerName: string, value: string | undefined): Issue[] {
    const op = this.operation(operationId);
    const header = op.securityHeaders.find((h) => h.header.toLowerCase() === headerName.toLowerCase());
    if (!header) {
      const known = op.securityHeaders.map((h) => h.header).join(", ") || "none";
      throw new Error(
        `${operationId}: ${headerName} is not a security header of this operation (its security headers: ${known})`,
      );
    }
    const issue = (message: string): Issue => ({ in: "header", name: header.header, message });
    if (value === undefined || value === "") return [issue("is required")];
    let checked = value;
    if (header.prefix !== undefined) {
      if (!value.startsWith(header.prefix))
        return [issue(`must be \`${header.prefix}<token>\` (the word ${header.prefix.trim()}, one space, the token)`)];
      checked = value.slice(header.prefix.length);
    }
    if (!header.schema) return [];
    const expected = header.valueDescription;
    return this.#validate(header.schema, checked).map((error) =>
      issue(expected ? `${describe(error).message} (expected: ${expected})` : describe(error).message),
    );
  }

  /** The documented response for a status: the exact one, else its `NXX` range; undefined when neither is documented. */
  documentedResponse(operationId: string, status: number): ResolvedResponse | undefined {
    const op = this.operation(operationId);
    return op.responses.get(String(status)) ?? op.responses.get(`${String(status)[0]}XX`);
  }

  /** Validates a response: its status must be documented and its body match that status's schema. */
  validateResponse(operationId: string, status: number, body: unknown): Issue[] {
    const response = this.documentedResponse(operationId, status);
    if (!response) {
      return [{ in: "body", name: "", message: `status ${status} is not documented for ${operationId}` }];
    }
    if (!response.schema) return [];
    return this.#validate(response.schema, body).map(describe);
  }

  /**
   * Validates a response's headers against those documented for its status: a required one
   * must be there, and each one sent must match its schema (from its raw string value).
   * Names are matched case-insensitively. An undocumented status has no headers to check.
   */
  validateResponseHeaders(
    operationId: string,
    status: number,
    headers: Record<string, string | string[] | undefined>,
  ): Issue[] {
    const response = this.documentedResponse(operationId, status);
    return response ? this.#validateHeaders(response.headers, headers) : [];
  }

  /** Validates a value against a named component schema (`TokenResponse`, ...). */
  validateSchema(name: string, value: unknown): Issue[] {
    if (!this.document.components.schemas?.[name]) throw new Error(`unknown schema ${name}`);
    let schema = this.#named.get(name);
    if (!schema) {
      schema = { $ref: `${this.#rootId}#/components/schemas/${name}` };
      this.#named.set(name, schema);
    }
    return this.#validate(schema, value).map(describe);
  }

  /** Validates a value against any schema of (or rebased into) this document, such as a header's or a property's. */
  validateValue(schema: JsonSchema, value: unknown): Issue[] {
    return this.#validate(schema, value).map(describe);
  }
}

/** Formats issues as one line: `body /role: must be one of ...; header X-Token-Expire: ...`. */
export function formatIssues(issues: readonly Issue[]): string {
  return issues.map((i) => `${i.in} ${i.name === "" ? "(root)" : i.name}: ${i.message}`).join("; ");
}
