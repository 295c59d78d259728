import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { allChecks, DEFAULT_CASES, type Report, runContractSuite } from "../src/index.js";
import { CONTROL_TOKEN, mock, type Target } from "./support/servers.js";

describe("against the project's mock server (default case count, WebSocket checks and fault control on)", () => {
  let server: Awaited<ReturnType<typeof mock>>;
  let report: Report;
  const issuedTokens: string[] = [];

  beforeAll(async () => {
    server = await mock();
    const target: Target = server.target;
    report = await runContractSuite({
      ...target,
      seed: 20261128,
      websocket: true,
      faultControl: "/__mock/faults",
      faultControlToken: CONTROL_TOKEN,
      minCoverage: 100,
    });
    // tokens the mock issued during the run: none may be in the report
    for (const r of report.results)
      for (const f of r.failures)
        if (f.exchange?.response?.body.includes("AccessToken")) issuedTokens.push(f.exchange.response.body);
  }, 180_000);
  afterAll(() => server?.close());

  it("passes every check under the spec profile", () => {
    const failed = report.results.filter((r) => r.status !== "passed");
    expect(failed.map((r) => `${r.id}: ${r.skipReason ?? ""}${r.failures.map((f) => f.message).join("; ")}`)).toEqual(
      [],
    );
    expect(report.ok).toBe(true);
    expect(report.profile).toBe("spec");
    expect(report.summary).toMatchObject({
      total: allChecks().length,
      passed: allChecks().length,
      failed: 0,
      diverged: 0,
      skipped: 0,
      vendor: 0,
      decision: 0,
    });
  });

  it("exercises 100% of the coverage matrix: every documented status, security failure kind and request constraint", () => {
    expect(
      report.coverage.cells
        .filter((c) => c.exercisedBy.length === 0)
        .map((c) => `${c.operationId} ${c.kind} ${c.label}`),
    ).toEqual([]);
    expect(report.coverage).toMatchObject({ percent: 100 });
    expect(report.minCoverage).toEqual({ percent: 100, met: true });
    const kinds = new Set(report.coverage.cells.map((c) => c.kind));
    expect([...kinds].sort()).toEqual(["constraint", "security", "status"]);
    // each documented status of each operation is a cell
    for (const op of ["tokenByAkSk", "getConnectionInfo"]) {
      expect(
        report.coverage.cells.filter((c) => c.operationId === op && c.kind === "status").map((c) => c.label),
      ).toEqual(["200", "400", "401", "404", "413", "415", "429", "500", "503"]);
    }
  });

  it("runs the default number of property cases, and every check made requests or read them", () => {
    expect(DEFAULT_CASES).toBeGreaterThanOrEqual(200);
    expect(report.cases).toBe(DEFAULT_CASES);
    for (const id of ["property.valid-requests", "property.invalid-requests"]) {
      expect(report.results.find((r) => r.id === id)?.cases).toBe(DEFAULT_CASES);
    }
    for (const r of report.results) expect(r.cases, r.id).toBeGreaterThan(0);
    expect(report.summary.requests).toBeGreaterThan(2 * DEFAULT_CASES);
  });

  it("prints a replay command with the seed and no credentials", () => {
    expect(report.seed).toBe(20261128);
    expect(report.replay).toContain("--seed 20261128");
    expect(report.replay).toContain(`--cases ${DEFAULT_CASES}`);
    expect(report.replay).toContain("--websocket");
    expect(report.replay).not.toContain(server.target.appSecret);
    expect(JSON.stringify(report)).not.toContain(server.target.appSecret);
    expect(JSON.stringify(report)).not.toContain(CONTROL_TOKEN);
  });
});
