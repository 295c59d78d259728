// The portal in a real browser (Debian's Chromium through playwright-core), served by the docs
// server with the embedded mock: the reference reads whole with JavaScript off (both operations,
// their headers, fields, statuses and every language's sample, the system's dark mode), its tabs
// and search work with it on, its "Try it" opens the console (Scalar, loaded only then), which
// sends tokenByAkSk to the mock and shows a 200; the playground relays a click both ways; no page
// requests another host or logs an error, axe-core finds nothing serious or critical, and every
// page is screenshotted in light and dark mode (test-results/screenshots/).
import { mkdirSync, readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { join } from "node:path";
import { specValidator } from "@cec-cobrowse/spec";
import type { Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { LANGUAGES } from "../src/build/samples.js";
import { consoleAnchor, GUIDES } from "../src/build/site.js";
import { type DocsServer, startDocsServer, TOKEN_PATH } from "../src/server.js";
import { type Launched, launchChromium, type WatchedPage, watchedPage } from "./helpers/browser.js";
import { DOCS, SAMPLES } from "./helpers/samples.js";

const spec = specValidator();
const SHOTS = join(DOCS, "test-results", "screenshots");
const AXE = createRequire(join(DOCS, "package.json")).resolve("axe-core/axe.min.js");
/** The playground's server holds this secret: no answer the page receives may contain it. */
const SECRET = "playground-secret-4fT9-never-in-a-page";

const PAGES: Array<{ name: string; path: string; ready: (page: Page) => Promise<unknown> }> = [
  { name: "reference", path: "/", ready: (p) => p.locator("main h1").waitFor() },
  {
    name: "console",
    path: "/console.html",
    ready: (p) => p.locator('section[id$="/tag/co-browsing"]').first().waitFor(),
  },
  ...GUIDES.map((g) => ({
    name: `guide-${g}`,
    path: `/guides/${g}.html`,
    ready: (p: Page) => p.locator("main h1").waitFor(),
  })),
  { name: "playground", path: "/playground.html", ready: (p) => p.locator("#start").waitFor() },
  { name: "changelog", path: "/changelog.html", ready: (p) => p.locator("main h1").waitFor() },
];

let docs: DocsServer; // demo credentials: the console's request body is the spec's example
let playgroundDocs: DocsServer;
let chromium: Launched;

beforeAll(async () => {
  mkdirSync(SHOTS, { recursive: true });
  [docs, playgroundDocs, chromium] = await Promise.all([
    startDocsServer(),
    startDocsServer({
      mock: { credentials: { appKey: "playground-app", appSecret: SECRET, tenantSpaceId: "playground-tenant" } },
    }),
    launchChromium(),
  ]);
});
afterAll(async () => {
  await chromium?.close();
  await Promise.all([docs?.close(), playgroundDocs?.close()]);
});

async function open(
  path: string,
  options: Parameters<typeof watchedPage>[2] = {},
  server = docs,
): Promise<WatchedPage> {
  const w = await watchedPage(chromium.browser, server.url, options);
  await w.page.goto(`${server.url}${path}`);
  return w;
}

/** An operation's section in the reference. */
const section = (page: Page, operationId: string) => page.locator(`section[id="operation/${operationId}"]`);
/** An operation's section in the console (Scalar's id: api-1/tag/<tag>/<METHOD><path>). */
const consoleSection = (page: Page, operationId: string) =>
  page.locator(`section[id$="${consoleAnchor(operationId).slice(1)}"]`);
const words = (s: string) => s.replace(/`/g, "").replace(/\s+/g, " ").trim();
const operations = [...spec.operations.values()];
const fieldsOf = (schema: unknown) => Object.keys(spec.properties(schema as Record<string, unknown>));

describe("the reference", () => {
  it("reads whole with JavaScript off: every operation, header, field, status and sample, in the system's dark mode", async () => {
    const context = await chromium.browser.newContext({
      javaScriptEnabled: false,
      colorScheme: "dark",
      viewport: { width: 1440, height: 900 },
    });
    const page = await context.newPage();
    const requests: string[] = [];
    page.on("request", (r) => requests.push(r.url()));
    await page.goto(`${docs.url}/`);
    for (const op of operations) {
      const s = section(page, op.operationId);
      await expect(s.isVisible()).resolves.toBe(true);
      const text = words(await s.innerText());
      expect(text).toContain(op.raw.summary!);
      expect(text).toContain(words(op.raw.description!).split(". ")[0]!);
      expect(text).toContain(`${op.method} ${op.path}`);
      for (const h of [...op.securityHeaders.map((x) => x.header), ...op.headers.map((x) => x.name)])
        expect(text, `${op.operationId}: header ${h}`).toContain(h);
      for (const f of fieldsOf(op.bodySchema)) expect(text, `${op.operationId}: field ${f}`).toContain(f);
      for (const status of op.responses.keys())
        await expect(
          s.locator(`[id="operation/${op.operationId}/${status}"]`).isVisible(),
          `${op.operationId}: ${status}`,
        ).resolves.toBe(true);
      for (const language of LANGUAGES) {
        const code = s.locator(`code[data-sample="${language.file(op.operationId)}"]`);
        await expect(code.isVisible(), `${op.operationId}: ${language.label}`).resolves.toBe(true);
        expect((await code.textContent())!.trimEnd()).toBe(
          readFileSync(join(SAMPLES, language.file(op.operationId)), "utf8").trimEnd(),
        );
      }
    }
    expect(await page.evaluate(() => getComputedStyle(document.body).backgroundColor)).toBe("rgb(13, 17, 23)");
    expect(requests.filter((u) => u.endsWith(".js"))).toEqual([]);
    await page.screenshot({ path: join(SHOTS, "reference-no-javascript-dark.png") });
    await context.close();
  });

  it("shows one language at a time in tabs, and the language chosen in one group is chosen in every group", async () => {
    const w = await open("/");
    const [first, second] = operations.map((op) => section(w.page, op.operationId));
    for (const language of LANGUAGES) {
      await first!.getByRole("tab", { name: language.label, exact: true }).click();
      for (const [i, op] of operations.entries()) {
        const panel = [first, second][i]!.getByRole("tabpanel");
        await expect(panel.count()).resolves.toBe(1);
        expect((await panel.locator("code[data-sample]").textContent())!.trimEnd()).toBe(
          readFileSync(join(SAMPLES, language.file(op.operationId)), "utf8").trimEnd(),
        );
      }
    }
    expect(w.errors).toEqual([]);
    await w.context.close();
  });

  it("search finds connectParam from the prebuilt index, loaded when the box is first focused", async () => {
    const w = await open("/");
    await w.page.locator("main h1").waitFor();
    await w.page.waitForLoadState("networkidle");
    expect(w.requests.filter((u) => /search(-index\.json|\.js)$/.test(u))).toEqual([]);
    await w.page.getByRole("combobox", { name: "Search the docs" }).click();
    await w.page.keyboard.type("connectParam");
    const op = operations.find((o) => o.room)!;
    await expect
      .poll(async () => (await w.page.getByRole("option").allInnerTexts()).join("\n"), { timeout: 10_000 })
      .toContain(op.raw.summary!);
    expect(w.requests.some((u) => u.endsWith("/search-index.json"))).toBe(true);
    await w.page.keyboard.press("ArrowDown");
    await w.page.keyboard.press("Enter");
    await expect.poll(() => w.page.url(), { timeout: 10_000 }).toContain(`#operation/${op.operationId}`);
    expect(w.errors).toEqual([]);
    await w.context.close();
  });

  it("Try it opens the console, which loads Scalar only then and sends tokenByAkSk to the embedded mock (a 200)", async () => {
    const w = await open("/");
    const tokenOp = spec.tokenSource().operation;
    await w.page.waitForLoadState("networkidle");
    expect(w.requests.filter((u) => u.includes("/assets/scalar/"))).toEqual([]);
    await section(w.page, tokenOp.operationId)
      .getByRole("link", { name: /^Try it/ })
      .click();
    await w.page.waitForURL(/\/console\.html#/);
    const since = docs.mock.requests.last();
    await consoleSection(w.page, tokenOp.operationId)
      .getByRole("button", { name: /Test Request/ })
      .click();
    // The console's default server is the portal's origin, where the mock answers.
    await expect
      .poll(async () => (await w.page.locator("button", { hasText: "Server:" }).allInnerTexts()).join(" "), {
        timeout: 10_000,
      })
      .toContain(new URL(docs.url).host);
    await w.page.getByRole("button", { name: /^Send/ }).first().click();
    await w.page.getByText("200 OK").first().waitFor({ timeout: 10_000 });
    expect(docs.mock.requests.list(since).map((r) => [r.operationId, r.status])).toEqual([[tokenOp.operationId, 200]]);
    expect(w.requests.some((u) => u.endsWith("/assets/scalar/standalone.js"))).toBe(true);
    expect(w.foreign).toEqual([]);
    expect(w.errors).toEqual([]);
    await w.context.close();
  });
});

