// The temporary workspace: the parts of this checkout that a regeneration touches (the spec,
// the generators, the TypeScript packages the client builds from, every language's layer with
// its generated client), copied with their node_modules as the same relative links, so they
// resolve inside the copy and to this checkout's installed dependencies. Regeneration and builds
// run the packages' own `generate` and `build` scripts there, as `pnpm generate` and a build do
// in a checkout; nothing is written outside the copy.
import { spawn } from "node:child_process";
import { cpSync, existsSync, mkdirSync, readFileSync, rmSync, symlinkSync } from "node:fs";
import { delimiter, dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";

/** This checkout's root. */
export const root = resolve(dirname(fileURLToPath(import.meta.url)), "..", "..", "..");

/** What the copy holds: everything generated from the spec and everything built from that. */
export const COPIED = [
  "spec",
  "generators",
  "packages/spec",
  "packages/types",
  "packages/client",
  "packages/client-typescript-fetch",
  "packages/client-python",
  "packages/client-go",
  "packages/client-java",
];
const ROOT_FILES = ["package.json", "pnpm-workspace.yaml", "turbo.json", "tsconfig.base.json"];
/** Build outputs, caches and environments: made again in the copy, or not needed there. */
const LEFT_OUT =
  /\/(dist|target|\.venv|\.turbo|__pycache__|\.pytest_cache)(\/|$)|scenario-results\.json$|\.venv\.lock$/;

/** Files other processes make and remove while they run: never part of the copy. */
const TRANSIENT = /\/(_tmp_[^/]*|[^/]*\.timestamp-[^/]*)$/;

/**
 * Copies one part. Other suites of `pnpm test` run at the same time in this checkout and make
 * short-lived files in it (a `_tmp_…` folder appeared and vanished in generators/ mid-copy on
 * CI: ENOENT); such a file is left out when seen, and a copy that still meets one that vanished
 * is made again, up to three times.
 */
function copyPart(from, to) {
  for (let attempt = 1; ; attempt++) {
    try {
      cpSync(from, to, {
        recursive: true,
        verbatimSymlinks: true,
        filter: (path) => !LEFT_OUT.test(path) && !TRANSIENT.test(path),
      });
      return;
    } catch (error) {
      if (error?.code !== "ENOENT" || attempt === 3) throw error;
      rmSync(to, { recursive: true, force: true });
    }
  }
}

/** Copies the checkout's parts into `dir` (which must not exist yet). */
export function copyTree(dir) {
  mkdirSync(dir, { recursive: true });
  for (const file of ROOT_FILES) cpSync(join(root, file), join(dir, file));
  // The root's dependencies, shared: each package's node_modules links into node_modules/.pnpm.
  symlinkSync(join(root, "node_modules"), join(dir, "node_modules"), "dir");
  for (const part of COPIED) {
    if (!existsSync(join(root, part))) throw new Error(`${part}: not in this checkout; update COPIED in lib/tree.mjs`);
    copyPart(join(root, part), join(dir, part));
  }
}

/**
 * Runs a command; resolves with its output, rejects with the command, its status and the
 * end of its output. `timeoutMs` kills it.
 */
export function run(command, args, { cwd, env = {}, timeoutMs = 300_000 } = {}) {
  return new Promise((resolvePromise, reject) => {
    const started = performance.now();
    const child = spawn(command, args, { cwd, env: { ...process.env, ...env }, stdio: ["ignore", "pipe", "pipe"] });
    let stdout = "";
    let stderr = "";
    child.stdout.on("data", (d) => (stdout += d));
    child.stderr.on("data", (d) => (stderr += d));
    const timer = setTimeout(() => child.kill("SIGKILL"), timeoutMs);
    child.on("error", (error) => {
      clearTimeout(timer);
      reject(new Error(`${command}: ${error.message}`));
    });
    child.on("close", (code, signal) => {
      clearTimeout(timer);
      const ms = performance.now() - started;
      if (code === 0) return resolvePromise({ stdout, stderr, ms });
      const tail = `${stdout}\n${stderr}`.trim().split("\n").slice(-40).join("\n");
      reject(
        new Error(
          `${[command, ...args].join(" ")} (in ${cwd}) ${signal ? `was killed (${signal})` : `exited with ${code}`} after ${(ms / 1000).toFixed(1)} s:\n${tail}`,
        ),
      );
    });
  });
}

/** Runs one of a copied package's package.json scripts as `pnpm run` would: in its folder, its and the root's .bin on the PATH. */
export async function runScript(tree, dir, script) {
  const cwd = join(tree, dir);
  const command = JSON.parse(readFileSync(join(cwd, "package.json"), "utf8")).scripts?.[script];
  if (command === undefined) return undefined;
  const PATH = [join(cwd, "node_modules", ".bin"), join(tree, "node_modules", ".bin"), process.env.PATH].join(
    delimiter,
  );
  return run("sh", ["-c", command], { cwd, env: { PATH } });
}

/**
 * Regenerates the copy from its spec and builds the TypeScript client, in the order the root's
 * turbo.json sets: the spec package first (the generators read the spec through its build),
 * then every other `generate` script, then the builds the client needs. Returns the time of each step.
 */
export async function regenerate(tree) {
  const times = {};
  const step = async (name, fn) => {
    const t0 = performance.now();
    await fn();
    times[name] = Math.round(performance.now() - t0);
  };
  await step("spec generate + build", async () => {
    await runScript(tree, "packages/spec", "generate");
    await runScript(tree, "packages/spec", "build");
  });
  await step("generate", async () => {
    for (const dir of COPIED.filter((d) => d !== "packages/spec" && d !== "spec"))
      await runScript(tree, dir, "generate");
  });
  await step("types + client build", async () => {
    await runScript(tree, "packages/types", "build");
    await runScript(tree, "packages/client", "build");
  });
  return times;
}
