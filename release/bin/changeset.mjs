#!/usr/bin/env node
// `pnpm changeset …`: the changesets CLI, and after `pnpm changeset version` the rest of the
// version step, so that one command bumps every artifact in every language:
//
//   1. `changeset version` bumps the fixed group (every npm package and the bridge packages of
//      Python, Go and Java) to one version and writes the changelogs;
//   2. that version is written into the generator configs, the Python layer's pyproject, the
//      poms, the Go modules' requirements and the READMEs' install lines (release/lib/version.mjs);
//   3. the clients are regenerated (`turbo run generate --force`, as the drift check does), so
//      `pnpm test:drift` stays green;
//   4. spec/openapi.yaml is recorded as the released spec (spec/released/), and the SDK's public
//      API in every language beside it (spec/released/api/, `pnpm api:record`), which the
//      breaking-change gate of `pnpm lint` compares the next changes with.
//
// Every other subcommand (`pnpm changeset`, `status`, `publish`, `pre`, `tag`) is passed through.
import { spawnSync } from "node:child_process";
import { join } from "node:path";
import { apiDir, buildDeclarations, recordApi } from "../lib/api/index.mjs";
import { ReleaseError, root } from "../lib/common.mjs";
import { assertVersions, sdkVersion, snapshotSpec, syncVersion } from "../lib/version.mjs";

const args = process.argv.slice(2).filter((arg, index) => !(index === 0 && arg === "--"));
const bin = join(root, "node_modules", ".bin", "changeset");
const changeset = spawnSync(bin, args, { stdio: "inherit", cwd: root });
if (changeset.error) {
  console.error(`changeset: ${changeset.error.message}`);
  process.exit(1);
}
if (changeset.status !== 0 || args[0] !== "version" || args.includes("--snapshot")) process.exit(changeset.status ?? 1);

try {
  const version = sdkVersion();
  const changed = syncVersion({ version });
  console.log(
    `version: ${version} written into ${changed.length} files beside package.json${changed.length ? `: ${changed.join(", ")}` : ""}`,
  );
  const generate = spawnSync(
    join(root, "node_modules", ".bin", "turbo"),
    ["run", "generate", "--force", "--output-logs=errors-only"],
    {
      stdio: "inherit",
      cwd: root,
    },
  );
  if (generate.status !== 0) throw new ReleaseError("regenerating the clients failed (turbo run generate)");
  const snapshot = snapshotSpec({ version });
  console.log(`version: spec/openapi.yaml recorded as the spec of ${version} (${snapshot.join(", ")})`);
  await buildDeclarations(); // the TypeScript packages at the new version, whose declarations api-extractor reads
  const api = await recordApi({ dir: apiDir(join(root, "spec", "released")) });
  console.log(
    `version: the public API in every language recorded as the API of ${version} (spec/released/api/, ${api.length} files)`,
  );
  assertVersions(version);
  console.log(`version: every artifact of every language is at ${version}; review and commit the result`);
} catch (error) {
  console.error(`changeset version: ${error instanceof ReleaseError ? error.message : (error?.stack ?? error)}`);
  process.exit(1);
}