describe("the playground", () => {
  it("relays the customer's click and input to the agent and the agent's highlight back; the secret never reaches the page", async () => {
    const w = await open("/playground.html", { keepBodies: true }, playgroundDocs);
    const p = w.page;
    await p.locator("#start").click();
    await p.locator('#customer-status[data-state="connected"]').waitFor();
    await p.locator('#agent-status[data-state="connected"]').waitFor();
    const room = await p.locator("#room").innerText();
    expect(room).toMatch(/^Room [0-9a-f-]{36}: both sides connected\.$/);

    await p.locator('#customer-shop [data-cobrowse="checkout"]').click();
    await expect.poll(() => p.locator("#agent-log").innerText(), { timeout: 10_000 }).toContain("click on #checkout");
    await p.locator("#c-email").fill("alex@example.com");
    await expect.poll(() => p.locator("#a-email").inputValue(), { timeout: 10_000 }).toBe("alex@example.com");

    await p.locator('#agent-view [data-cobrowse="coupon"]').click();
    await expect
      .poll(() => p.locator('#customer-shop [data-cobrowse="coupon"]').getAttribute("data-highlighted"), {
        timeout: 10_000,
      })
      .toBe("true");
    expect(await p.locator("#customer-notice").innerText()).toBe("Your agent points at Apply a coupon.");
    await p.screenshot({ path: join(SHOTS, "playground-session-light.png") });

    // Tokens came from the docs server's route; the room's sockets from the same origin.
    expect(w.requests.filter((u) => u.endsWith(TOKEN_PATH)).length).toBe(2);
    expect(w.requests.filter((u) => u.startsWith(playgroundDocs.url.replace("http", "ws"))).length).toBe(2);
    expect(w.foreign).toEqual([]);
    expect(w.errors).toEqual([]);
    await p.waitForTimeout(200); // the last bodies' text
    expect(w.bodies.length).toBeGreaterThan(5);
    expect(w.bodies.filter((b) => b.includes(SECRET))).toEqual([]);
    await w.context.close();
  });
});

