// The suite reads every expectation from the spec it is given: with an edited copy it follows
// with no code change. For each edit, the suite holding the mock to the same edited spec finds
// nothing, and the suite holding the unedited mock to the edited spec fails exactly the check
// the edit concerns (so it did follow the edit, rather than pass regardless).
import { document, type OpenApiDocument, SpecValidator } from "@cec-cobrowse/spec";
import { describe, expect, it } from "vitest";
import { allChecks, runContractSuite } from "../src/index.js";
import { mock } from "./support/servers.js";

// A copy of the spec, edited freely (hence any).
function edited(edit: (doc: any) => void): SpecValidator {
  const doc = structuredClone(document) as OpenApiDocument;
  edit(doc);
  return new SpecValidator(doc);
}

async function run(spec: SpecValidator, mockSpec: SpecValidator | undefined, only: string[]) {
  const server = await mock(mockSpec ? { spec: mockSpec } : {});
  try {
    return await runContractSuite({ ...server.target, spec, only, cases: 30, seed: 7 });
  } finally {
    await server.close();
  }
}

const failedIds = (report: Awaited<ReturnType<typeof run>>) =>
  report.results.filter((r) => r.status === "failed").map((r) => r.id);
const messages = (report: Awaited<ReturnType<typeof run>>, id: string) =>
  report.results
    .find((r) => r.id === id)!
    .failures.map((f) => f.message)
    .join("\n");

const path = "/apiaccess/api/cobrowse/getConnectionInfo";
const cases: Array<[string, (doc: any) => void, string[], string, RegExp]> = [
  [
    "a tighter maxLength (GetConnectionInfoRequest.userName 256 → 8)",
    (doc) => (doc.components.schemas.GetConnectionInfoRequest.properties.userName.maxLength = 8),
    ["body.constraint-violation", "property.valid-requests"],
    "body.constraint-violation",
    /\/userName: 9 characters \(maxLength 8\): expected 400 \(the body breaks its schema\), got 200/,
  ],
  [
    "another token lifetime range (X-Token-Expire up to 3600)",
    (doc) => (doc.components.parameters.TokenExpire.schema.maximum = 3600),
    ["token.expire-header", "token.expire-out-of-range"],
    "token.expire-out-of-range",
    /X-Token-Expire: "3601": expected 400 \(X-Token-Expire out of range\), got 200/,
  ],
  [
    "another failure status (a malformed X-TenantSpaceID 400 → 404)",
    (doc) => (doc.components.securitySchemes.tenantSpaceId["x-cobrowse-failures"].malformed = 404),
    ["tenant.malformed", "tenant.unknown"],
    "tenant.malformed",
    /X-TenantSpaceID: "tab\\there": expected 404 \(X-TenantSpaceID malformed\), got 400/,
  ],
  [
    "another body limit (bodySize.maxBytes 1 MiB → 4096)",
    (doc) => (doc["x-cobrowse-rules"].checks.bodySize.maxBytes = 4096),
    ["request.body-too-large"],
    "request.body-too-large",
    /tokenByAkSk with a \d+-byte body: expected 413 \(bodies over 4096 bytes\), got 400/,
  ],
  [
    "another order of checks (validation before authentication)",
    (doc) => {
      const order = doc.paths[path].post["x-cobrowse-check-order"] as string[];
      order.splice(order.indexOf("authentication"), 1);
      order.splice(order.indexOf("validation") + 1, 0, "authentication");
    },
    ["request.check-order"],
    "request.check-order",
    /getConnectionInfo: breaks validation and authentication: expected 400 \(validation is checked before authentication\), got 401/,
  ],
];

describe("the suite follows an edited spec", () => {
  it.each(cases)(
    "%s",
    async (_name, edit, only, breaks, message) => {
      const spec = edited(edit);
      const agreeing = await run(spec, spec, only);
      expect(failedIds(agreeing), messages(agreeing, breaks)).toEqual([]);
      const stale = await run(spec, undefined, only);
      expect(failedIds(stale)).toEqual([breaks]);
      expect(messages(stale, breaks)).toMatch(message);
    },
    60_000,
  );

  it("titles its checks from the spec it is given", () => {
    const spec = edited((doc) => (doc["x-cobrowse-rules"].checks.bodySize.maxBytes = 4096));
    expect(allChecks(spec).find((c) => c.id === "request.body-too-large")!.title).toBe(
      "A body over the documented limit (4096 bytes) answers 413",
    );
    expect(allChecks().find((c) => c.id === "request.body-too-large")!.title).toBe(
      "A body over the documented limit (1048576 bytes) answers 413",
    );
  });
});
