// The SARIF 2.1.0 reporter: valid against the official schema; one result per kind of failure,
// located at the line and column of the rule broken in the spec file (the JSON pointer mapped
// through the YAML source), with its provenance and the replay command; with a baseline, the
// accepted results suppressed.
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { baselineOf, type Report, runContractSuite, SpecLocator, sarifReport, shippedSpecFile } from "../src/index.js";
import { cli } from "./support/cli.js";
import { sarifErrors } from "./support/sarif.js";
import { startVendorServer, type VendorServer } from "./support/vendor-server.js";

type Result = {
  ruleId: string;
  level: string;
  message: { text: string };
  baselineState?: string;
  suppressions?: unknown[];
  locations: Array<{
    physicalLocation: { artifactLocation: { uri: string }; region: { startLine: number; startColumn: number } };
    logicalLocations: Array<{ fullyQualifiedName: string }>;
  }>;
  properties: Record<string, unknown>;
};
type Sarif = {
  version: string;
  runs: Array<{ tool: { driver: { rules: Array<{ id: string }> } }; results: Result[] }>;
};

const dir = mkdtempSync(join(tmpdir(), "contract-sarif-"));
let server: VendorServer;
let report: Report;
const lines = readFileSync(shippedSpecFile(), "utf8").split("\n");

beforeAll(async () => {
  server = await startVendorServer();
  report = await runContractSuite({ ...server.target, profile: "spec", cases: 10, seed: 5, skip: ["token.lifetime"] });
}, 120_000);
afterAll(async () => {
  await server?.close();
  rmSync(dir, { recursive: true, force: true });
});

describe("the SARIF reporter", () => {
  it("writes SARIF 2.1.0 that validates against the official schema, a rule per check and a result per kind of failure", () => {
    const sarif = JSON.parse(sarifReport(report, { root: join(shippedSpecFile(), "..", "..", "..") })) as Sarif;
    expect(sarifErrors(sarif)).toEqual([]);
    expect(sarif.version).toBe("2.1.0");
    const run = sarif.runs[0]!;
    expect(run.tool.driver.rules.map((r) => r.id)).toEqual(report.results.map((r) => r.id));
    const kinds = report.results.reduce((n, r) => n + (r.signatures?.length ?? 0), 0);
    expect(run.results).toHaveLength(kinds);
    expect(kinds).toBeGreaterThan(10);
  });

  it("locates each result at the line and column of its rule in the spec file (the pointer's last key)", () => {
    const sarif = JSON.parse(sarifReport(report)) as Sarif;
    for (const result of sarif.runs[0]!.results) {
      const [location] = result.locations;
      const pointer = location!.logicalLocations[0]!.fullyQualifiedName;
      const last = pointer.split("/").at(-1)!.replace(/~1/g, "/").replace(/~0/g, "~");
      const { startLine, startColumn } = location!.physicalLocation.region;
      const line = lines[startLine - 1]!;
      // the key of the rule broken starts at that column (quoted or not), or the array item there
      expect(line.slice(startColumn - 1), `${pointer} at ${startLine}:${startColumn}: ${line}`).toMatch(
        /^\d+$/.test(last) ? /^- |^\S/ : new RegExp(`^'?${last.replace(/[.*+?^${}()|[\]\\]/g, "\\$&")}'?:`),
      );
      expect(location!.physicalLocation.artifactLocation.uri).toMatch(/openapi\.yaml$/);
    }
    // one by hand: the role enum (a vendor fact) is where the spec's Role schema says enum
    const locator = new SpecLocator(shippedSpecFile());
    const role = locator.locate("#/components/schemas/Role/enum")!;
    expect(lines[role.region.startLine - 1]).toMatch(/^\s+enum:/);
    expect(
      lines
        .slice(0, role.region.startLine)
        .reverse()
        .find((l) => /^ {4}\S/.test(l)),
    ).toMatch(/^ {4}Role:/);
  });

  it("carries each result's provenance and replay command; a divergence under the vendor profile is a warning", () => {
    const sarif = JSON.parse(sarifReport({ ...report, profile: "vendor" })) as Sarif;
    for (const r of sarif.runs[0]!.results) {
      expect(["vendor", "decision"]).toContain(r.properties.provenance);
      expect(r.message.text).toMatch(/^\[(vendor|decision)\] /);
      expect(r.properties.replay).toMatch(/^(cobrowse-contract --replay |COBROWSE_BASE_URL=)/);
      expect(r.level).toBe(r.properties.provenance === "decision" ? "warning" : "error");
    }
    expect(JSON.stringify(sarif)).not.toContain(server.target.appSecret);
  });

  it("with a baseline: accepted results are unchanged and suppressed, the others new; still valid", () => {
    const baseline = baselineOf(report);
    baseline.entries = baseline.entries.slice(1);
    const accepted = {
      ...report,
      baseline: {
        accepted: { entries: baseline.entries.length, failures: 0 },
        new: [],
        disappeared: [
          {
            check: "token.issue",
            operation: "tokenByAkSk",
            fingerprint: "0123456789abcdef",
            specLocation: "#/components/schemas/TokenResponse",
            provenance: "vendor" as const,
            message: "a failure that no longer shows",
          },
        ],
        notRun: 0,
      },
    };
    for (const r of accepted.results)
      for (const s of r.signatures ?? []) s.baselined = baseline.entries.some((e) => e.fingerprint === s.fingerprint);
    const sarif = JSON.parse(sarifReport(accepted)) as Sarif;
    expect(sarifErrors(sarif)).toEqual([]);
    const states = sarif.runs[0]!.results.map((r) => r.baselineState);
    expect(states.filter((s) => s === "new")).toHaveLength(1);
    expect(states.filter((s) => s === "absent")).toHaveLength(1);
    expect(
      sarif.runs[0]!.results.filter((r) => r.baselineState === "unchanged").every((r) => r.suppressions?.length === 1),
    ).toBe(true);
  });

  it("is what --reporter sarif --output writes", async () => {
    const out = join(dir, "report.sarif");
    const r = await cli(
      [
        "--profile",
        "vendor",
        "--cases",
        "5",
        "--skip",
        "token.lifetime",
        "--reporter",
        "sarif",
        "--output",
        out,
        "--no-save-failures",
      ],
      {
        COBROWSE_BASE_URL: server.target.baseUrl,
        COBROWSE_APP_KEY: server.target.appKey,
        COBROWSE_APP_SECRET: server.target.appSecret,
        COBROWSE_TENANT_SPACE_ID: server.target.tenantSpaceId,
      },
    );
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toMatch(/report \(sarif\) written to /);
    const sarif = JSON.parse(readFileSync(out, "utf8")) as Sarif;
    expect(sarifErrors(sarif)).toEqual([]);
    expect(sarif.runs[0]!.results.length).toBeGreaterThan(0);
  });
});
