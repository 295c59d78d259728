// The HTML report: one self-contained file (no script, no external asset, a CSP that forbids
// loading any) with the summary, each check's provenance, each failure with its curl command,
// and the coverage matrix; opened in headless Chromium (Debian's, driven by playwright-core)
// offline, it renders and makes no request but its own file.
import { existsSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { htmlReport, type Report, runContractSuite } from "../src/index.js";
import { cli } from "./support/cli.js";
import { mock } from "./support/servers.js";
import { startVendorServer, type VendorServer } from "./support/vendor-server.js";

const CHROMIUM = "/usr/bin/chromium";
const dir = mkdtempSync(join(tmpdir(), "contract-html-"));
let server: VendorServer;
let report: Report;
let html: string;
let file: string;

beforeAll(async () => {
  server = await startVendorServer();
  report = await runContractSuite({
    ...server.target,
    profile: "vendor",
    cases: 20,
    seed: 3,
    skip: ["token.lifetime"],
  });
  html = htmlReport(report);
  file = join(dir, "report.html");
  writeFileSync(file, html);
}, 120_000);
afterAll(async () => {
  await server?.close();
  rmSync(dir, { recursive: true, force: true });
});

describe("the HTML report", () => {
  it("is one self-contained file: no script, no external asset, a CSP that loads nothing", () => {
    expect(html).toMatch(/^<!DOCTYPE html>/);
    expect(html).toContain(
      `<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'; img-src data:">`,
    );
    expect(html).not.toMatch(/<script|<link|<img|<iframe|@import|url\(/i);
    expect(html).not.toMatch(/\b(src|href)=/i);
  });

  it("holds the summary, each check's provenance, each failure with its curl command, and the coverage matrix", () => {
    expect(html).toContain("0 vendor failures");
    expect(html).toContain(`${report.summary.decision} decision divergences`);
    expect(html).toContain('<span class="badge vendor">vendor</span>');
    expect(html).toContain("Coverage matrix");
    for (const cell of report.coverage.cells.slice(0, 5))
      expect(html).toContain(`<code>${cell.label.replace(/</g, "&lt;")}</code>`);
    expect(html).toContain("curl -sS -i -X POST");
    expect(html).toContain("&quot;$COBROWSE_TOKEN&quot;");
    expect(html).not.toContain(server.target.appSecret);
  });

  it("is what --reporter html --output writes", async () => {
    const out = join(dir, "cli.html");
    const mocked = await mock();
    try {
      const r = await cli(["--only", "token.issue", "--reporter", "html", "--output", out], {
        COBROWSE_BASE_URL: mocked.target.baseUrl,
        COBROWSE_APP_KEY: mocked.target.appKey,
        COBROWSE_APP_SECRET: mocked.target.appSecret,
        COBROWSE_TENANT_SPACE_ID: mocked.target.tenantSpaceId,
      });
      expect(r.code, r.stderr).toBe(0);
      expect(r.stdout).toMatch(/report \(html\) written to /);
      const { readFileSync } = await import("node:fs");
      expect(readFileSync(out, "utf8")).toMatch(
        /^<!DOCTYPE html>[\s\S]*1 passed, 0 vendor failures, 0 decision failures, 0 skipped \(profile spec\)/,
      );
    } finally {
      await mocked.close();
    }
  });

  // Chromium comes from Debian (apt-get install chromium); .ci/run installs it. Missing outside CI: skipped, saying so.
  const browser = existsSync(CHROMIUM) || process.env.CI === "true" ? it : it.skip;
  browser(
    "opens offline in headless Chromium: it renders, and requests nothing but its own file",
    async () => {
      const { chromium } = await import("playwright-core");
      const profile = mkdtempSync(join(tmpdir(), "contract-chromium-"));
      const context = await chromium.launchPersistentContext(profile, {
        executablePath: CHROMIUM,
        headless: true,
        offline: true,
        viewport: { width: 1280, height: 1000 },
        args: [
          "--no-sandbox",
          "--disable-gpu",
          "--disable-background-networking",
          "--disable-component-update",
          "--disable-sync",
          "--no-first-run",
        ],
      });
      try {
        const page = context.pages()[0] ?? (await context.newPage());
        const requests: string[] = [];
        const failedRequests: string[] = [];
        page.on("request", (r) => requests.push(r.url()));
        page.on("requestfailed", (r) => failedRequests.push(r.url()));
        const url = pathToFileURL(file).href;
        await page.goto(url, { waitUntil: "load" });
        expect(await page.title()).toBe(`cobrowse-contract: ${report.target}`);
        expect(await page.locator("h2").allTextContents()).toEqual([
          "Summary",
          expect.stringMatching(/^Failures and divergences \(\d+\)$/),
          `Checks (${report.summary.total})`,
          `Coverage matrix: ${report.coverage.percent.toFixed(1)}%`,
        ]);
        expect(await page.locator("#coverage ~ table tbody tr").count()).toBe(report.coverage.cells.length);
        expect(await page.locator(".failure").count()).toBeGreaterThan(0);
        // styled: the inline stylesheet applied (the header is dark)
        expect(await page.locator("header").evaluate((e) => getComputedStyle(e).backgroundColor)).toBe(
          "rgb(36, 41, 47)",
        );
        expect(requests).toEqual([url]);
        expect(failedRequests).toEqual([]);
        const shot = process.env.REPORT_SCREENSHOT ?? join(dir, "report.png");
        await page.screenshot({ path: shot });
        expect(existsSync(shot)).toBe(true);
      } finally {
        await context.close();
        rmSync(profile, { recursive: true, force: true });
      }
    },
    120_000,
  );
});
