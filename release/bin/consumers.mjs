#!/usr/bin/env node
// The consumer install tests (`pnpm release:build` runs them last; `pnpm release:consumers`
// runs them on an existing dist/release/). Every artifact is installed as a consumer installs
// it, each in a fresh temporary project that has nothing of this checkout, then used against
// the mock — the mock of the installed @cec-cobrowse/mock-server tarball (`cobrowse-mock exec`):
//
//   npm     the tarballs installed with npm (file: dependencies, their internal dependencies
//           pointed at the other tarballs); imported as ESM and required as CJS and run (the
//           spec bundle of @cec-cobrowse/spec read and checked, and found identical to the
//           release's attached copy); the
//           declarations type-checked by tsc under moduleResolution node16 (.mts and .cts) and
//           bundler; the browser condition resolved by esbuild and the bundle run; the
//           installed cobrowse-contract CLI run against the mock
//   python  both wheels installed into a fresh venv (pip check), the consumer script run
//   go      the modules resolved through the release's file-based GOPROXY (GOWORK off, an empty
//           module cache; their third-party requirements from the machine's GOPROXY after it), the
//           go.sum hashes compared with the release's, a program built and run that sets up no
//           OpenTelemetry (the sdk's spans go to the global no-op provider)
//   java    the artifacts resolved from the release's Maven repository layout (checksums
//           enforced) into a temporary local repository, sources and javadoc jars included,
//           a consumer project compiled and run
//
// The programs are in release/consumers/. Each ecosystem runs even if an earlier one failed;
// the exit code is 1 if any failed.
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { homedir, tmpdir } from "node:os";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import {
  distDir,
  ensureDir,
  exists,
  goConsumerEnv,
  ReleaseError,
  readJson,
  rel,
  releaseDir,
  run,
  step,
  toolEnv,
} from "../lib/common.mjs";
import { pythonTestConstraints } from "../lib/tools.mjs";
import { MAVEN_ARTIFACTS, MAVEN_GROUP } from "../lib/version.mjs";

// What the consumer project installs beside the tarballs, pinned as this workspace pins them:
// msw is @cec-cobrowse/msw's peer; the others check and bundle.
const CONSUMER_TOOLS = { msw: "2.15.0", typescript: "5.9.3", "@types/node": "20.19.25", esbuild: "0.28.2" };

const fixtures = join(releaseDir, "consumers");
const TSC_CASES = {
  node16: "moduleResolution node16 (a Node ES module and a CommonJS module)",
  bundler: "moduleResolution bundler (a bundled Node app)",
  browser: "moduleResolution bundler with the browser condition, DOM and no Node types (a page)",
};
const manifestFile = join(distDir, "manifest.json");
if (!exists(manifestFile)) {
  console.error(`release:consumers: ${rel(manifestFile)} is missing: run \`pnpm release:build\` first`);
  process.exit(1);
}
const manifest = readJson(manifestFile);
const { version } = manifest;
const work = mkdtempSync(join(tmpdir(), "cec-cobrowse-consumers-"));
const quiet = !process.env.COBROWSE_RELEASE_VERBOSE;
let mockBin;
// The environment of a consumer's shell, less proxies (the mock is on this machine) and this
// checkout's own settings.
const baseEnv = Object.fromEntries(
  Object.entries(toolEnv).filter(([key]) => !/_proxy$/i.test(key) && !/^(GOWORK|GOFLAGS)$/.test(key)),
);
const results = [];

/** Runs `command` under the installed mock (`cobrowse-mock exec`), its output (or the lines `show` keeps) shown. */
async function underMock(command, args, { cwd, show = () => true } = {}) {
  const { stdout } = await run(mockBin, ["exec", "--", command, ...args], { capture: true, cwd, baseEnv }).catch(
    (error) => {
      // The whole output of a consumer that failed (a contract failure's details are long).
      if (error.stdout)
        console.error(
          error.stdout
            .trimEnd()
            .split("\n")
            .map((line) => `  | ${line}`)
            .join("\n"),
        );
      throw error;
    },
  );
  for (const line of stdout.trim().split("\n").filter(show)) console.log(`  ${line.trim()}`);
  return stdout;
}

async function consumer(name, body) {
  step(`${name}: installed as a consumer installs it, run against the mock`);
  const started = performance.now();
  try {
    await body(ensureDir(join(work, name)));
    results.push({ name, ok: true, seconds: (performance.now() - started) / 1000 });
  } catch (error) {
    console.error(`  ✗ ${name}: ${error instanceof ReleaseError ? error.message : (error?.stack ?? error)}`);
    results.push({ name, ok: false, seconds: (performance.now() - started) / 1000 });
  }
}

const byEcosystem = (ecosystem) => manifest.artifacts.filter((artifact) => artifact.ecosystem === ecosystem);

