#!/usr/bin/env node
// The breaking-change gate (`pnpm lint` runs it as lint:breaking): the spec and the SDK's public
// API in every language, each against the last release's as recorded in spec/released/ by
// `pnpm changeset version`.
//
//   spec        oasdiff between spec/released/openapi.yaml and spec/openapi.yaml
//   TypeScript  api-extractor reports of each published package, compared by the TypeScript compiler
//   Python      griffe, over cec_cobrowse and cec_cobrowse_client
//   Go          apidiff, over the sdk and generated modules
//   Java        japicmp, over cec-cobrowse-sdk and cec-cobrowse-client
//
// A breaking change in any of them (a removed enum value in the spec; a removed or incompatibly
// changed public symbol in a language, even when the spec change alone is not breaking) fails
// unless a pending changeset bumps the SDK a major version. Compatible changes pass, and print
// the changeset to write, each language's changes in their own list.
//
//   node release/bin/lint-breaking.mjs [--spec FILE] [--released DIR] [--tree DIR] [--cwd DIR] [--only spec,typescript,python,go,java]
//
// --spec      the spec under review (default: spec/openapi.yaml)
// --released  the release to compare with: its openapi.yaml and api/ (default: spec/released)
// --tree      the checkout whose SDKs are compared (default: this one; the TypeScript packages
//             must be built in it; in this checkout they are built first, through turbo)
// --cwd       the folder whose .changeset/ is read (default: the repository root)
// --only      the parts to compare (default: all)
import { join, resolve } from "node:path";
import { parseArgs } from "node:util";
import { apiDir, buildDeclarations, compareApi, selectLanguages } from "../lib/api/index.mjs";
import { majorChangesets } from "../lib/changesets.mjs";
import { exists, ReleaseError, readJson, rel, root } from "../lib/common.mjs";
import { specChanges } from "../lib/spec-diff.mjs";
import { sdkPackages } from "../lib/version.mjs";

const { values } = parseArgs({
  options: {
    spec: { type: "string" },
    released: { type: "string" },
    tree: { type: "string" },
    cwd: { type: "string" },
    only: { type: "string" },
  },
  allowPositionals: false,
});
const cwd = resolve(values.cwd ?? root);
const tree = resolve(values.tree ?? root);
const released = resolve(values.released ?? join(root, "spec", "released"));
const revision = resolve(values.spec ?? join(tree, "spec", "openapi.yaml"));
const only = values.only ? values.only.split(",").map((part) => part.trim()) : [];
const checkSpec = only.length === 0 || only.includes("spec");
const languageIds = only.filter((part) => part !== "spec");
const MAX_LISTED = 25; // compatible changes listed per unit; breaking ones are always listed in full

try {
  const languages = only.length === 0 || languageIds.length > 0 ? selectLanguages(languageIds) : [];
  const releaseFile = join(released, "release.json");
  const against = exists(releaseFile)
    ? `SDK ${readJson(releaseFile).sdkVersion} (${shown(released)}/)`
    : `the release recorded in ${shown(released)}/`;
  const parts = [];

  if (checkSpec) {
    const base = join(released, "openapi.yaml");
    if (!exists(base))
      throw new ReleaseError(`${rel(base)} is missing: the released spec is recorded by \`pnpm changeset version\``);
    const spec = await specChanges({ base, revision });
    parts.push({
      label: "spec",
      tool: spec.tool,
      breaking: spec.breaking,
      report: spec.breaking ? spec.report : "",
      units: [{ name: shown(revision), breaking: spec.errors, compatible: spec.lines }],
      warnings: spec.warnings,
    });
  }
  if (languages.length > 0) {
    if (tree === root) await buildDeclarations();
    const { results } = await compareApi({
      tree,
      dir: apiDir(released),
      only: languages.map((language) => language.id),
    });
    for (const result of results)
      parts.push({
        label: result.label,
        tool: result.tool,
        breaking: result.units.some((unit) => unit.breaking.length > 0),
        units: result.units,
      });
  }

  console.log(
    `lint:breaking: ${[checkSpec && shown(revision), languages.length > 0 && `the public API in ${languages.map((l) => l.label).join(", ")}`].filter(Boolean).join(" and ")} against ${against}\n`,
  );
  for (const part of parts) console.log(describe(part));

  const breaking = parts.filter((part) => part.breaking);
  if (breaking.length > 0) {
    const names = breaking.map((part) => part.label).join(", ");
    const majors = await majorChangesets(cwd);
    if (majors.length > 0) {
      console.log(`\nlint:breaking: breaking changes (${names}), released as a major version by ${majors.join(", ")}.`);
      process.exit(0);
    }
    console.error(`\nlint:breaking: the changes above (${names}) break the clients of the last release (${against}).`);
    console.error(
      "Either undo them, or release them as a major version: `pnpm changeset`, pick " +
        `${sdkPackages()[0]} (its fixed group moves together) and \`major\`,\nand say in the changeset what clients must change. A start:\n`,
    );
    console.error(changeset("major", parts));
    process.exit(1);
  }
  if (parts.every((part) => part.units.every((unit) => unit.compatible.length === 0))) {
    console.log(`\nlint:breaking: no change against ${against}`);
    process.exit(0);
  }
  console.log(`\nlint:breaking: no breaking change against ${against}.`);
  console.log(`Suggested changeset (\`pnpm changeset\`, or a file in .changeset/):\n`);
  console.log(changeset("minor", parts));
} catch (error) {
  console.error(`lint:breaking: ${error instanceof ReleaseError ? error.message : (error?.stack ?? error)}`);
  process.exit(2);
}

