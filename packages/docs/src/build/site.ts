// `pnpm docs:build`: writes the static portal to dist/ and the spec bundle into @cec-cobrowse/spec.
//
// - The reference (index.html) is HTML rendered here from the spec (reference/model.ts): it reads
//   whole with JavaScript off. Its Markdown twins are index.md and reference/<operationId>.md.
// - The console (console.html) is Scalar's standalone bundle over the portal's copy of the spec
//   (dist/openapi.json: the spec bundle with the embedded mock, this origin, as first server); the
//   reference's "Try it" links lead there, so nobody downloads Scalar who did not ask for it.
// - The spec bundle (bundle.ts): the spec with the tested samples as x-codeSamples and
//   x-tagGroups, written into @cec-cobrowse/spec's bundle/ and dist/spec/.
// - The guides and the changelog are Markdown rendered here, each with its Markdown twin; the
//   playground is bundled with the browser build of @cec-cobrowse/client; llms.txt,
//   llms-full.txt, sitemap.xml, robots.txt and the search index are written last.
// Nothing in dist/ loads anything from another host.
import { cpSync, existsSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { createRequire } from "node:module";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { specValidator } from "@cec-cobrowse/spec";
import { build } from "esbuild";
import YAML from "yaml";
import { buildSearchIndex } from "../search/index.js";
import { SEARCH_INDEX } from "../search/options.js";
import { BUNDLE_FILES, specBundle, specPackageDir, writeBundle } from "./bundle.js";
import { escapeHtml, type NavEntry, type PageOptions, page } from "./layout.js";
import { type LlmsPage, llmsFull, llmsIndex } from "./llms.js";
import { firstParagraph, guideMarkdown, renderGuide, slugify } from "./markdown.js";
import { referenceBody, referenceNav } from "./reference/html.js";
import { introductionMarkdown, operationMarkdown } from "./reference/md.js";
import { type OperationModel, type ReferenceModel, referenceModel, useSamples } from "./reference/model.js";
import { absolute, robots, SITE_URL, sitemap } from "./seo.js";

export const DOCS = join(dirname(fileURLToPath(import.meta.url)), "..", "..");
const ROOT = join(DOCS, "..", "..");
const DIST = join(DOCS, "dist");
const SAMPLES = join(DOCS, "samples");
const require = createRequire(join(DOCS, "package.json"));
useSamples(SAMPLES);

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

/** The reference's anchor of an operation (`operation/<operationId>`, as Redoc names it). */
export function referenceAnchor(operationId: string): string {
  return `#operation/${spec.operation(operationId).operationId}`;
}

/** The console's anchor of an operation (Scalar's: #tag/<tag>/<METHOD><path>). */
export function consoleAnchor(operationId: string): string {
  const op = spec.operation(operationId);
  const tag = (op.raw.tags ?? [])[0] ?? "default";
  return `#tag/${slugify(tag)}/${op.method}${op.path}`;
}

/** The Markdown twin of an operation, relative to dist/. */
export const operationMarkdownPath = (operationId: string) => `reference/${operationId}.md`;

/** The portal's copy of the spec: the spec bundle (the spec, its samples and tag groups) with the mock (this origin) first among the servers. */
export function portalSpec(): Record<string, unknown> {
  const copy = structuredClone(specBundle(DOCS, SAMPLES).document) as Record<string, unknown> & { servers?: unknown[] };
  copy.servers = [
    {
      url: "/",
      description:
        "The embedded mock server, served by `pnpm docs:serve` on this origin (demo credentials: `demo-app-key`, `demo-app-secret`, tenant `demo-tenant`).",
    },
    ...(copy.servers ?? []),
  ];
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
  metaData: { title: "Co-browsing API console · cec-cobrowse" },
};

function scalarBundle(): string {
  // The package exports no ./package.json: find its folder from its main entry (dist/index.js).
  return join(dirname(require.resolve("@scalar/api-reference")), "browser", "standalone.js");
}

/** Every page written, for the sitemap and llms.txt. */
interface Written {
  path: string;
  title: string;
  description: string;
  markdown?: string;
  noindex?: boolean;
}
const written: Written[] = [];

function writePage(o: Omit<PageOptions, "canonical">): void {
  writeFileSync(join(DIST, o.path), page({ ...o, canonical: absolute(o.path) }));
  written.push({ path: o.path, title: o.title, description: o.description, markdown: o.markdown, noindex: o.noindex });
}

function writeMarkdown(path: string, text: string): void {
  mkdirSync(dirname(join(DIST, path)), { recursive: true });
  writeFileSync(join(DIST, path), text);
}

const DOWNLOADS = (root: string): Array<[string, string]> => [
  [
    "The spec bundle, YAML (the spec with every tested sample as x-codeSamples, and x-tagGroups): spec/openapi.yaml",
    `${root}spec/openapi.yaml`,
  ],
  ["The spec bundle, JSON: spec/openapi.json", `${root}spec/openapi.json`],
  [
    "This reference as Markdown, for AI assistants: llms.txt (the index) and llms-full.txt (everything in one file)",
    `${root}llms.txt`,
  ],
];

/** The pre-rendered reference (index.html) and its Markdown twins (index.md, reference/<operationId>.md). */
function writeReference(model: ReferenceModel): void {
  const consoleHref = (op: OperationModel) => `console.html${consoleAnchor(op.id)}`;
  writePage({
    title: "API reference",
    path: "index.html",
    section: "reference",
    description: `${model.title} reference: ${model.summary} Every header, field, limit and status, the samples in five languages, and what the vendor documents apart from what the spec decides.`,
    markdown: "index.md",
    body: referenceBody(model, { console: consoleHref, downloads: DOWNLOADS("") }),
    bodyClass: "reference",
    sidebar: referenceNav(model),
  });
  writeMarkdown(
    "index.md",
    introductionMarkdown(model, {
      html: absolute("index.html"),
      operation: (op) => absolute(operationMarkdownPath(op.id)),
      downloads: DOWNLOADS("").map(([l, h]) => [l, absolute(h)]),
    }),
  );
  for (const op of model.operations) {
    writeMarkdown(
      operationMarkdownPath(op.id),
      operationMarkdown(op, {
        html: absolute(`index.html#${op.anchor}`),
        console: absolute(consoleHref(op)),
        operationMd: (id) => absolute(operationMarkdownPath(id)),
      }),
    );
  }
}

/** The interactive console: Scalar's standalone bundle over the portal's copy of the spec. */
function writeConsole(): void {
  mkdirSync(join(DIST, "assets", "scalar"), { recursive: true });
  cpSync(scalarBundle(), join(DIST, "assets", "scalar", "standalone.js"));
  const license = join(dirname(scalarBundle()), "..", "..", "LICENSE");
  if (existsSync(license)) cpSync(license, join(DIST, "assets", "scalar", "LICENSE"));
  writeFileSync(join(DIST, "openapi.json"), `${JSON.stringify(portalSpec(), null, 2)}\n`);
  writeFileSync(
    join(DIST, "assets", "console.js"),
    `// The console: Scalar's standalone bundle (served from this origin) over the portal's copy of the spec.\n` +
      `Scalar.createApiReference("#reference-app", ${JSON.stringify(SCALAR_CONFIGURATION, null, 2)});\n`,
  );
  const body = `<h1 class="visually-hidden">Co-browsing API console</h1><div id="reference-app"></div>`;
  writePage({
    title: "Console",
    path: "console.html",
    section: "console",
    description:
      "Send the co-browsing API's requests from the browser to the embedded mock server and read its answers (Scalar's API console, loaded from this site).",
    noindex: true,
    body,
    bodyClass: "console",
    scripts: ["assets/scalar/standalone.js", "assets/console.js", "assets/reference-fixes.js"],
  });
}

function guideLink(from: string, target: "html" | "markdown"): (href: string) => string {
  return (href) => {
    if (href.startsWith("#")) return href;
    const [path = "", anchor] = href.split("#");
    if (path.startsWith("reference:")) {
      const id = path.slice("reference:".length);
      return target === "html"
        ? `../index.html${referenceAnchor(id)}`
        : absolute(operationMarkdownPath(spec.operation(id).operationId));
    }
    const guide = /^([\w-]+)\.md$/.exec(path)?.[1];
    if (guide) {
      if (!GUIDES.includes(guide)) throw new Error(`guides/${from}.md: links to ${href}, which is not a guide`);
      return target === "html" ? `${guide}.html${anchor ? `#${anchor}` : ""}` : absolute(`guides/${guide}.md`);
    }
    if (["playground.html", "changelog.html", "index.html", "console.html"].includes(path))
      return target === "html" ? `../${href}` : absolute(href);
    throw new Error(
      `guides/${from}.md: the link ${href} leads outside the portal (link a guide, reference:<operationId>, playground.html, console.html or changelog.html)`,
    );
  };
}

const apiPaths = () => [...spec.operations.values()].map((o) => o.path);

interface Guide {
  slug: string;
  title: string;
  source: string;
  description: string;
}

function writeGuides(): { shown: Set<string>; guides: Guide[] } {
  mkdirSync(join(DIST, "guides"), { recursive: true });
  const shown = new Set<string>();
  const rendered = GUIDES.map((slug) => {
    const file = join(DOCS, "guides", `${slug}.md`);
    const source = readFileSync(file, "utf8");
    const guide = renderGuide(source, {
      file: `guides/${slug}.md`,
      samplesDir: SAMPLES,
      apiPaths: apiPaths(),
      link: guideLink(slug, "html"),
      shown,
    });
    return { slug, source, ...guide };
  });
  const sidebar: NavEntry[] = rendered.map((g) => ({ href: `guides/${g.slug}.html`, label: g.title }));
  const guides: Guide[] = [];
  for (const g of rendered) {
    const path = `guides/${g.slug}.html`;
    const description = firstParagraph(g.source);
    writePage({
      title: g.title,
      path,
      section: "guides",
      description,
      markdown: `guides/${g.slug}.md`,
      body: `<article>${g.html}</article>`,
      sidebar,
    });
    writeMarkdown(
      `guides/${g.slug}.md`,
      guideMarkdown(g.source, {
        file: `guides/${g.slug}.md`,
        samplesDir: SAMPLES,
        link: guideLink(g.slug, "markdown"),
      }),
    );
    guides.push({ slug: g.slug, title: g.title, source: g.source, description });
  }
  return { shown, guides };
}

interface Change {
  packages: Record<string, string>;
  body: string;
  file: string;
}

/** The pending changesets (.changeset/*.md) and each package's CHANGELOG.md, as one page and its Markdown. */
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
  for (const c of changes)
    for (const [pkg, bump] of Object.entries(c.packages))
      byPackage.set(pkg, [...(byPackage.get(pkg) ?? []), { bump, body: c.body, file: c.file }]);
  const render = (md: string, file: string) =>
    renderGuide(`# x\n\n${md}`, {
      file,
      samplesDir: SAMPLES,
      apiPaths: apiPaths(),
      link: (h) => h,
      shown: new Set(),
    }).html.replace(/^<h1>x<\/h1>\n/, "");
  const sections: string[] = [];
  const markdown: string[] = [];
  for (const pkg of [...byPackage.keys()].sort()) {
    const folder = readdirSync(join(ROOT, "packages")).find((d) => {
      const pj = join(ROOT, "packages", d, "package.json");
      return existsSync(pj) && JSON.parse(readFileSync(pj, "utf8")).name === pkg;
    });
    const released =
      folder && existsSync(join(ROOT, "packages", folder, "CHANGELOG.md"))
        ? readFileSync(join(ROOT, "packages", folder, "CHANGELOG.md"), "utf8")
        : undefined;
    const id = slugify(pkg);
    const pending = byPackage.get(pkg)!;
    sections.push(
      `<section aria-labelledby="${id}"><h2 id="${id}">${escapeHtml(pkg)}</h2>` +
        `<h3>Unreleased</h3><ul class="changes">${pending
          .map(
            (c) =>
              `<li><span class="bump bump-${escapeHtml(c.bump)}">${escapeHtml(c.bump)}</span>${render(c.body, `.changeset/${c.file}`)}</li>`,
          )
          .join("")}</ul>` +
        (released ? render(released.replace(/^# .*\n/, ""), `${folder}/CHANGELOG.md`) : "") +
        `</section>`,
    );
    markdown.push(
      `## ${pkg}\n\n### Unreleased\n\n${pending.map((c) => `- **${c.bump}**: ${c.body.replace(/\n/g, "\n  ")}`).join("\n")}${
        released
          ? `\n\n${released
              .replace(/^# .*\n/, "")
              .replace(/^#/gm, "##")
              .trim()}`
          : ""
      }`,
    );
  }
  const intro =
    "Each package's changes: the pending ones from `.changeset/` (what the next `pnpm release` publishes, with its version bump), then each package's `CHANGELOG.md` once released.";
  const body =
    `<article><h1>Changelog</h1><p>Each package's changes: the pending ones from <code>.changeset/</code> (what the next ` +
    `<code>pnpm release</code> publishes, with its version bump), then each package's <code>CHANGELOG.md</code> once released.</p>${sections.join("")}</article>`;
  writePage({
    title: "Changelog",
    path: "changelog.html",
    section: "changelog",
    description:
      "The changes of every cec-cobrowse package: the pending changesets with their version bumps, then each released changelog.",
    markdown: "changelog.md",
    body,
  });
  writeMarkdown("changelog.md", `# Changelog\n\n${intro}\n\n${markdown.join("\n\n")}\n`);
}

async function bundleScript(entry: string, outfile: string): Promise<void> {
  await build({
    entryPoints: [join(DOCS, "src", ...entry.split("/"))],
    bundle: true,
    minify: true,
    format: "esm",
    platform: "browser",
    target: "es2022",
    outfile: join(DIST, "assets", outfile),
    legalComments: "none",
    logLevel: "warning",
  });
}

async function writePlayground(): Promise<void> {
  await bundleScript("playground/main.ts", "playground.js");
  const body = readFileSync(join(DOCS, "src", "playground", "playground.html"), "utf8");
  writePage({
    title: "Playground",
    path: "playground.html",
    section: "playground",
    description:
      "A customer and an agent in one co-browsing room on the embedded mock server: the browser client's tokens, both WebSockets, and clicks, inputs and highlights relayed both ways.",
    body,
    head: '<script type="module" src="assets/playground.js"></script>',
  });
}

function writeAssets(): void {
  const assets = join(DOCS, "src", "site");
  mkdirSync(join(DIST, "assets"), { recursive: true });
  for (const f of ["site.css", "site.js", "theme.js", "reference-fixes.js", "highlight.css"])
    cpSync(join(assets, f), join(DIST, "assets", f));
  cpSync(join(assets, "favicon.svg"), join(DIST, "favicon.svg"));
}

/** The spec bundle: into @cec-cobrowse/spec's published files, and into dist/spec/ for the portal's downloads. */
function writeSpecBundle(): void {
  const bundle = specBundle(DOCS, SAMPLES);
  writeBundle(bundle, specPackageDir(DOCS));
  mkdirSync(join(DIST, "spec"), { recursive: true });
  writeFileSync(join(DIST, "spec", "openapi.yaml"), bundle.yaml);
  writeFileSync(join(DIST, "spec", "openapi.json"), bundle.json);
}

/** llms.txt, llms-full.txt, the sitemap and robots.txt, from the pages written. */
function writeIndexes(model: ReferenceModel, guides: Guide[]): void {
  const reference: LlmsPage[] = [
    {
      title: `${model.title} reference: introduction`,
      url: absolute("index.md"),
      description: model.summary,
      file: "index.md",
    },
    ...model.operations.map((op) => ({
      title: op.summary,
      url: absolute(operationMarkdownPath(op.id)),
      description: `\`${op.method} ${op.path}\` (${op.id}): ${firstParagraph(op.description, 160)}`,
      file: operationMarkdownPath(op.id),
    })),
  ];
  const guidePages: LlmsPage[] = guides.map((g) => ({
    title: g.title,
    url: absolute(`guides/${g.slug}.md`),
    description: g.description,
    file: `guides/${g.slug}.md`,
  }));
  const optional: LlmsPage[] = [
    {
      title: "Changelog",
      url: absolute("changelog.md"),
      description: "Every package's pending and released changes.",
      file: "changelog.md",
    },
    {
      title: "The spec bundle (OpenAPI 3.1, YAML)",
      url: absolute("spec/openapi.yaml"),
      description:
        "The spec with every tested sample as x-codeSamples; also published as @cec-cobrowse/spec/bundle/openapi.yaml.",
      file: "spec/openapi.yaml",
    },
  ];
  const read = (f: string) => readFileSync(join(DIST, f), "utf8");
  writeFileSync(
    join(DIST, "llms.txt"),
    llmsIndex({
      title: "cec-cobrowse",
      summary: `${model.title}: ${model.summary} The spec-first SDK's reference, guides and samples (every sample is a file that \`pnpm test\` runs against the reference mock server).`,
      sections: [
        ["API reference", reference],
        ["Guides", guidePages],
        ["Optional", optional],
      ],
    }),
  );
  writeFileSync(
    join(DIST, "llms-full.txt"),
    llmsFull(
      "cec-cobrowse: the co-browsing API's reference and guides",
      [...reference, ...guidePages].map((p) => ({ ...p, text: read(p.file) })),
    ),
  );
  writeFileSync(join(DIST, "sitemap.xml"), sitemap(written.filter((w) => !w.noindex).map((w) => w.path)));
  writeFileSync(join(DIST, "robots.txt"), robots());
}

export async function buildSite(): Promise<void> {
  const started = performance.now();
  written.length = 0;
  rmSync(DIST, { recursive: true, force: true });
  mkdirSync(DIST, { recursive: true });
  writeAssets();
  writeSpecBundle();
  const model = referenceModel();
  writeReference(model);
  writeConsole();
  const { shown, guides } = writeGuides();
  writeChangelog();
  await writePlayground();
  await bundleScript("search/page.ts", "search.js");
  writeFileSync(
    join(DIST, SEARCH_INDEX),
    buildSearchIndex(
      model,
      guides.map((g) => ({ slug: g.slug, title: g.title, markdown: g.source })),
    ),
  );
  writeIndexes(model, guides);
  writeFileSync(join(DIST, "samples-shown.json"), `${JSON.stringify([...shown].sort(), null, 2)}\n`);
  console.log(
    `docs: wrote dist/ in ${Math.round(performance.now() - started)} ms (reference, console, ${GUIDES.length} guides, changelog, playground; Markdown, llms.txt, sitemap for ${SITE_URL}) and @cec-cobrowse/spec's ${BUNDLE_FILES.yaml} and ${BUNDLE_FILES.json}`,
  );
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  buildSite().catch((error: unknown) => {
    console.error(`docs: ${(error as Error).message}`);
    process.exit(1);
  });
}
