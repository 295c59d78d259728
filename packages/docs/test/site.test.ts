// The built portal (dist/, from `pnpm docs:build`): what it shows is what the samples test ran,
// every link leads somewhere in dist/, and no page names an asset on another host.
import { existsSync, readdirSync, readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { dirname, join, normalize } from "node:path";
import { document, specValidator } from "@cec-cobrowse/spec";
import { describe, expect, it } from "vitest";
import { renderGuide } from "../src/build/markdown.js";
import { LANGUAGES } from "../src/build/samples.js";
import { parseSequence, renderSequence } from "../src/build/sequence.js";
import { GUIDES, portalSpec, SCALAR_CONFIGURATION } from "../src/build/site.js";
import { DOCS, SAMPLES, sampleFiles } from "./helpers/samples.js";

const DIST = join(DOCS, "dist");
const spec = specValidator();
const html = () =>
  readdirSync(DIST, { recursive: true, encoding: "utf8" })
    .filter((f) => f.endsWith(".html"))
    .map((f) => f.split("\\").join("/"));
const read = (f: string) => readFileSync(join(DIST, f), "utf8");
const decode = (s: string) =>
  s
    .replace(/<[^>]+>/g, "")
    .replace(/&lt;/g, "<")
    .replace(/&gt;/g, ">")
    .replace(/&quot;/g, '"')
    .replace(/&#39;/g, "'")
    .replace(/&#x27;/g, "'")
    .replace(/&amp;/g, "&");

describe("dist/ (run pnpm docs:build first)", () => {
  it("has the portal's pages", () => {
    for (const f of [
      "index.html",
      "console.html",
      "openapi.json",
      "playground.html",
      "changelog.html",
      "assets/scalar/standalone.js",
      "assets/playground.js",
      "assets/search.js",
      "search-index.json",
      "favicon.svg",
    ]) {
      expect(existsSync(join(DIST, f)), f).toBe(true);
    }
    for (const g of GUIDES) expect(existsSync(join(DIST, "guides", `${g}.html`)), g).toBe(true);
  });

  it("the console's copy of the spec: the spec as it is, but the servers (the mock first), the samples and the tag groups", () => {
    const copy = JSON.parse(read("openapi.json")) as Record<string, unknown> & {
      servers: Array<{ url: string }>;
      paths: Record<string, Record<string, Record<string, unknown>>>;
    };
    expect(copy).toEqual(JSON.parse(JSON.stringify(portalSpec())));
    expect(copy.servers[0]!.url).toBe("/");
    expect(copy.servers.slice(1)).toEqual(document.servers);
    const stripped = structuredClone(copy);
    stripped.servers = document.servers as never;
    for (const item of Object.values(stripped.paths)) for (const op of Object.values(item)) delete op["x-codeSamples"];
    delete stripped["x-tagGroups"];
    expect(stripped).toEqual(JSON.parse(JSON.stringify(document)));
  });

  it("the spec bundle @cec-cobrowse/spec publishes is this build's: the portal's downloads are the same files, its samples the tested files", () => {
    const require = createRequire(join(DOCS, "package.json"));
    for (const ext of ["yaml", "json"]) {
      const published = readFileSync(require.resolve(`@cec-cobrowse/spec/bundle/openapi.${ext}`), "utf8");
      expect(read(`spec/openapi.${ext}`), `dist/spec/openapi.${ext}`).toBe(published);
    }
    const bundle = JSON.parse(read("spec/openapi.json")) as {
      paths: Record<
        string,
        Record<string, { operationId: string; "x-codeSamples": Array<{ lang: string; label: string; source: string }> }>
      >;
    };
    const portal = JSON.parse(read("openapi.json")) as typeof bundle;
    expect(bundle.paths).toEqual(portal.paths);
    for (const op of Object.values(bundle.paths).flatMap((item) => Object.values(item))) {
      expect(op["x-codeSamples"].map((s) => s.source)).toEqual(
        LANGUAGES.map((l) => readFileSync(join(SAMPLES, l.file(op.operationId)), "utf8")),
      );
    }
  });

  it("every operation's samples: one per language, each exactly the tested file", () => {
    const copy = JSON.parse(read("openapi.json")) as {
      paths: Record<
        string,
        Record<string, { operationId: string; "x-codeSamples": Array<{ label: string; source: string }> }>
      >;
    };
    const ops = Object.values(copy.paths).flatMap((item) => Object.values(item));
    expect(ops.map((o) => o.operationId).sort()).toEqual([...spec.operations.keys()].sort());
    for (const op of ops) {
      expect(op["x-codeSamples"].map((s) => s.label)).toEqual(LANGUAGES.map((l) => l.label));
      op["x-codeSamples"].forEach((s, i) => {
        const file = LANGUAGES[i]!.file(op.operationId);
        expect(sampleFiles(), `${file} is a sample the samples test runs`).toContain(file);
        expect(s.source, `${op.operationId} ${s.label} differs from samples/${file}`).toBe(
          readFileSync(join(SAMPLES, file), "utf8"),
        );
      });
    }
  });

  it("every sample a guide shows is exactly a tested file", () => {
    let shown = 0;
    for (const f of html()) {
      for (const m of read(f).matchAll(/<code class="hljs language-\w+" data-sample="([^"]+)">([\s\S]*?)<\/code>/g)) {
        shown++;
        expect(sampleFiles(), `${f} shows ${m[1]}`).toContain(m[1]);
        expect(decode(m[2]!), `${f}: ${m[1]} differs from the file`).toBe(readFileSync(join(SAMPLES, m[1]!), "utf8"));
      }
    }
    expect(shown).toBeGreaterThan(15);
  });

  it("every local link and asset of every page exists; no page loads anything from another host", () => {
    for (const f of html()) {
      const page = read(f);
      for (const m of page.matchAll(/\s(href|src)="([^"]+)"/g)) {
        const target = m[2]!;
        if (/^https?:/.test(target)) {
          expect(m[1], `${f} loads ${target}`).toBe("href");
          continue;
        }
        if (target.startsWith("#")) {
          expect(page.includes(`id="${target.slice(1)}"`), `${f}: no element ${target}`).toBe(true);
          continue;
        }
        const [path = "", anchor] = target.split("#");
        const resolved = normalize(join(dirname(join(DIST, f)), path));
        expect(existsSync(resolved), `${f} links ${target}`).toBe(true);
        // Links into the console name an operation as Scalar does (tag, method, path); Scalar makes those ids at run time.
        if (anchor && path.endsWith("console.html")) {
          const op = [...spec.operations.values()].find((o) => anchor.endsWith(`/${o.method}${o.path}`));
          expect(op, `${f}: ${anchor} names no operation`).toBeDefined();
        } else if (anchor) {
          expect(read(normalize(join(dirname(f), path))).includes(`id="${anchor}"`), `${f}: ${target}`).toBe(true);
        }
      }
      // Nothing loaded from elsewhere (a canonical link names the published page, and loads nothing).
      const loads = [...page.matchAll(/<(script|link|img|iframe)\b[^>]*>/g)]
        .map((m) => m[0])
        .filter((tag) => !/rel="canonical"/.test(tag));
      for (const tag of loads) expect(tag, f).not.toMatch(/(src|href)="(https?:)?\/\//);
    }
  });

  it("the reference's configuration loads nothing from another host", () => {
    expect(SCALAR_CONFIGURATION).toMatchObject({
      withDefaultFonts: false,
      telemetry: false,
      hiddenClients: true,
      agent: { disabled: true },
    });
    expect(read("assets/console.js")).toContain('"withDefaultFonts": false');
  });

  it("the changelog shows every pending changeset", () => {
    const page = read("changelog.html");
    const dir = join(DOCS, "..", "..", ".changeset");
    const files = readdirSync(dir).filter((f) => f.endsWith(".md") && f !== "README.md");
    expect(files.length).toBeGreaterThan(0);
    for (const f of files) {
      const first = readFileSync(join(dir, f), "utf8").split("---")[2]!.trim().split("\n")[0]!;
      const words = first.replace(/[`*]/g, "").split(/\s+/).slice(0, 3).join(" ");
      expect(decode(page).replace(/\s+/g, " "), `${f}`).toContain(words.replace(/\s+/g, " "));
    }
  });
});

describe("the guides' rules", () => {
  const ctx = (shown = new Set<string>()) => ({
    file: "test.md",
    samplesDir: SAMPLES,
    apiPaths: [...spec.operations.values()].map((o) => o.path),
    link: (h: string) => h,
    shown,
  });

  it("refuses code typed into a guide, and a shell block that calls the API", () => {
    expect(() => renderGuide("# T\n\n```ts\nconst a = 1;\n```\n", ctx())).toThrow(/sample files/);
    expect(() => renderGuide("# T\n\n```sh\ncurl http://x\n```\n", ctx())).toThrow(/calls the API/);
    const path = [...spec.operations.values()][0]!.path;
    expect(() => renderGuide(`# T\n\n\`\`\`sh\nhttp POST :4010${path}\n\`\`\`\n`, ctx())).toThrow(/calls the API/);
    expect(() => renderGuide("# T\n\n```sample\ntypescript/nope.ts\n```\n", ctx())).toThrow(/does not exist/);
  });

  it("shows sample files as tabs, one per file, and records them", () => {
    const shown = new Set<string>();
    const { html } = renderGuide("# T\n\n```sample\ncurl/tokenByAkSk.sh\npython/token_by_ak_sk.py\n```\n", ctx(shown));
    expect(html.match(/role="tab"/g)).toHaveLength(2);
    expect([...shown]).toEqual(["curl/tokenByAkSk.sh", "python/token_by_ak_sk.py"]);
  });

  it("draws a sequence diagram with its text for assistive technology", () => {
    const svg = renderSequence(
      parseSequence("participant a: A\nparticipant b: B\na ->> b: hello\nb -->> a: hi\nnote a..b: both"),
      "Hello",
      "d1",
    );
    expect(svg).toContain('role="img"');
    expect(svg).toContain('<title id="d1-title">Hello</title>');
    expect(svg).toContain("1. A to B: hello 2. B answers A: hi 3. Note (A to B): both");
    expect(() => parseSequence("participant a: A\nparticipant b: B\na ->> c: x")).toThrow(/unknown participant/);
  });
});
