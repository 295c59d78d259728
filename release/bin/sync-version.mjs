#!/usr/bin/env node
// Writes the fixed group's version (the SDK's) wherever the other ecosystems read it, without
// regenerating; `pnpm changeset version` runs this and regenerates (release/bin/changeset.mjs).
// With --check it only reports what carries another version, and fails if anything does.
import { ReleaseError } from "../lib/common.mjs";
import { assertVersions, sdkVersion, syncVersion } from "../lib/version.mjs";

try {
  const version = sdkVersion();
  if (process.argv.includes("--check")) {
    console.log(`sync-version: every artifact is at ${version} (${assertVersions(version)} places)`);
  } else {
    const changed = syncVersion({ version });
    console.log(
      `sync-version: ${version} written${changed.length ? ` into ${changed.join(", ")}` : " (nothing to change)"}; run \`pnpm generate\` to carry it into the generated clients`,
    );
  }
} catch (error) {
  console.error(`sync-version: ${error instanceof ReleaseError ? error.message : (error?.stack ?? error)}`);
  process.exit(1);
}
