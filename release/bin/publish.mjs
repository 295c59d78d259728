#!/usr/bin/env node
// `pnpm release`: publishes the SDK's version from a clean, versioned checkout.
//
//   pnpm release -- --dry-run   every step short of uploading (what .ci/run runs)
//   pnpm release                the same, then the uploads of this script
//
// The steps:
//   1. the checkout: no uncommitted change (the Go modules are served from the commit), no
//      pending changeset (run `pnpm changeset version` and commit first), every artifact at the
//      fixed group's version, the spec gate green;
//   2. the artifacts: dist/release/ of this commit (`pnpm release:build`, with its consumer
//      install tests), made now unless they are already there for this commit and their sums hold;
//   3. npm: `npm publish --dry-run` of every tarball (what the registry would get); for real,
//      `changeset publish`, which publishes the packages not yet on npm and tags the release;
//   4. Go: the module tags (packages/client-go/<module>/vX.Y.Z) checked against the remote and
//      created for real (pushed with `git push --follow-tags`, printed);
//   5. PyPI and Maven Central: uploaded with their own tools and credentials, never by this
//      script: it prints the exact commands (README, "Releasing").
import { join } from "node:path";
import { parseArgs } from "node:util";
import readChangesets from "@changesets/read";
import { ReleaseError, ask, distDir, exists, readJson, rel, root, run, step, toolEnv } from "../lib/common.mjs";
import { GO_MODULES, MAVEN_ARTIFACTS, MAVEN_GROUP, sdkVersion, versionsOf } from "../lib/version.mjs";

const { values } = parseArgs({
  args: process.argv.slice(2).filter((arg, index) => !(index === 0 && arg === "--")),
  options: { "dry-run": { type: "boolean", default: false }, "allow-dirty": { type: "boolean", default: false } },
});
const dryRun = values["dry-run"];
const started = performance.now();

try {
  const version = sdkVersion();
  const commit = ask("git", ["rev-parse", "HEAD"]);
  console.log(`release${dryRun ? " (dry run: nothing is uploaded, tagged or pushed)" : ""}: SDK ${version} at ${commit.slice(0, 12)}`);

  step("the checkout");
  const dirty = ask("git", ["status", "--porcelain"]);
  if (dirty && !(dryRun && values["allow-dirty"])) {
    throw new ReleaseError(`uncommitted changes (the release is made from a commit; commit or stash them${dryRun ? ", or pass --allow-dirty to a dry run" : ""}):\n${dirty}`);
  }
  const read = readChangesets.default ?? readChangesets;
  const pending = await read(root);
  if (pending.length > 0 && !dryRun) {
    throw new ReleaseError(`${pending.length} pending changeset(s) (${pending.map((c) => `.changeset/${c.id}.md`).join(", ")}): run \`pnpm changeset version\`, review, commit, then release`);
  }
  if (pending.length > 0) console.log(`  ${pending.length} pending changesets: a real release runs \`pnpm changeset version\` and commits first (a dry run goes on)`);
  const off = versionsOf().filter(([, found]) => found !== version);
  if (off.length > 0) throw new ReleaseError(`not every artifact is at ${version}:\n${off.map(([where, found]) => `  ${where}: ${found}`).join("\n")}`);
  console.log(`  every artifact at ${version} (${versionsOf().length} places)`);
  await run(process.execPath, [join(root, "release", "bin", "spec-gate.mjs")]);

  step("the artifacts");
  if (await builtFor(commit)) {
    console.log(`  ${rel(distDir)} is this commit's (manifest.json) and SHA256SUMS holds: reused, its consumer tests rerun`);
    await run(process.execPath, [join(root, "release", "bin", "consumers.mjs")]);
  } else {
    await run(process.execPath, [join(root, "release", "bin", "build.mjs")]);
  }
  const manifest = readJson(join(distDir, "manifest.json"));

  step(`npm: ${dryRun ? "npm publish --dry-run of every tarball" : "changeset publish"}`);
  const tarballs = manifest.artifacts.filter((artifact) => artifact.ecosystem === "npm");
  for (const artifact of tarballs) {
    const { stderr } = await run("npm", ["publish", join(distDir, artifact.files[0]), "--dry-run", "--access", "public", "--tag", distTag(version), "--ignore-scripts"], { capture: true, baseEnv: toolEnv });
    const files = /Total files:\s+(\d+)/.exec(stderr)?.[1];
    console.log(`  ✓ ${artifact.name}@${version}: ${files ?? "?"} files would be published (dist-tag ${distTag(version)})`);
  }
  if (!dryRun) {
    await run(join(root, "node_modules", ".bin", "changeset"), ["publish", "--tag", distTag(version)]);
  }

  step("Go: the module tags");
  const tags = GO_MODULES.map((module) => module.tag(version));
  for (const tag of tags) {
    const local = ask("git", ["tag", "--list", tag]);
    if (local && ask("git", ["rev-list", "-n", "1", tag]) !== commit) throw new ReleaseError(`tag ${tag} exists on another commit`);
    const remote = remoteHas(tag);
    if (remote === true) throw new ReleaseError(`tag ${tag} is already on origin: the Go module ${version} is released (a version's contents never change)`);
    console.log(`  ${dryRun ? "would tag" : "tagging"} ${tag} at ${commit.slice(0, 12)}${remote === null ? " (no origin to compare with)" : ""}`);
    if (!dryRun && !local) ask("git", ["tag", "-a", tag, "-m", `Go module ${tag.replace(/\/v[^/]+$/, "")} ${version}`, commit]);
  }

  step("PyPI, Maven Central, and the pushes: the commands to run (README, Releasing)");
  console.log(commands(version, manifest, tags));
  console.log(`\nrelease: ${dryRun ? "dry run done: every step short of uploading passed" : "npm published and tags made; run the commands above"} in ${((performance.now() - started) / 1000).toFixed(0)} s`);
} catch (error) {
  console.error(`release: ${error instanceof ReleaseError ? error.message : error?.stack ?? error}`);
  process.exit(1);
}

