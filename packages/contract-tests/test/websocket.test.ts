// The room's WebSocket checks read the protocol from the spec (x-cobrowse-rules.websocket): held to
// an edited copy they fail a mock serving the original, and pass a mock serving the same copy.
// They are decision checks: the vendor documents only the URLs and the signature.
import { document, type OpenApiDocument, SpecValidator } from "@cec-cobrowse/spec";
import { describe, expect, it } from "vitest";
import { allChecks, runContractSuite } from "../src/index.js";
import { mock } from "./support/servers.js";

function edited(edit: (doc: any) => void): SpecValidator {
  const doc = structuredClone(document) as OpenApiDocument;
  edit(doc);
  return new SpecValidator(doc);
}

async function run(spec: SpecValidator | undefined, mockSpec: SpecValidator | undefined, only: string[]) {
  const server = await mock(mockSpec ? { spec: mockSpec } : {});
  try {
    return await runContractSuite({
      ...server.target,
      ...(spec ? { spec } : {}),
      only,
      websocket: true,
      seed: 3,
      cases: 5,
    });
  } finally {
    await server.close();
  }
}

const messages = (report: Awaited<ReturnType<typeof run>>, id: string) =>
  report.results
    .find((r) => r.id === id)!
    .failures.map((f) => f.message)
    .join("\n");

describe("the room's WebSocket checks", () => {
  it("are decisions of the spec, and skipped without --websocket", async () => {
    for (const check of allChecks().filter((c) => c.id.startsWith("websocket."))) {
      expect(
        check.specLocations.every((at) => at.startsWith("#/x-cobrowse-rules/websocket")),
        check.id,
      ).toBe(true);
    }
    const server = await mock();
    try {
      const report = await runContractSuite({ ...server.target, only: ["websocket."] });
      expect(report.results.map((r) => [r.id, r.status, r.provenance])).toEqual(
        ["websocket.admit", "websocket.refuse", "websocket.relay", "websocket.message-limit"].map((id) => [
          id,
          "skipped",
          ["decision"],
        ]),
      );
    } finally {
      await server.close();
    }
  });

  it.each([
    [
      "a smaller message limit (maxMessageBytes 1 MiB → 4096)",
      (doc: any): void => void (doc["x-cobrowse-rules"].websocket.maxMessageBytes = 4096),
      "websocket.message-limit",
      /a 4097-byte message: the sender was not closed within \d+ ms, expected close code 1009/,
    ],
    [
      "another status for another role's connectParam (otherRole 403 → 409)",
      (doc: any): void => void (doc["x-cobrowse-rules"].websocket.refusals.otherRole = 409),
      "websocket.refuse",
      /with role=replayer: refused with 403, expected 409 \(otherRole\)/,
    ],
  ] as const)(
    "follow an edited spec: %s",
    async (_name, edit, id, message) => {
      const spec = edited(edit);
      const agreeing = await run(spec, spec, [id]);
      expect(
        agreeing.results.filter((r) => r.status !== "passed").map((r) => `${r.id}: ${messages(agreeing, r.id)}`),
      ).toEqual([]);
      const stale = await run(spec, undefined, [id]);
      expect(stale.results.find((r) => r.id === id)?.status).toBe("failed");
      expect(messages(stale, id)).toMatch(message);
      expect(stale.results.find((r) => r.id === id)!.failures.every((f) => f.provenance === "decision")).toBe(true);
    },
    60_000,
  );
});
