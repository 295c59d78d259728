// Shell blocks of this repository's workflow are pnpm commands: each must name a script that
// exists (at the root, in the package the README belongs to, or in the package a --filter names)
// or one of pnpm's own commands. A block with any other command (curl, an installer, a deployment's
// CLI) is run by nobody here: it needs a marker.
import { existsSync, readdirSync, readFileSync } from "node:fs";
import { dirname, join } from "node:path";

/** pnpm's own commands a README may show (`pnpm install`, `pnpm add x`, `pnpm turbo …` runs turbo's bin). */
const PNPM_BUILTINS = new Set(["install", "add", "i"]);

interface Pkg {
  dir: string;
  scripts: Record<string, string>;
}

function readPkg(dir: string): Pkg | undefined {
  const file = join(dir, "package.json");
  if (!existsSync(file)) return undefined;
  return {
    dir,
    scripts: (JSON.parse(readFileSync(file, "utf8")) as { scripts?: Record<string, string> }).scripts ?? {},
  };
}

/** Every workspace package by name (the root's pnpm-workspace.yaml folders: generators, release, scripts, packages/*). */
function workspace(root: string): Map<string, Pkg> {
  const byName = new Map<string, Pkg>();
  const dirs = ["generators", "release", "scripts", ...readdir(join(root, "packages")).map((d) => join("packages", d))];
  for (const d of dirs) {
    const file = join(root, d, "package.json");
    if (!existsSync(file)) continue;
    const { name, scripts } = JSON.parse(readFileSync(file, "utf8")) as {
      name: string;
      scripts?: Record<string, string>;
    };
    byName.set(name, { dir: d, scripts: scripts ?? {} });
  }
  return byName;
}

function readdir(dir: string): string[] {
  return existsSync(dir) ? readdirSync(dir) : [];
}

/** The commands of a shell block: comments dropped, continuation lines joined, `&&` chains split. */
export function commandsOf(code: string): string[] {
  const joined = code.replace(/\\\n/g, " ");
  const commands: string[] = [];
  for (const raw of joined.split("\n")) {
    const line = raw.replace(/(^|\s)#.*$/, "").trim();
    if (!line) continue;
    for (const part of line.split(/\s*(?:&&|\|\||;)\s*/)) if (part.trim()) commands.push(part.trim());
  }
  return commands;
}

/**
 * Why a shell block cannot be checked, or undefined when every command is a pnpm command whose
 * script exists. `file` is the README's path relative to the root: its package is the nearest
 * package.json above it.
 */
export function checkShell(root: string, file: string, code: string): string | undefined {
  const ws = workspace(root);
  const rootPkg = readPkg(root)!;
  let dir = dirname(file);
  let own: Pkg | undefined;
  while (dir !== "." && dir !== "" && !(own = readPkg(join(root, dir)))) dir = dirname(dir);
  if (own) own = { ...own, dir }; // named from the root in messages
  const commands = commandsOf(code);
  if (commands.length === 0) return "no command in it";
  for (const command of commands) {
    const words = command.split(/\s+/).filter((w) => !/^[A-Z_][A-Z0-9_]*=/.test(w)); // env assignments
    if (words[0] === "npx" && words[1] === "-y" && /^pnpm@/.test(words[2] ?? "")) words.splice(0, 3, "pnpm");
    if (words[0] === "node" && words.length >= 2 && /\.m?[jt]s$/.test(words[1]!)) {
      // node <script of this repository>: the script exists (from the root, as the READMEs run them)
      if (!existsSync(join(root, words[1]!))) return `"${command}": ${words[1]} does not exist`;
      continue;
    }
    if (words[0] !== "pnpm") return `"${command}" is not a pnpm command`;
    const problem = checkPnpm(words.slice(1), rootPkg, own, ws);
    if (problem) return `"${command}": ${problem}`;
  }
  return undefined;
}

function checkPnpm(args: string[], rootPkg: Pkg, own: Pkg | undefined, ws: Map<string, Pkg>): string | undefined {
  let target: Pkg | undefined;
  const rest: string[] = [];
  for (let i = 0; i < args.length; i++) {
    const a = args[i]!;
    if (a === "--filter" || a.startsWith("--filter=")) {
      const name = a === "--filter" ? args[++i]! : a.slice("--filter=".length);
      target = ws.get(name);
      if (!target) return `no workspace package ${name}`;
    } else if (a === "--silent" || a === "-s") continue;
    else rest.push(a);
  }
  const [command, ...more] = rest;
  if (!command) return "no command";
  if (PNPM_BUILTINS.has(command)) return undefined;
  if (command === "turbo") {
    // pnpm turbo run <task> --filter=<pkg>: the task is a script of that package.
    const task = more[1];
    if (more[0] !== "run" || !task) return "only `pnpm turbo run <task> --filter=<package>` is checked";
    const pkg = target;
    if (!pkg) return "no --filter=<workspace package>";
    return task in pkg.scripts ? undefined : `${pkg.dir} has no script "${task}"`;
  }
  const name = command === "run" ? more[0] : command;
  if (!name) return "no script named";
  if (target) return name in target.scripts ? undefined : `${target.dir} has no script "${name}"`;
  if (name in rootPkg.scripts || (own && name in own.scripts)) return undefined;
  return `no script "${name}" at the root${own ? ` or in ${own.dir}` : ""}`;
}