/** One part of the report: its verdict, then each unit's changes (✗ breaking, + compatible). */
function describe(part) {
  const breaking = part.units.reduce((n, unit) => n + unit.breaking.length, 0);
  const compatible = part.units.reduce((n, unit) => n + unit.compatible.length, 0);
  const counts = [
    breaking ? `${breaking} breaking` : part.breaking ? "breaking" : "no breaking change",
    compatible ? `${compatible} compatible change${compatible === 1 ? "" : "s"}` : "",
    part.warnings
      ? `${part.warnings} warning${part.warnings === 1 ? "" : "s"} (possible breaks oasdiff cannot decide, listed below)`
      : "",
  ].filter(Boolean);
  const lines = [
    `${part.label} (${part.tool}): ${breaking || compatible || part.breaking ? counts.join(", ") : "no change"}`,
  ];
  if (part.report) lines.push(indent(part.report, "  "));
  for (const unit of part.units) {
    if (unit.breaking.length === 0 && unit.compatible.length === 0) continue;
    const nested = part.units.length > 1 || part.label !== "spec";
    if (nested) lines.push(`  ${unit.name}`);
    const pad = nested ? "    " : "  ";
    if (!part.report) for (const line of unit.breaking) lines.push(`${pad}✗ ${line}`); // the spec's are in oasdiff's report above
    for (const line of unit.compatible.slice(0, MAX_LISTED)) lines.push(`${pad}+ ${line}`);
    if (unit.compatible.length > MAX_LISTED) lines.push(`${pad}+ … and ${unit.compatible.length - MAX_LISTED} more`);
  }
  return lines.join("\n");
}

/** The text of a changeset for these changes: the spec's changelog lines, then each language's API changes, unit by unit. */
function changeset(bump, parts) {
  const sections = [];
  for (const part of parts) {
    for (const unit of part.units) {
      const lines = [...unit.breaking.map((line) => `(breaking) ${line}`), ...unit.compatible.slice(0, MAX_LISTED)];
      if (unit.compatible.length > MAX_LISTED) lines.push(`… and ${unit.compatible.length - MAX_LISTED} more`);
      if (lines.length === 0) continue;
      const heading = part.label === "spec" ? "The spec changes:" : `${part.label} API changes (${unit.name}):`;
      sections.push(`${heading}\n${lines.map((line) => `- ${line}`).join("\n")}`);
    }
  }
  return `---\n"${sdkPackages()[0]}": ${bump}\n---\n\n${sections.join("\n\n")}\n`;
}

/** A path as the report shows it: relative inside the repository, absolute outside. */
function shown(path) {
  const relative = rel(path);
  return relative.startsWith("..") ? path : relative;
}

function indent(text, pad) {
  return text
    .trim()
    .split("\n")
    .map((line) => `${pad}${line}`)
    .join("\n");
}
