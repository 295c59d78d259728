// The per-language half of the breaking-change gate, on temporary trees regenerated with the
// repository's generators: each tree holds the generated clients of a copy of the spec (or of
// a copied generator config or template) beside copies of the hand-written layers, and the
// gate compares it with an API recorded from another tree, as `pnpm changeset version` records
// a release's.
//
//   quality   the spec with a new optional response property, ConnectionInfo.quality, an inline
//             object titled "ConnectionQuality" (a class ConnectionQuality in every generated client)
//   renamed   the same with only that title changed to "ConnectionQos": the spec diff is not
//             breaking, but the class is renamed in every language
//   upgrade   `quality` regenerated as a generator upgrade could: the Go generator's
//             enumClassPrefix default flipped (ROLE_RECORDER becomes RECORDER) and a Python
//             template renaming `to_str` (to_string); the other languages as in `quality`
import { spawnSync } from "node:child_process";
import { cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { parseDocument } from "yaml";
import { loadConfigs, runBatch } from "../../generators/lib.mjs";
import { root } from "../lib/common.mjs";
import { packageDirs } from "../lib/version.mjs";

const work = mkdtempSync(join(tmpdir(), "cec-cobrowse-api-gate-"));
const spec = readFileSync(join(root, "spec", "openapi.yaml"), "utf8");
const generators = Object.fromEntries(loadConfigs().map((generator) => [generator.name, generator]));
const tsFetch = "packages/client-typescript-fetch";

/** A copy of the spec with ConnectionInfo.quality, an inline object of the given title. */
function withQuality(title) {
  const document = parseDocument(spec);
  document.setIn(
    ["components", "schemas", "ConnectionInfo", "properties", "quality"],
    document.createNode({
      type: "object",
      title,
      description: "How well the connection is expected to work.",
      properties: {
        latencyMs: { type: "integer", description: "The expected latency, in milliseconds." },
        region: { type: "string", description: "Where the room is served." },
      },
    }),
  );
  const file = join(work, `${title}.yaml`);
  writeFileSync(file, document.toString());
  return file;
}

const specs = { quality: withQuality("ConnectionQuality"), renamed: withQuality("ConnectionQos") };
const tree = (name) => join(work, "trees", name);
const released = (name) => join(work, "released", name);

/** The layers (hand-written) of this checkout, copied into a tree; the TypeScript packages not regenerated, linked. */
function assemble(name, { from } = {}) {
  const dir = tree(name);
  mkdirSync(join(dir, "packages"), { recursive: true });
  const skip = (path) => !/(__pycache__|\/target|\/\.venv)(\/|$)/.test(path);
  cpSync(join(root, "packages/client-python/cec_cobrowse"), join(dir, "packages/client-python/cec_cobrowse"), {
    recursive: true,
    filter: skip,
  });
  cpSync(join(root, "packages/client-go/sdk"), join(dir, "packages/client-go/sdk"), { recursive: true });
  cpSync(join(root, "packages/client-java/sdk/pom.xml"), join(dir, "packages/client-java/sdk/pom.xml"));
  cpSync(join(root, "packages/client-java/sdk/src"), join(dir, "packages/client-java/sdk/src"), { recursive: true });
  // The other TypeScript packages (built in this checkout) are the same in every tree.
  for (const pkgDir of Object.values(packageDirs())) {
    if (pkgDir === tsFetch || /client-(python|go|java)$/.test(pkgDir)) continue;
    symlinkSync(join(root, pkgDir), join(dir, pkgDir), "dir");
  }
  // What a tree does not regenerate comes from the tree it is derived from.
  if (from) {
    for (const generator of ["python", "go", "java"].map((name) => generators[name])) {
      if (!existsSync(join(dir, generator.outputDir)))
        cpSync(join(tree(from), generator.outputDir), join(dir, generator.outputDir), { recursive: true });
    }
    symlinkSync(join(tree(from), tsFetch), join(dir, tsFetch), "dir");
  }
}

/** The typescript-fetch package of a tree, built as its own build does (tsdown), with this checkout's node_modules. */
function buildTypescriptFetch(name) {
  const dir = join(tree(name), tsFetch);
  for (const file of ["package.json", "tsconfig.json", "tsdown.config.ts", "src/index.ts"])
    cpSync(join(root, tsFetch, file), join(dir, file));
  cpSync(join(root, "tsconfig.base.json"), join(tree(name), "tsconfig.base.json"));
  symlinkSync(join(root, tsFetch, "node_modules"), join(dir, "node_modules"), "dir");
  symlinkSync(join(root, "node_modules"), join(tree(name), "node_modules"), "dir");
  const result = spawnSync(join(root, "node_modules", ".bin", "tsdown"), [], { cwd: dir, encoding: "utf8" });
  if (result.status !== 0) throw new Error(`tsdown in ${dir} failed:\n${result.stdout}${result.stderr}`);
}

function node(script, args) {
  const result = spawnSync(process.execPath, [join(root, "release", "bin", script), ...args], { encoding: "utf8" });
  return { code: result.status, out: `${result.stdout}${result.stderr}` };
}

/** A folder whose .changeset/ holds the given changesets (name → text). */
function changesets(name, files) {
  const dir = join(work, "changesets", name);
  mkdirSync(join(dir, ".changeset"), { recursive: true });
  for (const [file, text] of Object.entries(files)) writeFileSync(join(dir, ".changeset", file), text);
  return dir;
}

const gate = (specFile, base, treeName, cwd = changesets("none", {})) =>
  node("lint-breaking.mjs", ["--spec", specFile, "--released", released(base), "--tree", tree(treeName), "--cwd", cwd]);

/** The lines of the gate's report under one part's heading ("Python (griffe …): …" up to the next heading). */
function section(out, label) {
  const lines = out.split("\n");
  const start = lines.findIndex((line) => line.startsWith(`${label} (`));
  if (start < 0) return "";
  const end = lines.findIndex(
    (line, index) => index > start && (/^(spec|TypeScript|Python|Go|Java) \(/.test(line) || line === ""),
  );
  return lines.slice(start, end < 0 ? undefined : end).join("\n");
}

beforeAll(async () => {
  const upgradeTemplates = join(work, "templates", "python");
  cpSync(join(root, generators.python.config.templateDir), upgradeTemplates, { recursive: true });
  const model = join(upgradeTemplates, "model_generic.mustache");
  const template = readFileSync(model, "utf8");
  if (!template.includes("def to_str(self) -> str:"))
    throw new Error("model_generic.mustache no longer defines to_str: pick another method for this test");
  writeFileSync(model, template.replace("def to_str(self) -> str:", "def to_string(self) -> str:"));

  const jobs = [];
  for (const name of ["quality", "renamed"]) {
    for (const generator of ["python", "go", "java", "typescript-fetch"]) {
      jobs.push({
        config: generators[generator].config,
        spec: specs[name],
        outputDir: join(tree(name), generators[generator].outputDir),
        label: `${name} ${generator}`,
      });
    }
  }
  jobs.push(
    {
      config: {
        ...generators.go.config,
        additionalProperties: { ...generators.go.config.additionalProperties, enumClassPrefix: false },
      },
      spec: specs.quality,
      outputDir: join(tree("upgrade"), generators.go.outputDir),
      label: "upgrade go",
    },
    {
      config: { ...generators.python.config, templateDir: upgradeTemplates },
      spec: specs.quality,
      outputDir: join(tree("upgrade"), generators.python.outputDir),
      label: "upgrade python",
    },
  );
  await runBatch(jobs);

  assemble("quality");
  assemble("renamed");
  assemble("upgrade", { from: "quality" });
  // The Go layer names no generated enum constant (it checks a role against the spec's field
  // table), so a renamed constant leaves it building; a layer that did name one stops building,
  // which the gate must report: this file stands for such a layer.
  writeFileSync(
    join(tree("upgrade"), "packages/client-go/sdk/names_enum.go"),
    'package sdk\n\nimport cobrowse "github.com/cec-cobrowse/cec-cobrowse/packages/client-go/generated"\n\nvar defaultRole = cobrowse.ROLE_RECORDER\n',
  );
  buildTypescriptFetch("quality");
  buildTypescriptFetch("renamed");

  // The releases compared with: this checkout's API, and the quality tree's.
  for (const [name, from, specFile] of [
    ["current", root, join(root, "spec", "openapi.yaml")],
    ["quality", tree("quality"), specs.quality],
  ]) {
    mkdirSync(released(name), { recursive: true });
    cpSync(specFile, join(released(name), "openapi.yaml"));
    const { code, out } = node("api-record.mjs", ["--tree", from, "--out", join(released(name), "api")]);
    if (code !== 0) throw new Error(`api:record of ${name} failed:\n${out}`);
  }
}, 900_000);
afterAll(() => rmSync(work, { recursive: true, force: true }));

describe("the API-diff gate, per language", () => {
  it("passes additions in every language (a new optional property with a new generated class) and lists them by language", () => {
    const { code, out } = gate(specs.quality, "current", "quality");
    expect(code, out).toBe(0);
    expect(out).toContain("no breaking change");
    expect(section(out, "spec")).toContain("added the optional property `data/quality` to the response");
    expect(section(out, "TypeScript")).toMatch(
      /@cec-cobrowse\/client-typescript-fetch\n(\s+\+ .*\n)*\s+\+ ConnectionQuality: added/,
    );
    expect(section(out, "Python")).toContain("+ cec_cobrowse_client.ConnectionQuality: added");
    expect(section(out, "Go")).toContain("+ ConnectionQuality: added");
    expect(section(out, "Java")).toContain("+ cec.cobrowse.client.model.ConnectionQuality: new (class)");
    for (const label of ["TypeScript", "Python", "Go", "Java"]) expect(section(out, label)).not.toContain("✗");
    // The changeset to write lists each language's changes under its own heading.
    expect(out).toContain("Suggested changeset");
    expect(out).toMatch(/Python API changes \(cec_cobrowse_client\):\n- cec_cobrowse_client\.ConnectionQuality: added/);
    expect(out).toMatch(
      /Java API changes \(cec-cobrowse-client\):\n(- .*\n)*- cec\.cobrowse\.client\.model\.ConnectionQuality: new \(class\)/,
    );
  });

  it("fails a title change that renames the generated class, in each language, though the spec diff is not breaking", () => {
    const { code, out } = gate(specs.renamed, "quality", "renamed");
    expect(code, out).toBe(1);
    expect(section(out, "spec")).toMatch(/^spec \(oasdiff [^)]*\): (no change|no breaking change)/);
    expect(section(out, "TypeScript")).toMatch(
      /@cec-cobrowse\/client-typescript-fetch\n(\s+✗ .*\n)*\s+✗ ConnectionQuality: removed/,
    );
    expect(section(out, "Python")).toContain("✗ cec_cobrowse_client.ConnectionQuality: Public object was removed");
    expect(section(out, "Go")).toContain("✗ ConnectionQuality: removed");
    expect(section(out, "Go")).toContain(
      "✗ (*ConnectionInfo).GetQuality: changed from func() ConnectionQuality to func() ConnectionQos",
    );
    expect(section(out, "Java")).toContain("✗ cec.cobrowse.client.model.ConnectionQuality: removed (class)");
    expect(out).toContain("(TypeScript, Python, Go, Java) break the clients of the last release");
    // The hint: a major changeset whose text already lists each language's breaks.
    expect(out).toMatch(/"@cec-cobrowse\/spec": major/);
    expect(out).toMatch(
      /Go API changes \(github\.com\/cec-cobrowse\/cec-cobrowse\/packages\/client-go\/generated\):\n(- .*\n)*- \(breaking\) ConnectionQuality: removed/,
    );
  });

  it("lets the rename through when a pending changeset makes it a major release, and not for a minor one", () => {
    const major = changesets("major", {
      "rename.md": '---\n"@cec-cobrowse/client": major\n---\n\nConnectionQuality is now ConnectionQos.\n',
    });
    const passed = gate(specs.renamed, "quality", "renamed", major);
    expect(passed.code, passed.out).toBe(0);
    expect(passed.out).toContain("released as a major version by .changeset/rename.md");
    const minor = changesets("minor", {
      "rename.md": '---\n"@cec-cobrowse/client": minor\n---\n\nConnectionQuality is now ConnectionQos.\n',
    });
    expect(gate(specs.renamed, "quality", "renamed", minor).code).toBe(1);
  });

  it("catches a generator upgrade in the languages it breaks (Go's enum constants, a Python template's method), and only there", () => {
    const { code, out } = gate(specs.quality, "quality", "upgrade");
    expect(code, out).toBe(1);
    expect(section(out, "spec")).toMatch(/: no change$/m);
    expect(section(out, "Go")).toContain("✗ ROLE_RECORDER: removed");
    expect(section(out, "Go")).toContain("+ RECORDER: added");
    // A hand-written layer that names the generated enum constant stops building, which the gate says.
    expect(section(out, "Go")).toMatch(/✗ does not build: names_enum\.go:\d+:\d+: undefined: cobrowse\.ROLE_RECORDER/);
    expect(section(out, "Python")).toContain(
      "✗ cec_cobrowse_client.models.connection_info.ConnectionInfo.to_str: Public object was removed",
    );
    expect(section(out, "Python")).toContain(
      "+ cec_cobrowse_client.models.connection_info.ConnectionInfo.to_string: added",
    );
    expect(section(out, "TypeScript")).toMatch(/: no change$/);
    expect(section(out, "Java")).toMatch(/: no change$/);
    expect(out).toContain("(Python, Go) break the clients of the last release");
  });

  it("refuses a recorded API that was edited by hand", () => {
    const copy = join(work, "released", "edited");
    cpSync(released("quality"), copy, { recursive: true });
    const file = join(copy, "api", "python", "cec_cobrowse.json");
    writeFileSync(file, readFileSync(file, "utf8").replace('"name": "from_env"', '"name": "from_environment"'));
    const { code, out } = node("lint-breaking.mjs", [
      "--spec",
      specs.quality,
      "--released",
      copy,
      "--tree",
      tree("quality"),
      "--cwd",
      changesets("none", {}),
      "--only",
      "python",
    ]);
    expect(code, out).toBe(2);
    expect(out).toContain("python/cec_cobrowse.json is not what `pnpm api:record` wrote");
  });
});
