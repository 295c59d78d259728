// The properties of an answer the mock does not compute, answered with their `example` from the
// spec: a response property added to the spec reaches every client with a value before the mock
// learns to make one. Read once at start; a required property the mock neither computes nor has
// an example for refuses the spec there, naming it.
import type { JsonSchema, SpecValidator } from "@cec-cobrowse/spec";

/** Each property the mock answers with its example: [name, example]. */
export type Examples = ReadonlyArray<readonly [string, unknown]>;

/** The example a schema states: `example`, else the first of `examples`; undefined when none. */
function exampleOf(schema: JsonSchema): unknown {
  if ("example" in schema) return schema.example;
  return Array.isArray(schema.examples) ? schema.examples[0] : undefined;
}

/**
 * The properties of `schema` besides `computed` that have an example; `at` is where the schema
 * is, for the error naming a required property that has none.
 */
export function examplesBesides(
  spec: SpecValidator,
  schema: JsonSchema | undefined,
  computed: readonly string[],
  at: string,
): Examples {
  if (schema === undefined) return [];
  const required = new Set((spec.deref(schema).required as string[] | undefined) ?? []);
  const out: Array<readonly [string, unknown]> = [];
  for (const [name, property] of Object.entries(spec.properties(schema))) {
    if (computed.includes(name)) continue;
    const example = exampleOf(spec.deref(property));
    if (example !== undefined) out.push([name, example]);
    else if (required.has(name))
      throw new Error(
        `the spec's ${at}/properties/${name}: is required, and the mock does not compute it; give it an example to answer`,
      );
  }
  return out;
}

/** Sets each example `target` lacks (none for the shipped spec, whose answers the mock computes whole). */
export function fill(target: object, examples: Examples): void {
  for (let i = 0; i < examples.length; i++) {
    const [name, example] = examples[i]!;
    if (!(name in target)) (target as Record<string, unknown>)[name] = example;
  }
}
