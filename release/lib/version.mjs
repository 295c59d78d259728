// One SDK version for every artifact in every language.
//
// The changesets `fixed` group (.changeset/config.json) holds every published npm package and
// the private bridge packages of the other languages (client-python, client-go, client-java),
// so `changeset version` gives them all one version. `syncVersion` then writes that version
// wherever the other ecosystems read it (the generator configs, the Python layer's pyproject,
// the poms, the Go modules' requirements, the READMEs' install lines); regenerating carries it
// into the generated clients. `versionsOf` reads every one of those places back, for the checks.
// The API's own version (the spec's info.version) is the API's and is never touched.
import { copyFileSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { parse } from "yaml";
import { fail, readJson, root } from "./common.mjs";

export const GO_MODULE_PREFIX = "github.com/cec-cobrowse/cec-cobrowse/packages/client-go";
/** The Go modules: their directory in the repository is their tag prefix. */
export const GO_MODULES = ["generated", "sdk"].map((name) => ({
  name,
  dir: `packages/client-go/${name}`,
  path: `${GO_MODULE_PREFIX}/${name}`,
  tag: (version) => `packages/client-go/${name}/v${version}`,
}));
export const MAVEN_GROUP = "io.github.cec-cobrowse";
export const MAVEN_ARTIFACTS = [
  { artifactId: "cec-cobrowse-client", dir: "packages/client-java/generated" },
  { artifactId: "cec-cobrowse-sdk", dir: "packages/client-java/sdk" },
];
export const PYTHON_PROJECTS = [
  { name: "cec_cobrowse_client", dir: "packages/client-python/generated" },
  { name: "cec-cobrowse", dir: "packages/client-python" },
];

/** The fixed group: every package that carries the SDK version. */
export function sdkPackages(cwd = root) {
  const config = readJson(join(cwd, ".changeset", "config.json"));
  const group = config.fixed?.[0];
  if (!Array.isArray(group) || group.length === 0)
    fail(".changeset/config.json: `fixed` has no group (the SDK's one version)");
  return group;
}

/** Workspace package name → its folder, for the fixed group. */
export function packageDirs(cwd = root) {
  const dirs = {};
  for (const name of sdkPackages(cwd)) dirs[name] = `packages/${name.replace(/^@cec-cobrowse\//, "")}`;
  return dirs;
}

/** The SDK version: the one version of the fixed group (fails if its members disagree). */
export function sdkVersion(cwd = root) {
  const versions = new Map();
  for (const [name, dir] of Object.entries(packageDirs(cwd))) {
    const { version, name: actual } = readJson(join(cwd, dir, "package.json"));
    if (actual !== name) fail(`${dir}/package.json is ${actual}, not ${name}`);
    versions.set(name, version);
  }
  const distinct = new Set(versions.values());
  if (distinct.size !== 1)
    fail(
      `the fixed group's packages disagree on the version: ${[...versions].map(([n, v]) => `${n}@${v}`).join(", ")}`,
    );
  return [...distinct][0];
}

// Each place outside package.json that carries the SDK version: how to read it, how to write it.
// Every pattern has three groups (before, the version, after): the version is what is replaced.
const MAVEN_COORDINATE = new RegExp(
  `(<groupId>${MAVEN_GROUP.replaceAll(".", "\\.")}</groupId>\\s*<artifactId>[^<]+</artifactId>\\s*<version>)([^<]+)(</version>)`,
  "g",
);
const GO_REQUIREMENT = new RegExp(
  `(${GO_MODULE_PREFIX.replaceAll(".", "\\.")}/(?:generated|sdk) v)([0-9][^\\s]*)()`,
  "g",
);
const GO_INSTALL = new RegExp(
  `(${GO_MODULE_PREFIX.replaceAll(".", "\\.")}/sdk@v|packages/client-go/(?:generated|sdk)/v)([0-9]+\\.[0-9]+\\.[0-9]+[^\\s\`]*)()`,
  "g",
);

const PLACES = [
  { file: "generators/go.yaml", pattern: /^(\s+packageVersion:\s*)(\S+)()$/gm },
  { file: "generators/python.yaml", pattern: /^(\s+packageVersion:\s*)(\S+)()$/gm },
  { file: "generators/java.yaml", pattern: /^(\s+artifactVersion:\s*)(\S+)()$/gm },
  { file: "packages/client-python/pyproject.toml", pattern: /^(version = ")([^"]+)(")$/gm },
  { file: "packages/client-python/pyproject.toml", pattern: /("cec_cobrowse_client == )([^"]+)(")/g },
  { file: "packages/client-java/pom.xml", pattern: MAVEN_COORDINATE },
  { file: "packages/client-java/sdk/pom.xml", pattern: MAVEN_COORDINATE },
  { file: "packages/client-java/tests/pom.xml", pattern: MAVEN_COORDINATE },
  { file: "packages/client-java/README.md", pattern: MAVEN_COORDINATE },
  { file: "packages/client-go/sdk/go.mod", pattern: GO_REQUIREMENT, go: true },
  { file: "packages/client-go/sdk/version.go", pattern: /^(const Version = ")([^"]+)(")$/gm },
  { file: "packages/client-go/go.work", pattern: GO_REQUIREMENT, go: true },
  { file: "packages/client-go/tests/go.mod", pattern: GO_REQUIREMENT, go: true },
  { file: "packages/docs/samples/go/go.mod", pattern: GO_REQUIREMENT, go: true },
  { file: "packages/client-go/README.md", pattern: GO_INSTALL },
  { file: "packages/client-python/README.md", pattern: /(pip install cec-cobrowse==)([^\s]+)()/g },
];

// What the generators write from those configs, read back (written by `pnpm generate`).
const GENERATED = [
  { file: "packages/client-python/generated/pyproject.toml", pattern: /^(version = ")([^"]+)(")$/gm },
  {
    file: "packages/client-python/generated/cec_cobrowse_client/__init__.py",
    pattern: /^(__version__ = ")([^"]+)(")$/gm,
  },
  {
    file: "packages/client-java/generated/pom.xml",
    pattern:
      /(<artifactId>cec-cobrowse-client<\/artifactId>\s*<packaging>jar<\/packaging>\s*<name>[^<]*<\/name>\s*<version>)([^<]+)(<\/version>)/g,
  },
  { file: "packages/client-go/generated/README.md", pattern: /^(- Package version: )(\S+)()$/gm },
];

/**
 * Every version the SDK's artifacts carry, as [where, version] pairs: the fixed group's
 * package.json files, the places syncVersion writes, and what the generators wrote.
 */
export function versionsOf(cwd = root) {
  const found = [];
  for (const [name, dir] of Object.entries(packageDirs(cwd)))
    found.push([`${dir}/package.json (${name})`, readJson(join(cwd, dir, "package.json")).version]);
  for (const place of [...PLACES, ...GENERATED]) {
    const text = readFileSync(join(cwd, place.file), "utf8");
    const matches = [...text.matchAll(place.pattern)];
    if (matches.length === 0) fail(`${place.file}: no version found where one is expected (${place.pattern})`);
    for (const match of matches) found.push([place.file, match[2]]);
  }
  return found;
}

/**
 * Fails, listing each place that carries another version (and `hint`), unless every artifact is
 * at `version`. Returns how many places were read.
 */
export function assertVersions(version, { cwd = root, hint = "" } = {}) {
  const found = versionsOf(cwd);
  const off = found.filter(([, at]) => at !== version);
  if (off.length > 0)
    fail(
      `not every artifact is at ${version}:\n${off.map(([where, at]) => `  ${where}: ${at}`).join("\n")}${hint ? `\n${hint}` : ""}`,
    );
  return found.length;
}

/** Writes `version` (the fixed group's, by default) into every place of PLACES. Returns the files changed. */
export function syncVersion({ cwd = root, version = sdkVersion(cwd) } = {}) {
  const major = Number(version.split(".")[0]);
  if (major >= 2) {
    fail(
      `version ${version}: Go modules from v2 on need the major version in their module path (${GO_MODULE_PREFIX}/sdk/v${major}); ` +
        `change generators/go.yaml's gitRepoId, the sdk's go.mod and every import to …/v${major}, and GO_MODULES in release/lib/version.mjs, then run this again`,
    );
  }
  const changed = new Set();
  for (const place of PLACES) {
    const file = join(cwd, place.file);
    const text = readFileSync(file, "utf8");
    let count = 0;
    const next = text.replace(place.pattern, (_match, before, _old, after) => {
      count += 1;
      return `${before}${version}${after ?? ""}`;
    });
    if (count === 0) fail(`${place.file}: no version found to write ${version} into`);
    if (next !== text) {
      writeFileSync(file, next);
      changed.add(place.file);
    }
  }
  return [...changed];
}

/** The released spec: the snapshot the breaking-change gate compares spec/openapi.yaml with. */
export const releasedSpec = {
  spec: "spec/released/openapi.yaml",
  record: "spec/released/release.json",
};

/** Records spec/openapi.yaml as the spec of release `version` (run by the version step). */
export function snapshotSpec({ cwd = root, version = sdkVersion(cwd) } = {}) {
  copyFileSync(join(cwd, "spec", "openapi.yaml"), join(cwd, releasedSpec.spec));
  const apiVersion = parse(readFileSync(join(cwd, "spec", "openapi.yaml"), "utf8"))?.info?.version;
  writeFileSync(
    join(cwd, releasedSpec.record),
    `${JSON.stringify(
      {
        sdkVersion: version,
        apiVersion,
        note: "spec/released/openapi.yaml is spec/openapi.yaml as of this SDK version, written by `pnpm changeset version` (release/bin/changeset.mjs); `pnpm lint` compares the spec with it, and the API recorded in spec/released/api/ with the SDK's (release/bin/lint-breaking.mjs).",
      },
      null,
      2,
    )}\n`,
  );
  return [releasedSpec.spec, releasedSpec.record];
}
