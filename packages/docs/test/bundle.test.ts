// The spec bundle as another portal would take it: @cec-cobrowse/spec's bundle/openapi.yaml and
// bundle/openapi.json (resolved through the package's exports), dropped into Redoc 2.5.4 and into
// Scalar 1.46.4, each served locally and rendered in Chromium: every operation's every sample is
// found in both, in each format, as the file `pnpm test` ran.
import { copyFileSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { createRequire } from "node:module";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { specValidator } from "@cec-cobrowse/spec";
import type { Locator, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { LANGUAGES } from "../src/build/samples.js";
import { consoleAnchor } from "../src/build/site.js";
import { type DocsServer, startDocsServer } from "../src/server.js";
import { type Launched, launchChromium, watchedPage } from "./helpers/browser.js";
import { DOCS, SAMPLES } from "./helpers/samples.js";

const require = createRequire(join(DOCS, "package.json"));
const operations = [...specValidator().operations.values()];
const sample = (operationId: string, file: (op: string) => string) =>
  readFileSync(join(SAMPLES, file(operationId)), "utf8").trimEnd();

let dir: string;
let server: DocsServer;
let chromium: Launched;

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), "docs-bundle-"));
  for (const ext of ["yaml", "json"])
    copyFileSync(require.resolve(`@cec-cobrowse/spec/bundle/openapi.${ext}`), join(dir, `openapi.${ext}`));
  copyFileSync(
    join(dirname(require.resolve("redoc/package.json")), "bundles", "redoc.standalone.js"),
    join(dir, "redoc.standalone.js"),
  );
  copyFileSync(
    join(dirname(require.resolve("@scalar/api-reference")), "browser", "standalone.js"),
    join(dir, "scalar.standalone.js"),
  );
  const page = (title: string, body: string) =>
    `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>${title}</title></head><body>${body}</body></html>`;
  for (const ext of ["yaml", "json"]) {
    // Redoc as its docs say to embed it; Scalar with what an offline page needs (no font, telemetry or AI agent from Scalar's hosts) and only the bundle's samples.
    writeFileSync(
      join(dir, `redoc-${ext}.html`),
      page(
        "Redoc",
        `<div id="redoc"></div><script src="redoc.standalone.js"></script><script>Redoc.init("openapi.${ext}", {}, document.getElementById("redoc"));</script>`,
      ),
    );
    writeFileSync(
      join(dir, `scalar-${ext}.html`),
      page(
        "Scalar",
        `<div id="app"></div><script src="scalar.standalone.js"></script><script>Scalar.createApiReference("#app", { url: "openapi.${ext}", withDefaultFonts: false, telemetry: false, agent: { disabled: true }, hiddenClients: true, defaultOpenAllTags: true });</script>`,
      ),
    );
  }
  writeFileSync(join(dir, "index.html"), page("Bundle", "<p>The spec bundle in Redoc and Scalar.</p>"));
  [server, chromium] = await Promise.all([
    startDocsServer({ root: dir, contentSecurityPolicy: false }),
    launchChromium(),
  ]);
});
afterAll(async () => {
  await chromium?.close();
  await server?.close();
  if (dir) rmSync(dir, { recursive: true, force: true });
});

/** Clicks until `ready` holds: a busy machine may take the first click while the renderer is still drawing. */
async function retry(page: Page, action: () => Promise<void>, ready: () => Promise<unknown>): Promise<void> {
  for (let attempt = 1; ; attempt++) {
    try {
      await action();
      await ready();
      return;
    } catch (error) {
      if (attempt === 5) throw error;
      await page.keyboard.press("Escape");
    }
  }
}

const codeTexts = async (l: Locator) => (await l.allTextContents()).map((t) => t.trimEnd());

describe.each(["yaml", "json"])("the spec bundle (openapi.%s)", (ext) => {
  it("renders every sample of every operation in Redoc 2.5.4", async () => {
    const w = await watchedPage(chromium.browser, server.url);
    await w.page.goto(`${server.url}/redoc-${ext}.html`);
    for (const op of operations) {
      const section = w.page.locator(`[data-section-id="operation/${op.operationId}"]`);
      await section.waitFor({ timeout: 30_000 });
      for (const language of LANGUAGES) {
        const tab = section.getByRole("tab", { name: language.label, exact: true });
        await tab.scrollIntoViewIfNeeded();
        await tab.click();
        await expect
          .poll(() => codeTexts(section.locator('[role="tabpanel"] pre')), { timeout: 10_000 })
          .toContain(sample(op.operationId, language.file));
      }
    }
    // Redoc's default logo comes from its CDN, which this test refuses (as a locked network would).
    expect(w.errors.filter((e) => !/Failed to load resource/.test(e))).toEqual([]);
    await w.context.close();
  });

  it("renders every sample of every operation in Scalar 1.46.4", async () => {
    const w = await watchedPage(chromium.browser, server.url);
    await w.page.goto(`${server.url}/scalar-${ext}.html`);
    for (const op of operations) {
      const section = w.page.locator(`section[id$="${consoleAnchor(op.operationId).slice(1)}"]`);
      await section.waitFor({ timeout: 30_000 });
      for (const language of LANGUAGES) {
        const selector = section
          .getByRole("button", { name: new RegExp(`^(${LANGUAGES.map((l) => l.label).join("|")})$`) })
          .first();
        const option = w.page.getByRole("option", { name: language.label, exact: true }).first();
        await retry(
          w.page,
          async () => {
            await selector.scrollIntoViewIfNeeded();
            await selector.click();
            await option.waitFor({ state: "visible", timeout: 3_000 });
            await option.click();
          },
          () =>
            expect
              .poll(() => codeTexts(section.locator("code.hljs")), { timeout: 5_000 })
              .toContain(sample(op.operationId, language.file)),
        );
      }
    }
    expect(w.foreign).toEqual([]);
    expect(w.errors).toEqual([]);
    await w.context.close();
  });
});
