#!/usr/bin/env node
// Writes the spec's facts for the hand-written layers (part of this package's `generate`; the
// TypeScript client's own `generate` writes its file with the same emitter).
//
//   node generators/facts/emit.mjs [--language python,go,java] [--spec <openapi.yaml|json>] [--into <dir>]
//
// --language  the languages to write (default: all four)
// --spec      another copy of the spec (loaded with @cec-cobrowse/spec/file; default: the package's own)
// --into      a folder standing for the repository root (default: the root)
import path from "node:path";
import { parseArgs } from "node:util";
import { specValidator } from "@cec-cobrowse/spec";
import { loadSpec } from "@cec-cobrowse/spec/file";
import { emit, LANGUAGES, root } from "./index.mjs";

try {
  const { values } = parseArgs({
    options: { language: { type: "string" }, spec: { type: "string" }, into: { type: "string" } },
  });
  const languages = values.language ? values.language.split(",").map((l) => l.trim()) : LANGUAGES;
  const spec = values.spec ? await loadSpec(values.spec) : specValidator();
  const into = path.resolve(values.into ?? root);
  const files = emit(spec, { languages, into, from: values.spec ? path.basename(values.spec) : undefined });
  console.log(
    `  ✓ spec facts          ${files.length} files (${languages.join(", ")}) → ${files.map((f) => path.relative(into, f).split(path.sep).slice(0, 2).join("/")).join(", ")}`,
  );
} catch (error) {
  console.error(error.message);
  process.exit(1);
}
