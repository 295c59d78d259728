// The JSON Schema of a fault spec (built from the spec the mock serves, for the operation ids,
// and from the configured limits), whose messages name the field and the fix, and the checker
// that turns a checked spec into a pending fault.
import type { SpecValidator } from "@cec-cobrowse/spec";
import { Ajv2020, type ErrorObject, type ValidateFunction } from "ajv/dist/2020.js";
import ajvErrors from "ajv-errors";
import { DEFAULT_FAULT_LIMITS, FaultLimitError, FaultSpecError, type FaultLimits, type FaultSpec, type PendingFault } from "./model.js";

const MAX_RETRY_AFTER_SECONDS = 3600;
/** A fault's rawBody, at most: with the queue caps, what queued faults can hold is bounded (1000 × 64 KiB). */
export const MAX_RAW_BODY = 64 * 1024;
const FRAMING_HEADERS = ["content-length", "transfer-encoding", "connection"];

/** A regular expression source matching `word` in any letter case. */
const anyCase = (word: string) => word.replace(/[a-z]/gi, (c) => `[${c.toLowerCase()}${c.toUpperCase()}]`);
const has = (...keys: string[]) => ({ required: keys });
const isObject = { type: "object" };

/** The JSON Schema of a fault spec, for the operations of `spec` and within `limits`. */
export function faultSchema(spec: SpecValidator, limits: FaultLimits = DEFAULT_FAULT_LIMITS): Record<string, unknown> {
  const { maxCount, maxDelayMs } = limits;
  const operationIds = [...spec.operations.keys()];
  // The operations whose 200 answer can carry success: false (the spec's x-cobrowse-outcome).
  const withSuccess = [...spec.operations.values()].filter((op) => op.responses.get("200")?.outcome !== undefined).map((op) => op.operationId);
  const quoted = (ids: string[]) => ids.map((id) => JSON.stringify(id)).join(" or ");
  return {
    type: "object",
    errorMessage: { type: 'fault: must be a JSON object such as {"count":1,"status":503}' },
    additionalProperties: false,
    properties: {
      count: { type: "integer", minimum: 1, maximum: maxCount, errorMessage: `must be an integer from 1 to ${maxCount}` },
      operationId: { enum: operationIds, errorMessage: `must be one of ${operationIds.map((id) => JSON.stringify(id)).join(", ")}` },
      status: { type: "integer", minimum: 200, maximum: 599, errorMessage: "must be an integer from 200 to 599" },
      retryAfter: {
        oneOf: [
          { type: "integer", minimum: 0, maximum: MAX_RETRY_AFTER_SECONDS },
          { type: "string", minLength: 1, maxLength: 200, pattern: "^[\\x20-\\x7e]+$" },
        ],
        errorMessage: `must be an integer from 0 to ${MAX_RETRY_AFTER_SECONDS} (seconds), or a string of 1 to 200 printable ASCII characters sent as is`,
      },
      delayMs: { type: "integer", minimum: 0, maximum: maxDelayMs, errorMessage: `must be an integer from 0 to ${maxDelayMs}` },
      reset: { type: "boolean", errorMessage: "must be true or false" },
      resetAfterAnswer: { type: "boolean", errorMessage: "must be true or false" },
      applicationError: {
        type: "object",
        errorMessage: { type: 'must be an object such as {"errorCode":1001,"errorReason":"room closed"}' },
        additionalProperties: false,
        properties: {
          errorCode: { type: "integer", minimum: -2_147_483_648, maximum: 2_147_483_647, errorMessage: "must be an integer" },
          errorReason: { type: "string", maxLength: 1000, errorMessage: "must be a string of at most 1000 characters" },
        },
      },
      body: {},
      rawBody: { type: "string", maxLength: MAX_RAW_BODY, errorMessage: `must be a string of at most ${MAX_RAW_BODY} characters` },
      headers: {
        type: "object",
        maxProperties: 20,
        propertyNames: { pattern: `^(?!(?:${FRAMING_HEADERS.map(anyCase).join("|")})$)[!#$%&'*+.^_\`|~0-9A-Za-z-]+$` },
        additionalProperties: { type: "string", maxLength: 1000, pattern: "^[\\t\\x20-\\x7e]*$" },
        errorMessage: "must map at most 20 header names (not Content-Length, Transfer-Encoding or Connection) to printable ASCII values",
      },
    },
    // Cross-field rules, the most specific first (each message names its fields). They judge
    // objects only: anything else breaks the `type` above, and only that is reported.
    allOf: [
      {
        if: { ...isObject, ...has("reset"), properties: { reset: { const: true } } },
        then: { not: { anyOf: ["status", "applicationError", "body", "rawBody", "headers"].map((k) => has(k)) } },
        errorMessage: "reset: cannot go with status, applicationError, body, rawBody or headers; pick one",
      },
      {
        if: { ...isObject, ...has("applicationError") },
        then: { ...has("operationId"), properties: { operationId: { enum: withSuccess } } },
        errorMessage: `applicationError: needs "operationId": ${quoted(withSuccess)} (only its 200 answer can carry success: false)`,
      },
      {
        if: { ...isObject, ...has("applicationError") },
        then: { not: { anyOf: ["status", "body", "rawBody"].map((k) => has(k)) } },
        errorMessage: "applicationError: cannot go with status, body or rawBody; pick one",
      },
      {
        if: { ...isObject, ...has("resetAfterAnswer"), properties: { resetAfterAnswer: { const: true } } },
        then: { not: { anyOf: ["reset", "status", "applicationError", "body", "rawBody", "headers"].map((k) => has(k)) } },
        errorMessage: "resetAfterAnswer: cannot go with reset, status, applicationError, body, rawBody or headers; pick one",
      },
      { not: { ...isObject, ...has("body", "rawBody") }, errorMessage: "body: cannot go with rawBody; pick one" },
      { if: { ...isObject, ...has("retryAfter") }, then: has("status"), errorMessage: "retryAfter: only goes with status" },
      { if: { ...isObject, anyOf: [has("body"), has("rawBody"), has("headers")] }, then: has("status"), errorMessage: "body, rawBody and headers: go with status; give the status to answer" },
      { if: { ...isObject, ...has("status"), properties: { status: { maximum: 399 } } }, then: { anyOf: [has("body"), has("rawBody")] }, errorMessage: "status: below 400 needs body or rawBody (the answer to send)" },
      {
        if: isObject,
        then: {
          anyOf: [
            has("status"),
            has("delayMs"),
            { ...has("reset"), properties: { reset: { const: true } } },
            { ...has("resetAfterAnswer"), properties: { resetAfterAnswer: { const: true } } },
            has("applicationError"),
          ],
        },
        errorMessage: "fault: give status, delayMs, reset, resetAfterAnswer or applicationError",
      },
    ],
  };
}

