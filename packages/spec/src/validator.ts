import { Ajv2020, type ErrorObject, type ValidateFunction } from "ajv/dist/2020.js";
import addFormats from "ajv-formats";
import type {
  HeaderObject,
  JsonSchema,
  OpenApiDocument,
  OperationObject,
  ParameterObject,
  Reference,
  ResponseObject,
  SecurityFailures,
  SecuritySchemeObject,
} from "./document-types.js";

/** One problem found in a request or response, in the spec's `ErrorDetail` shape. */
export interface Issue {
  in: "body" | "header" | "path";
  /** A JSON pointer into the body (`""` for the body itself), or a header name. */
  name: string;
  message: string;
}

/** A header an operation's security requirement asks for. */
export interface SecurityHeader {
  scheme: string;
  /** Header name as the spec spells it (`Authorization`, `x-app-key`, ...). */
  header: string;
  /** `bearer`: the value is `Bearer <token>`; `apiKey`: the value is sent as is. */
  kind: "bearer" | "apiKey";
  /**
   * JSON Schema of the value (of the token after `Bearer ` for `bearer`), from the scheme's
   * `x-cobrowse-value-schema`, with references rebased like every other schema here;
   * undefined when the scheme states none (then only presence is checked).
   */
  schema: JsonSchema | undefined;
  /** Statuses for a missing, malformed or unknown value, from `x-cobrowse-failures`; undefined when the scheme states none. */
  failures: SecurityFailures | undefined;
}

export interface ResolvedHeader {
  name: string;
  required: boolean;
  schema: JsonSchema;
}

export interface ResolvedResponse {
  status: string;
  description: string;
  /** `application/json` schema, resolved against components; undefined for no body. */
  schema: JsonSchema | undefined;
  headers: ResolvedHeader[];
}

export interface Operation {
  operationId: string;
  method: string;
  path: string;
  /** Request headers from `parameters` (security headers are in `securityHeaders`). */
  headers: ResolvedHeader[];
  securityHeaders: SecurityHeader[];
  bodyRequired: boolean;
  bodySchema: JsonSchema | undefined;
  responses: Map<string, ResolvedResponse>;
  raw: OperationObject;
}

const isRef = (value: unknown): value is Reference =>
  typeof value === "object" && value !== null && "$ref" in value;

/** Follows a local `#/...` reference inside the document. */
export function resolvePointer<T>(document: OpenApiDocument, ref: string): T {
  if (!ref.startsWith("#/")) throw new Error(`only local references are supported: ${ref}`);
  let node: unknown = document;
  for (const raw of ref.slice(2).split("/")) {
    const key = raw.replace(/~1/g, "/").replace(/~0/g, "~");
    node = (node as Record<string, unknown> | undefined)?.[key];
    if (node === undefined) throw new Error(`unresolved reference ${ref}`);
  }
  return node as T;
}