describe.each(PAGES)("page $name", ({ name, path, ready }) => {
  it("requests nothing from another host and logs no error, in light and dark mode (screenshots)", async () => {
    for (const colorScheme of ["light", "dark"] as const) {
      const w = await open(path, { colorScheme });
      await ready(w.page);
      await w.page.waitForLoadState("networkidle");
      const theme = await w.page.evaluate(() => document.documentElement.dataset.theme);
      expect(theme).toBe(colorScheme);
      await w.page.screenshot({ path: join(SHOTS, `${name}-${colorScheme}.png`) });
      expect(w.foreign, `${path} (${colorScheme})`).toEqual([]);
      expect(w.errors, `${path} (${colorScheme})`).toEqual([]);
      await w.context.close();
    }
  });

  it("has no serious or critical accessibility violation (axe-core)", async () => {
    for (const colorScheme of ["light", "dark"] as const) {
      const context = await chromium.browser.newContext({
        colorScheme,
        bypassCSP: true,
        viewport: { width: 1440, height: 900 },
      });
      const page = await context.newPage();
      await page.goto(`${docs.url}${path}`);
      await ready(page);
      await page.waitForLoadState("networkidle");
      await page.addScriptTag({ path: AXE });
      const violations = (await page.evaluate(async () => {
        const axe = (
          window as unknown as { axe: { run: (ctx: unknown, o: unknown) => Promise<{ violations: unknown[] }> } }
        ).axe;
        return (await axe.run(document, { resultTypes: ["violations"] })).violations;
      })) as Array<{ id: string; impact: string; help: string; nodes: Array<{ target: string[] }> }>;
      const bad = violations
        .filter((v) => v.impact === "serious" || v.impact === "critical")
        .map(
          (v) =>
            `${v.impact} ${v.id}: ${v.help} (${v.nodes
              .slice(0, 3)
              .map((n) => n.target.join(" "))
              .join("; ")})`,
        );
      expect(bad, `${path} (${colorScheme})`).toEqual([]);
      await context.close();
    }
  });
});
