// Negative body cases generated from each operation's request body schema: every required
// field left out, every field of a wrong type, an enum violation, lengths and patterns
// broken, an unknown field, malformed JSON. Each must answer 400 naming the field.
import { tokenOperation, type CheckContext } from "../context.js";
import { enumerateMutations, type MutationKind } from "../generate.js";
import { PROSE } from "../rules.js";
import { bodySchemaPointer, deref, operations, spec, type JsonSchema, type Operation } from "../spec.js";
import type { CheckDefinition } from "./check.js";
import { expectRejected, freshRoomId, requestExamples } from "./util.js";

/** A valid body to break: the real credentials for the token operation, else a spec example. */
export function validBase(ctx: CheckContext, op: Operation): Record<string, unknown> {
  if (op.operationId === tokenOperation().operationId) return { app_key: ctx.options.appKey, app_secret: ctx.options.appSecret };
  const example = requestExamples(op)[0];
  if (!example) throw new Error(`contract-tests: ${op.operationId} has no valid request example to start from`);
  const base = { ...example };
  if ("roomId" in base) base.roomId = freshRoomId(ctx, "body");
  return base;
}

function mutationCheck(id: string, title: string, kinds: MutationKind[], specSuffix: (op: Operation) => string[]): CheckDefinition {
  const ops = operations().filter((op) => op.bodySchema);
  return {
    id,
    title,
    specLocations: [...new Set([...ops.flatMap(specSuffix), PROSE.badBody.at])],
    phase: "requests",
    async run(ctx) {
      for (const op of ops) {
        const base = validBase(ctx, op);
        for (const m of enumerateMutations(op.bodySchema!, base).filter((m) => kinds.includes(m.kind))) {
          // the spec's own validator must agree the body is invalid; it decides, not this generator
          if (spec().validateRequestBody(op.operationId, m.body).length === 0) continue;
          ctx.cases++;
          const x = await ctx.call(op, { label: `${op.operationId}: ${m.description}`, body: m.body });
          expectRejected(ctx, x, PROSE.badBody.value, PROSE.badBody.at, "the body breaks its schema", m.field || undefined);
        }
      }
    },
  };
}

/** Where each enum of an operation's body is declared (following a property's `$ref`). */
function enumPointers(op: Operation): string[] {
  const schema = deref(op.bodySchema!);
  return Object.entries((schema.properties ?? {}) as Record<string, JsonSchema>)
    .filter(([, prop]) => deref(prop).enum)
    .map(([name, prop]) => (typeof prop.$ref === "string" ? `#${prop.$ref.slice(prop.$ref.indexOf("#") + 1)}/enum` : `${bodySchemaPointer(op)}/properties/${name}/enum`));
}

export function bodyChecks(): CheckDefinition[] {
  const schemaAt = (op: Operation) => bodySchemaPointer(op);
  return [
    mutationCheck("body.missing-required", "Each required body field left out answers 400 naming it", ["missing-required"], (op) => [`${schemaAt(op)}/required`]),
    mutationCheck("body.wrong-type", "Each body field (and the body itself) of a wrong JSON type answers 400 naming it", ["wrong-type", "not-object"], (op) => [`${schemaAt(op)}/properties`]),
    mutationCheck("body.enum-violation", "A value outside an enum (role) answers 400 naming the field", ["enum"], enumPointers),
    mutationCheck("body.constraint-violation", "Strings too short, too long or off-pattern answer 400 naming the field", ["too-short", "too-long", "pattern"], (op) => [`${schemaAt(op)}/properties`]),
    mutationCheck("body.unknown-field", "An unknown body field (additionalProperties: false) answers 400 naming it", ["unknown-field"], (op) => [`${schemaAt(op)}/additionalProperties`]),
    {
      id: "body.malformed-json",
      title: "A body that is not JSON, cut short, or empty answers 400",
      specLocations: [PROSE.badBody.at, ...operations().filter((op) => op.bodyRequired).map((op) => `#/paths/${op.path.replace(/\//g, "~1")}/${op.method.toLowerCase()}/requestBody/required`)],
      phase: "requests",
      async run(ctx) {
        for (const op of operations().filter((o) => o.bodySchema)) {
          const cases: Array<[string, string]> = [
            ["cut short", '{"role":'],
            ["unquoted keys", "{role: recorder}"],
            ["trailing comma", '{"a":1,}'],
          ];
          if (op.bodyRequired) cases.push(["empty (the body is required)", ""]);
          for (const [name, raw] of cases) {
            ctx.cases++;
            const x = await ctx.call(op, { label: `${op.operationId}: body ${name}`, rawBody: raw, headers: { "Content-Type": "application/json" } });
            expectRejected(ctx, x, PROSE.badBody.value, PROSE.badBody.at, "malformed JSON");
          }
        }
      },
    },
  ];
}
