// A baseline of accepted failures (the CLI, as users run it): --update-baseline writes the run's
// failures (check id, operation, fingerprint); a run given the baseline fails only on a failure
// it does not list, and reports the listed ones that disappeared. First for the vendor profile's
// case: a vendor-faithful server held to the spec profile, its 18 decision divergences accepted.
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { BASELINE_FORMAT, type Baseline, type Report } from "../src/index.js";
import { cli } from "./support/cli.js";
import { brokenServer, editJson, mock, type Target } from "./support/servers.js";
import { startVendorServer } from "./support/vendor-server.js";

const dir = mkdtempSync(join(tmpdir(), "contract-baseline-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const envOf = (t: Target) => ({
  COBROWSE_BASE_URL: t.baseUrl,
  COBROWSE_APP_KEY: t.appKey,
  COBROWSE_APP_SECRET: t.appSecret,
  COBROWSE_TENANT_SPACE_ID: t.tenantSpaceId,
});
const read = (file: string) => JSON.parse(readFileSync(file, "utf8")) as Baseline;

describe("--baseline and --update-baseline", () => {
  it("accepts a vendor gateway's 18 divergences from the spec's decisions: the spec profile then passes it, listing them as accepted", async () => {
    const vendor = await startVendorServer();
    try {
      const file = join(dir, "vendor-baseline.json");
      const args = [
        "--profile",
        "spec",
        "--cases",
        "10",
        "--seed",
        "4",
        "--skip",
        "token.lifetime",
        "--no-save-failures",
        "--baseline",
        file,
      ];
      const written = await cli([...args, "--update-baseline"], envOf(vendor.target));
      expect(written.code, written.stderr).toBe(0);
      expect(written.stdout).toMatch(/baseline written to .*vendor-baseline\.json: \d+ accepted kind\(s\) of failure/);
      const baseline = read(file);
      expect(baseline.format).toBe(BASELINE_FORMAT);
      expect(
        baseline.entries.every(
          (e) => e.provenance === "decision" && /^[0-9a-f]{16}$/.test(e.fingerprint) && e.check !== "",
        ),
      ).toBe(true);
      expect(new Set(baseline.entries.map((e) => e.check)).size).toBe(18);
      expect(JSON.stringify(baseline)).not.toContain(vendor.target.appSecret);

      const again = await cli(
        [...args, "--reporter", "json", "--output", join(dir, "again.json")],
        envOf(vendor.target),
      );
      expect(again.code, again.stdout).toBe(0);
      expect(again.stdout).toMatch(
        /baseline .*vendor-baseline\.json: \d+ known kind\(s\) of failure accepted \(\d+ failure\(s\)\), 0 new, 0 disappeared/,
      );
      expect(again.stdout).toMatch(
        /^✓ body\.wrong-type \[vendor\+decision\] .* known failure\(s\), accepted by the baseline$/m,
      );
      const report = JSON.parse(readFileSync(join(dir, "again.json"), "utf8")) as Report;
      expect(report.ok).toBe(true);
      expect(report.baseline).toMatchObject({ new: [], disappeared: [] });
    } finally {
      await vendor.close();
    }
  }, 180_000);

  it("fails only on the new failure, and reports the disappeared ones", async () => {
    const file = join(dir, "baseline.json");
    const only = [
      "--only",
      "response.,auth.missing-header,token.wrong-credentials",
      "--seed",
      "9",
      "--no-save-failures",
      "--baseline",
      file,
    ];
    const errorCode = (res: Parameters<NonNullable<Parameters<typeof brokenServer>[0]["response"]>>[0]) =>
      res.status === 401 ? editJson(res, (b) => ({ ...b, errorCode: 40000 })) : res;
    // a server whose 401 errorCode is wrong: accepted
    const first = await brokenServer({ response: errorCode });
    try {
      const w = await cli([...only, "--update-baseline"], envOf(first.target));
      expect(w.code, w.stdout).toBe(0);
      expect(read(file).entries.map((e) => e.check)).toEqual(["response.error-code", "response.error-code"]);
      const same = await cli(only, envOf(first.target));
      expect(same.code, same.stdout).toBe(0);
    } finally {
      await first.close();
    }
    // the same break and a new one (X-Request-Id over its maxLength): only the new one fails the run
    const second = await brokenServer({
      response: (res) => ({
        ...errorCode(res),
        headers: { ...errorCode(res).headers, "x-request-id": "r".repeat(129) },
      }),
    });
    try {
      const r = await cli(only, envOf(second.target));
      expect(r.code, r.stdout).toBe(1);
      expect(r.stdout).toMatch(/^✗ response\.headers /m);
      expect(r.stdout).toMatch(/^✓ response\.error-code .* accepted by the baseline$/m);
      expect(r.stdout).toMatch(
        /\d+ known kind\(s\) of failure accepted \(\d+ failure\(s\)\), [1-9]\d* new, 0 disappeared/,
      );
      expect(r.stdout).toMatch(
        /^ {4}new: response\.headers \((tokenByAkSk|getConnectionInfo)\) \[decision\] [0-9a-f]{16}: /m,
      );
      expect(r.stdout).not.toMatch(/^ {4}new: response\.error-code/m);
    } finally {
      await second.close();
    }
    // fixed: the mock keeps every promise; the accepted failures are reported gone
    const fixed = await mock();
    try {
      const r = await cli(only, envOf(fixed.target));
      expect(r.code, r.stdout).toBe(0);
      expect(r.stdout).toMatch(/0 known kind\(s\) of failure accepted \(0 failure\(s\)\), 0 new, 2 disappeared/);
      expect(r.stdout).toMatch(/^ {4}disappeared \(drop it with --update-baseline\): response\.error-code /m);
    } finally {
      await fixed.close();
    }
  }, 180_000);

  it("refuses a file that is not a baseline, and --update-baseline without --baseline", async () => {
    const env = {
      COBROWSE_BASE_URL: "http://127.0.0.1:9",
      COBROWSE_APP_KEY: "k",
      COBROWSE_APP_SECRET: "s",
      COBROWSE_TENANT_SPACE_ID: "t",
    };
    const notOne = join(dir, "not.json");
    (await import("node:fs")).writeFileSync(notOne, "{}");
    const a = await cli(["--baseline", notOne], env);
    expect(a.code).toBe(2);
    expect(a.stderr).toMatch(/--baseline .*not\.json: not a baseline of cobrowse-contract/);
    const b = await cli(["--update-baseline"], env);
    expect(b.code).toBe(2);
    expect(b.stderr).toMatch(/--update-baseline needs --baseline FILE/);
  });
});
