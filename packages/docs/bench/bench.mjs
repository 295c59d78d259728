// The portal's reference page (pre-rendered HTML) and its console page (Scalar's standalone
// bundle) beside a Redoc build of the same spec, in one run: bytes transferred (gzipped, as
// served) and the time until the operation list is visible, in headless Chromium with a cold
// cache each load. The targets: the reference page at most half of Redoc's bytes and at most half
// of its time to the operation list; the bench prints whether each is met. Both are served by the docs server's static handler (gzip level 9) on
// 127.0.0.1; Redoc is redoc 2.5.4 (the last release for Node 20; `redocly build-docs` of
// @redocly/cli 2.x renders Redocly's newer reference instead, with its operations behind collapsed
// groups and a logo from a CDN): its standalone bundle served locally, over dist/openapi.json, the
// portal's own copy of the spec (samples included), with Redoc's defaults. Prints a table and the ratios; with BENCH_JSON=file
// the figures are merged under the key "docs". BENCH_DOCS_ROUNDS (default 7) loads of each,
// interleaved; medians. BENCH_DOCS_STRICT=1 exits 1 when a target is not met.
import { copyFileSync, existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { specValidator } from "@cec-cobrowse/spec";
import { chromium } from "playwright-core";
import { startDocsServer } from "../lib/server.mjs";

const here = path.dirname(fileURLToPath(import.meta.url));
const docsDir = path.join(here, "..");
const repoRoot = path.join(docsDir, "..", "..");
const dist = path.join(docsDir, "dist");
const rounds = Number(process.env.BENCH_DOCS_ROUNDS ?? 7);
if (!existsSync(path.join(dist, "index.html"))) throw new Error("docs bench: run pnpm docs:build first");

const summaries = [...specValidator().operations.values()].map((o) => o.raw.summary);

// Redoc of the same document, offline: its bundle, the document and a page that starts it.
const redocDir = mkdtempSync(path.join(tmpdir(), "docs-bench-redoc-"));
const redocPackage = path.join(docsDir, "node_modules", "redoc");
const redocVersion = JSON.parse(readFileSync(path.join(redocPackage, "package.json"), "utf8")).version;
copyFileSync(path.join(redocPackage, "bundles", "redoc.standalone.js"), path.join(redocDir, "redoc.standalone.js"));
copyFileSync(path.join(dist, "openapi.json"), path.join(redocDir, "openapi.json"));
writeFileSync(
  path.join(redocDir, "index.html"),
  '<!doctype html><html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1"><title>Co-browsing API (Redoc)</title></head>' +
    '<body><div id="redoc"></div><script src="redoc.standalone.js"></script><script>Redoc.init("openapi.json", {}, document.getElementById("redoc"));</script></body></html>',
);

const portal = await startDocsServer({ root: dist });
const redoc = await startDocsServer({ root: redocDir, contentSecurityPolicy: false });
const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM_PATH ?? "/usr/bin/chromium",
  headless: true,
  args: [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--disable-dev-shm-usage",
  ],
});

/** Records, in the page, when every operation's summary is first visible (rendered, in a box with size). */
function watchOperations(names) {
  const t = { at: undefined };
  window.__operationsVisible = t;
  // An element whose text is the summary (a renderer may split it into several text nodes).
  const visible = (name) => {
    for (const el of document.body.getElementsByTagName("*")) {
      if (el.childElementCount > 3 || el.textContent.trim() !== name) continue;
      const r = el.getBoundingClientRect();
      if (r.width > 0 && r.height > 0 && el.checkVisibility({ visibilityProperty: true, opacityProperty: true }))
        return true;
    }
    return false;
  };
  const check = () => {
    if (t.at === undefined && document.body && names.every(visible)) t.at = performance.now();
    else if (t.at === undefined) requestAnimationFrame(check);
  };
  document.addEventListener("DOMContentLoaded", check);
  requestAnimationFrame(check);
}

async function load(server, label, pagePath = "/") {
  const context = await browser.newContext({ viewport: { width: 1440, height: 900 } });
  const page = await context.newPage();
  const cdp = await context.newCDPSession(page);
  await cdp.send("Network.enable");
  await cdp.send("Network.setCacheDisabled", { cacheDisabled: true });
  let bytes = 0;
  let requests = 0;
  const foreign = new Set();
  // Anything for another host is aborted (and counted): the measurement is offline, as in a contact center's network.
  await context.route("**/*", (route) => {
    const url = route.request().url();
    if (/^(data|blob):/.test(url) || url.startsWith(`${server.url}/`)) return route.continue();
    foreign.add(url);
    return route.abort("blockedbyclient");
  });
  cdp.on("Network.requestWillBeSent", () => requests++);
  cdp.on("Network.loadingFinished", (e) => (bytes += e.encodedDataLength));
  await page.addInitScript(watchOperations, summaries);
  await page.goto(`${server.url}${pagePath}`);
  // Polled from here (page.evaluate): waitForFunction evaluates code the portal's CSP refuses.
  let visibleMs;
  for (const deadline = Date.now() + 30_000; visibleMs === undefined; await new Promise((r) => setTimeout(r, 50))) {
    if (Date.now() > deadline) throw new Error(`${label}: the operation list did not show within 30 s`);
    visibleMs = await page.evaluate(() => window.__operationsVisible?.at);
  }
  await page.waitForLoadState("networkidle");
  await context.close();
  if (label !== "redoc" && foreign.size > 0)
    throw new Error(`the portal requested another host: ${[...foreign].join(", ")}`);
  return { bytes, visibleMs, requests, foreign: [...foreign] };
}