function deref<T>(document: OpenApiDocument, value: T | Reference): T {
  return isRef(value) ? deref(document, resolvePointer<T | Reference>(document, value.$ref)) : value;
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

/**
 * Validators for every operation of an OpenAPI 3.1 document, compiled once with Ajv
 * (JSON Schema 2020-12, which is what OpenAPI 3.1 schemas are).
 */
export class SpecValidator {
  readonly document: OpenApiDocument;
  readonly operations: ReadonlyMap<string, Operation>;
  readonly #ajv: Ajv2020;
  readonly #compiled = new Map<JsonSchema, ValidateFunction>();
  readonly #named = new Map<string, JsonSchema>();
  /** Each security scheme's value-schema description, quoted in issues as the fix. */
  readonly #valueDescriptions = new Map<string, string>();
  readonly #rootId = "urn:cec-cobrowse:openapi";

  constructor(document: OpenApiDocument) {
    this.document = document;
    this.#ajv = new Ajv2020({ allErrors: true, strict: false, validateFormats: true });
    addFormats(this.#ajv);
    // OpenAPI's own format for secrets: any string.
    this.#ajv.addFormat("password", true);
    // Registering the whole document lets `#/components/...` references inside schemas resolve.
    this.#ajv.addSchema({ $id: this.#rootId, components: document.components });
    this.operations = this.#collectOperations();
  }

  #collectOperations(): Map<string, Operation> {
    const operations = new Map<string, Operation>();
    const schemes = this.document.components.securitySchemes ?? {};
    for (const [path, item] of Object.entries(this.document.paths)) {
      for (const [method, op] of Object.entries(item)) {
        if (typeof op !== "object" || op === null || !("operationId" in op)) continue;
        const params = (op.parameters ?? []).map((p) => deref<ParameterObject>(this.document, p));
        const headers = params
          .filter((p) => p.in === "header")
          .map((p) => ({ name: p.name, required: p.required === true, schema: this.#schema(p.schema ?? {}) }));
        const securityHeaders: SecurityHeader[] = [];
        for (const requirement of op.security ?? []) {
          for (const name of Object.keys(requirement)) {
            const scheme = schemes[name];
            if (!scheme) throw new Error(`${op.operationId}: unknown security scheme ${name}`);
            if (scheme.type === "http" && scheme.scheme.toLowerCase() === "bearer") {
              securityHeaders.push({ scheme: name, header: "Authorization", kind: "bearer", ...this.#securityRules(name, scheme) });
            } else if (scheme.type === "apiKey" && scheme.in === "header") {
              securityHeaders.push({ scheme: name, header: scheme.name, kind: "apiKey", ...this.#securityRules(name, scheme) });
            }
          }
        }
        const body = op.requestBody ? deref(this.document, op.requestBody) : undefined;
        const responses = new Map<string, ResolvedResponse>();
        for (const [status, value] of Object.entries(op.responses)) {
          const response = deref<ResponseObject>(this.document, value);
          const schema = response.content?.["application/json"]?.schema;
          responses.set(status, {
            status,
            description: response.description,
            schema: schema ? this.#schema(schema) : undefined,
            headers: Object.entries(response.headers ?? {}).map(([name, h]) => {
              const header = deref<HeaderObject>(this.document, h);
              return { name, required: header.required === true, schema: this.#schema(header.schema ?? {}) };
            }),
          });
        }
        const bodySchema = body?.content["application/json"]?.schema;
        operations.set(op.operationId, {
          operationId: op.operationId,
          method: method.toUpperCase(),
          path,
          headers,
          securityHeaders,
          bodyRequired: body?.required === true,
          bodySchema: bodySchema ? this.#schema(bodySchema) : undefined,
          responses,
          raw: op,
        });
      }
    }
    return operations;
  }

  /** A security scheme's `x-cobrowse-value-schema` and `x-cobrowse-failures`, checked for shape. */
  #securityRules(name: string, scheme: SecuritySchemeObject): Pick<SecurityHeader, "schema" | "failures"> {
    const schema = scheme["x-cobrowse-value-schema"];
    if (schema !== undefined && (typeof schema !== "object" || schema === null || Array.isArray(schema))) {
      throw new Error(`securitySchemes.${name}.x-cobrowse-value-schema: must be a JSON Schema object`);
    }
    if (schema !== undefined) {
      const description = deref<JsonSchema>(this.document, schema as JsonSchema | Reference).description;
      if (typeof description === "string") this.#valueDescriptions.set(name, description.trim().replace(/\.$/, ""));
    }
    const failures = scheme["x-cobrowse-failures"];
    if (failures !== undefined) {
      for (const kind of ["missing", "malformed", "unknown"] as const) {
        const status = (failures as unknown as Record<string, unknown>)?.[kind];
        if (typeof status !== "number" || !Number.isInteger(status) || status < 400 || status > 499) {
          throw new Error(`securitySchemes.${name}.x-cobrowse-failures.${kind}: must be a 4xx status, got ${JSON.stringify(status)}`);
        }
      }
    }
    return {
      schema: schema === undefined ? undefined : this.#schema(schema),
      failures: failures === undefined ? undefined : { missing: failures.missing, malformed: failures.malformed, unknown: failures.unknown },
    };
  }

  /** A copy of a schema whose local references point into the registered document. */
  #schema(schema: JsonSchema): JsonSchema {
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

  /** Validates a parsed JSON request body against the operation's schema. */
  validateRequestBody(operationId: string, body: unknown): Issue[] {
    const op = this.operation(operationId);
    if (!op.bodySchema) return [];
    return this.#validate(op.bodySchema, body).map(describe);
  }

  /**
   * Validates the operation's header parameters (not the security headers). Header names
   * are matched case-insensitively; `headers` maps names to raw values.
   */
  validateRequestHeaders(operationId: string, headers: Record<string, string | undefined>): Issue[] {
    const lower = Object.fromEntries(Object.entries(headers).map(([k, v]) => [k.toLowerCase(), v]));
    const issues: Issue[] = [];
    for (const header of this.operation(operationId).headers) {
      const raw = lower[header.name.toLowerCase()];
      if (raw === undefined) {
        if (header.required) issues.push({ in: "header", name: header.name, message: "is required" });
        continue;
      }
      for (const error of this.#validate(header.schema, headerValue(raw, header.schema))) {
        issues.push({ in: "header", name: header.name, message: describe(error).message });
      }
    }
    return issues;
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
      throw new Error(`${operationId}: ${headerName} is not a security header of this operation (its security headers: ${known})`);
    }
    const issue = (message: string): Issue => ({ in: "header", name: header.header, message });
    if (value === undefined || value === "") return [issue("is required")];
    let checked = value;
    if (header.kind === "bearer") {
      if (!value.startsWith("Bearer ")) return [issue("must be `Bearer <token>` (the word Bearer, one space, the token)")];
      checked = value.slice("Bearer ".length);
    }
    if (!header.schema) return [];
    const expected = this.#valueDescriptions.get(header.scheme);
    return this.#validate(header.schema, checked).map((error) =>
      issue(expected ? `${describe(error).message} (expected: ${expected})` : describe(error).message),
    );
  }

  /** Validates a response: its status must be documented and its body match that status's schema. */
  validateResponse(operationId: string, status: number, body: unknown): Issue[] {
    const op = this.operation(operationId);
    const response = op.responses.get(String(status)) ?? op.responses.get(`${String(status)[0]}XX`);
    if (!response) {
      return [{ in: "body", name: "", message: `status ${status} is not documented for ${operationId}` }];
    }
    if (!response.schema) return [];
    return this.#validate(response.schema, body).map(describe);
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
}

/** Formats issues as one line: `body /role: must be one of ...; header X-Token-Expire: ...`. */
export function formatIssues(issues: readonly Issue[]): string {
  return issues.map((i) => `${i.in} ${i.name === "" ? "(root)" : i.name}: ${i.message}`).join("; ");
}