try {
  console.log(
    `release:consumers: SDK ${version} from ${rel(distDir)} (built at ${manifest.commit.slice(0, 12)}), in ${work}`,
  );

  await consumer("npm", async (project) => {
    cpSync(join(fixtures, "npm"), project, { recursive: true });
    const tarballs = Object.fromEntries(
      byEcosystem("npm").map((artifact) => [artifact.name, `file:${join(distDir, artifact.files[0])}`]),
    );
    writeFileSync(
      join(project, "package.json"),
      `${JSON.stringify({ name: "cec-cobrowse-npm-consumer", private: true, type: "module", dependencies: { ...tarballs, msw: CONSUMER_TOOLS.msw }, devDependencies: { typescript: CONSUMER_TOOLS.typescript, "@types/node": CONSUMER_TOOLS["@types/node"], esbuild: CONSUMER_TOOLS.esbuild }, overrides: tarballs }, null, 2)}\n`,
    );
    await run("npm", ["install", "--no-audit", "--no-fund", "--prefer-offline", "--loglevel=error"], {
      cwd: project,
      capture: quiet,
      baseEnv,
    });
    console.log(`  npm install: ${Object.keys(tarballs).length} tarballs and their dependencies`);
    // The spec bundle in the installed @cec-cobrowse/spec is the one attached to the release.
    for (const file of byEcosystem("spec").flatMap((artifact) => artifact.files)) {
      const installed = join(
        project,
        "node_modules",
        "@cec-cobrowse",
        "spec",
        "bundle",
        `openapi.${file.split(".").pop()}`,
      );
      if (!exists(installed))
        throw new ReleaseError(`the installed @cec-cobrowse/spec has no bundle/${installed.split("/").pop()}`);
      if (readFileSync(installed, "utf8") !== readFileSync(join(distDir, file), "utf8"))
        throw new ReleaseError(`${file} differs from the installed @cec-cobrowse/spec's bundle`);
    }
    if (byEcosystem("spec").length === 0) throw new ReleaseError("manifest.json lists no spec bundle");
    console.log(
      "  @cec-cobrowse/spec: bundle/openapi.yaml and bundle/openapi.json installed, identical to the release's spec/ attachments",
    );
    mockBin = join(project, "node_modules", ".bin", "cobrowse-mock");
    if (!exists(mockBin)) throw new ReleaseError("the installed @cec-cobrowse/mock-server has no cobrowse-mock bin");
    await underMock(process.execPath, ["esm.mjs", version], { cwd: project });
    await underMock(process.execPath, ["cjs.cjs", version], { cwd: project });
    const tsc = join(project, "node_modules", ".bin", "tsc");
    for (const config of ["node16", "bundler", "browser"]) {
      await run(tsc, ["-p", join("types", `tsconfig.${config}.json`)], { cwd: project, capture: true });
      console.log(`  tsc: the declarations type-check under ${TSC_CASES[config]}`);
    }
    await run(
      join(project, "node_modules", ".bin", "esbuild"),
      [
        "browser.mjs",
        "--bundle",
        "--platform=browser",
        "--format=esm",
        "--target=es2022",
        "--outfile=bundle.mjs",
        "--metafile=bundle.meta.json",
        "--log-level=warning",
      ],
      { cwd: project, capture: true },
    );
    await underMock(process.execPath, ["run-browser-bundle.mjs"], { cwd: project });
    // The installed CLI, every check (the room's WebSocket and the injected statuses too), every
    // documented status, security failure and constraint exercised.
    await underMock(
      join(project, "node_modules", ".bin", "cobrowse-contract"),
      ["--cases", "10", "--websocket", "--fault-control", "/__mock/faults", "--min-coverage", "100"],
      { cwd: project, show: (line) => /^\s*(contract:|\d+ passed|coverage:)/.test(line) },
    );
  });

  const needsMock = () => {
    if (!mockBin) throw new ReleaseError("the npm consumer did not install the mock these consumers run against");
  };

  await consumer("python", async (project) => {
    needsMock();
    const wheels = byEcosystem("python").flatMap((artifact) =>
      artifact.files.filter((file) => file.endsWith(".whl")).map((file) => join(distDir, file)),
    );
    const venv = join(project, "venv");
    const python = join(venv, "bin", "python");
    await run(process.env.PYTHON ?? "python3", ["-m", "venv", venv]);
    // The versions the tests ran with, as constraints (a consumer would get the newest
    // compatible ones; the wheels' own requirements are what pip resolves against).
    const constraints = pythonTestConstraints(join(project, "constraints.txt"));
    await run(
      python,
      ["-m", "pip", "install", "--quiet", "--disable-pip-version-check", "-c", constraints, ...wheels],
      { cwd: project, capture: quiet },
    );
    await run(python, ["-m", "pip", "check"], { cwd: project, capture: true });
    console.log(
      `  pip install: ${wheels.map((wheel) => wheel.split("/").pop()).join(", ")} (pip check: no broken requirement)`,
    );
    cpSync(join(fixtures, "python", "consumer.py"), join(project, "consumer.py"));
    await underMock(python, ["consumer.py", version], { cwd: project });
  });

  await consumer("go", async (project) => {
    needsMock();
    const proxy = join(distDir, "go", "proxy");
    const env = goConsumerEnv(proxy, join(project, "modcache"));
    cpSync(join(fixtures, "go", "main.go"), join(project, "main.go"));
    writeFileSync(join(project, "go.mod"), "module example.com/cec-cobrowse-consumer\n\ngo 1.23\n");
    const modules = byEcosystem("go");
    await run("go", ["get", ...modules.map((module) => `${module.name}@${module.version}`)], {
      cwd: project,
      env,
      capture: true,
    });
    // go.sum holds the hashes the go command computed from the proxy's files: they must be the
    // release's (the ones the tag will serve, and the checksum database will record).
    const sums = new Set(readFileSync(join(project, "go.sum"), "utf8").trim().split("\n"));
    for (const module of modules)
      for (const line of module.goSum)
        if (!sums.has(line)) throw new ReleaseError(`go.sum lacks the release's ${line}`);
    await run("go", ["build", "-o", "consumer", "."], { cwd: project, env, capture: true });
    console.log(
      `  go get through GOPROXY=file://${rel(proxy)}: ${modules.map((module) => `${module.name.split("/").pop()}@${module.version}`).join(", ")} (go.sum matches the release)`,
    );
    await underMock(join(project, "consumer"), [], { cwd: project });
    await run("chmod", ["-R", "u+w", join(project, "modcache")], { allowFail: true });
  });

  await consumer("java", async (project) => {
    needsMock();
    cpSync(join(fixtures, "java"), project, { recursive: true });
    const localRepository = join(project, "local-repository");
    const fill = (file, values) => {
      let text = readFileSync(join(project, file), "utf8");
      for (const [key, value] of Object.entries(values)) text = text.replaceAll(`@${key}@`, value);
      writeFileSync(join(project, file), text);
    };
    fill("pom.xml", { VERSION: version });
    fill("settings.xml", {
      LOCAL_REPOSITORY: localRepository,
      RELEASE_REPOSITORY: pathToFileURL(join(distDir, "maven")).href,
      MACHINE_CACHE: pathToFileURL(join(homedir(), ".m2", "repository")).href,
    });
    await run(
      "mvn",
      [
        "-B",
        "-ntp",
        "-Dstyle.color=never",
        ...(quiet ? ["-q"] : []),
        "-s",
        "settings.xml",
        "compile",
        "dependency:build-classpath",
        "-Dmdep.outputFile=classpath.txt",
        "-Dmdep.includeScope=runtime",
      ],
      { cwd: project, capture: quiet },
    );
    // Maven records where each file came from: the SDK's must come from the release repository.
    for (const { artifactId } of MAVEN_ARTIFACTS) {
      const dir = join(localRepository, ...MAVEN_GROUP.split("."), artifactId, version);
      const origin = readFileSync(join(dir, "_remote.repositories"), "utf8");
      for (const file of [
        `${artifactId}-${version}.jar`,
        `${artifactId}-${version}.pom`,
        `${artifactId}-${version}-sources.jar`,
        `${artifactId}-${version}-javadoc.jar`,
      ]) {
        if (!origin.includes(`${file}>cec-cobrowse-release=`))
          throw new ReleaseError(`${file} was not resolved from the release repository:\n${origin}`);
      }
    }
    console.log(
      `  mvn: ${MAVEN_ARTIFACTS.map(({ artifactId }) => artifactId).join(", ")} ${version} (jar, pom, sources, javadoc) from the release repository into a temporary local one`,
    );
    const classpath = `${join(project, "target", "classes")}:${readFileSync(join(project, "classpath.txt"), "utf8").trim()}`;
    await underMock("java", ["-cp", classpath, "Consumer"], { cwd: project });
  });
} finally {
  rmSync(work, { recursive: true, force: true });
}

console.log("\n  consumer   result   time");
for (const { name, ok, seconds } of results)
  console.log(`  ${name.padEnd(10)} ${(ok ? "passed" : "FAILED").padEnd(8)} ${seconds.toFixed(0)} s`);
const failed = results.filter((result) => !result.ok);
console.log(
  failed.length
    ? `release:consumers: ${failed.length} of ${results.length} consumers failed`
    : `release:consumers: every artifact passed its consumer install test (${results.length} ecosystems)`,
);
process.exit(failed.length ? 1 : 0);
