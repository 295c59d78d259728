#!/usr/bin/env node
// Writes src/generated/spec.ts: the spec's facts the client uses (each operation's method, path
// and security schemes, the security headers with the bearer prefix, where tokens come from and
// the lifetime range, the request bodies' fields with their constraints, the answer headers, the
// SDK's own headers, the WebSocket's connectParam query name), as `as const` data, so the client
// takes them from the spec without shipping a validator. The facts come from the one emitter
// every language shares (generators/facts, its TypeScript renderer); the spec is read through
// @cec-cobrowse/spec (its own copy by default; `--spec <file>` loads another with loadSpec).
//
//   node scripts/generate.mjs [--spec <openapi.yaml|json>] [--out <file.ts>]
//
// A body field with a constraint the clients' pre-send checks do not cover fails the run,
// naming it: no client quietly skips a rule of the spec.
import path from "node:path";
import { fileURLToPath } from "node:url";
import { parseArgs } from "node:util";
import { emit, TYPESCRIPT_FILE } from "@cec-cobrowse/generators/facts";
import { specValidator } from "@cec-cobrowse/spec";
import { loadSpec } from "@cec-cobrowse/spec/file";

async function main() {
  const here = path.dirname(fileURLToPath(import.meta.url));
  const { values } = parseArgs({ options: { spec: { type: "string" }, out: { type: "string" } } });
  const spec = values.spec ? await loadSpec(values.spec) : specValidator();
  const out = path.resolve(values.out ?? path.join(here, "../src/generated/spec.ts"));
  emit(spec, {
    languages: ["typescript"],
    files: { [TYPESCRIPT_FILE]: out },
    from: values.spec ? path.basename(values.spec) : undefined,
  });
  console.log(`client: wrote ${path.relative(process.cwd(), out) || out}`);
}

main().catch((error) => {
  console.error(error.message);
  process.exit(1);
});
