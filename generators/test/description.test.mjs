// The spec's info.description (3 kB of prose) must not reach the generated clients: each
// generator stamps its config's one-line appDescription instead, so editing a sentence of the
// spec's prose leaves every generated file as it was.
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { parse, parseDocument } from "yaml";
import { listFiles, loadConfigs, root, runBatch } from "../lib.mjs";

const specFile = join(root, "spec", "openapi.yaml");
const specText = readFileSync(specFile, "utf8");
const description = parse(specText).info.description;
const generators = loadConfigs();

// Lines of the spec's prose long enough to be unmistakable and made only of characters no
// generator escapes, so that a file quoting the description contains them verbatim (headers
// fold the prose onto one line, but each source line stays intact).
const fragments = description
  .split("\n")
  .map((line) => line.trim().replace(/^(?:[-*]|\d+\.|#+)\s+/, ""))
  .filter((line) => line.length >= 40 && /^[A-Za-z0-9 .,;:()`+=-]+$/.test(line));

describe("the generated clients do not carry the spec's info.description", () => {
  it("has enough of the prose to look for", () => {
    expect(fragments.length).toBeGreaterThanOrEqual(10);
  });

  for (const generator of generators) {
    it(`${generator.outputDir} (${generator.name}) quotes none of it, and stamps its one-line appDescription`, () => {
      const files = listFiles(generator.outputDir);
      expect(files.length).toBeGreaterThan(10);
      const quoting = [];
      let stamped = 0;
      for (const file of files) {
        const text = readFileSync(join(root, generator.outputDir, file), "utf8");
        const found = fragments.find((fragment) => text.includes(fragment));
        if (found) quoting.push(`${file}: "${found}"`);
        if (text.includes(generator.appDescription)) stamped += 1;
      }
      expect(quoting).toEqual([]);
      expect(stamped).toBeGreaterThan(0);
    });
  }
});

describe("editing a sentence of info.description, then regenerating", () => {
  const work = mkdtempSync(join(tmpdir(), "cec-cobrowse-description-test-"));
  afterAll(() => rmSync(work, { recursive: true, force: true }));

  // One sentence of the prose (the first plain one), rewritten.
  const sentence = description
    .split(/(?<=\.)\s+/)
    .map((part) => part.trim())
    .find((part) => /^[A-Z][a-z]+ [^\n#*]{20,}\.$/.test(part));
  const edited = "This sentence was rewritten by the generators package's test.";

  // Three specs: the spec as committed; the same with that one sentence edited; and, as a
  // control that the comparison sees changes, the same with info.version bumped (the version
  // is stamped into every header).
  const variants = {
    original: specText,
    "edited-description": editSpec((document) => {
      document.setIn(["info", "description"], description.replace(sentence, edited));
    }),
    "control-version": editSpec((document) => {
      document.setIn(["info", "version"], `${document.getIn(["info", "version"])}-control`);
    }),
  };

  function editSpec(edit) {
    const document = parseDocument(specText);
    edit(document);
    return document.toString();
  }

  const out = (variant, generator) => join(work, variant, generator.outputDir);
  beforeAll(async () => {
    const jobs = [];
    for (const [variant, text] of Object.entries(variants)) {
      const spec = join(work, `${variant}.yaml`);
      writeFileSync(spec, text);
      for (const generator of generators) {
        jobs.push({
          config: generator.config,
          spec,
          outputDir: out(variant, generator),
          label: `${variant}/${generator.file}`,
        });
      }
    }
    await runBatch(jobs); // one JVM for all twelve
  }, 180_000);

  const read = (dir) => new Map(listFiles(dir).map((file) => [file, readFileSync(join(dir, file), "utf8")]));
  const differences = (a, b) => {
    const left = read(a);
    const right = read(b);
    return [...new Set([...left.keys(), ...right.keys()])].filter((file) => left.get(file) !== right.get(file)).sort();
  };

  it("edits a sentence the spec has", () => {
    expect(sentence).toBeTruthy();
    expect(variants["edited-description"]).not.toEqual(specText);
    expect(parse(variants["edited-description"]).info.description).toContain(edited);
    expect(parse(variants["edited-description"]).info.description).not.toContain(sentence);
  });

  for (const generator of generators) {
    it(`leaves ${generator.name}'s output unchanged, file for file`, () => {
      expect(listFiles(out("original", generator)).length).toBeGreaterThan(10);
      expect(differences(out("original", generator), out("edited-description", generator))).toEqual([]);
    });

    it(`changes ${generator.name}'s output when info.version changes (the control)`, () => {
      expect(differences(out("original", generator), out("control-version", generator)).length).toBeGreaterThan(0);
    });
  }
});
