#!/usr/bin/env node
// `pnpm release`: publishes the SDK's version from a clean, versioned checkout.
//
//   pnpm release -- --dry-run   every step short of uploading (what .ci/run runs)
//   pnpm release                the same, then the uploads of this script
//
// The steps:
//   1. the checkout: no uncommitted change (the Go modules are served from the commit), no
//      pending changeset (run `pnpm changeset version` and commit first), every artifact at the
//      fixed group's version, the breaking-change gate green (spec and every language's API);
//   2. the artifacts: dist/release/ of this commit (`pnpm release:build`, with its consumer
//      install tests), made now unless they are already there for this commit and their sums hold;
//   3. npm: `npm publish --dry-run` of every tarball (what the registry would get); for real,
//      `changeset publish`, which publishes the packages not yet on npm and tags the release;
//   4. Go: the module tags (packages/client-go/<module>/vX.Y.Z) checked against the remote and
//      created for real (pushed with `git push --follow-tags`, printed);
//   5. Maven Central: the bundle the Central Portal takes, every file signed (.asc) and summed;
//      a dry run signs with a throwaway key and verifies, a release signs with the maintainer's key;
//   6. PyPI and Maven Central are uploaded with their own tools and credentials, never by this
//      script: it prints the exact commands (README, "Releasing").
import { cpSync, mkdirSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { parseArgs } from "node:util";
import readChangesets from "@changesets/read";
import {
  ask,
  distDir,
  exists,
  listFiles,
  ReleaseError,
  readJson,
  rel,
  root,
  run,
  step,
  toolEnv,
} from "../lib/common.mjs";
import { assertVersions, GO_MODULES, MAVEN_ARTIFACTS, MAVEN_GROUP, sdkVersion } from "../lib/version.mjs";

const { values } = parseArgs({
  args: process.argv.slice(2).filter((arg, index) => !(index === 0 && arg === "--")),
  options: { "dry-run": { type: "boolean", default: false }, "allow-dirty": { type: "boolean", default: false } },
});
const dryRun = values["dry-run"];
const started = performance.now();

try {
  const version = sdkVersion();
  const commit = ask("git", ["rev-parse", "HEAD"]);
  console.log(
    `release${dryRun ? " (dry run: nothing is uploaded, tagged or pushed)" : ""}: SDK ${version} at ${commit.slice(0, 12)}`,
  );

  step("the checkout");
  const dirty = ask("git", ["status", "--porcelain"]);
  if (dirty && !(dryRun && values["allow-dirty"])) {
    throw new ReleaseError(
      `uncommitted changes (the release is made from a commit; commit or stash them${dryRun ? ", or pass --allow-dirty to a dry run" : ""}):\n${dirty}`,
    );
  }
  const read = readChangesets.default ?? readChangesets;
  const pending = await read(root);
  if (pending.length > 0 && !dryRun) {
    throw new ReleaseError(
      `${pending.length} pending changeset(s) (${pending.map((c) => `.changeset/${c.id}.md`).join(", ")}): run \`pnpm changeset version\`, review, commit, then release`,
    );
  }
  if (pending.length > 0)
    console.log(
      `  ${pending.length} pending changesets: a real release runs \`pnpm changeset version\` and commits first (a dry run goes on)`,
    );
  console.log(`  every artifact at ${version} (${assertVersions(version)} places)`);
  await run(process.execPath, [join(root, "release", "bin", "lint-breaking.mjs")]);

  step("the artifacts");
  if (await builtFor(commit)) {
    console.log(
      `  ${rel(distDir)} is this commit's (manifest.json) and SHA256SUMS holds: reused, its consumer tests rerun`,
    );
    await run(process.execPath, [join(root, "release", "bin", "consumers.mjs")]);
  } else {
    await run(process.execPath, [join(root, "release", "bin", "build.mjs")]);
  }
  const manifest = readJson(join(distDir, "manifest.json"));

  step(`npm: ${dryRun ? "npm publish --dry-run of every tarball" : "changeset publish"}`);
  const tarballs = manifest.artifacts.filter((artifact) => artifact.ecosystem === "npm");
  for (const artifact of tarballs) {
    const { stderr } = await run(
      "npm",
      [
        "publish",
        join(distDir, artifact.files[0]),
        "--dry-run",
        "--access",
        "public",
        "--tag",
        distTag(version),
        "--ignore-scripts",
      ],
      { capture: true, baseEnv: toolEnv },
    );
    const files = /total files:\s+(\d+)/i.exec(stderr)?.[1];
    console.log(
      `  ✓ ${artifact.name}@${version}: ${files ?? "?"} files would be published (dist-tag ${distTag(version)})`,
    );
  }
  if (!dryRun) {
    await run(join(root, "node_modules", ".bin", "changeset"), ["publish", "--tag", distTag(version)]);
  }

  step("Go: the module tags");
  const tags = GO_MODULES.map((module) => module.tag(version));
  for (const tag of tags) {
    const local = ask("git", ["tag", "--list", tag]);
    if (local && ask("git", ["rev-list", "-n", "1", tag]) !== commit)
      throw new ReleaseError(`tag ${tag} exists on another commit`);
    const remote = remoteHas(tag);
    if (remote === true)
      throw new ReleaseError(
        `tag ${tag} is already on origin: the Go module ${version} is released (a version's contents never change)`,
      );
    console.log(
      `  ${dryRun ? "would tag" : "tagging"} ${tag} at ${commit.slice(0, 12)}${remote === null ? " (no origin to compare with)" : ""}`,
    );
    if (!dryRun && !local)
      ask("git", ["tag", "-a", tag, "-m", `Go module ${tag.replace(/\/v[^/]+$/, "")} ${version}`, commit]);
  }

  step(`Maven Central: the signed bundle${dryRun ? " (signed with a throwaway key in a dry run)" : ""}`);
  const bundle = await centralBundle(version);

  step("PyPI, Maven Central, and the pushes: the commands to run (README, Releasing)");
  console.log(commands(version, manifest, tags, bundle));
  console.log(
    `\nrelease: ${dryRun ? "dry run done: every step short of uploading passed" : "npm published and tags made; run the commands above"} in ${((performance.now() - started) / 1000).toFixed(0)} s`,
  );
} catch (error) {
  console.error(`release: ${error instanceof ReleaseError ? error.message : (error?.stack ?? error)}`);
  process.exit(1);
}

/**
 * The Central Portal's bundle: the release's Maven layout with an .asc signature beside every
 * file (and the .md5/.sha1 build.mjs wrote), zipped. A real release signs with the maintainer's
 * default GPG key and writes dist/central-bundle-VERSION.zip; a dry run signs with a throwaway
 * key in a temporary GNUPGHOME, verifies every signature and the bundle's contents, and keeps nothing.
 */
async function centralBundle(version) {
  const stage = mkdtempSync(join(tmpdir(), "cec-cobrowse-central-"));
  try {
    const env = {};
    if (dryRun) {
      env.GNUPGHOME = join(stage, "gnupg");
      mkdirSync(env.GNUPGHOME, { mode: 0o700 });
      await run(
        "gpg",
        [
          "--batch",
          "--passphrase",
          "",
          "--quick-gen-key",
          "cec-cobrowse release dry run <dry-run@example.invalid>",
          "ed25519",
          "sign",
          "1d",
        ],
        { env, capture: true },
      );
    }
    const layout = join(stage, "bundle");
    cpSync(join(distDir, "maven"), layout, { recursive: true });
    const files = listFiles(layout).filter((file) => !/\.(md5|sha1|asc)$/.test(file));
    for (const file of files) {
      await run("gpg", ["--batch", "--yes", "--armor", "--detach-sign", join(layout, file)], { env, capture: true });
      await run("gpg", ["--batch", "--verify", join(layout, `${file}.asc`), join(layout, file)], {
        env,
        capture: true,
      });
    }
    // What Central validates, per artifact: jar, sources, javadoc and pom, each signed and summed.
    for (const { artifactId } of MAVEN_ARTIFACTS) {
      const base = `${MAVEN_GROUP.replaceAll(".", "/")}/${artifactId}/${version}/${artifactId}-${version}`;
      for (const suffix of [".jar", "-sources.jar", "-javadoc.jar", ".pom"]) {
        for (const extra of ["", ".asc", ".md5", ".sha1"])
          if (!exists(join(layout, `${base}${suffix}${extra}`)))
            throw new ReleaseError(`the Central bundle lacks ${base}${suffix}${extra}`);
      }
    }
    const zip = join(stage, `central-bundle-${version}.zip`);
    await run("zip", ["-qr", zip, "."], { cwd: layout });
    const target = join(root, "dist", `central-bundle-${version}.zip`);
    if (!dryRun) cpSync(zip, target);
    console.log(
      `  ${files.length} files signed and verified, each with .asc, .md5 and .sha1${dryRun ? "; the bundle zipped and dropped (dry run)" : `: ${rel(target)}`}`,
    );
    return rel(target);
  } finally {
    rmSync(stage, { recursive: true, force: true });
  }
}

/** Whether dist/release/ was built from `commit` (and a clean tree) and its sums still hold. */
async function builtFor(commit) {
  const manifestFile = join(distDir, "manifest.json");
  if (!exists(manifestFile)) return false;
  const manifest = readJson(manifestFile);
  if (manifest.commit !== commit || manifest.dirty) return false;
  const { code } = await run("sha256sum", ["--quiet", "-c", "SHA256SUMS"], {
    cwd: distDir,
    capture: true,
    allowFail: true,
  });
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
function commands(version, manifest, tags, bundle) {
  const python = manifest.artifacts
    .filter((artifact) => artifact.ecosystem === "python")
    .flatMap((artifact) => artifact.files.map((file) => `dist/release/${file}`));
  return [
    "  # Git: the release commit's tags (changesets' package tags and the Go module tags)",
    "  git push --follow-tags origin main",
    `  git push origin ${tags.join(" ")}`,
    "  # Go: nothing to upload; the module proxy fetches the tags. Warm it (and the checksum database):",
    ...GO_MODULES.map(
      (module) => `  GOPROXY=https://proxy.golang.org GOFLAGS=-mod=mod go list -m ${module.path}@v${version}`,
    ),
    "  # PyPI: the wheels and sdists (an API token in TWINE_PASSWORD, TWINE_USERNAME=__token__)",
    `  .cache/tools/python-release-*/bin/python -m twine upload ${python.join(" ")}`,
    `  # Maven Central (Central Portal): upload the signed bundle \`pnpm release\` wrote (a user token from central.sonatype.com)`,
    `  curl --fail-with-body -H "Authorization: Bearer $CENTRAL_TOKEN" -F bundle=@${bundle} \\`,
    `     "https://central.sonatype.com/api/v1/publisher/upload?name=cec-cobrowse-${version}&publishingType=AUTOMATIC"`,
    `  #   (${MAVEN_ARTIFACTS.map(({ artifactId }) => `${MAVEN_GROUP}:${artifactId}:${version}`).join(", ")})`,
  ].join("\n");
}
