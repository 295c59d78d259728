// Shared by the release scripts: where things are, and running commands with their output
// shown (or captured) and their failures named.
import { spawn, spawnSync } from "node:child_process";
import { createHash } from "node:crypto";
import { createReadStream, existsSync, mkdirSync, readdirSync, readFileSync } from "node:fs";
import { dirname, join, relative, resolve } from "node:path";
import { fileURLToPath } from "node:url";

/** release/ */
export const releaseDir = resolve(dirname(fileURLToPath(import.meta.url)), "..");
/** The repository root. */
export const root = resolve(releaseDir, "..");
/** Where the release scripts keep the tools they build or install (gitignored). */
export const cacheDir = process.env.COBROWSE_RELEASE_CACHE ?? join(root, ".cache");
/** Where `pnpm release:build` writes the artifacts. */
export const distDir = join(root, "dist", "release");

export class ReleaseError extends Error {}
export const fail = (message) => {
  throw new ReleaseError(message);
};

/** Prints a step heading. */
export const step = (text) => console.log(`\n── ${text}`);
export const rel = (path) => relative(root, path) || ".";

/**
 * Runs a command, its output going to this process's (or captured with `capture: true`), in
 * `baseEnv` (this process's environment unless given) with `env` added.
 * Rejects with the command, its exit code and, when captured, the tail of its output.
 */
export function run(
  command,
  args,
  { cwd = root, env, baseEnv = process.env, capture = false, input, allowFail = false } = {},
) {
  return new Promise((resolvePromise, reject) => {
    const child = spawn(command, args, {
      cwd,
      env: { ...baseEnv, ...env },
      stdio: [input === undefined ? "ignore" : "pipe", capture ? "pipe" : "inherit", capture ? "pipe" : "inherit"],
    });
    let stdout = "";
    let stderr = "";
    if (capture) {
      child.stdout.on("data", (chunk) => (stdout += chunk));
      child.stderr.on("data", (chunk) => (stderr += chunk));
    }
    if (input !== undefined) child.stdin.end(input);
    child.on("error", (error) => reject(new ReleaseError(`${command}: ${error.message}`)));
    child.on("close", (code) => {
      if (code === 0 || allowFail) return resolvePromise({ code, stdout, stderr });
      const tail = `${stdout}\n${stderr}`.trim().split("\n").slice(-40).join("\n");
      const error = new ReleaseError(
        `\`${[command, ...args].join(" ")}\` (in ${rel(cwd)}) exited with ${code}${capture && tail ? `\n${tail}` : ""}`,
      );
      Object.assign(error, { stdout, stderr });
      reject(error);
    });
  });
}

/** Synchronous, captured: for quick questions (git, versions). */
export function ask(command, args, { cwd = root, env } = {}) {
  const result = spawnSync(command, args, {
    cwd,
    encoding: "utf8",
    env: env ? { ...process.env, ...env } : process.env,
  });
  if (result.error) fail(`${command}: ${result.error.message}`);
  if (result.status !== 0)
    fail(`\`${[command, ...args].join(" ")}\` exited with ${result.status}: ${result.stderr.trim()}`);
  return result.stdout.trim();
}

export function sha256File(path) {
  return new Promise((resolvePromise, reject) => {
    const hash = createHash("sha256");
    createReadStream(path)
      .on("data", (chunk) => hash.update(chunk))
      .on("error", reject)
      .on("end", () => resolvePromise(hash.digest("hex")));
  });
}

export const digest = (algorithm, path) => createHash(algorithm).update(readFileSync(path)).digest("hex");

export function ensureDir(path) {
  mkdirSync(path, { recursive: true });
  return path;
}

export const readJson = (path) => JSON.parse(readFileSync(path, "utf8"));
export const exists = existsSync;

/**
 * This process's environment less what `pnpm run` adds (npm_* and PNPM_* variables: npm and
 * the tools that look for npm must find npm itself, not the pnpm that runs the root script).
 */
export const toolEnv = Object.fromEntries(Object.entries(process.env).filter(([key]) => !/^(npm_|PNPM_)/i.test(key)));

/** The pnpm of this workspace (its pinned version, through npx as the README says). */
export const pnpm = { command: "npx", args: ["-y", "pnpm@12.4.2"] };

/** [command, args] for pnpm: the one running the root script (npm_execpath), else the pinned one. */
export function pnpmCommand(args) {
  const execpath = process.env.npm_execpath;
  if (execpath && /pnpm/.test(execpath))
    return /\.c?js$/.test(execpath) ? [process.execPath, [execpath, ...args]] : [execpath, args];
  return [pnpm.command, [...pnpm.args, ...args]];
}

/** Every file below `dir`, as paths relative to it, each folder's entries in sorted order. */
export function listFiles(dir, prefix = "") {
  const entries = readdirSync(join(dir, prefix), { withFileTypes: true }).sort((a, b) =>
    a.name < b.name ? -1 : a.name > b.name ? 1 : 0,
  );
  return entries.flatMap((entry) => {
    const path = prefix ? `${prefix}/${entry.name}` : entry.name;
    return entry.isDirectory() ? listFiles(dir, path) : [path];
  });
}

/**
 * The environment of a consumer resolving the release's modules through the file-based proxy,
 * first in GOPROXY: the release's versions are served there and nowhere else (not yet tagged).
 * Their third-party requirements (the sdk's go.opentelemetry.io/otel API modules) are not in
 * it: those come from this machine's own GOPROXY after it (a 404 from the file proxy falls
 * through), verified by the checksum database through it, as a consumer's `go get` fetches them.
 */
export function goConsumerEnv(proxy, modcache) {
  const upstream = (process.env.GOPROXY || ask("go", ["env", "GOPROXY"]))
    .split(/[,|]/)
    .filter((p) => p && p !== "off" && p !== "direct");
  return {
    GOPROXY: [`file://${proxy}`, ...upstream].join(","),
    GONOSUMDB: "github.com/cec-cobrowse",
    GOFLAGS: "-mod=mod -modcacherw",
    GOWORK: "off",
    GOMODCACHE: modcache,
    GOTOOLCHAIN: "local",
  };
}
