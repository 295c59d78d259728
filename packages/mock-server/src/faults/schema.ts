// The JSON Schema of a fault spec, built from the spec the mock serves (its operation ids,
// which of them carry a bearer token, which one issues tokens and the lifetimes it allows)
// and from the configured limits. Its messages name the field and the fix; the cross-field
// rules name every field they involve.
import type { SpecValidator } from "@cec-cobrowse/spec";
import { lifetimeRange } from "../tokens/lifetime.js";
import { DEFAULT_FAULT_LIMITS, type FaultLimits } from "./model.js";

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
const has = (...keys: string[]) => ({ required: keys });
const isObject = { type: "object" };
const on = (flag: string) => ({ ...has(flag), properties: { [flag]: { const: true } } });
const boolean = { type: "boolean", errorMessage: "must be true or false" };
/** A rule: when `when` holds, none of `others` may be given. */
const excludes = (when: object, others: string[], message: string) => ({
  if: { ...isObject, ...when },
  then: { not: { anyOf: others.map((k) => has(k)) } },
  errorMessage: message,
});
const list = (fields: string[]) => `${fields.slice(0, -1).join(", ")} or ${fields.at(-1)}`;
const quoted = (ids: string[]) => ids.map((id) => JSON.stringify(id)).join(" or ");

/** The JSON Schema of a fault spec, for the operations of `spec` and within `limits`. */
export function faultSchema(spec: SpecValidator, limits: FaultLimits = DEFAULT_FAULT_LIMITS): Record<string, unknown> {
  const { maxCount, maxDelayMs } = limits;
  const operations = [...spec.operations.values()];
  const operationIds = operations.map((op) => op.operationId);
  // The operations whose 200 answer can carry success: false (the spec's x-cobrowse-outcome).
  const withSuccess = operations
    .filter((op) => op.responses.get("200")?.outcome !== undefined)
    .map((op) => op.operationId);
  // The operations whose requests carry a bearer token (revoke), and the one that issues tokens (tokenLifetime).
  const withBearer = operations
    .filter((op) => op.securityHeaders.some((h) => h.kind === "bearer"))
    .map((op) => op.operationId);
  const source = spec.tokenSource();
  const { minimum: minLifetime, maximum: maxLifetime } = lifetimeRange(spec);
  const tokenOperation = source.operation.operationId;
  const cannot = (field: string, others: string[], why = "") =>
    `${field}: cannot go with ${list(others)}${why}; pick one`;

  const resetOthers = [
    "status",
    "applicationError",
    "body",
    "rawBody",
    "headers",
    "revoke",
    "tokenLifetime",
    "echoToken",
    "redirect",
    "flood",
    "trickle",
  ];
  const afterOthers = [
    "reset",
    "status",
    "applicationError",
    "body",
    "rawBody",
    "headers",
    "echoToken",
    "redirect",
    "flood",
    "trickle",
  ];
  const revokeOthers = [
    "status",
    "applicationError",
    "body",
    "rawBody",
    "headers",
    "echoToken",
    "redirect",
    "flood",
    "tokenLifetime",
  ];
  const lifetimeOthers = ["status", "applicationError", "body", "rawBody", "echoToken", "redirect", "flood"];
  const redirectOthers = [
    "body",
    "rawBody",
    "applicationError",
    "echoToken",
    "flood",
    "trickle",
    "revoke",
    "tokenLifetime",
  ];
  const floodOthers = ["body", "rawBody", "applicationError", "echoToken", "trickle", "revoke", "tokenLifetime"];
  const answers = [
    "status",
    "delayMs",
    "reset",
    "resetAfterAnswer",
    "applicationError",
    "revoke",
    "tokenLifetime",
    "redirect",
    "flood",
    "trickle",
  ];
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
    // Cross-field rules, the most specific first (each message names its fields). They judge
    // objects only: anything else breaks the `type` above, and only that is reported.
    allOf: [
      excludes(on("reset"), resetOthers, cannot("reset", resetOthers)),
      {
        if: { ...isObject, ...has("applicationError") },
        then: { ...has("operationId"), properties: { operationId: { enum: withSuccess } } },
        errorMessage: `applicationError: needs "operationId": ${quoted(withSuccess)} (only its 200 answer can carry success: false)`,
      },
      excludes(
        has("applicationError"),
        ["status", "body", "rawBody", "echoToken", "redirect", "flood"],
        cannot("applicationError", ["status", "body", "rawBody", "echoToken", "redirect", "flood"]),
      ),
      excludes(on("resetAfterAnswer"), afterOthers, cannot("resetAfterAnswer", afterOthers)),
      {
        if: { ...isObject, ...on("revoke") },
        then: { ...has("operationId"), properties: { operationId: { enum: withBearer } } },
        errorMessage: `revoke: needs "operationId": ${quoted(withBearer)} (only its requests carry a bearer token)`,
      },
      excludes(
        on("revoke"),
        revokeOthers,
        cannot("revoke", revokeOthers, " (the request is served, and its authentication check answers 401)"),
      ),
      {
        if: { ...isObject, ...has("tokenLifetime") },
        then: { ...has("operationId"), properties: { operationId: { const: tokenOperation } } },
        errorMessage: `tokenLifetime: needs "operationId": "${tokenOperation}" (the request that issues tokens)`,
      },
      excludes(
        has("tokenLifetime"),
        lifetimeOthers,
        cannot("tokenLifetime", lifetimeOthers, " (no token would be issued)"),
      ),
      {
        if: { ...isObject, ...on("echoToken") },
        then: {
          ...has("status"),
          properties: { status: { minimum: 400 } },
          not: { anyOf: [has("body"), has("rawBody")] },
        },
        errorMessage:
          "echoToken: goes with a status of 400 or more and no body or rawBody (the ErrorResponse it answers carries the token)",
      },
      {
        if: { ...isObject, ...has("redirect") },
        then: { properties: { status: { minimum: 300, maximum: 399 } } },
        errorMessage: "redirect: its status must be from 300 to 399 (default 307)",
      },
      excludes(has("redirect"), redirectOthers, cannot("redirect", redirectOthers)),
      excludes(has("flood"), floodOthers, cannot("flood", floodOthers)),
      { not: { ...isObject, ...has("body", "rawBody") }, errorMessage: "body: cannot go with rawBody; pick one" },
      {
        if: { ...isObject, ...has("retryAfter") },
        then: has("status"),
        errorMessage: "retryAfter: only goes with status",
      },
      {
        if: { ...isObject, anyOf: [has("body"), has("rawBody"), has("headers")] },
        then: {
          anyOf: [
            has("status"),
            { not: { anyOf: [has("body"), has("rawBody")] }, anyOf: [has("redirect"), has("flood")] },
          ],
        },
        errorMessage:
          "body, rawBody and headers: go with status (headers also with redirect or flood); give the status to answer",
      },
      {
        if: {
          ...isObject,
          ...has("status"),
          properties: { status: { maximum: 399 } },
          not: { anyOf: [has("redirect"), has("flood")] },
        },
        then: { anyOf: [has("body"), has("rawBody")] },
        errorMessage: "status: below 400 needs body or rawBody (the answer to send), or redirect or flood",
      },
      {
        if: isObject,
        then: {
          anyOf: answers.map((k) => (k === "reset" || k === "resetAfterAnswer" || k === "revoke" ? on(k) : has(k))),
        },
        errorMessage: `fault: give ${list(answers)}`,
      },
    ],
  };
}
