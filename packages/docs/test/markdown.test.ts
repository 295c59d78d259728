// The portal for machines (dist/, from `pnpm docs:build`): every reference and guide page's
// Markdown twin, llms.txt and llms-full.txt, the sitemap, robots.txt, and each HTML page's
// canonical address and description. Expectations are read from the spec (@cec-cobrowse/spec) and
// the guides' sources, never from the renderer that wrote the files.
import { existsSync, readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { deref, document, type JsonSchema, type Operation, specValidator } from "@cec-cobrowse/spec";
import { describe, expect, it } from "vitest";
import { LANGUAGES } from "../src/build/samples.js";
import { absolute, SITE_URL } from "../src/build/seo.js";
import { GUIDES, operationMarkdownPath } from "../src/build/site.js";
import { DOCS, SAMPLES } from "./helpers/samples.js";

const DIST = join(DOCS, "dist");
const spec = specValidator();
const read = (f: string) => readFileSync(join(DIST, f), "utf8");
const operations = [...spec.operations.values()];
const htmlPages = () =>
  readdirSync(DIST, { recursive: true, encoding: "utf8" })
    .map((f) => f.split("\\").join("/"))
    .filter((f) => f.endsWith(".html"));

/** A dist/ file for one of the portal's absolute addresses (the published site is dist/). */
function fileOf(url: string): string {
  expect(url.startsWith(SITE_URL), `${url} is not under ${SITE_URL}`).toBe(true);
  const path = url.slice(SITE_URL.length).split("#")[0]!;
  return path === "" ? "index.html" : path;
}

/** Every field name of a schema, nested objects and arrays of objects included (dotted). */
function fieldNames(node: unknown, prefix = "", seen = new Set<unknown>()): string[] {
  const schema = deref<JsonSchema>(document, node as JsonSchema);
  if (seen.has(schema)) return [];
  const out: string[] = [];
  for (const [name, raw] of Object.entries((schema.properties ?? {}) as Record<string, unknown>)) {
    out.push(`${prefix}${name}`);
    const child = deref<JsonSchema>(document, raw as JsonSchema);
    if (child.properties) out.push(...fieldNames(child, `${prefix}${name}.`, new Set([...seen, schema])));
    if (child.items) out.push(...fieldNames(child.items, `${prefix}${name}[].`, new Set([...seen, schema])));
  }
  return out;
}

const requestHeaders = (op: Operation) => [
  ...op.securityHeaders.map((h) => h.header),
  ...op.headers.map((h) => h.name),
];

describe("each operation's Markdown (reference/<operationId>.md)", () => {
  it.each(operations.map((op) => [op.operationId, op] as const))(
    "%s states its path, method, headers, fields, statuses and samples",
    (_id, op) => {
      const md = read(operationMarkdownPath(op.operationId));
      expect(md).toContain(`\`${op.method} ${op.path}\``);
      expect(md).toContain(`- method: \`${op.method}\``);
      expect(md).toContain(`- path: \`${op.path}\``);
      const headerRows = md.split("\n").filter((l) => /^\| `[^`]+` \| (yes|no) \|/.test(l));
      for (const header of requestHeaders(op)) {
        const row = headerRows.find((l) => l.startsWith(`| \`${header}\` |`));
        expect(row, `${op.operationId}: request header ${header}`).toBeDefined();
        const required =
          op.securityHeaders.some((h) => h.header === header) || op.headers.find((h) => h.name === header)!.required;
        expect(row, header).toContain(`| ${required ? "yes" : "no"} |`);
      }
      const body = md.slice(md.indexOf("## Request body"), md.indexOf("## Responses"));
      const required = new Set((deref<JsonSchema>(document, op.bodySchema!).required as string[]) ?? []);
      for (const field of fieldNames(op.bodySchema)) {
        const row = body.split("\n").find((l) => l.startsWith(`| \`${field}\` |`));
        expect(row, `${op.operationId}: body field ${field}`).toBeDefined();
        if (!field.includes(".")) expect(row, field).toContain(`| ${required.has(field) ? "yes" : "no"} |`);
      }
      const responses = md.slice(md.indexOf("## Responses"), md.indexOf("## Order of checks"));
      for (const [status, response] of op.responses) {
        expect(responses, `${op.operationId}: status ${status}`).toMatch(new RegExp(`^### ${status} `, "m"));
        const schema = spec.resolve<{ content?: Record<string, { schema?: unknown }> }>(response.at).content?.[
          "application/json"
        ]?.schema;
        for (const field of schema ? fieldNames(schema) : []) {
          expect(responses, `${op.operationId} ${status}: field ${field}`).toContain(`| \`${field}\` |`);
        }
        for (const header of response.headers)
          expect(responses, `${op.operationId} ${status}: header ${header.name}`).toContain(`| \`${header.name}\` |`);
      }
      // Limits and provenance: each body field's maxLength as written in the spec, and both marks.
      for (const [name, raw] of Object.entries(
        (deref<JsonSchema>(document, op.bodySchema!).properties ?? {}) as Record<string, JsonSchema>,
      )) {
        const max = deref<JsonSchema>(document, raw).maxLength;
        if (max !== undefined)
          expect(
            body.split("\n").find((l) => l.startsWith(`| \`${name}\` |`)),
            `${name} maxLength`,
          ).toContain(`to ${max} characters`);
      }
      expect(md).toContain("[vendor]");
      expect(md).toContain("[spec decision]");
      for (const l of LANGUAGES)
        expect(md, `${op.operationId}: ${l.label} sample`).toContain(
          readFileSync(join(SAMPLES, l.file(op.operationId)), "utf8").trimEnd(),
        );
    },
  );
});

