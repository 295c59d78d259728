// Go: the exported API of each non-internal package of the Go modules (the generated client and
// the sdk), compared by apidiff (golang.org/x/exp/cmd/apidiff, built into .cache/tools).
//
//   <name>.export   apidiff's export data of the package (`apidiff -w`): what apidiff compares
//                   the package's current source with (binary, a few tens of kB)
//   <name>.txt      `go doc -all` of the package at that time: the same API for people to read
//
// <name> is the package's import path below the modules' common prefix ("sdk", "generated").
// The packages load through a go.work of their own listing the tree's modules (not the
// checkout's go.work, which also holds the tests module), so a copy of the tree resolves its
// own generated module.
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { exists, run } from "../common.mjs";
import { apidiff, PINS } from "../tools.mjs";
import { GO_MODULE_PREFIX, GO_MODULES } from "../version.mjs";

/**
 * The go.work of the tree's modules: a go line no older than any module's, and each module
 * replaced at the version the others require (a workspace module only roots the module graph:
 * without the replacement, loading the graph looks for that unreleased version on a proxy).
 */
export function workspaceFile(tree) {
  let newest = "1.21";
  const replaces = new Set();
  for (const module of GO_MODULES) {
    const mod = readFileSync(join(tree, module.dir, "go.mod"), "utf8");
    const goLine = /^go\s+(\S+)\s*$/m.exec(mod)?.[1];
    if (goLine && compareGoVersions(goLine, newest) > 0) newest = goLine;
    for (const other of GO_MODULES) {
      const required = new RegExp(`^\\s*(?:require\\s+)?${other.path.replaceAll(".", "\\.")}\\s+(v\\S+)`, "m").exec(
        mod,
      )?.[1];
      if (required) replaces.add(`\t${other.path} ${required} => ${join(tree, other.dir)}`);
    }
  }
  const use = GO_MODULES.map(({ dir: moduleDir }) => `\t${join(tree, moduleDir)}`).join("\n");
  return `go ${newest}\n\nuse (\n${use}\n)\n${replaces.size ? `\nreplace (\n${[...replaces].sort().join("\n")}\n)\n` : ""}`;
}

/** Compares Go versions such as 1.23 and 1.24.0 (negative, 0, positive). */
function compareGoVersions(a, b) {
  const pa = a.split(".").map(Number);
  const pb = b.split(".").map(Number);
  for (let i = 0; i < Math.max(pa.length, pb.length); i++) {
    const d = (pa[i] ?? 0) - (pb[i] ?? 0);
    if (d !== 0) return d;
  }
  return 0;
}

