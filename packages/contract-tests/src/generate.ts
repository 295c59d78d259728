// Request data generated from the spec's JSON Schemas with fast-check: valid values (that
// respect type, enum, minLength/maxLength, pattern, minimum/maximum, required and
// additionalProperties) and invalid mutations of them, one rule broken at a time.
// Every generated value is double-checked with the spec's own Ajv validator, so the
// suite's expectations never rest on this generator being right.
import fc from "fast-check";
import type { JsonSchema, SpecValidator } from "./spec.js";

const SUPPORTED = new Set([
  "type",
  "enum",
  "const",
  "minLength",
  "maxLength",
  "pattern",
  "format",
  "minimum",
  "maximum",
  "properties",
  "required",
  "additionalProperties",
  "items",
  "minItems",
  "maxItems",
  "default",
  "description",
  "example",
  "examples",
  "writeOnly",
  "readOnly",
  "title",
  "$ref",
]);

function typesOf(schema: JsonSchema): string[] {
  if (schema.enum) return [...new Set((schema.enum as unknown[]).map(jsonType))];
  if ("const" in schema) return [jsonType(schema.const)];
  return ([] as string[]).concat((schema.type as string | string[] | undefined) ?? []);
}

/** The JSON Schema type name of a JSON value. */
export function jsonType(value: unknown): string {
  if (value === null) return "null";
  if (Array.isArray(value)) return "array";
  if (typeof value === "number") return Number.isInteger(value) ? "integer" : "number";
  return typeof value;
}

function codePoints(s: string): number {
  let n = 0;
  for (const _ of s) n++;
  return n;
}

function unsupported(schema: JsonSchema, where: string): void {
  for (const key of Object.keys(schema)) {
    if (!SUPPORTED.has(key) && !key.startsWith("x-")) {
      throw new Error(
        `contract-tests: cannot generate data for schema keyword "${key}" at ${where}; extend src/generate.ts`,
      );
    }
  }
}

/** Whether a string is well-formed Unicode (no lone surrogate, which has no UTF-8 form). */
const wellFormed = (s: string) => !/[\uD800-\uDFFF]/.test(s.replace(/[\uD800-\uDBFF][\uDC00-\uDFFF]/g, ""));

/** Strings within a code-point length range, from ASCII and from all of Unicode. */
function anyString(minLength: number, maxLength: number): fc.Arbitrary<string> {
  return fc
    .oneof(
      { weight: 3, arbitrary: fc.string({ minLength, maxLength, unit: "grapheme-ascii" }) },
      { weight: 1, arbitrary: fc.string({ minLength, maxLength, unit: "binary" }) },
    )
    .filter(wellFormed);
}

/** An arbitrary producing values valid against `schema`. */
export function validArbitrary(spec: SpecValidator, input: JsonSchema, where = "schema"): fc.Arbitrary<unknown> {
  const schema = spec.deref(input);
  unsupported(schema, where);
  if (schema.enum) return fc.constantFrom(...(schema.enum as unknown[]));
  if ("const" in schema) return fc.constant(schema.const);
  const options = typesOf(schema).map((type): fc.Arbitrary<unknown> => {
    switch (type) {
      case "string": {
        const min = (schema.minLength as number | undefined) ?? 0;
        const max = (schema.maxLength as number | undefined) ?? Math.max(min, 64);
        if (typeof schema.pattern === "string") {
          const re = new RegExp(schema.pattern as string, "u");
          return fc
            .stringMatching(re, { maxLength: max })
            .filter((s) => codePoints(s) >= min && codePoints(s) <= max && re.test(s) && wellFormed(s));
        }
        return anyString(min, max);
      }
      case "integer":
        return fc.integer({
          min: (schema.minimum as number | undefined) ?? -(2 ** 31),
          max: (schema.maximum as number | undefined) ?? 2 ** 31,
        });
      case "number":
        return fc.double({
          min: (schema.minimum as number | undefined) ?? -1e9,
          max: (schema.maximum as number | undefined) ?? 1e9,
          noNaN: true,
          noDefaultInfinity: true,
        });
      case "boolean":
        return fc.boolean();
      case "null":
        return fc.constant(null);
      case "array":
        return fc.array(validArbitrary(spec, (schema.items as JsonSchema | undefined) ?? {}, `${where}/items`), {
          minLength: (schema.minItems as number | undefined) ?? 0,
          maxLength: (schema.maxItems as number | undefined) ?? 5,
        });
      case "object": {
        const properties = (schema.properties ?? {}) as Record<string, JsonSchema>;
        const required = (schema.required ?? []) as string[];
        const model: Record<string, fc.Arbitrary<unknown>> = {};
        for (const [name, prop] of Object.entries(properties))
          model[name] = validArbitrary(spec, prop, `${where}/properties/${name}`);
        return fc.record(model, { requiredKeys: required });
      }
      default:
        throw new Error(`contract-tests: cannot generate type "${type}" at ${where}`);
    }
  });
  if (options.length === 0) return fc.jsonValue();
  return options.length === 1 ? options[0]! : fc.oneof(...options);
}