const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const results = { reference: [], console: [], redoc: [] };
const pages = {
  reference: () => load(portal, "reference", "/"),
  console: () => load(portal, "console", "/console.html"),
  redoc: () => load(redoc, "redoc"),
};
try {
  for (const run of Object.values(pages)) await run(); // warm the servers' gzip caches and Chromium itself
  for (let i = 0; i < rounds; i++) {
    for (const [name, run] of Object.entries(pages)) results[name].push(await run());
  }
} finally {
  await browser.close();
  await portal.close();
  await redoc.close();
  rmSync(redocDir, { recursive: true, force: true });
}

const summary = (runs) => ({
  bytesGzip: median(runs.map((r) => r.bytes)),
  operationListVisibleMs: Math.round(median(runs.map((r) => r.visibleMs))),
  requests: median(runs.map((r) => r.requests)),
  otherHosts: [...new Set(runs.flatMap((r) => r.foreign))],
});
const ref = summary(results.reference);
const con = summary(results.console);
const r = summary(results.redoc);
const ratio = (x) => ({ bytes: x.bytesGzip / r.bytesGzip, time: x.operationListVisibleMs / r.operationListVisibleMs });
const refRatio = ratio(ref);
const conRatio = ratio(con);
const TARGET = 0.5;
const targets = [
  { name: "reference page bytes ≤ 0.5 × Redoc's", value: refRatio.bytes, met: refRatio.bytes <= TARGET },
  {
    name: "reference page time to the operation list ≤ 0.5 × Redoc's",
    value: refRatio.time,
    met: refRatio.time <= TARGET,
  },
];
const kb = (b) => `${(b / 1024).toFixed(1)} KiB`;
const scalarVersion = JSON.parse(
  readFileSync(path.join(docsDir, "node_modules", "@scalar", "api-reference", "package.json"), "utf8"),
).version;
const row = (label, x, q) =>
  `| ${label} | ${kb(x.bytesGzip)} | ${x.requests} | ${x.operationListVisibleMs} ms | ${q ? `${q.bytes.toFixed(2)}× / ${q.time.toFixed(2)}×` : "1 / 1"} | ${x.otherHosts.join(", ") || "none"} |`;
console.log(
  `\ndocs portal vs Redoc (${rounds} cold loads each, interleaved, medians; headless Chromium, 127.0.0.1, gzip level 9)\n`,
);
console.log(
  "| page | transferred (gzip) | requests | operation list visible | bytes / time vs Redoc | requests to other hosts (aborted) |",
);
console.log("| --- | --- | --- | --- | --- | --- |");
console.log(row("reference (pre-rendered HTML, `/`)", ref, refRatio));
console.log(row(`console (Scalar ${scalarVersion}, \`/console.html\`)`, con, conRatio));
console.log(row(`Redoc ${redocVersion} (standalone bundle)`, r));
console.log("\ntargets:");
for (const t of targets) console.log(`  ${t.met ? "met    " : "NOT MET"}  ${t.name}: ${t.value.toFixed(2)}×`);

if (process.env.BENCH_JSON) {
  const file = path.resolve(repoRoot, process.env.BENCH_JSON);
  const all = existsSync(file) ? JSON.parse(readFileSync(file, "utf8")) : {};
  const round3 = (x) => +x.toFixed(3);
  all.docs = {
    rounds,
    redocVersion,
    scalarVersion,
    reference: ref,
    console: con,
    redoc: r,
    ratios: {
      reference: { bytes: round3(refRatio.bytes), operationListVisible: round3(refRatio.time) },
      console: { bytes: round3(conRatio.bytes), operationListVisible: round3(conRatio.time) },
    },
    targets: targets.map((t) => ({ name: t.name, value: round3(t.value), met: t.met })),
  };
  writeFileSync(file, `${JSON.stringify(all, null, 2)}\n`);
}
if (process.env.BENCH_DOCS_STRICT === "1" && targets.some((t) => !t.met)) process.exit(1);
