// The release tools, pinned, built or installed by the scripts themselves on first use and
// kept in .cache/tools (gitignored), so a clean clone needs nothing installed by hand beyond the
// toolchains (Node, Go, Python, Java + Maven):
//
//   oasdiff          github.com/oasdiff/oasdiff v1.37.0, built from the Go module proxy (~45 s once)
//   apidiff          golang.org/x/exp/cmd/apidiff (a pseudo-version: x/exp has no tags), built likewise (~25 s once)
//   japicmp          com.github.siom79.japicmp:japicmp 0.27.0 and its dependencies (release/japicmp/pom.xml),
//                    copied from Maven Central by `mvn dependency:copy-dependencies` (~10 s once)
//   cyclonedx-gomod  github.com/CycloneDX/cyclonedx-gomod v1.10.0, built likewise
//   gozip            release/gozip (golang.org/x/mod's module zip), built from this checkout
//   cyclonedx-npm    @cyclonedx/cyclonedx-npm 6.0.1 from npm (Node >= 20.18)
//   python tools     build, twine, cyclonedx-bom, setuptools and griffe, pinned in release/python-tools.txt,
//                    in a venv keyed by that file's hash
//   (api-extractor is an npm devDependency of this package, pinned in release/package.json)
//
// and the linters `pnpm lint` runs (scripts/lint.mjs), installed the same way:
//
//   staticcheck      honnef.co/go/tools/cmd/staticcheck v0.8.2, built from the Go module proxy (~60 s once)
//   ruff             pinned in scripts/lint-tools.txt, in a venv keyed by that file's hash
import { createHash } from "node:crypto";
import { mkdirSync, readFileSync, rmSync, statSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { cacheDir, digest, ensureDir, exists, rel, releaseDir, root, run } from "./common.mjs";

export const PINS = {
  oasdiff: { module: "github.com/oasdiff/oasdiff", version: "v1.37.0" },
  apidiff: { module: "golang.org/x/exp/cmd/apidiff", version: "v0.0.0-20261121134650-e1094eeca1b5" },
  cyclonedxGomod: { module: "github.com/CycloneDX/cyclonedx-gomod/cmd/cyclonedx-gomod", version: "v1.10.0" },
  cyclonedxNpm: { name: "@cyclonedx/cyclonedx-npm", version: "6.0.1" },
  cyclonedxMaven: "org.cyclonedx:cyclonedx-maven-plugin:2.9.3",
  staticcheck: { module: "honnef.co/go/tools/cmd/staticcheck", version: "v0.8.2" },
};

const toolsDir = () => ensureDir(join(cacheDir, "tools"));
const quiet = !process.env.COBROWSE_RELEASE_VERBOSE;
const STALE_LOCK_MS = 15 * 60_000;

/**
 * Runs `install` unless `done` exists, one process at a time (a lint and a test, or two test
 * files, may ask for the same tool at once): the others wait for the first one's result. A lock
 * left by a killed process is taken over after 15 minutes.
 */
async function installOnce(dir, done, install) {
  if (exists(done)) return;
  const lock = `${dir}.lock`;
  for (;;) {
    try {
      mkdirSync(lock);
      break;
    } catch (error) {
      if (error.code !== "EEXIST") throw error;
      if (exists(done)) return;
      if (Date.now() - statSync(lock, { throwIfNoEntry: false })?.mtimeMs > STALE_LOCK_MS)
        rmSync(lock, { recursive: true, force: true });
      else await new Promise((resolve) => setTimeout(resolve, 500));
    }
  }
  try {
    if (!exists(done)) await install();
  } finally {
    rmSync(lock, { recursive: true, force: true });
  }
}

async function goInstall(name, { module, version }) {
  const dir = join(toolsDir(), `${name}@${version}`);
  const bin = join(dir, name);
  await installOnce(dir, bin, async () => {
    const t0 = performance.now();
    console.log(`  tools: building ${module}@${version} from the Go module proxy (once; kept in ${dir})`);
    await run("go", ["install", `${module}@${version}`], {
      env: { GOBIN: dir, GOWORK: "off", GOFLAGS: "-mod=mod" },
      capture: quiet,
    });
    console.log(`  tools: ${name} built in ${((performance.now() - t0) / 1000).toFixed(0)} s`);
  });
  return bin;
}

export const oasdiff = () => goInstall("oasdiff", PINS.oasdiff);
export const cyclonedxGomod = () => goInstall("cyclonedx-gomod", PINS.cyclonedxGomod);
export const apidiff = () => goInstall("apidiff", PINS.apidiff);
export const staticcheck = () => goInstall("staticcheck", PINS.staticcheck);

const japicmpPom = join(releaseDir, "japicmp", "pom.xml");
/** The japicmp version release/japicmp/pom.xml pins. */
export const japicmpVersion = () =>
  /<artifactId>japicmp<\/artifactId>\s*<version>([^<]+)<\/version>/.exec(readFileSync(japicmpPom, "utf8"))?.[1] ?? "?";

/** The classpath (a folder's `*`) of japicmp and its dependencies, copied from Maven Central into .cache/tools. */
export async function japicmp() {
  const dir = join(toolsDir(), `japicmp-${japicmpVersion()}-${digest("sha256", japicmpPom).slice(0, 12)}`);
  await installOnce(dir, join(dir, ".installed"), async () => {
    rmSync(dir, { recursive: true, force: true });
    console.log(
      `  tools: copying japicmp ${japicmpVersion()} and its dependencies from Maven Central (once; kept in ${dir})`,
    );
    await run("mvn", ["-q", "-B", "-f", japicmpPom, "dependency:copy-dependencies", `-DoutputDirectory=${dir}`], {
      capture: quiet,
    });
    writeFileSync(join(dir, ".installed"), "");
  });
  return join(dir, "*");
}

/** release/gozip built from this checkout (rebuilt when its source changes). */
export async function gozip() {
  const source = join(releaseDir, "gozip");
  const hash = createHash("sha256")
    .update(["main.go", "go.mod", "go.sum"].map((file) => readFileSync(join(source, file), "utf8")).join("\0"))
    .digest("hex")
    .slice(0, 12);
  const bin = join(toolsDir(), `gozip-${hash}`, "gozip");
  if (exists(bin)) return bin;
  await run("go", ["build", "-o", bin, "."], { cwd: source, env: { GOWORK: "off" }, capture: quiet });
  return bin;
}

/** node + the CLI script of @cyclonedx/cyclonedx-npm, installed into .cache/tools. */
export async function cyclonedxNpm() {
  const { name, version } = PINS.cyclonedxNpm;
  const dir = join(toolsDir(), `cyclonedx-npm@${version}`);
  const cli = join(dir, "node_modules", ...name.split("/"), "bin", "cyclonedx-npm-cli.js");
  if (exists(cli)) return cli;
  rmSync(dir, { recursive: true, force: true });
  ensureDir(dir);
  console.log(`  tools: installing ${name}@${version} from npm (once; kept in ${dir})`);
  await run(
    "npm",
    ["install", "--prefix", dir, "--no-audit", "--no-fund", "--ignore-scripts", "--save-exact", `${name}@${version}`],
    { capture: quiet },
  );
  if (!exists(cli)) throw new Error(`${cli} is missing after installing ${name}@${version}`);
  return cli;
}

/** The Python of a venv holding release/python-tools.txt (build, twine, cyclonedx-bom, setuptools). */
export const pythonTools = () => pythonVenv("python-release", join(releaseDir, "python-tools.txt"));

/** The ruff executable, from a venv holding scripts/lint-tools.txt. */
export const ruff = async () =>
  join(dirname(await pythonVenv("python-lint", join(root, "scripts", "lint-tools.txt"))), "ruff");

/** The Python of a venv named `name` holding the pinned `requirements`, made again when they change. */
async function pythonVenv(name, requirements) {
  const hash = digest("sha256", requirements).slice(0, 12);
  const venv = join(toolsDir(), `${name}-${hash}`);
  const python = join(venv, "bin", "python");
  await installOnce(venv, join(venv, ".installed"), async () => {
    rmSync(venv, { recursive: true, force: true });
    console.log(`  tools: creating the ${name} venv from ${rel(requirements)} (once; kept in ${venv})`);
    await run(process.env.PYTHON ?? "python3", ["-m", "venv", venv]);
    await run(python, ["-m", "pip", "install", "--quiet", "--disable-pip-version-check", "-r", requirements], {
      capture: quiet,
    });
    await run("touch", [join(venv, ".installed")]);
  });
  return python;
}

/**
 * Writes the pins the Python tests run with (packages/client-python/requirements-test.txt) to
 * `file` as pip constraints, so what a release installs is what the tests ran. Returns `file`.
 */
export function pythonTestConstraints(file) {
  const pins = readFileSync(join(root, "packages", "client-python", "requirements-test.txt"), "utf8")
    .split("\n")
    .filter((line) => /^[A-Za-z0-9_.-]+==/.test(line));
  writeFileSync(file, `${pins.join("\n")}\n`);
  return file;
}
