// The spec bundle for other portals: the spec as @cec-cobrowse/spec ships it (its openapi.yaml,
// comments and order kept), plus every operation's tested samples as `x-codeSamples` (lang,
// label, source: each the sample file `pnpm test` runs) and `x-tagGroups` covering every tag, in
// YAML and JSON. The portal's build writes it into @cec-cobrowse/spec's published `bundle/` (and
// dist/spec/), so the bundle can only hold the samples this build showed and tested; the spec
// package itself never depends on the docs package.
import { mkdirSync, readFileSync, realpathSync, writeFileSync } from "node:fs";
import { createRequire } from "node:module";
import { dirname, join } from "node:path";
import { specValidator } from "@cec-cobrowse/spec";
import YAML from "yaml";
import { tagGroups } from "./reference/model.js";
import { type CodeSample, codeSamples } from "./samples.js";

/** The bundle's files, as published: `@cec-cobrowse/spec/bundle/openapi.yaml` and `.json`. */
export const BUNDLE_FILES = { yaml: "bundle/openapi.yaml", json: "bundle/openapi.json" } as const;

const HEADER = [
  " The co-browsing API's spec bundle for documentation portals (Redoc, Scalar, Mintlify, Docusaurus…):",
  " spec/openapi.yaml with every operation's tested samples as x-codeSamples and x-tagGroups covering",
  " every tag. Built by packages/docs (pnpm docs:build) from @cec-cobrowse/spec's openapi.yaml and the",
  " sample files that `pnpm test` runs. DO NOT EDIT: change the spec or the samples and rebuild.",
].join("\n");

export interface SpecBundle {
  /** The bundle as a value (what openapi.json holds). */
  document: Record<string, unknown>;
  yaml: string;
  json: string;
}

/** Where @cec-cobrowse/spec is (its real folder, through the workspace link). */
export function specPackageDir(from: string): string {
  const require = createRequire(join(from, "package.json"));
  return realpathSync(dirname(require.resolve("@cec-cobrowse/spec/package.json")));
}

export function specBundle(from: string, samplesDir: string): SpecBundle {
  const source = readFileSync(join(specPackageDir(from), "openapi.yaml"), "utf8");
  const doc = YAML.parseDocument(source);
  if (doc.errors.length) throw new Error(`@cec-cobrowse/spec's openapi.yaml: ${doc.errors[0]!.message}`);
  doc.commentBefore = HEADER;
  for (const op of specValidator().operations.values()) {
    const samples: CodeSample[] = codeSamples(samplesDir, op.operationId);
    const node = doc.getIn(["paths", op.path, op.method.toLowerCase()]);
    if (!YAML.isMap(node)) throw new Error(`@cec-cobrowse/spec's openapi.yaml has no ${op.method} ${op.path}`);
    node.set("x-codeSamples", doc.createNode(samples));
  }
  // x-tagGroups right after the root's tags, where a reader of the file looks for the navigation.
  const root = doc.contents;
  if (!YAML.isMap(root)) throw new Error("@cec-cobrowse/spec's openapi.yaml: not a mapping");
  const items = root.items as Array<YAML.Pair<unknown, unknown>>;
  const at = items.findIndex((pair) => YAML.isScalar(pair.key) && pair.key.value === "tags");
  items.splice(at + 1, 0, doc.createPair("x-tagGroups", tagGroups()));
  const yaml = doc.toString({ lineWidth: 0, blockQuote: "literal" });
  const document = YAML.parse(yaml) as Record<string, unknown>;
  return { document, yaml, json: `${JSON.stringify(document, null, 2)}\n` };
}

/** Writes the bundle into a folder (its `bundle/openapi.yaml` and `.json`). */
export function writeBundle(bundle: SpecBundle, dir: string): void {
  mkdirSync(join(dir, "bundle"), { recursive: true });
  writeFileSync(join(dir, BUNDLE_FILES.yaml), bundle.yaml);
  writeFileSync(join(dir, BUNDLE_FILES.json), bundle.json);
}