describe("each guide's Markdown (guides/<slug>.md)", () => {
  it.each(GUIDES)("%s: the guide's text, its samples as the tested files, links to Markdown pages", (slug) => {
    const source = readFileSync(join(DOCS, "guides", `${slug}.md`), "utf8");
    const md = read(`guides/${slug}.md`);
    expect(md.split("\n")[0]).toBe(source.split("\n")[0]);
    expect(md).not.toMatch(/^```(sample|sequence)/m);
    expect(md).not.toContain("](reference:");
    for (const block of source.matchAll(/^```sample\n([\s\S]*?)^```/gm)) {
      for (const file of block[1]!
        .split("\n")
        .map((l) => l.trim())
        .filter(Boolean)) {
        expect(md, `${slug}: ${file}`).toContain(readFileSync(join(SAMPLES, file), "utf8").trimEnd());
      }
    }
  });
});

describe("llms.txt and llms-full.txt", () => {
  const llms = () => read("llms.txt");
  const links = () =>
    [...llms().matchAll(/^- \[([^\]]+)\]\(([^)]+)\): (.+)$/gm)].map((m) => ({
      title: m[1]!,
      url: m[2]!,
      description: m[3]!,
    }));

  it("has the llms.txt shape: a title, a summary, sections of one-line links", () => {
    const text = llms();
    expect(text).toMatch(/^# \S.*\n\n> \S.+\n\n## /);
    for (const line of text.split("\n").filter((l) => l.startsWith("- ")))
      expect(line).toMatch(/^- \[[^\]]+\]\([^)]+\): \S/);
  });

  it("lists every reference and guide page's Markdown, and every link resolves to a file of dist/", () => {
    const files = links().map((l) => fileOf(l.url));
    for (const f of files) expect(existsSync(join(DIST, f)), f).toBe(true);
    for (const op of operations) expect(files).toContain(operationMarkdownPath(op.operationId));
    for (const g of GUIDES) expect(files).toContain(`guides/${g}.md`);
    expect(files).toContain("index.md");
  });

  it("every link of every Markdown page resolves (the site's pages and their anchors)", () => {
    const mdFiles = readdirSync(DIST, { recursive: true, encoding: "utf8" }).filter((f) => f.endsWith(".md"));
    expect(mdFiles.length).toBe(operations.length + GUIDES.length + 2);
    for (const f of mdFiles) {
      for (const m of read(f).matchAll(/\]\((https?:[^)\s]+)\)/g)) {
        const url = m[1]!;
        if (!url.startsWith(SITE_URL)) continue; // a link to another site (npm, a spec) is the guide's own
        const target = fileOf(url);
        expect(existsSync(join(DIST, target)), `${f} links ${url}`).toBe(true);
        const anchor = url.split("#")[1];
        if (anchor && target.endsWith(".html")) expect(read(target), `${f} links ${url}`).toContain(`id="${anchor}"`);
      }
    }
  });

  it("llms-full.txt holds every page llms.txt lists under the reference and the guides, whole", () => {
    const full = read("llms-full.txt");
    for (const l of links().filter((l) => l.url.endsWith(".md") && !l.url.endsWith("changelog.md"))) {
      expect(full, l.url).toContain(read(fileOf(l.url)).trim());
    }
  });
});

describe("search engines: canonical links, descriptions, the sitemap", () => {
  it("every page has its canonical address and a description of its own", () => {
    const descriptions = new Map<string, string>();
    for (const f of htmlPages()) {
      const page = read(f);
      expect(page, f).toContain(`<link rel="canonical" href="${absolute(f)}">`);
      const description = /<meta name="description" content="([^"]+)">/.exec(page)?.[1];
      expect(description?.length, `${f}: description`).toBeGreaterThan(40);
      expect(description!.length, `${f}: description`).toBeLessThanOrEqual(320);
      expect([...descriptions.values()], `${f}: the same description as another page`).not.toContain(description);
      descriptions.set(f, description!);
    }
    expect(descriptions.size).toBe(GUIDES.length + 4);
  });

  it("the sitemap lists every page to index (the console, which repeats the reference, is noindex)", () => {
    const listed = [...read("sitemap.xml").matchAll(/<loc>([^<]+)<\/loc>/g)].map((m) => m[1]!);
    const indexed = htmlPages().filter((f) => !read(f).includes('<meta name="robots" content="noindex">'));
    expect(listed.sort()).toEqual(indexed.map((f) => absolute(f)).sort());
    expect(indexed).not.toContain("console.html");
    expect(read("sitemap.xml")).toMatch(
      /^<\?xml version="1.0" encoding="UTF-8"\?>\n<urlset xmlns="http:\/\/www.sitemaps.org\/schemas\/sitemap\/0.9">/,
    );
    expect(read("robots.txt")).toContain(`Sitemap: ${absolute("sitemap.xml")}`);
  });

  it("each page names its Markdown twin", () => {
    for (const f of htmlPages()) {
      const twin = /<link rel="alternate" type="text\/markdown" href="([^"]+)">/.exec(read(f))?.[1];
      if (!twin) continue;
      expect(existsSync(join(DIST, f, "..", twin)), `${f} → ${twin}`).toBe(true);
    }
    expect(read("index.html")).toContain('type="text/markdown" href="index.md"');
  });
});
