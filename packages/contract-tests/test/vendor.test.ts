// A server written from the vendor's pages alone (test/support/vendor-server.ts: the vendor's
// statuses and bodies only, error bodies of its own shape, none of the spec's decisions). The
// vendor profile passes it, listing the decisions it breaks as divergences by name; the spec
// profile fails it, and only on decisions.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { countsLine, formatSummary, type Report, runContractSuite, statusUnder } from "../src/index.js";
import { cli } from "./support/cli.js";
import { startVendorServer, type VendorServer } from "./support/vendor-server.js";

/** The checks whose rules the vendor-faithful server breaks: decisions of the spec, every one. */
const DIVERGENCES = [
  "token.issue", // Expires 3600 without X-Token-Expire: the default 600 is the spec's
  "token.expire-out-of-range", // no range: 0, 86401, 1.5 are taken
  "auth.missing-header", // a missing tenant space is a 404, and no errorReason names the header
  "tenant.malformed", // a malformed tenant space is a 404, not a 400
  "tenant.unknown", // its 404 names no header
  "body.missing-required", // a bad body is a 200 with success: false (or a 401 for the token), not a 400
  "body.wrong-type",
  "body.enum-violation",
  "body.constraint-violation", // no length limits or patterns
  "body.unknown-field", // unknown fields are ignored
  "body.malformed-json",
  "request.content-type", // any media type, no content coding check
  "request.body-too-large", // no body limit
  "request.method-not-allowed", // a wrong method is a 404
  "request.check-order",
  "property.valid-requests", // Expires 3600 again
  "property.invalid-requests",
  "response.schema", // its error bodies are not the spec's ErrorResponse
];

let server: VendorServer;
let vendor: Report;
let spec: Report;
beforeAll(async () => {
  server = await startVendorServer();
  vendor = await runContractSuite({ ...server.target, profile: "vendor", cases: 50, seed: 11 });
  spec = await runContractSuite({ ...server.target, profile: "spec", cases: 50, seed: 11 });
}, 120_000);
afterAll(() => server?.close());

describe("a vendor-faithful server", () => {
  it("passes --profile vendor: no vendor failure; its decision divergences listed by name", () => {
    const failing = vendor.results.filter((r) => r.status === "failed");
    expect(
      failing.map(
        (r) =>
          `${r.id}: ${r.failures
            .filter((f) => f.provenance === "vendor")
            .map((f) => f.message)
            .join("; ")}`,
      ),
    ).toEqual([]);
    expect(vendor.ok).toBe(true);
    expect(vendor.results.filter((r) => r.status === "diverged").map((r) => r.id)).toEqual(DIVERGENCES);
    expect(vendor.summary).toMatchObject({
      failed: 0,
      vendor: 0,
      decision: DIVERGENCES.length,
      diverged: DIVERGENCES.length,
    });
    expect(countsLine(vendor)).toBe(
      `${vendor.summary.passed} passed, 0 vendor failures, ${DIVERGENCES.length} decision divergences, ${vendor.summary.skipped} skipped (profile vendor)`,
    );
    expect(formatSummary(vendor)).toContain(
      `diverged (decisions of the spec, listed, not failed): ${DIVERGENCES.join(", ")}`,
    );
    for (const r of vendor.results.filter((x) => x.status === "diverged"))
      for (const f of r.failures) expect(f.provenance, `${r.id}: ${f.message}`).toBe("decision");
  });

  it("fails --profile spec on the same checks, on decisions only", () => {
    expect(spec.ok).toBe(false);
    expect(spec.results.filter((r) => r.status === "failed").map((r) => r.id)).toEqual(DIVERGENCES);
    expect(spec.summary).toMatchObject({
      vendor: 0,
      decision: DIVERGENCES.length,
      failed: DIVERGENCES.length,
      diverged: 0,
    });
    for (const r of spec.results) {
      expect(r.broken.vendor, r.id).toBe(0);
      expect(statusUnder(r, "vendor"), r.id).not.toBe("failed");
    }
  });

  it("passes the vendor's facts: tokens, both roles in one room, a created room, authentication failures as 401", () => {
    for (const id of [
      "flow.both-roles",
      "flow.room-created",
      "token.lifetime",
      "token.wrong-credentials",
      "auth.unknown-token",
      "auth.missing-bearer-prefix",
      "auth.wrong-app-key",
      "response.status-documented",
    ]) {
      expect(vendor.results.find((r) => r.id === id)?.status, id).toBe("passed");
    }
  });

  it("leaves the statuses it never answers out of the coverage (the spec's 400, 413, 415, 429, 503)", () => {
    const missing = vendor.coverage.cells.filter((c) => c.exercisedBy.length === 0);
    expect(missing.every((c) => c.kind === "status")).toBe(true);
    expect([...new Set(missing.map((c) => c.label))].sort()).toEqual(["400", "404", "413", "415", "429", "500", "503"]);
    expect(vendor.coverage.percent).toBeLessThan(100);
  });

  it("through the CLI: --profile vendor exits 0, --profile spec 1, --min-coverage 100 fails the vendor profile too", async () => {
    const env = {
      COBROWSE_BASE_URL: server.url,
      COBROWSE_APP_KEY: server.target.appKey,
      COBROWSE_APP_SECRET: server.target.appSecret,
      COBROWSE_TENANT_SPACE_ID: server.target.tenantSpaceId,
    };
    const args = ["--cases", "10", "--seed", "3", "--skip", "token.lifetime", "--no-save-failures"];
    const asVendor = await cli([...args, "--profile", "vendor"], env);
    expect(asVendor.code, asVendor.stdout).toBe(0);
    expect(asVendor.stdout).toMatch(
      /^≠ request\.content-type \[vendor\+decision\] diverges from a decision of the spec/m,
    );
    expect(asVendor.stdout).toMatch(/0 vendor failures, \d+ decision divergences, \d+ skipped \(profile vendor\)$/m);
    const asSpec = await cli([...args, "--profile", "spec"], env);
    expect(asSpec.code).toBe(1);
    expect(asSpec.stdout).toMatch(/^✗ request\.content-type \[vendor\+decision\]/m);
    const covered = await cli([...args, "--profile", "vendor", "--min-coverage", "100"], env);
    expect(covered.code).toBe(1);
    expect(covered.stdout).toMatch(/--min-coverage 100: NOT met/);
    expect(asVendor.stdout + asSpec.stdout).not.toContain(server.target.appSecret);
  }, 120_000);
});