/** A value that is valid against `schema`, the first the seed gives (for fixed cases). */
export function sampleValid(spec: SpecValidator, schema: JsonSchema, seed: number): unknown {
  return fc.sample(validArbitrary(spec, schema), { seed, numRuns: 1 })[0];
}

export type MutationKind =
  | "missing-required"
  | "wrong-type"
  | "enum"
  | "too-short"
  | "too-long"
  | "pattern"
  | "unknown-field"
  | "not-object";

/** One way to break a body: which rule, which field, and the broken body. */
export interface Mutation {
  kind: MutationKind;
  /** JSON pointer of the field broken (`""` for the body itself). */
  field: string;
  /** What was done, for people: `/role: 42 (a integer, not a string)`. */
  description: string;
  body: unknown;
}

const WRONG_TYPE_VALUES: Record<string, unknown> = {
  string: "wrong-type",
  integer: 42,
  number: 4.5,
  boolean: true,
  null: null,
  object: { unexpected: true },
  array: ["wrong-type"],
};

function setAt(base: Record<string, unknown>, name: string, value: unknown): Record<string, unknown> {
  return { ...base, [name]: value };
}

function withoutKey(base: Record<string, unknown>, name: string): Record<string, unknown> {
  const copy = { ...base };
  delete copy[name];
  return copy;
}

/**
 * One representative mutation per (field, rule) of an object schema, applied to a valid
 * base body. Used by the fixed negative checks; the property check draws random ones.
 */
export function enumerateMutations(spec: SpecValidator, input: JsonSchema, base: Record<string, unknown>): Mutation[] {
  const schema = spec.deref(input);
  const out: Mutation[] = [];
  const properties = (schema.properties ?? {}) as Record<string, JsonSchema>;
  const required = (schema.required ?? []) as string[];

  for (const [type, value] of Object.entries({ array: [base], string: JSON.stringify(base), null: null, integer: 1 })) {
    if (!typesOf(schema).includes(type)) {
      out.push({
        kind: "not-object",
        field: "",
        description: `the body is ${JSON.stringify(value).slice(0, 40)} (a ${type}, not an object)`,
        body: value,
      });
    }
  }
  for (const name of required) {
    out.push({
      kind: "missing-required",
      field: `/${name}`,
      description: `required field /${name} left out`,
      body: withoutKey(base, name),
    });
  }
  for (const [name, raw] of Object.entries(properties)) {
    const prop = spec.deref(raw);
    const types = typesOf(prop);
    for (const [type, value] of Object.entries(WRONG_TYPE_VALUES)) {
      if (types.includes(type) || (type === "integer" && types.includes("number"))) continue;
      // one wrong type of each family is enough for the fixed cases: a number and null
      if (type !== "integer" && type !== "null" && !(types.includes("integer") && type === "string")) continue;
      out.push({
        kind: "wrong-type",
        field: `/${name}`,
        description: `/${name}: ${JSON.stringify(value)} (a ${type}, not ${types.join(" or ")})`,
        body: setAt(base, name, value),
      });
    }
    if (prop.enum) {
      const enumValues = prop.enum as unknown[];
      const value = typeof enumValues[0] === "string" ? `not-${String(enumValues[0])}` : 123456;
      out.push({
        kind: "enum",
        field: `/${name}`,
        description: `/${name}: ${JSON.stringify(value)} (not one of ${enumValues.map((v) => JSON.stringify(v)).join(", ")})`,
        body: setAt(base, name, value),
      });
    }
    if (types.includes("string") && !prop.enum) {
      const min = prop.minLength as number | undefined;
      const max = prop.maxLength as number | undefined;
      if (min !== undefined && min > 0) {
        const value = "a".repeat(min - 1);
        out.push({
          kind: "too-short",
          field: `/${name}`,
          description: `/${name}: ${min - 1} characters (minLength ${min})`,
          body: setAt(base, name, value),
        });
      }
      if (max !== undefined) {
        const value = "a".repeat(max + 1);
        out.push({
          kind: "too-long",
          field: `/${name}`,
          description: `/${name}: ${max + 1} characters (maxLength ${max})`,
          body: setAt(base, name, value),
        });
      }
      if (typeof prop.pattern === "string") {
        const re = new RegExp(prop.pattern as string, "u");
        const candidates = [
          "-leading-dash",
          "has space",
          "bad/char",
          "ümlaut",
          "_x",
          ".x",
          "tab\there",
          "bell\u0007",
          "line\nbreak",
        ];
        const value = candidates.find(
          (c) => !re.test(c) && (min === undefined || c.length >= min) && (max === undefined || c.length <= max),
        );
        if (value !== undefined) {
          out.push({
            kind: "pattern",
            field: `/${name}`,
            description: `/${name}: ${JSON.stringify(value)} (does not match ${String(prop.pattern)})`,
            body: setAt(base, name, value),
          });
        }
      }
    }
  }
  if (schema.additionalProperties === false) {
    let name = "unexpectedField";
    while (name in properties) name += "_";
    out.push({
      kind: "unknown-field",
      field: `/${name}`,
      description: `unknown field /${name} added (additionalProperties: false)`,
      body: setAt(base, name, "x"),
    });
  }
  return out;
}

