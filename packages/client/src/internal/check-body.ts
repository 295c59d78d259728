// The check of a getConnectionInfo body before it is sent: a small validator of the JSON Schema
// keywords the spec gives the body's fields (type, enum, minLength, maxLength, pattern, required,
// additionalProperties), driven by the generated field table, so no rule is typed here. The
// browser build carries it instead of a schema validator.
import type { GetConnectionInfoRequest } from "@cec-cobrowse/types";
import { ValidationError } from "../errors.js";
import { getConnectionInfoBody } from "../generated/spec.js";

/** One body field's constraints, as the generated constants state them. */
interface FieldRule {
  type?: string;
  required?: boolean;
  enum?: readonly unknown[];
  minLength?: number;
  maxLength?: number;
  pattern?: string;
}

const BODY: { fields: Readonly<Record<string, FieldRule>>; additionalProperties: boolean; example: object } =
  getConnectionInfoBody;
const compiled = new Map<string, RegExp>();

/** What a field must be: `one of "a", "b"`, or `a string of 1 to 128 characters matching ^…$`. */
const expected = ({ enum: values, type, minLength: min = 0, maxLength: max, pattern }: FieldRule): string =>
  values
    ? `one of ${values.map((v) => JSON.stringify(v)).join(", ")}`
    : `a ${type}${min || max !== undefined ? ` of ${min} to ${max ?? "any number of"} characters` : ""}${pattern ? ` matching ${pattern}` : ""}`;

/** The value sent, short: `"Alex"`, `42`, or `a string of 300 characters`. */
const got = (v: unknown): string =>
  typeof v === "string" && v.length > 40
    ? `a string of ${[...v].length} characters`
    : String(JSON.stringify(v)).slice(0, 40);

/** Whether `v` keeps the field's rules (lengths in code points, as JSON Schema counts them). */
function keeps(f: FieldRule, v: unknown): boolean {
  if (f.enum) return f.enum.includes(v);
  if (typeof v !== f.type) return false;
  if (typeof v !== "string") return true;
  const min = f.minLength ?? 0;
  const max = f.maxLength ?? Infinity;
  // A string has at most as many code points as UTF-16 units, and at least half as many:
  // count them only when that leaves the answer open.
  if (v.length > max || v.length < 2 * min) {
    const n = [...v].length;
    if (n < min || n > max) return false;
  }
  let re = f.pattern && compiled.get(f.pattern);
  if (f.pattern && !re) compiled.set(f.pattern, (re = new RegExp(f.pattern, "u")));
  return !re || re.test(v);
}

/**
 * Checks a getConnectionInfo body before it is sent, against the spec's schema of it (the
 * generated field table): no unknown field, the required ones present, each one's type, enum,
 * length and pattern. Throws a ValidationError naming the first field at fault and the fix. @internal
 */
export function checkBody(body: GetConnectionInfoRequest): void {
  const fail = (field: string, message: string) => {
    throw new ValidationError(field, message);
  };
  if (!body || typeof body !== "object" || Array.isArray(body))
    fail("", `pass an object such as ${JSON.stringify(BODY.example)}`);
  const b = body as unknown as Record<string, unknown>;
  for (const k of Object.keys(b)) {
    if (!BODY.additionalProperties && b[k] !== undefined && !(k in BODY.fields))
      fail(`/${k}`, `is not a known field; remove it (the fields are ${Object.keys(BODY.fields).join(", ")})`);
  }
  for (const k in BODY.fields) {
    const f = BODY.fields[k]!;
    const v = b[k];
    if (v === undefined ? f.required : !keeps(f, v)) {
      fail(
        `/${k}`,
        v === undefined ? `is missing; it must be ${expected(f)}` : `must be ${expected(f)}, got ${got(v)}`,
      );
    }
  }
}
