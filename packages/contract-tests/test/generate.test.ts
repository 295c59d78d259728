// The generators are checked against the spec's own validator: valid values validate,
// every mutation breaks exactly what it says.

import { specValidator } from "@cec-cobrowse/spec";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { enumerateMutations, mutationArbitrary, validArbitrary } from "../src/generate.js";

const spec = specValidator();

const ops = [...spec.operations.values()].filter((op) => op.bodySchema);

describe("schema-driven generation", () => {
  it.each(ops.map((op) => [op.operationId, op] as const))("valid bodies of %s validate against the spec", (_, op) => {
    fc.assert(
      fc.property(validArbitrary(spec, op.bodySchema!), (body) => {
        expect(spec.validateRequestBody(op.operationId, body)).toEqual([]);
      }),
      { seed: 1, numRuns: 300 },
    );
  });

  it("valid room ids respect the spec's pattern and maxLength (no control characters, well-formed Unicode)", () => {
    const schema = spec.deref(spec.properties(spec.operation("getConnectionInfo").bodySchema).roomId!);
    const pattern = new RegExp(String(schema.pattern), "u");
    const samples = fc.sample(validArbitrary(spec, { $ref: "#/components/schemas/GetConnectionInfoRequest" }), {
      seed: 2,
      numRuns: 300,
    }) as Array<{ roomId?: string }>;
    const ids = samples.map((s) => s.roomId).filter((v): v is string => v !== undefined);
    expect(ids.length).toBeGreaterThan(50);
    for (const id of ids) {
      expect(id).toMatch(pattern);
      // biome-ignore lint/suspicious/noControlCharactersInRegex: the test asserts no control character is there.
      expect(id).not.toMatch(/[\u0000-\u001F\u007F-\u009F]/);
      expect([...id].length).toBeLessThanOrEqual(Number(schema.maxLength));
    }
  });

  it.each(ops.map((op) => [op.operationId, op] as const))(
    "random mutations of %s are rejected by the spec's validator at the field they name",
    (_, op) => {
      let checked = 0;
      fc.assert(
        fc.property(mutationArbitrary(spec, op.bodySchema!), (m) => {
          const issues = spec.validateRequestBody(op.operationId, m.body);
          expect(issues.length, m.description).toBeGreaterThan(0);
          if (m.field !== "" && m.kind !== "unknown-field") expect(issues.map((i) => i.name)).toContain(m.field);
          checked++;
        }),
        { seed: 3, numRuns: 300 },
      );
      expect(checked).toBe(300);
    },
  );

  it("enumerates one mutation per field and rule of getConnectionInfo", () => {
    const op = spec.operation("getConnectionInfo");
    const mutations = enumerateMutations(spec, op.bodySchema!, { roomId: "r1", role: "recorder" });
    const kinds = new Set(mutations.map((m) => `${m.kind} ${m.field}`));
    for (const expected of [
      "missing-required /role",
      "enum /role",
      "wrong-type /roomId",
      "too-long /roomId",
      "too-short /roomId",
      "pattern /roomId",
      "too-long /workNo",
      "unknown-field /unexpectedField",
      "not-object ",
    ]) {
      expect(kinds).toContain(expected);
    }
    for (const m of mutations)
      expect(spec.validateRequestBody(op.operationId, m.body).length, m.description).toBeGreaterThan(0);
  });

  it("refuses schema keywords it cannot generate, naming them", () => {
    expect(() => validArbitrary(spec, { type: "string", contentEncoding: "base64" })).toThrow(
      /cannot generate data for schema keyword "contentEncoding"/,
    );
  });
});
