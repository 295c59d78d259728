// The cross-field rules of a fault spec: which fields exclude which, and which need an
// operation that can take them (read from the spec the mock serves). Each message names every
// field it involves; the most specific rules come first. They judge objects only: anything else
// breaks the schema's `type`, and only that is reported.
import type { SpecValidator } from "@cec-cobrowse/spec";

const has = (...keys: string[]) => ({ required: keys });
const isObject = { type: "object" };
const on = (flag: string) => ({ ...has(flag), properties: { [flag]: { const: true } } });
/** A rule: when `when` holds, none of `others` may be given. */
const excludes = (when: object, others: string[], message: string) => ({
  if: { ...isObject, ...when },
  then: { not: { anyOf: others.map((k) => has(k)) } },
  errorMessage: message,
});
const list = (fields: string[]) => `${fields.slice(0, -1).join(", ")} or ${fields.at(-1)}`;
const quoted = (ids: string[]) => ids.map((id) => JSON.stringify(id)).join(" or ");

/** The `allOf` of the fault schema, for the operations of `spec`. */
export function crossFieldRules(spec: SpecValidator): object[] {
  const operations = [...spec.operations.values()];
  // The operations whose 200 answer can carry success: false (the spec's x-cobrowse-outcome).
  const withSuccess = operations
    .filter((op) => op.responses.get("200")?.outcome !== undefined)
    .map((op) => op.operationId);
  // The operations whose requests carry a bearer token (revoke), and the one that issues tokens (tokenLifetime).
  const withBearer = operations
    .filter((op) => op.securityHeaders.some((h) => h.kind === "bearer"))
    .map((op) => op.operationId);
  const tokenOperation = spec.tokenSource().operation.operationId;
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
  return [
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
  ];
}
