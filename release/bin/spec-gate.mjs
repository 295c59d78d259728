#!/usr/bin/env node
// The spec's breaking-change gate (`pnpm lint` runs it as lint:breaking).
//
// oasdiff (pinned, built from the Go module proxy into .cache/tools) compares the spec of the
// last release (spec/released/openapi.yaml, recorded by `pnpm changeset version`) with
// spec/openapi.yaml:
//   - a breaking change (an ERR of `oasdiff breaking`: a removed enum value, a tightened limit, a
//     new required field, …) fails unless a pending changeset bumps the SDK a major version,
//     and the failure carries oasdiff's explanation of each change;
//   - non-breaking changes pass, and their changelog lines are printed as the text of the
//     changeset to write;
//   - warnings (possible breaks oasdiff cannot decide) are printed and pass.
//
//   node release/bin/spec-gate.mjs [--base FILE] [--revision FILE] [--cwd DIR]
//
// --cwd is the folder whose .changeset/ is read (default: the repository root).
import { join, resolve } from "node:path";
import { parseArgs } from "node:util";
import readChangesets from "@changesets/read";
import { ReleaseError, exists, readJson, rel, root, run } from "../lib/common.mjs";
import { oasdiff } from "../lib/tools.mjs";
import { releasedSpec, sdkPackages } from "../lib/version.mjs";

const { values } = parseArgs({
  options: { base: { type: "string" }, revision: { type: "string" }, cwd: { type: "string" } },
  allowPositionals: false,
});
const cwd = resolve(values.cwd ?? root);
const base = resolve(values.base ?? join(root, releasedSpec.spec));
const revision = resolve(values.revision ?? join(root, "spec", "openapi.yaml"));
const recordFile = join(root, releasedSpec.record);
const released = values.base ? rel(base) : `${releasedSpec.spec}, the spec of SDK ${exists(recordFile) ? readJson(recordFile).sdkVersion : "?"}`;

// No external $ref is read (the spec has none; a spec under review must not make oasdiff fetch).
const common = ["--color", "never", "--allow-external-refs=false"];

try {
  if (!exists(base)) throw new ReleaseError(`${rel(base)} is missing: the released spec is recorded by \`pnpm changeset version\``);
  const bin = await oasdiff();
  const breaking = await run(bin, ["breaking", base, revision, "--fail-on", "ERR", ...common], { capture: true, allowFail: true });
  if (breaking.code !== 0 && breaking.code !== 1) throw new ReleaseError(`oasdiff breaking exited with ${breaking.code}:\n${breaking.stderr || breaking.stdout}`);
  const changelog = await run(bin, ["changelog", base, revision, "--format", "json", "--allow-external-refs=false"], { capture: true });
  const changes = JSON.parse(changelog.stdout || "[]");
  const lines = changes.map((change) => `${change.operation ? `${change.operation} ${change.path}: ` : ""}${change.text} (${change.id})`);
  const levels = (level) => changes.filter((change) => change.level === level).length;

  if (breaking.code === 1) {
    const majors = await majorChangesets(cwd);
    if (majors.length > 0) {
      console.log(`spec gate: ${rel(revision)} has breaking changes against ${released}, released as a major version by ${majors.join(", ")}:`);
      console.log(indent(breaking.stdout));
      process.exit(0);
    }
    console.error(`spec gate: ${rel(revision)} breaks the clients of the last release (${released}).`);
    console.error(`oasdiff ${bin.match(/oasdiff@(v[^/]+)/)?.[1] ?? ""} explains each breaking change:\n`);
    console.error(`${indent(breaking.stdout)}\n`);
    console.error(
      "Every generated client of the last release would break on this spec. Either undo the change, or release it as\n" +
        `a major version: \`pnpm changeset\`, pick ${sdkPackages()[0]} (its fixed group moves together) and \`major\`,\n` +
        "and say in the changeset what clients must change.",
    );
    process.exit(1);
  }
  if (changes.length === 0) {
    console.log(`spec gate: ${rel(revision)} has no API change against ${released}`);
    process.exit(0);
  }
  const warnings = levels(2); // oasdiff levels: 3 ERR, 2 WARN, 1 INFO
  console.log(
    `spec gate: no breaking change against ${released}; ${changes.length} change${changes.length === 1 ? "" : "s"}` +
      `${warnings ? ` (${warnings} warning${warnings === 1 ? "" : "s"}: possible breaks oasdiff cannot decide, listed below)` : ""}.`,
  );
  console.log(`Suggested changeset (\`pnpm changeset\`, or a file in .changeset/):\n`);
  console.log(`---\n"${sdkPackages()[0]}": minor\n---\n\nThe spec changes:\n${lines.map((line) => `- ${line}`).join("\n")}\n`);
} catch (error) {
  console.error(`spec gate: ${error instanceof ReleaseError ? error.message : error?.stack ?? error}`);
  process.exit(2);
}

/** The pending changesets that bump a package of the SDK's fixed group a major version. */
async function majorChangesets(dir) {
  const group = new Set(sdkPackages());
  const read = readChangesets.default ?? readChangesets;
  const changesets = await read(dir);
  return changesets.filter((c) => c.releases.some((r) => r.type === "major" && group.has(r.name))).map((c) => `.changeset/${c.id}.md`);
}

function indent(text) {
  return text
    .trim()
    .split("\n")
    .map((line) => `  ${line}`)
    .join("\n");
}
