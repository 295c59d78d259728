#!/usr/bin/env node
// Drift check: regenerate everything from spec/openapi.yaml (bypassing turbo's cache), then
// fail if any generated file differs from what is committed, is new, or is gone.
//
// Generated, committed files live in folders named `generated` under packages/ (the spec
// module, openapi-typescript's types, every openapi-generator client of generators/*.yaml, and
// the clients' facts of generators/facts), and in files named *_gen.go (Go's request type). For
// the openapi-generator clients it also checks that every file the generator lists in its
// .openapi-generator/FILES manifest is committed (a nested .gitignore must not hide one).
import { execFileSync } from "node:child_process";
import { existsSync, readdirSync, readFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { parse } from "yaml";
import { GENERATED_PATHSPECS as pathspecs } from "./generated.mjs";

process.chdir(join(dirname(fileURLToPath(import.meta.url)), ".."));

const run = (cmd, args, opts = {}) => execFileSync(cmd, args, { stdio: "inherit", ...opts });
const capture = (cmd, args) => execFileSync(cmd, args, { encoding: "utf8" });
const lines = (text) => text.split("\n").filter(Boolean);

run("pnpm", ["exec", "turbo", "run", "generate", "--force", "--output-logs=errors-only"]);

const generated = lines(capture("git", ["ls-files", "--cached", "--others", "--exclude-standard", "--", ...pathspecs]));
const status = lines(capture("git", ["status", "--porcelain", "--untracked-files=all", "--", ...pathspecs]));

// openapi-generator's own manifest of what it wrote, per generators/*.yaml config.
const tracked = new Set(lines(capture("git", ["ls-files", "--cached", "--", ...pathspecs])));
const untracked = [];
let manifested = 0;
for (const file of readdirSync("generators").filter((name) => name.endsWith(".yaml"))) {
  const { outputDir } = parse(readFileSync(join("generators", file), "utf8"));
  const manifest = join(outputDir, ".openapi-generator", "FILES");
  if (!existsSync(manifest)) {
    untracked.push(`${manifest} (missing: ${file} did not run?)`);
    continue;
  }
  for (const name of [
    ...lines(readFileSync(manifest, "utf8")),
    ".openapi-generator/FILES",
    ".openapi-generator/VERSION",
  ]) {
    manifested += 1;
    if (!tracked.has(`${outputDir}/${name}`)) untracked.push(`${outputDir}/${name}`);
  }
}

if (status.length > 0 || untracked.length > 0) {
  if (status.length > 0) console.error(`drift: generated files differ from the committed ones:\n${status.join("\n")}`);
  if (untracked.length > 0) console.error(`drift: generated files that are not committed:\n${untracked.join("\n")}`);
  run("git", ["--no-pager", "diff", "--stat", "--", ...pathspecs]);
  console.error("Run `pnpm generate` and commit the result; never edit generated files by hand.");
  process.exit(1);
}
console.log(
  `drift: none (${generated.length} generated files match the spec; ${manifested} of them listed by openapi-generator's FILES manifests)`,
);
