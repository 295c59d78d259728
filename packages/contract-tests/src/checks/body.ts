// Negative body cases generated from each operation's request body schema: every required
// field left out, every field of a wrong type, an enum violation, lengths and patterns
// broken, an unknown field, malformed JSON. Each must answer the validation check's status,
// naming the field.
import { locationOf } from "@cec-cobrowse/spec";
import { enumerateMutations, type MutationKind } from "../generate.js";
import type { SuiteRules } from "../rules.js";
import { type Operation, operationPointer } from "../spec.js";
import type { CheckDefinition } from "./check.js";
import { bodyBreaks, validBase } from "./support/requests.js";

function mutationCheck(
  rules: SuiteRules,
  id: string,
  title: string,
  kinds: MutationKind[],
  specSuffix: (op: Operation) => string[],
): CheckDefinition {
  const ops = rules.withBody();
  return {
    id,
    title,
    specLocations: [...new Set([...ops.flatMap(specSuffix), ...ops.map((op) => rules.check(op, "validation").at)])],
    phase: "requests",
    async run(ctx) {
      for (const op of ops) {
        const base = validBase(ctx, op);
        const validation = ctx.rules.check(op, "validation");
        for (const m of enumerateMutations(ctx.spec, op.bodySchema!, base).filter((m) => kinds.includes(m.kind))) {
          // the spec's own validator must agree the body is invalid; it decides, not this generator
          if (ctx.spec.validateRequestBody(op.operationId, m.body).length === 0) continue;
          ctx.cases++;
          const x = await ctx.call(op, { label: `${op.operationId}: ${m.description}`, body: m.body });
          ctx.expectRejected(x, {
            status: validation.value,
            at: validation.at,
            why: "the body breaks its schema",
            field: m.field || undefined,
            breaks: bodyBreaks(ctx, op.operationId, m.body),
          });
        }
      }
    },
  };
}

/** Where each enum of an operation's body is declared (following a property's `$ref`). */
function enumPointers(rules: SuiteRules, op: Operation): string[] {
  return Object.entries(rules.spec.properties(op.bodySchema))
    .filter(([, prop]) => rules.spec.deref(prop).enum)
    .map(([name, prop]) => `${locationOf(prop, `${op.bodySchemaAt}/properties/${name}`)}/enum`);
}

export function bodyChecks(rules: SuiteRules): CheckDefinition[] {
  const schemaAt = (op: Operation) => op.bodySchemaAt!;
  const status = [...new Set(rules.withBody().map((op) => rules.check(op, "validation").value))].join(" or ");
  return [
    mutationCheck(
      rules,
      "body.missing-required",
      `Each required body field left out answers ${status} naming it`,
      ["missing-required"],
      (op) => [`${schemaAt(op)}/required`],
    ),
    mutationCheck(
      rules,
      "body.wrong-type",
      `Each body field (and the body itself) of a wrong JSON type answers ${status} naming it`,
      ["wrong-type", "not-object"],
      (op) => [`${schemaAt(op)}/properties`],
    ),
    mutationCheck(
      rules,
      "body.enum-violation",
      `A value outside an enum (role) answers ${status} naming the field`,
      ["enum"],
      (op) => enumPointers(rules, op),
    ),
    mutationCheck(
      rules,
      "body.constraint-violation",
      `Strings too short, too long or off-pattern answer ${status} naming the field`,
      ["too-short", "too-long", "pattern"],
      (op) => [`${schemaAt(op)}/properties`],
    ),
    mutationCheck(
      rules,
      "body.unknown-field",
      `An unknown body field (additionalProperties: false) answers ${status} naming it`,
      ["unknown-field"],
      (op) => [`${schemaAt(op)}/additionalProperties`],
    ),
    {
      id: "body.malformed-json",
      title: `A body that is not JSON, cut short, or empty answers ${status}`,
      specLocations: [
        ...new Set(rules.withBody().map((op) => rules.check(op, "validation").at)),
        ...rules.operations
          .filter((op) => op.bodyRequired)
          .map((op) => operationPointer(op, "requestBody", "required")),
      ],
      phase: "requests",
      async run(ctx) {
        for (const op of ctx.rules.withBody()) {
          const validation = ctx.rules.check(op, "validation");
          const cases: Array<[string, string]> = [
            ["cut short", '{"a":'],
            ["unquoted keys", "{a: b}"],
            ["trailing comma", '{"a":1,}'],
          ];
          if (op.bodyRequired) cases.push(["empty (the body is required)", ""]);
          for (const [name, raw] of cases) {
            ctx.cases++;
            const x = await ctx.call(op, {
              label: `${op.operationId}: body ${name}`,
              rawBody: raw,
              headers: { "Content-Type": op.requestMediaTypes[0] },
            });
            // the body is JSON (the operation's request body): one that is not must not succeed
            ctx.expectRejected(x, {
              status: validation.value,
              at: validation.at,
              why: "malformed JSON",
              breaks: [operationPointer(op, "requestBody", "content", op.requestMediaTypes[0] ?? "application/json")],
            });
          }
        }
      },
    },
  ];
}
