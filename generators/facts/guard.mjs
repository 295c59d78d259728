// The keyword guard: every constraint of a request body field must be one that every language's
// pre-send checks enforce, or generation fails naming the field, the keyword and the languages
// that would skip it. No client quietly sends what the spec says a server refuses.
//
// What each layer checks before sending (teach the layer first, then widen its entry here):
//   TypeScript  checkBody (packages/client/src/internal/check-body.ts): type (string, number, boolean), enum,
//               minLength, maxLength, pattern, required, unknown fields.
//   Python      the generated pydantic model (cec_cobrowse_client): type, enum, lengths, pattern.
//   Go          checkFields (packages/client-go/sdk/info.go) over the string fields' lengths and
//               patterns, and the generated enum type of an enum field (its IsValid).
//   Java        RequestChecks (packages/client-java/sdk) over the string fields' lengths and
//               patterns, and the generated enum type of an enum field.
// Go and Java hold an enum in its generated enum type, which exists only for a schema under
// components/schemas: an inline enum would be an unchecked string there.

export class FactsError extends Error {}

/** Keywords every layer checks. */
const CHECKED = new Set(["type", "enum", "minLength", "maxLength", "pattern"]);
/** Keywords that assert nothing (annotations), and formats that assert nothing. */
const ANNOTATIONS = new Set([
  "description",
  "example",
  "examples",
  "title",
  "deprecated",
  "readOnly",
  "writeOnly",
  "$comment",
  "default",
]);
const NO_OP_FORMATS = new Set(["password"]);

/** The JSON types each layer's checks (and, for Go, its request type's plain values) handle. */
export const LAYER_TYPES = {
  TypeScript: ["string", "number", "boolean"],
  Python: ["string", "number", "integer", "boolean"],
  Go: ["string"],
  Java: ["string", "number", "integer", "boolean"],
};
const LANGUAGES = Object.keys(LAYER_TYPES);

const list = (languages) =>
  languages.length === LANGUAGES.length ? "TypeScript, Python, Go and Java" : languages.join(", ");

export const fail = (message) => {
  throw new FactsError(`facts: ${message}`);
};

/** `what`: a keyword, quoted, or a keyword and its value (`type "integer"`). */
const uncovered = (at, what, languages, fix) =>
  fail(`${at}: the client's pre-send checks do not cover ${what} (in ${list(languages)}); ${fix}`);

/**
 * One body field's constraints (`rule`, in the spec's keyword order, as the TypeScript client
 * reads them) after the guard; `schema` is the property as written, `field` its target.
 */
export function guardField(schema, field, at) {
  const rule = {};
  for (const [keyword, value] of Object.entries(field)) {
    if (ANNOTATIONS.has(keyword) || keyword === "$ref") continue;
    if (keyword === "format" && NO_OP_FORMATS.has(value)) continue;
    if (!CHECKED.has(keyword))
      uncovered(
        at,
        `"${keyword}"`,
        LANGUAGES,
        "teach each layer's checks and generators/facts/guard.mjs, or drop it from the spec",
      );
    rule[keyword] = value;
  }
  if (rule.type === undefined && rule.enum === undefined)
    fail(`${at}: states neither a type nor an enum; the clients check typed fields`);
  if (rule.type !== undefined) {
    const skipping = LANGUAGES.filter(
      (language) => !(typeof rule.type === "string" && LAYER_TYPES[language].includes(rule.type)),
    );
    // An enum field's type is its generated enum type's in Go.
    const untyped =
      rule.enum === undefined ? skipping : skipping.filter((language) => language !== "Go" || rule.type !== "string");
    if (untyped.length > 0)
      uncovered(
        at,
        `type ${JSON.stringify(rule.type)}`,
        untyped,
        `the layers check ${LANGUAGES.map((l) => `${l}: ${LAYER_TYPES[l].join(", ")}`).join("; ")}`,
      );
  }
  if (rule.enum !== undefined && schema.$ref === undefined) {
    uncovered(
      at,
      '"enum"',
      ["Go", "Java"],
      "they check an enum through its generated enum type: make it a $ref to a schema under components/schemas",
    );
  }
  if (rule.pattern !== undefined) {
    try {
      new RegExp(rule.pattern, "u");
    } catch (error) {
      fail(`${at}/pattern: ${error.message}`);
    }
  }
  return rule;
}
