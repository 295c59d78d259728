#!/usr/bin/env node
// `pnpm api:record`: records the SDK's public API in every language, from this tree, as the
// API the breaking-change gate compares with (spec/released/api/, beside the released spec).
// `pnpm changeset version` runs it after regenerating; run it yourself only to re-record the
// current release's API on purpose (see release/README.md).
//
//   node release/bin/api-record.mjs [--tree DIR] [--out DIR] [--only typescript,python,go,java]
import { join, resolve } from "node:path";
import { parseArgs } from "node:util";
import { apiDir, buildDeclarations, recordApi, selectLanguages } from "../lib/api/index.mjs";
import { ReleaseError, rel, root } from "../lib/common.mjs";

const { values } = parseArgs({
  options: { tree: { type: "string" }, out: { type: "string" }, only: { type: "string" } },
  allowPositionals: false,
});
const tree = resolve(values.tree ?? root);
const out = resolve(values.out ?? apiDir(join(root, "spec", "released")));
const only = values.only ? values.only.split(",").map((id) => id.trim()) : [];

try {
  const started = performance.now();
  const languages = selectLanguages(only);
  if (tree === root && languages.some((language) => language.id === "typescript")) await buildDeclarations();
  const files = await recordApi({ tree, dir: out, only });
  const seconds = ((performance.now() - started) / 1000).toFixed(1);
  console.log(
    `api:record: the public API in ${languages.map((l) => `${l.label} (${l.tool()})`).join(", ")} recorded in ${rel(out)}/ (${files.length} files, ${seconds} s)`,
  );
} catch (error) {
  console.error(`api:record: ${error instanceof ReleaseError ? error.message : (error?.stack ?? error)}`);
  process.exit(1);
}