/** One line per problem, each naming its field: `count: must be ...`. */
function describe(errors: ErrorObject[], fields: string[]): string {
  const lines = errors.map((error) => {
    if (error.keyword === "additionalProperties") {
      const field = `${error.instancePath.slice(1).replace(/\//g, ".")}${error.instancePath ? "." : ""}${String(error.params.additionalProperty)}`;
      return `${field}: is not a known field; use ${error.instancePath ? "errorCode, errorReason" : fields.join(", ")}`;
    }
    const field = error.instancePath.slice(1).replace(/\//g, ".");
    // Messages of the cross-field rules (at the root) name their fields themselves.
    return field === "" ? String(error.message) : `${field}: ${error.message}`;
  });
  return [...new Set(lines)].join("; ");
}

/** Checks fault specs against the schema and turns them into pending faults. Internal. */
export class FaultChecker {
  readonly #validate: ValidateFunction;
  readonly #fields: string[];
  readonly #defaultErrorCode: number;
  readonly limits: FaultLimits;

  constructor(spec: SpecValidator, limits: FaultLimits = DEFAULT_FAULT_LIMITS) {
    const ajv = new Ajv2020({ allErrors: true, strict: false });
    ajvErrors(ajv);
    const schema = faultSchema(spec, limits);
    this.limits = limits;
    this.#fields = Object.keys(schema.properties as object);
    this.#defaultErrorCode = spec.errorCode(500);
    this.#validate = ajv.compile(schema);
  }

  /** The pending fault `spec` makes (its defaults filled in), or a FaultSpecError naming the field. */
  pending(spec: FaultSpec, id: number, scope: string): PendingFault {
    if (!this.#validate(spec)) throw new FaultSpecError(describe(this.#validate.errors ?? [], this.#fields));
    const { count = 1, applicationError, ...rest } = structuredClone(spec);
    const fault: PendingFault = { id, scope, remaining: count, ...rest };
    if (applicationError) {
      fault.applicationError = { errorCode: applicationError.errorCode ?? this.#defaultErrorCode, errorReason: applicationError.errorReason ?? "injected application error" };
    }
    return fault;
  }

  /** The refusal of a fault for a scope that already holds `held` (the per-scope limit). */
  scopeFull(scope: string, held: number | string): FaultLimitError {
    return new FaultLimitError(`faults: scope ${JSON.stringify(scope)} already holds ${held} queued faults (at most ${this.limits.maxQueuedPerScope}); clear them (DELETE) or wait until they are taken`);
  }

  /** The refusal of a fault when `held` are queued in all scopes (the total limit). */
  queuesFull(held: number | string): FaultLimitError {
    return new FaultLimitError(`faults: ${held} are queued in all scopes (at most ${this.limits.maxQueued}); retry once some are taken`);
  }
}
