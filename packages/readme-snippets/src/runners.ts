// The runners. TypeScript blocks as the packages' users would write them: each block a module of
// its own in a scratch folder inside this package (so @cec-cobrowse/* resolve to the workspace's
// built packages), after the givens it uses. All of them are type-checked in one tsc run (strict,
// as a user's project would be); those that can run are then stripped of their types (esbuild) and
// run with node against the mock. Shell blocks marked `run` run with bash.
import { execFile, spawn } from "node:child_process";
import { mkdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { dirname, join, relative, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { transformSync } from "esbuild";
import type { Block } from "./blocks.js";
import { givensFor, PRELUDE } from "./givens.js";

const PACKAGE = join(dirname(fileURLToPath(import.meta.url)), "..");
export const SCRATCH = join(PACKAGE, ".cache", "blocks");

/** The gateway the READMEs name; a block that runs reaches the mock in its place. */
const GATEWAY = /"https:\/\/service\.besclouds\.com"/g;

export interface Module {
  block: Block;
  path: string;
  /** Lines before the block's first line in the module. */
  offset: number;
}

const nameOf = (b: Block) => `${b.file.replace(/[^A-Za-z0-9]+/g, "_")}_L${b.line}.ts`;

/** Writes each block as a module (a fresh scratch folder); answers them in order. */
export function writeModules(blocks: Block[]): Module[] {
  rmSync(SCRATCH, { recursive: true, force: true });
  mkdirSync(SCRATCH, { recursive: true });
  writeFileSync(
    join(SCRATCH, "tsconfig.json"),
    JSON.stringify(
      {
        extends: relative(SCRATCH, join(PACKAGE, "..", "..", "tsconfig.base.json")),
        // strict, as a user's project; moduleDetection: each block is a module even with no import.
        compilerOptions: { noUncheckedIndexedAccess: false, moduleDetection: "force", noEmit: true, jsx: "preserve" },
        include: ["*.ts"],
      },
      null,
      2,
    ),
  );
  return blocks.map((block) => {
    const givens = givensFor(block.file, block.code);
    const head = PRELUDE + givens.map((g) => `${g.code}\n`).join("");
    const tail = givens.flatMap((g) => (g.teardown ? [`${g.teardown}\n`] : [])).join("");
    const path = join(SCRATCH, nameOf(block));
    writeFileSync(path, head + block.code.replace(GATEWAY, "process.env.COBROWSE_BASE_URL!") + tail);
    return { block, path, offset: head.split("\n").length - 1 };
  });
}

/** tsc over every module: its errors, each as "README:line: message" (a given's own error names the module). */
export async function typecheck(modules: Module[]): Promise<Map<Module, string[]>> {
  const tsc = join(PACKAGE, "node_modules", "typescript", "bin", "tsc");
  const out = await new Promise<string>((resolve) => {
    execFile(
      process.execPath,
      [tsc, "-p", join(SCRATCH, "tsconfig.json"), "--pretty", "false"],
      { cwd: PACKAGE, maxBuffer: 16 << 20 },
      (_e, stdout, stderr) => resolve(stdout + stderr),
    );
  });
  const byPath = new Map(modules.map((m) => [m.path, m]));
  const errors = new Map<Module, string[]>();
  for (const line of out.split("\n")) {
    const m = /^(.+?)\((\d+),(\d+)\): (error .*)$/.exec(line);
    if (!m) continue;
    const mod = byPath.get(resolve(PACKAGE, m[1]!));
    if (!mod) throw new Error(`tsc: ${line}`);
    const at = Number(m[2]) - mod.offset;
    const where =
      at >= 1
        ? `${mod.block.file}:${mod.block.line + at}`
        : `${mod.block.file}:${mod.block.line} (a given, line ${m[2]} of ${mod.path})`;
    errors.set(mod, [...(errors.get(mod) ?? []), `${where}: ${m[4]}`]);
  }
  if (!errors.size && /error/i.test(out)) throw new Error(`tsc failed:\n${out}`);
  return errors;
}

export interface RunResult {
  code: number | null;
  out: string;
  ms: number;
}

/** Runs a module with node in `env` (its types stripped, as an .mjs beside it), killed after `timeoutMs`. */
export function runModule(mod: Module, env: NodeJS.ProcessEnv, timeoutMs = 60_000): Promise<RunResult> {
  const js = mod.path.replace(/\.ts$/, ".mjs");
  writeFileSync(
    js,
    transformSync(readFileSync(mod.path, "utf8"), {
      loader: "ts",
      format: "esm",
      target: "node20",
      sourcemap: "inline",
      sourcefile: mod.path,
    }).code,
  );
  return runProcess(process.execPath, ["--enable-source-maps", js], env, timeoutMs);
}

/**
 * Runs a shell block with bash (-e -o pipefail: every command must succeed) in `env`, from this
 * package's folder with its node_modules/.bin first on PATH, as `npx` in an application would find
 * the packages' bins; curl fails on an error answer.
 */
export function runShell(block: Block, env: NodeJS.ProcessEnv, timeoutMs = 60_000): Promise<RunResult> {
  mkdirSync(SCRATCH, { recursive: true });
  const script = join(SCRATCH, nameOf(block).replace(/\.ts$/, ".sh"));
  writeFileSync(script, block.code);
  const path = `${join(PACKAGE, "node_modules", ".bin")}:${env.PATH ?? ""}`;
  // curl exits 0 on a 4xx or 5xx answer: its config here makes an error answer fail the block.
  const curlHome = join(SCRATCH, "curl");
  mkdirSync(curlHome, { recursive: true });
  writeFileSync(join(curlHome, ".curlrc"), "fail-with-body\nsilent\nshow-error\n");
  return runProcess("bash", ["-e", "-o", "pipefail", script], { ...env, PATH: path, CURL_HOME: curlHome }, timeoutMs);
}

function runProcess(command: string, args: string[], env: NodeJS.ProcessEnv, timeoutMs: number): Promise<RunResult> {
  const started = performance.now();
  const child = spawn(command, args, { cwd: PACKAGE, env, stdio: ["ignore", "pipe", "pipe"] });
  let out = "";
  child.stdout.on("data", (c) => (out += c));
  child.stderr.on("data", (c) => (out += c));
  const timer = setTimeout(() => {
    out += `\n(killed after ${timeoutMs} ms)`;
    child.kill("SIGKILL");
  }, timeoutMs);
  return new Promise((resolve) =>
    child.on("close", (code) => {
      clearTimeout(timer);
      resolve({ code, out, ms: performance.now() - started });
    }),
  );
}
