// `pnpm docs:build`: writes the static portal to dist/. The reference is Scalar's standalone
// bundle over the portal's own copy of the spec (dist/openapi.json: the console's default server
// is this origin, where `pnpm docs` serves the embedded mock, and every operation carries its
// sample files as x-codeSamples); the guides and the changelog are Markdown rendered here; the
// playground is bundled with the browser build of @cec-cobrowse/client. Nothing in dist/ loads
// anything from another host.
import { cpSync, existsSync, mkdirSync, readFileSync, readdirSync, rmSync, writeFileSync } from "node:fs";
import { createRequire } from "node:module";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { document, specValidator } from "@cec-cobrowse/spec";
import { build } from "esbuild";
import YAML from "yaml";
import { escapeHtml, page, type NavEntry } from "./layout.js";
import { renderGuide, slugify } from "./markdown.js";
import { codeSamples } from "./samples.js";

export const DOCS = join(dirname(fileURLToPath(import.meta.url)), "..", "..");
const ROOT = join(DOCS, "..", "..");
const DIST = join(DOCS, "dist");
const SAMPLES = join(DOCS, "samples");
const require = createRequire(join(DOCS, "package.json"));

/** The guides, in the order of the side navigation (guides/<slug>.md). */
export const GUIDES = [
  "getting-started",
  "token-lifecycle",
  "co-browsing-flow",
  "errors-retries-timeouts",
  "testing-with-the-mock",
  "contract-testing",
  "validate-your-own-traffic",
  "regenerating-clients",
];

const spec = specValidator();

/** The reference's anchor of an operation (Scalar's: #tag/<tag>/<METHOD><path>). */
export function referenceAnchor(operationId: string): string {
  const op = spec.operation(operationId);
  const tag = (op.raw.tags ?? [])[0] ?? "default";
  return `#tag/${slugify(tag)}/${op.method}${op.path}`;
}

/** The portal's copy of the spec: the mock (this origin) first among the servers, and the samples. */
export function portalSpec(): Record<string, unknown> {
  const copy = structuredClone(document) as unknown as Record<string, unknown> & { servers?: unknown[]; paths: Record<string, Record<string, Record<string, unknown>>> };
  copy.servers = [
    {
      url: "/",
      description: "The embedded mock server, served by `pnpm docs` on this origin (demo credentials: `demo-app-key`, `demo-app-secret`, tenant `demo-tenant`).",
    },
    ...(copy.servers ?? []),
  ];
  for (const item of Object.values(copy.paths)) {
    for (const op of Object.values(item)) {
      if (typeof op === "object" && op !== null && typeof op.operationId === "string") op["x-codeSamples"] = codeSamples(SAMPLES, op.operationId);
    }
  }
  return copy;
}

/** Scalar's configuration: every asset local, no telemetry, no AI agent, only the tested samples. */
export const SCALAR_CONFIGURATION = {
  url: "openapi.json",
  withDefaultFonts: false,
  hiddenClients: true,
  telemetry: false,
  showDeveloperTools: "never",
  agent: { disabled: true },
  hideDarkModeToggle: true,
  defaultOpenAllTags: true,
  hideModels: true,
  documentDownloadType: "json",
  metaData: { title: "Co-browsing API reference · cec-cobrowse" },
};

function scalarBundle(): string {
  // The package exports no ./package.json: find its folder from its main entry (dist/index.js).
  return join(dirname(require.resolve("@scalar/api-reference")), "browser", "standalone.js");
}

function writeReference(): void {
  mkdirSync(join(DIST, "assets", "scalar"), { recursive: true });
  cpSync(scalarBundle(), join(DIST, "assets", "scalar", "standalone.js"));
  const license = join(dirname(scalarBundle()), "..", "..", "LICENSE");
  if (existsSync(license)) cpSync(license, join(DIST, "assets", "scalar", "LICENSE"));
  writeFileSync(join(DIST, "openapi.json"), `${JSON.stringify(portalSpec(), null, 2)}\n`);
  writeFileSync(
    join(DIST, "assets", "reference.js"),
    `// The reference: Scalar's standalone bundle (served from this origin) over the portal's copy of the spec.\n` +
      `Scalar.createApiReference("#reference-app", ${JSON.stringify(SCALAR_CONFIGURATION, null, 2)});\n`,
  );
  const body = `<h1 class="visually-hidden">Co-browsing API reference</h1><div id="reference-app"></div>`;
  const html = page({ title: "API reference", path: "index.html", section: "reference", body, bodyClass: "reference", scripts: ["assets/scalar/standalone.js", "assets/reference.js", "assets/reference-fixes.js"] });
  writeFileSync(join(DIST, "index.html"), html);
}

function guideLink(from: string): (href: string) => string {
  return (href) => {
    if (href.startsWith("#")) return href;
    const [target = "", anchor] = href.split("#");
    if (target.startsWith("reference:")) return `../index.html${referenceAnchor(target.slice("reference:".length))}`;
    const guide = /^([\w-]+)\.md$/.exec(target)?.[1];
    if (guide) {
      if (!GUIDES.includes(guide)) throw new Error(`guides/${from}.md: links to ${href}, which is not a guide`);
      return `${guide}.html${anchor ? `#${anchor}` : ""}`;
    }
    if (["playground.html", "changelog.html", "index.html"].includes(target)) return `../${href}`;
    throw new Error(`guides/${from}.md: the link ${href} leads outside the portal (link a guide, reference:<operationId>, playground.html or changelog.html)`);
  };
}

const apiPaths = () => [...spec.operations.values()].map((o) => o.path);