/**
 * An arbitrary of random mutations (one broken rule each) of valid bodies of `schema`, or of
 * `base` bodies when given (the real credentials, say).
 */
export function mutationArbitrary(
  spec: SpecValidator,
  input: JsonSchema,
  base?: fc.Arbitrary<Record<string, unknown>>,
): fc.Arbitrary<Mutation> {
  const schema = spec.deref(input);
  const properties = (schema.properties ?? {}) as Record<string, JsonSchema>;
  const required = (schema.required ?? []) as string[];
  const valid = base ?? (validArbitrary(spec, schema) as fc.Arbitrary<Record<string, unknown>>);
  const kinds: Array<fc.Arbitrary<Mutation>> = [];

  kinds.push(
    fc
      .jsonValue({ maxDepth: 2 })
      .filter(
        (v) =>
          !typesOf(schema).includes(jsonType(v)) && !(jsonType(v) === "integer" && typesOf(schema).includes("number")),
      )
      .map((v) => ({ kind: "not-object" as const, field: "", description: `the body is a ${jsonType(v)}`, body: v })),
  );
  if (required.length > 0) {
    kinds.push(
      fc.tuple(valid, fc.constantFrom(...required)).map(([base, name]) => ({
        kind: "missing-required" as const,
        field: `/${name}`,
        description: `required field /${name} left out`,
        body: withoutKey(base, name),
      })),
    );
  }
  for (const [name, raw] of Object.entries(properties)) {
    const prop = spec.deref(raw);
    const types = typesOf(prop);
    const wrong = fc.jsonValue({ maxDepth: 1 }).filter((v) => {
      const t = jsonType(v);
      return !types.includes(t) && !(t === "integer" && types.includes("number"));
    });
    kinds.push(
      fc.tuple(valid, wrong).map(([base, value]) => ({
        kind: "wrong-type" as const,
        field: `/${name}`,
        description: `/${name}: a ${jsonType(value)}, not ${types.join(" or ")}`,
        body: setAt(base, name, value),
      })),
    );
    if (prop.enum) {
      const allowed = new Set((prop.enum as unknown[]).map((v) => JSON.stringify(v)));
      kinds.push(
        fc
          .tuple(
            valid,
            fc.string({ minLength: 0, maxLength: 20 }).filter((s) => !allowed.has(JSON.stringify(s))),
          )
          .map(([base, value]) => ({
            kind: "enum" as const,
            field: `/${name}`,
            description: `/${name}: ${JSON.stringify(value)} is not in the enum`,
            body: setAt(base, name, value),
          })),
      );
    }
    if (types.includes("string") && !prop.enum) {
      const min = prop.minLength as number | undefined;
      const max = prop.maxLength as number | undefined;
      if (min !== undefined && min > 0) {
        kinds.push(
          fc.tuple(valid, anyString(0, min - 1)).map(([base, value]) => ({
            kind: "too-short" as const,
            field: `/${name}`,
            description: `/${name}: shorter than ${min}`,
            body: setAt(base, name, value),
          })),
        );
      }
      if (max !== undefined) {
        kinds.push(
          fc.tuple(valid, anyString(max + 1, max + 40)).map(([base, value]) => ({
            kind: "too-long" as const,
            field: `/${name}`,
            description: `/${name}: longer than ${max}`,
            body: setAt(base, name, value),
          })),
        );
      }
      if (typeof prop.pattern === "string") {
        const re = new RegExp(prop.pattern as string, "u");
        kinds.push(
          fc
            .tuple(
              valid,
              anyString(Math.max(min ?? 0, 1), Math.min(max ?? 64, 64)).filter((s) => !re.test(s)),
            )
            .map(([base, value]) => ({
              kind: "pattern" as const,
              field: `/${name}`,
              description: `/${name}: ${JSON.stringify(value)} does not match ${String(prop.pattern)}`,
              body: setAt(base, name, value),
            })),
        );
      }
    }
  }
  if (schema.additionalProperties === false) {
    const unknownName = fc
      .string({ minLength: 1, maxLength: 20 })
      .filter((s) => !(s in properties) && s !== "__proto__");
    kinds.push(
      fc.tuple(valid, unknownName, fc.jsonValue({ maxDepth: 1 })).map(([base, name, value]) => ({
        kind: "unknown-field" as const,
        field: `/${name}`,
        description: `unknown field ${JSON.stringify(name)} added`,
        body: setAt(base, name, value),
      })),
    );
  }
  return fc.oneof(...kinds);
}