/** Runs `fn(env)` with GOWORK naming a go.work of the tree's modules. */
async function withWorkspace(tree, fn) {
  const dir = mkdtempSync(join(tmpdir(), "cec-cobrowse-api-go-"));
  try {
    writeFileSync(join(dir, "go.work"), workspaceFile(tree));
    // The tree's modules come from the tree; their third-party requirements (the sdk's
    // OpenTelemetry API modules) from the module cache or the machine's GOPROXY, held to the
    // modules' go.sum (-mod=readonly).
    return await fn({ GOWORK: join(dir, "go.work"), GOFLAGS: "-mod=readonly", GOTOOLCHAIN: "local" });
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** The non-internal packages of each module: { name, importPath, dir (the package's folder), cwd (its module's) }. */
async function packagesOf(tree, env) {
  const found = [];
  for (const module of GO_MODULES) {
    const cwd = join(tree, module.dir);
    const { stdout } = await run("go", ["list", "-f", "{{.ImportPath}}\t{{.Dir}}", "./..."], {
      cwd,
      env,
      capture: true,
    });
    for (const [importPath, dir] of stdout
      .split("\n")
      .filter(Boolean)
      .map((line) => line.split("\t"))) {
      if (/(^|\/)internal(\/|$)/.test(importPath.slice(module.path.length))) continue;
      found.push({ name: importPath.slice(GO_MODULE_PREFIX.length + 1).replaceAll("/", "."), importPath, dir, cwd });
    }
  }
  return found;
}

/** The compile errors in apidiff's failure to load a package (`./info.go:139:61: undefined: …`), each once. */
function buildErrors(stderr) {
  const lines = stderr
    .split("\n")
    .map((l) => l.trim())
    .filter((l) => /^\.?\/?[\w./-]+\.go:\d+:\d+: /.test(l));
  return [...new Set(lines.map((l) => l.replace(/^.*?([\w-]+\.go:\d+:\d+: )/, "$1")))];
}

/** apidiff's report split into its two sections, each line without its "- ". */
function parseReport(text) {
  const sections = { incompatible: [], compatible: [] };
  let section = null;
  for (const line of text.split("\n")) {
    if (/^Incompatible changes:/.test(line)) section = "incompatible";
    else if (/^Compatible changes:/.test(line)) section = "compatible";
    else if (section && /^- /.test(line)) sections[section].push(line.slice(2));
  }
  return sections;
}

export const go = {
  id: "go",
  label: "Go",
  tool: () => `apidiff ${PINS.apidiff.version}`,
  inputs: (tree) => ({
    dirs: GO_MODULES.map(({ dir }) => join(tree, dir)),
    base: tree,
    include: (file) => /\.go$|\/go\.(mod|sum)$/.test(file),
  }),
  async record({ tree, dir }) {
    const bin = await apidiff();
    return withWorkspace(tree, async (env) => {
      const written = [];
      for (const pkg of await packagesOf(tree, env)) {
        await run(bin, ["-w", join(dir, `${pkg.name}.export`), pkg.importPath], { cwd: pkg.cwd, env, capture: true });
        // `go doc` by folder: by import path it would look the module up at its required version.
        const { stdout } = await run("go", ["doc", "-all", "."], { cwd: pkg.dir, env, capture: true });
        writeFileSync(
          join(dir, `${pkg.name}.txt`),
          stdout.replace(/^(package \S+ \/\/ import )"\."/, `$1"${pkg.importPath}"`),
        );
        written.push(`${pkg.name}.export`, `${pkg.name}.txt`);
      }
      return written;
    });
  },
  async compare({ tree, dir }) {
    const bin = await apidiff();
    return withWorkspace(tree, async (env) => {
      const current = await packagesOf(tree, env);
      const recorded = exists(dir)
        ? readdirSync(dir)
            .filter((file) => file.endsWith(".export"))
            .map((file) => file.slice(0, -".export".length))
        : [];
      const units = [];
      for (const pkg of current) {
        if (!recorded.includes(pkg.name)) {
          units.push({ name: pkg.importPath, breaking: [], compatible: ["package added"] });
          continue;
        }
        const { code, stdout, stderr } = await run(bin, [join(dir, `${pkg.name}.export`), pkg.importPath], {
          cwd: pkg.cwd,
          env,
          capture: true,
          allowFail: true,
        });
        if (code !== 0) {
          // A package that no longer type-checks (a hand-written layer against a regenerated
          // client whose symbols moved) breaks every user: report it as such, with Go's reasons.
          const reasons = buildErrors(stderr);
          if (reasons.length === 0)
            throw new Error(`apidiff ${pkg.importPath} exited with ${code}:\n${stderr || stdout}`);
          units.push({ name: pkg.importPath, breaking: reasons.map((r) => `does not build: ${r}`), compatible: [] });
          continue;
        }
        const report = parseReport(stdout);
        units.push({ name: pkg.importPath, breaking: report.incompatible, compatible: report.compatible });
      }
      for (const name of recorded.filter((name) => !current.some((pkg) => pkg.name === name))) {
        units.push({
          name: `${GO_MODULE_PREFIX}/${name.replaceAll(".", "/")}`,
          breaking: ["package removed"],
          compatible: [],
        });
      }
      return units;
    });
  },
};