function writeGuides(): Set<string> {
  mkdirSync(join(DIST, "guides"), { recursive: true });
  const shown = new Set<string>();
  const rendered = GUIDES.map((slug) => {
    const file = join(DOCS, "guides", `${slug}.md`);
    const guide = renderGuide(readFileSync(file, "utf8"), { file: `guides/${slug}.md`, samplesDir: SAMPLES, apiPaths: apiPaths(), link: guideLink(slug), shown });
    return { slug, ...guide };
  });
  const sidebar: NavEntry[] = rendered.map((g) => ({ href: `guides/${g.slug}.html`, label: g.title }));
  for (const g of rendered) {
    const path = `guides/${g.slug}.html`;
    writeFileSync(join(DIST, path), page({ title: g.title, path, section: "guides", body: `<article>${g.html}</article>`, sidebar }));
  }
  return shown;
}

interface Change {
  packages: Record<string, string>;
  body: string;
  file: string;
}

/** The pending changesets (.changeset/*.md) and each package's CHANGELOG.md, as one page. */
function writeChangelog(): void {
  const dir = join(ROOT, ".changeset");
  const changes: Change[] = readdirSync(dir)
    .filter((f) => f.endsWith(".md") && f !== "README.md")
    .sort()
    .map((f) => {
      const text = readFileSync(join(dir, f), "utf8");
      const m = /^---\n([\s\S]*?)\n---\n([\s\S]*)$/.exec(text);
      if (!m) throw new Error(`.changeset/${f}: no front matter`);
      return { packages: (YAML.parse(m[1]!) ?? {}) as Record<string, string>, body: m[2]!.trim(), file: f };
    });
  const byPackage = new Map<string, Array<{ bump: string; body: string; file: string }>>();
  for (const c of changes) for (const [pkg, bump] of Object.entries(c.packages)) byPackage.set(pkg, [...(byPackage.get(pkg) ?? []), { bump, body: c.body, file: c.file }]);
  const render = (md: string, file: string) => renderGuide(`# x\n\n${md}`, { file, samplesDir: SAMPLES, apiPaths: apiPaths(), link: (h) => h, shown: new Set() }).html.replace(/^<h1>x<\/h1>\n/, "");
  const sections: string[] = [];
  for (const pkg of [...byPackage.keys()].sort()) {
    const folder = readdirSync(join(ROOT, "packages")).find((d) => {
      const pj = join(ROOT, "packages", d, "package.json");
      return existsSync(pj) && JSON.parse(readFileSync(pj, "utf8")).name === pkg;
    });
    const released = folder && existsSync(join(ROOT, "packages", folder, "CHANGELOG.md")) ? readFileSync(join(ROOT, "packages", folder, "CHANGELOG.md"), "utf8") : undefined;
    const id = slugify(pkg);
    const pending = byPackage.get(pkg)!;
    sections.push(
      `<section aria-labelledby="${id}"><h2 id="${id}">${escapeHtml(pkg)}</h2>` +
        `<h3>Unreleased</h3><ul class="changes">${pending
          .map((c) => `<li><span class="bump bump-${escapeHtml(c.bump)}">${escapeHtml(c.bump)}</span>${render(c.body, `.changeset/${c.file}`)}</li>`)
          .join("")}</ul>` +
        (released ? render(released.replace(/^# .*\n/, ""), `${folder}/CHANGELOG.md`) : "") +
        `</section>`,
    );
  }
  const body =
    `<article><h1>Changelog</h1><p>Each package's changes: the pending ones from <code>.changeset/</code> (what the next ` +
    `<code>pnpm release</code> publishes, with its version bump), then each package's <code>CHANGELOG.md</code> once released.</p>${sections.join("")}</article>`;
  writeFileSync(join(DIST, "changelog.html"), page({ title: "Changelog", path: "changelog.html", section: "changelog", body }));
}

async function writePlayground(): Promise<void> {
  await build({
    entryPoints: [join(DOCS, "src", "playground", "main.ts")],
    bundle: true,
    minify: true,
    format: "esm",
    platform: "browser",
    target: "es2022",
    outfile: join(DIST, "assets", "playground.js"),
    legalComments: "none",
    logLevel: "warning",
  });
  const body = readFileSync(join(DOCS, "src", "playground", "playground.html"), "utf8");
  writeFileSync(
    join(DIST, "playground.html"),
    page({ title: "Playground", path: "playground.html", section: "playground", body, head: '<script type="module" src="assets/playground.js"></script>' }),
  );
}

function writeAssets(): void {
  const assets = join(DOCS, "src", "site");
  mkdirSync(join(DIST, "assets"), { recursive: true });
  for (const f of ["site.css", "site.js", "theme.js", "reference-fixes.js"]) cpSync(join(assets, f), join(DIST, "assets", f));
  cpSync(join(assets, "favicon.svg"), join(DIST, "favicon.svg"));
  cpSync(join(assets, "highlight.css"), join(DIST, "assets", "highlight.css"));
}

export async function buildSite(): Promise<void> {
  const started = performance.now();
  rmSync(DIST, { recursive: true, force: true });
  mkdirSync(DIST, { recursive: true });
  writeAssets();
  writeReference();
  const shown = writeGuides();
  writeChangelog();
  await writePlayground();
  writeFileSync(join(DIST, "samples-shown.json"), `${JSON.stringify([...shown].sort(), null, 2)}\n`);
  console.log(`docs: wrote dist/ in ${Math.round(performance.now() - started)} ms (reference, ${GUIDES.length} guides, changelog, playground)`);
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  buildSite().catch((error: unknown) => {
    console.error(`docs: ${(error as Error).message}`);
    process.exit(1);
  });
}
