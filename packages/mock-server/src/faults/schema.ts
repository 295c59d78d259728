// The JSON Schema of a fault spec, built from the spec the mock serves (its operation ids,
// which of them carry a bearer token, which one issues tokens and the lifetimes it allows)
// and from the configured limits. Its messages name the field and the fix; the cross-field
// rules (schema-rules.ts) name every field they involve.
import type { SpecValidator } from "@cec-cobrowse/spec";
import { lifetimeRange } from "../tokens/lifetime.js";
import { DEFAULT_FAULT_LIMITS, type FaultLimits } from "./model.js";
import { crossFieldRules } from "./schema-rules.js";

const MAX_RETRY_AFTER_SECONDS = 3600;
/** A fault's rawBody, at most: with the queue caps, what queued faults can hold is bounded (1000 × 64 KiB). */
export const MAX_RAW_BODY = 64 * 1024;
/** A flood's size, at most: 1 GiB. */
export const MAX_FLOOD_BYTES = 1024 * 1024 * 1024;
/** A trickle's rate, at most (bytes a second). */
export const MAX_TRICKLE_RATE = 65_536;
const FRAMING_HEADERS = ["content-length", "transfer-encoding", "connection"];

/** A regular expression source matching `word` in any letter case. */
const anyCase = (word: string) => word.replace(/[a-z]/gi, (c) => `[${c.toLowerCase()}${c.toUpperCase()}]`);
const boolean = { type: "boolean", errorMessage: "must be true or false" };

/** The JSON Schema of a fault spec, for the operations of `spec` and within `limits`. */
export function faultSchema(spec: SpecValidator, limits: FaultLimits = DEFAULT_FAULT_LIMITS): Record<string, unknown> {
  const { maxCount, maxDelayMs } = limits;
  const operationIds = [...spec.operations.values()].map((op) => op.operationId);
  const source = spec.tokenSource();
  const { minimum: minLifetime, maximum: maxLifetime } = lifetimeRange(spec);
  return {
    type: "object",
    errorMessage: { type: 'fault: must be a JSON object such as {"count":1,"status":503}' },
    additionalProperties: false,
    properties: {
      count: {
        type: "integer",
        minimum: 1,
        maximum: maxCount,
        errorMessage: `must be an integer from 1 to ${maxCount}`,
      },
      operationId: {
        enum: operationIds,
        errorMessage: `must be one of ${operationIds.map((id) => JSON.stringify(id)).join(", ")}`,
      },
      status: { type: "integer", minimum: 200, maximum: 599, errorMessage: "must be an integer from 200 to 599" },
      retryAfter: {
        oneOf: [
          { type: "integer", minimum: 0, maximum: MAX_RETRY_AFTER_SECONDS },
          { type: "string", minLength: 1, maxLength: 200, pattern: "^[\\x20-\\x7e]+$" },
        ],
        errorMessage: `must be an integer from 0 to ${MAX_RETRY_AFTER_SECONDS} (seconds), or a string of 1 to 200 printable ASCII characters sent as is`,
      },
      delayMs: {
        type: "integer",
        minimum: 0,
        maximum: maxDelayMs,
        errorMessage: `must be an integer from 0 to ${maxDelayMs}`,
      },
      reset: boolean,
      resetAfterAnswer: boolean,
      applicationError: {
        type: "object",
        errorMessage: { type: 'must be an object such as {"errorCode":1001,"errorReason":"room closed"}' },
        additionalProperties: false,
        properties: {
          errorCode: {
            type: "integer",
            minimum: -2_147_483_648,
            maximum: 2_147_483_647,
            errorMessage: "must be an integer",
          },
          errorReason: { type: "string", maxLength: 1000, errorMessage: "must be a string of at most 1000 characters" },
        },
      },
      body: {},
      rawBody: {
        type: "string",
        maxLength: MAX_RAW_BODY,
        errorMessage: `must be a string of at most ${MAX_RAW_BODY} characters`,
      },
      headers: {
        type: "object",
        maxProperties: 20,
        propertyNames: { pattern: `^(?!(?:${FRAMING_HEADERS.map(anyCase).join("|")})$)[!#$%&'*+.^_\`|~0-9A-Za-z-]+$` },
        additionalProperties: { type: "string", maxLength: 1000, pattern: "^[\\t\\x20-\\x7e]*$" },
        errorMessage:
          "must map at most 20 header names (not Content-Length, Transfer-Encoding or Connection) to printable ASCII values",
      },
      revoke: boolean,
      tokenLifetime: {
        type: "integer",
        minimum: minLifetime,
        maximum: maxLifetime,
        errorMessage: `must be a whole number of seconds from ${minLifetime} to ${maxLifetime} (the spec's ${source.lifetimeHeader.name} range)`,
      },
      echoToken: boolean,
      redirect: {
        enum: ["other-origin", "same-origin"],
        errorMessage: 'must be "other-origin" (127.0.0.1 ↔ localhost, same port) or "same-origin"',
      },
      flood: {
        type: "object",
        additionalProperties: false,
        required: ["bytes"],
        properties: { bytes: { type: "integer", minimum: 1, maximum: MAX_FLOOD_BYTES }, gzip: { type: "boolean" } },
        errorMessage: `must be {"bytes": N} or {"bytes": N, "gzip": true}, N a whole number from 1 to ${MAX_FLOOD_BYTES} (1 GiB)`,
      },
      trickle: {
        type: "object",
        additionalProperties: false,
        required: ["bytesPerSecond"],
        properties: { bytesPerSecond: { type: "integer", minimum: 1, maximum: MAX_TRICKLE_RATE } },
        errorMessage: `must be {"bytesPerSecond": N}, N a whole number from 1 to ${MAX_TRICKLE_RATE}`,
      },
    },
    allOf: crossFieldRules(spec),
  };
}
