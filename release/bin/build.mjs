#!/usr/bin/env node
// `pnpm release:build`: every release artifact of every language into dist/release/, with a
// CycloneDX SBOM per artifact (each ecosystem's own generator), SHA-256 sums and a manifest, then
// the consumer install tests (release/bin/consumers.mjs) unless --no-consumers.
//
//   dist/release/npm/        the npm tarballs (`pnpm pack` of each published package)
//   dist/release/python/     the wheel and sdist of each Python distribution (`python -m build`,
//                            `twine check --strict`)
//   dist/release/maven/      a Maven repository layout: each artifact's jar, sources jar, javadoc
//                            jar and pom with their .md5 and .sha1 (what a Central bundle holds,
//                            less the .asc signatures made at upload time)
//   dist/release/go/proxy/   a file-based Go module proxy (GOPROXY=file://…) with each module's
//                            zip, .mod, .info and list, made from the committed tree as the tag
//                            serves it (golang.org/x/mod's zip format)
//   dist/release/spec/       the spec bundle for documentation portals (the spec with its tested
//                            samples as x-codeSamples and x-tagGroups), YAML and JSON: the files
//                            @cec-cobrowse/spec publishes in bundle/, attached to the release as is
//   dist/release/sbom/       <artifact>-<version>.cdx.json (CycloneDX 1.6): cyclonedx-npm,
//                            cyclonedx-py, cyclonedx-maven-plugin, cyclonedx-gomod
//   dist/release/SHA256SUMS  `sha256sum -c` format, every file above
//   dist/release/manifest.json  the version, the commit, the artifacts and their files
//
// Runs after `turbo run build` (the root script does both). Tools are pinned and cached in
// .cache/tools (release/lib/tools.mjs).
import { cpSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { basename, dirname, join } from "node:path";
import { parseArgs } from "node:util";
import {
  ask,
  digest,
  distDir,
  ensureDir,
  exists,
  goConsumerEnv,
  listFiles,
  pnpmCommand,
  ReleaseError,
  readJson,
  rel,
  root,
  run,
  sha256File,
  step,
  toolEnv,
} from "../lib/common.mjs";
import { cyclonedxGomod, cyclonedxNpm, gozip, PINS, pythonTestConstraints, pythonTools } from "../lib/tools.mjs";
import {
  assertVersions,
  GO_MODULES,
  MAVEN_ARTIFACTS,
  MAVEN_GROUP,
  PYTHON_PROJECTS,
  packageDirs,
  sdkVersion,
} from "../lib/version.mjs";

const { values } = parseArgs({ options: { "no-consumers": { type: "boolean", default: false } } });
const started = performance.now();
const work = mkdtempSync(join(tmpdir(), "cec-cobrowse-release-"));
const quiet = !process.env.COBROWSE_RELEASE_VERBOSE;
const artifacts = [];

try {
  const version = sdkVersion();
  assertVersions(version, { hint: "(run `pnpm changeset version`, or node release/bin/sync-version.mjs)" });
  const commit = ask("git", ["rev-parse", "HEAD"]);
  const dirty = ask("git", ["status", "--porcelain"]) !== "";
  console.log(
    `release:build: SDK ${version} at ${commit.slice(0, 12)}${dirty ? " (uncommitted changes: npm, Python and Java take the working tree, Go the commit)" : ""}`,
  );
  rmSync(distDir, { recursive: true, force: true });
  for (const dir of ["npm", "python", "maven", "go/proxy", "sbom", "spec"]) ensureDir(join(distDir, dir));

  await npmArtifacts(version);
  specBundle(version);
  await pythonArtifacts(version);
  await mavenArtifacts(version);
  await goArtifacts(version, commit);

  step("sums and manifest");
  const files = listFiles(distDir).filter((file) => file !== "SHA256SUMS" && file !== "manifest.json");
  const sums = [];
  for (const file of files) sums.push(`${await sha256File(join(distDir, file))}  ${file}`);
  writeFileSync(join(distDir, "SHA256SUMS"), `${sums.join("\n")}\n`);
  writeFileSync(
    join(distDir, "manifest.json"),
    `${JSON.stringify({ version, commit, dirty, builtAt: new Date().toISOString(), artifacts }, null, 2)}\n`,
  );
  await run("sha256sum", ["--quiet", "-c", "SHA256SUMS"], { cwd: distDir });
  console.log(`  SHA256SUMS: ${files.length} files; manifest.json: ${artifacts.length} artifacts`);
  printTable();
  console.log(`release:build: wrote ${rel(distDir)} in ${seconds(performance.now() - started)}`);
} catch (error) {
  console.error(`release:build: ${error instanceof ReleaseError ? error.message : (error?.stack ?? error)}`);
  process.exit(1);
} finally {
  rmSync(work, { recursive: true, force: true });
}

if (!values["no-consumers"]) {
  const { code } = await run(process.execPath, [join(root, "release", "bin", "consumers.mjs")], { allowFail: true });
  process.exit(code);
}

// ── npm ──────────────────────────────────────────────────────────────────────────────────────

async function npmArtifacts(version) {
  step("npm: pnpm pack, and an SBOM per tarball (cyclonedx-npm in a project that installs it)");
  const packages = Object.entries(packageDirs())
    .map(([name, dir]) => ({ name, dir, manifest: readJson(join(root, dir, "package.json")) }))
    .filter(({ manifest }) => !manifest.private);
  const out = join(distDir, "npm");
  const tarballs = {};
  for (const { name, dir } of packages) {
    await run(...pnpmCommand(["pack", "--pack-destination", out]), { cwd: join(root, dir), capture: true });
    const file = `${name.slice(1).replace("/", "-")}-${version}.tgz`;
    if (!exists(join(out, file))) throw new ReleaseError(`pnpm pack in ${dir} did not write ${file}`);
    tarballs[name] = join(out, file);
  }
  const cli = await cyclonedxNpm();
  for (const { name } of packages) {
    // The package as npm sees it once installed: its packed package.json (workspace: ranges
    // already replaced by versions) with the workspace's other packages taken from their
    // tarballs, resolved into a lockfile, then described by cyclonedx-npm (dev dependencies
    // are not what a consumer installs: they are left out).
    const project = join(work, "npm-sbom", basename(tarballs[name], ".tgz"));
    ensureDir(project);
    await run("tar", ["-xzf", tarballs[name], "-C", project, "--strip-components=1"]);
    const manifestFile = join(project, "package.json");
    const manifest = readJson(manifestFile);
    delete manifest.devDependencies;
    delete manifest.scripts;
    const local = (spec) => `file:${spec}`;
    for (const field of ["dependencies", "peerDependencies", "optionalDependencies"]) {
      for (const dep of Object.keys(manifest[field] ?? {}))
        if (tarballs[dep]) manifest[field][dep] = local(tarballs[dep]);
    }
    manifest.overrides = Object.fromEntries(
      Object.entries(tarballs)
        .filter(([dep]) => dep !== name)
        .map(([dep, file]) => [dep, local(file)]),
    );
    writeFileSync(manifestFile, `${JSON.stringify(manifest, null, 2)}\n`);
    await run(
      "npm",
      ["install", "--package-lock-only", "--ignore-scripts", "--no-audit", "--no-fund", "--prefer-offline"],
      { cwd: project, capture: true, baseEnv: toolEnv },
    );
    const sbom = join(distDir, "sbom", `${basename(tarballs[name], ".tgz")}.cdx.json`);
    await run(
      process.execPath,
      [
        cli,
        "--package-lock-only",
        "--omit",
        "dev",
        "--mc-type",
        "library",
        "--spec-version",
        "1.6",
        "--output-reproducible",
        "--output-format",
        "JSON",
        "--output-file",
        sbom,
      ],
      { cwd: project, capture: true, baseEnv: toolEnv },
    );
    artifacts.push({
      ecosystem: "npm",
      name,
      version,
      files: [`npm/${basename(tarballs[name])}`],
      sbom: rel2(sbom),
      generator: `${PINS.cyclonedxNpm.name}@${PINS.cyclonedxNpm.version}`,
    });
    console.log(`  ✓ ${basename(tarballs[name])}  ${size(tarballs[name])}  + SBOM (${components(sbom)} components)`);
  }
}

// ── the spec bundle ──────────────────────────────────────────────────────────────────────────

function specBundle(version) {
  step(
    "the spec bundle: @cec-cobrowse/spec's bundle/openapi.yaml and .json (written by the docs portal's build), attached as is",
  );
  const files = [];
  for (const ext of ["yaml", "json"]) {
    const source = join(root, "packages", "spec", "bundle", `openapi.${ext}`);
    if (!exists(source))
      throw new ReleaseError(
        `${rel(source)} is missing: the docs portal's build writes it (turbo run build builds it)`,
      );
    const name = `cec-cobrowse-openapi-${version}.${ext}`;
    cpSync(source, join(distDir, "spec", name));
    files.push(`spec/${name}`);
  }
  artifacts.push({ ecosystem: "spec", name: "@cec-cobrowse/spec bundle", version, files });
  console.log(`  ✓ ${files.map((file) => `${basename(file)}  ${size(join(distDir, file))}`).join(", ")}`);
}

// ── Python ───────────────────────────────────────────────────────────────────────────────────

async function pythonArtifacts(version) {
  step("Python: python -m build (wheel and sdist), twine check --strict, an SBOM per distribution (cyclonedx-py)");
  const python = await pythonTools();
  // Built from a copy of the tracked (and new, unignored) files, so no build/ or egg-info
  // lands in the source tree and nothing untracked lands in a distribution.
  const stage = join(work, "python-stage");
  for (const file of ask("git", ["ls-files", "-co", "--exclude-standard", "--", "packages/client-python"])
    .split("\n")
    .filter(Boolean)) {
    if (!exists(join(root, file))) continue;
    ensureDir(dirname(join(stage, file)));
    cpSync(join(root, file), join(stage, file));
  }
  const out = join(distDir, "python");
  for (const project of PYTHON_PROJECTS) {
    await run(python, ["-m", "build", "--no-isolation", "--outdir", out, join(stage, project.dir)], {
      capture: true,
      env: { PYTHONDONTWRITEBYTECODE: "1" },
    });
  }
  await run(python, ["-m", "twine", "check", "--strict", ...readdirSync(out).map((file) => join(out, file))], {
    capture: quiet,
  });
  console.log("  twine check --strict: every distribution passed");
  // The pins the tests use, as constraints, so an SBOM names the versions the tests ran.
  const constraints = pythonTestConstraints(join(work, "constraints.txt"));
  const wheels = {};
  for (const project of PYTHON_PROJECTS) {
    const stem = `${project.name.replaceAll("-", "_")}-${version}`;
    const wheel = `${stem}-py3-none-any.whl`;
    const sdist = `${stem}.tar.gz`;
    for (const file of [wheel, sdist])
      if (!exists(join(out, file))) throw new ReleaseError(`python -m build did not write python/${file}`);
    wheels[project.name] = join(out, wheel);
    // The distribution installed into a venv of its own (no pip in it), as a consumer's
    // environment would hold it, and that environment described by cyclonedx-py with the
    // project's pyproject as the main component.
    const venv = join(work, `sbom-venv-${project.name}`);
    await run(process.env.PYTHON ?? "python3", ["-m", "venv", "--without-pip", venv]);
    const install =
      project.name === "cec-cobrowse" ? [wheels.cec_cobrowse_client, wheels[project.name]] : [wheels[project.name]];
    await run(
      python,
      [
        "-m",
        "pip",
        "--python",
        join(venv, "bin", "python"),
        "install",
        "--quiet",
        "--disable-pip-version-check",
        "-c",
        constraints,
        ...install,
      ],
      { capture: true },
    );
    const sbom = join(distDir, "sbom", `${stem}.cdx.json`);
    // cyclonedx-py takes the main component from pyproject's [project] tables (a [tool.poetry]
    // table, which the generated pyproject has without a name, would be read instead).
    const pyproject = join(work, `pyproject-${project.name}.toml`);
    writeFileSync(pyproject, projectTables(readFileSync(join(stage, project.dir, "pyproject.toml"), "utf8")));
    await run(
      python,
      [
        "-m",
        "cyclonedx_py",
        "environment",
        "--pyproject",
        pyproject,
        "--mc-type",
        "library",
        "--sv",
        "1.6",
        "--of",
        "JSON",
        "--output-reproducible",
        "-o",
        sbom,
        join(venv, "bin", "python"),
      ],
      { capture: true },
    );
    artifacts.push({
      ecosystem: "python",
      name: project.name,
      version,
      files: [`python/${wheel}`, `python/${sdist}`],
      sbom: rel2(sbom),
      generator: "cyclonedx-bom 7.5.0",
    });
    console.log(
      `  ✓ ${wheel}  ${size(join(out, wheel))}, ${sdist}  ${size(join(out, sdist))}  + SBOM (${components(sbom)} components)`,
    );
  }
}

/** The [project] and [project.*] tables of a pyproject.toml. */
function projectTables(text) {
  const tables = text.split(/^(?=\[)/m);
  return tables.filter((table) => /^\[project(\]|\.)/.test(table)).join("");
}

// ── Java ─────────────────────────────────────────────────────────────────────────────────────

async function mavenArtifacts(version) {
  step("Java: mvn package (jar, sources, javadoc), the poms, an SBOM per artifact (cyclonedx-maven-plugin)");
  const java = join(root, "packages", "client-java");
  for (const { dir } of MAVEN_ARTIFACTS) rmSync(join(root, dir, "target"), { recursive: true, force: true });
  await run(
    "mvn",
    [
      "-B",
      "-ntp",
      "-Dstyle.color=never",
      ...(quiet ? ["-q"] : []),
      "-f",
      join(java, "pom.xml"),
      "-pl",
      "generated,sdk",
      "-DskipTests",
      "-DoutputFormat=json",
      "-DoutputName=bom",
      "package",
      `${PINS.cyclonedxMaven}:makeBom`,
    ],
    { capture: quiet },
  );
  for (const { artifactId, dir } of MAVEN_ARTIFACTS) {
    const target = join(root, dir, "target");
    const into = ensureDir(join(distDir, "maven", ...MAVEN_GROUP.split("."), artifactId, version));
    const files = [];
    for (const [from, suffix] of [
      [`${artifactId}-${version}.jar`, ".jar"],
      [`${artifactId}-${version}-sources.jar`, "-sources.jar"],
      [`${artifactId}-${version}-javadoc.jar`, "-javadoc.jar"],
      [join("..", "pom.xml"), ".pom"],
    ]) {
      const name = `${artifactId}-${version}${suffix}`;
      const source = join(target, from);
      if (!exists(source)) throw new ReleaseError(`mvn package did not write ${rel(source)}`);
      cpSync(source, join(into, name));
      // Central wants an .md5 and a .sha1 beside every file (and an .asc, made when signing).
      for (const algorithm of ["md5", "sha1"])
        writeFileSync(join(into, `${name}.${algorithm}`), digest(algorithm, join(into, name)));
      files.push(rel2(join(into, name)));
    }
    const sbom = join(distDir, "sbom", `${artifactId}-${version}.cdx.json`);
    cpSync(join(target, "bom.json"), sbom);
    artifacts.push({
      ecosystem: "maven",
      name: `${MAVEN_GROUP}:${artifactId}`,
      version,
      files,
      sbom: rel2(sbom),
      generator: PINS.cyclonedxMaven,
    });
    console.log(
      `  ✓ ${artifactId}-${version}.jar  ${size(join(into, `${artifactId}-${version}.jar`))}, -sources.jar, -javadoc.jar, .pom  + SBOM (${components(sbom)} components)`,
    );
  }
}

// ── Go ───────────────────────────────────────────────────────────────────────────────────────

async function goArtifacts(version, commit) {
  step(
    "Go: module zips in a file-based GOPROXY (from the commit, as the tags serve them), an SBOM per module (cyclonedx-gomod)",
  );
  const dirty = ask("git", ["status", "--porcelain", "--", ...GO_MODULES.map((m) => m.dir)]);
  if (dirty)
    console.warn(
      `  warning: uncommitted changes in the Go modules are not in their zips (the tag serves the commit):\n${dirty}`,
    );
  const tree = ensureDir(join(work, "go-archive"));
  await run("sh", [
    "-c",
    `git archive --format=tar ${commit} LICENSE ${GO_MODULES.map((m) => m.dir).join(" ")} | tar -x -C "${tree}"`,
  ]);
  // As the go command does for a module in a subdirectory (modfetch's coderepo): a module
  // without a LICENSE of its own gets the repository root's in its zip.
  for (const module of GO_MODULES)
    if (!exists(join(tree, module.dir, "LICENSE"))) cpSync(join(tree, "LICENSE"), join(tree, module.dir, "LICENSE"));
  const time = new Date(ask("git", ["show", "-s", "--format=%cI", commit])).toISOString().replace(/\.\d+Z$/, "Z");
  const proxy = join(distDir, "go", "proxy");
  const zipper = await gozip();
  const gomod = await cyclonedxGomod();
  const env = goConsumerEnv(proxy, join(work, "gomodcache"));
  for (const module of GO_MODULES) {
    const v = `v${version}`;
    const { stdout } = await run(
      zipper,
      ["-dir", join(tree, module.dir), "-module", module.path, "-version", v, "-time", time, "-out", proxy],
      { capture: true },
    );
    const base = join(proxy, ...module.path.split("/"), "@v");
    const files = ["list", `${v}.info`, `${v}.mod`, `${v}.zip`].map((file) => rel2(join(base, file)));
    // The SBOM of the module as a consumer gets it: the zip extracted, its requirements
    // resolved through the same file-based proxy.
    const extracted = ensureDir(join(work, "go-sbom", module.name));
    await run("unzip", ["-q", join(base, `${v}.zip`), "-d", extracted]);
    const moduleDir = join(extracted, `${module.path}@${v}`);
    const sbom = join(
      distDir,
      "sbom",
      `${module.path
        .split("/")
        .slice(-3)
        .join("-")
        .replace(/^packages-/, "")}-${v}.cdx.json`,
    );
    await run("go", ["list", "-deps", "./..."], { cwd: moduleDir, env, capture: true });
    await run(
      gomod,
      ["mod", "-json", "-licenses", "-type", "library", "-output-version", "1.6", "-output", sbom, moduleDir],
      { cwd: moduleDir, env, capture: true },
    );
    // cyclonedx-gomod reads the main module's version from git, which a module zip has not:
    // it is the version being released.
    const bom = readJson(sbom);
    bom.metadata.component.version = v;
    bom.metadata.component.purl = bom.metadata.component.purl.replace(/\?/, `@${v}?`);
    writeFileSync(sbom, `${JSON.stringify(bom, null, 2)}\n`);
    artifacts.push({
      ecosystem: "go",
      name: module.path,
      version: v,
      tag: module.tag(version),
      files,
      goSum: stdout.trim().split("\n"),
      sbom: rel2(sbom),
      generator: `${PINS.cyclonedxGomod.module}@${PINS.cyclonedxGomod.version}`,
    });
    console.log(
      `  ✓ ${module.path}@${v}  zip ${size(join(base, `${v}.zip`))}  (tag ${module.tag(version)})  + SBOM (${components(sbom)} components)`,
    );
  }
  await run("chmod", ["-R", "u+w", join(work, "gomodcache")], { allowFail: true });
}

// ── helpers ──────────────────────────────────────────────────────────────────────────────────

function rel2(path) {
  return path.slice(distDir.length + 1);
}

function size(path) {
  const bytes = statSync(path).size;
  return bytes >= 1024 * 1024 ? `${(bytes / 1024 / 1024).toFixed(1)} MiB` : `${(bytes / 1024).toFixed(1)} KiB`;
}

function components(sbom) {
  return (readJson(sbom).components ?? []).length;
}

function seconds(ms) {
  return `${(ms / 1000).toFixed(0)} s`;
}

function printTable() {
  console.log(
    "\n  artifact                                                   files                                  SBOM",
  );
  for (const a of artifacts) {
    const total = a.files.reduce((sum, file) => sum + statSync(join(distDir, file)).size, 0);
    console.log(
      `  ${`${a.ecosystem} ${a.name}@${a.version}`.padEnd(58)} ${`${a.files.length} (${(total / 1024).toFixed(1)} KiB)`.padEnd(38)} ${a.sbom ?? "(a document: no SBOM)"}`,
    );
  }
}
