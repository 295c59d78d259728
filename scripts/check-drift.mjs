#!/usr/bin/env node
// Drift check: regenerate everything from spec/openapi.yaml (bypassing turbo's cache),
// then fail if any generated file differs from what is committed, or is new.
import { execFileSync } from "node:child_process";

const run = (cmd, args, opts = {}) => execFileSync(cmd, args, { stdio: "inherit", ...opts });
const capture = (cmd, args) => execFileSync(cmd, args, { encoding: "utf8" });

run("pnpm", ["exec", "turbo", "run", "generate", "--force", "--output-logs=errors-only"]);

// Everything a generator writes lives under one of these.
const generated = capture("git", ["ls-files", "--cached", "--others", "--exclude-standard", "--", ":(glob)packages/**/generated/**", ":(glob)packages/client-*/**"])
  .split("\n")
  .filter(Boolean);
const status = capture("git", ["status", "--porcelain", "--", ...(generated.length ? generated : ["packages"])])
  .split("\n")
  .filter((line) => line && generated.some((file) => line.endsWith(file)));

if (status.length > 0) {
  console.error("drift: generated files differ from the committed ones:\n" + status.join("\n"));
  run("git", ["--no-pager", "diff", "--stat", "--", ...generated]);
  console.error("Run `pnpm generate` and commit the result; never edit generated files by hand.");
  process.exit(1);
}
console.log(`drift: none (${generated.length} generated files match the spec)`);