/** Whether dist/release/ was built from `commit` (and a clean tree) and its sums still hold. */
async function builtFor(commit) {
  const manifestFile = join(distDir, "manifest.json");
  if (!exists(manifestFile)) return false;
  const manifest = readJson(manifestFile);
  if (manifest.commit !== commit || manifest.dirty) return false;
  const { code } = await run("sha256sum", ["--quiet", "-c", "SHA256SUMS"], { cwd: distDir, capture: true, allowFail: true });
  return code === 0;
}

/** Pre-releases (1.0.0-rc.1) go to the `next` dist-tag, releases to `latest`. */
function distTag(version) {
  return version.includes("-") ? "next" : "latest";
}

/** true/false: whether origin has the tag; null when there is no origin to ask. */
function remoteHas(tag) {
  try {
    ask("git", ["remote", "get-url", "origin"]);
  } catch {
    return null;
  }
  try {
    return ask("git", ["ls-remote", "--tags", "origin", `refs/tags/${tag}`]) !== "";
  } catch {
    return null;
  }
}

/** The other registries' exact commands, with this release's files. */
function commands(version, manifest, tags) {
  const python = manifest.artifacts.filter((artifact) => artifact.ecosystem === "python").flatMap((artifact) => artifact.files.map((file) => `dist/release/${file}`));
  const mavenPath = MAVEN_GROUP.replaceAll(".", "/");
  return [
    "  # Git: the release commit's tags (changesets' package tags and the Go module tags)",
    "  git push --follow-tags origin main",
    `  git push origin ${tags.join(" ")}`,
    "  # Go: nothing to upload; the module proxy fetches the tags. Warm it (and the checksum database):",
    ...GO_MODULES.map((module) => `  GOPROXY=https://proxy.golang.org GOFLAGS=-mod=mod go list -m ${module.path}@v${version}`),
    "  # PyPI: the wheels and sdists (an API token in TWINE_PASSWORD, TWINE_USERNAME=__token__)",
    `  .cache/tools/python-release-*/bin/python -m twine upload ${python.join(" ")}`,
    "  # Maven Central (Central Portal): sign every file, bundle the layout, upload (a user token from central.sonatype.com)",
    `  (cd dist/release/maven && for f in $(find ${mavenPath} -type f ! -name '*.md5' ! -name '*.sha1' ! -name '*.asc'); do gpg --batch --armor --detach-sign "$f"; done \\`,
    `     && zip -qr ../central-bundle-${version}.zip ${mavenPath})`,
    `  curl --fail-with-body -H "Authorization: Bearer $CENTRAL_TOKEN" -F bundle=@dist/release/central-bundle-${version}.zip \\`,
    `     "https://central.sonatype.com/api/v1/publisher/upload?name=cec-cobrowse-${version}&publishingType=AUTOMATIC"`,
    `  #   (${MAVEN_ARTIFACTS.map(({ artifactId }) => `${MAVEN_GROUP}:${artifactId}:${version}`).join(", ")})`,
  ].join("\n");
}
