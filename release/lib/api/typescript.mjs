// TypeScript: the public API of each published npm package of the SDK, entry point by entry point,
// as @microsoft/api-extractor reads it from the built declarations (dist/*.d.cts, *.d.mts):
//
//   <entry>.api.md   api-extractor's API report (the reviewable record of the API)
//   <entry>.d.ts     its declaration rollup, trimmed to the public release tags (what the
//                    compatibility check compares, with the TypeScript compiler: typescript-compat.mjs)
//
// An entry is a package's export subpath with declarations: "client" is @cec-cobrowse/client,
// "client.browser" its "./browser". The packages are the fixed group's published ones (every
// one that ships declarations), so a package added to the group is compared from then on. The
// other @cec-cobrowse packages a package re-exports are bundled into its report and rollup (the
// client's `ConnectionInfo` is @cec-cobrowse/types's), so a change there shows in both.
import { copyFileSync, readdirSync, readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { join } from "node:path";
import { exists, readJson, root } from "../common.mjs";
import { packageDirs } from "../version.mjs";
import { digestOf, memo } from "./cache.mjs";
import { compareRollups } from "./typescript-compat.mjs";

const require = createRequire(import.meta.url);
const extractorVersion = () => readJson(require.resolve("@microsoft/api-extractor/package.json")).version;

/** Each entry point with declarations of the fixed group's published packages in `tree`. */
export function entries(tree) {
  const found = [];
  for (const [name, dir] of Object.entries(packageDirs())) {
    const pkgDir = join(tree, dir);
    if (!exists(join(pkgDir, "package.json"))) continue;
    const pkg = readJson(join(pkgDir, "package.json"));
    if (pkg.private) continue;
    for (const [subpath, target] of Object.entries(pkg.exports ?? { ".": pkg.types ?? pkg.main })) {
      const declarations = declarationsOf(target);
      if (!declarations) continue;
      const suffix = subpath === "." ? "" : subpath.replace(/^\.\//, "");
      found.push({
        id: [dir.replace(/^packages\//, ""), ...(suffix ? [suffix.replaceAll("/", ".")] : [])].join("."),
        name: suffix ? `${name}/${suffix}` : name,
        pkgDir,
        file: join(pkgDir, declarations),
      });
    }
  }
  return found;
}

/** What the extraction reads: each package's declarations and package.json. */
function inputs(tree) {
  const dirs = [...new Set(entries(tree).map((e) => e.pkgDir))];
  return {
    dirs: dirs.flatMap((dir) => [join(dir, "dist"), join(dir, "sandbox")]),
    // The lockfile too: the compatibility check resolves the declarations' imports (openapi-fetch, msw, Node's types).
    files: [...dirs.map((dir) => join(dir, "package.json")), join(root, "pnpm-lock.yaml")],
    base: tree,
    include: (file) => /\.d\.[cm]?ts$|package\.json$|pnpm-lock\.yaml$/.test(file),
  };
}

/** The declaration file of an export target: its `types` condition, or the .d.cts/.d.mts beside its require/import file. */
function declarationsOf(target) {
  if (typeof target === "string") {
    const match = /^(.*)\.(c|m)?js$/.exec(target);
    return match ? `${match[1]}.d.${match[2] ?? ""}ts` : null;
  }
  if (!target || typeof target !== "object") return null;
  if (typeof target.types === "string") return target.types;
  return declarationsOf(target.require) ?? declarationsOf(target.import) ?? declarationsOf(target.default);
}

/**
 * Runs api-extractor over every entry (one TypeScript program for all), into a cached folder
 * holding <id>.api.md and <id>.d.ts per entry. Fails naming an entry whose declarations are
 * missing (the packages are built by turbo before the gate).
 */
async function extract(tree) {
  const all = entries(tree);
  const missing = all.filter((entry) => !exists(entry.file));
  if (missing.length > 0) {
    throw new Error(
      `no declarations to read for ${missing.map((e) => `${e.name} (${e.file})`).join(", ")}: build the packages first (pnpm build)`,
    );
  }
  return memo(
    "ts",
    digestOf({
      ...inputs(tree),
      values: [extractorVersion(), "api-extractor-config-1", ...all.map((e) => `${e.id}=${e.file}`)],
    }),
    async (out) => {
      const { CompilerState, Extractor, ExtractorConfig } = await import("@microsoft/api-extractor");
      const configs = all.map((entry) =>
        ExtractorConfig.prepare({
          configObject: {
            projectFolder: entry.pkgDir,
            mainEntryPointFilePath: entry.file,
            bundledPackages: ["@cec-cobrowse/*"],
            compiler: {
              overrideTsconfig: {
                compilerOptions: {
                  target: "es2022",
                  module: "preserve",
                  moduleResolution: "bundler",
                  lib: ["es2023", "dom", "dom.iterable"],
                  types: ["node"],
                  typeRoots: [join(root, "node_modules", "@types")],
                  strict: true,
                  skipLibCheck: true,
                },
                files: [entry.file],
              },
            },
            apiReport: {
              enabled: true,
              reportFileName: entry.id,
              reportFolder: out,
              reportTempFolder: join(out, ".temp"),
            },
            docModel: { enabled: false },
            dtsRollup: { enabled: true, publicTrimmedFilePath: join(out, `${entry.id}.d.ts`) },
            tsdocMetadata: { enabled: false },
            messages: {
              compilerMessageReporting: { default: { logLevel: "error" } },
              extractorMessageReporting: { default: { logLevel: "none" } },
              tsdocMessageReporting: { default: { logLevel: "none" } },
            },
          },
          configObjectFullPath: join(entry.pkgDir, "api-extractor.json"),
          packageJsonFullPath: join(entry.pkgDir, "package.json"),
        }),
      );
      const compilerState = CompilerState.create(configs[0], {
        additionalEntryPoints: configs.map((config) => config.mainEntryPointFilePath),
      });
      configs.forEach((config, index) => {
        const errors = [];
        const result = Extractor.invoke(config, {
          localBuild: true,
          compilerState,
          messageCallback(message) {
            if (message.logLevel === "error") errors.push(message.formatMessageWithLocation?.(tree) ?? message.text);
            message.handled = true;
          },
        });
        if (!result.succeeded || errors.length > 0)
          throw new Error(`api-extractor could not read ${all[index].name}:\n${errors.join("\n")}`);
      });
      return out;
    },
  );
}

export const typescript = {
  id: "typescript",
  label: "TypeScript",
  tool: () => `api-extractor ${extractorVersion()}`,
  inputs,
  /** Copies each entry's report and rollup into `dir` (dir/typescript/ as the gate reads it). */
  async record({ tree, dir }) {
    const extracted = await extract(tree);
    const written = [];
    for (const entry of entries(tree)) {
      for (const ext of [".api.md", ".d.ts"]) {
        copyFileSync(join(extracted, `${entry.id}${ext}`), join(dir, `${entry.id}${ext}`));
        written.push(`${entry.id}${ext}`);
      }
    }
    return written;
  },
  /** Each entry recorded in `dir` against the tree's. */
  async compare({ tree, dir }) {
    const extracted = await extract(tree);
    const current = entries(tree);
    const recorded = recordedEntries(dir);
    const units = [];
    const both = current.filter((entry) => recorded.has(entry.id));
    const results = compareRollups(
      both.map((entry) => ({
        name: entry.id,
        oldText: readFileSync(join(dir, `${entry.id}.d.ts`), "utf8"),
        newText: readFileSync(join(extracted, `${entry.id}.d.ts`), "utf8"),
        resolveFrom: entry.pkgDir,
      })),
    );
    for (const entry of both) {
      const result = results.get(entry.id);
      const incompatible = new Set(result.incompatible.map(({ name }) => name));
      units.push({
        name: entry.name,
        breaking: [
          ...result.removed.map((name) => `${name}: removed`),
          ...result.incompatible.map(({ name, message }) => `${name}: ${message}`),
        ],
        compatible: [
          ...result.added.map((name) => `${name}: added`),
          ...result.changed.filter((name) => !incompatible.has(name)).map((name) => `${name}: changed, compatibly`),
        ],
      });
    }
    for (const entry of current.filter((e) => !recorded.has(e.id)))
      units.push({ name: entry.name, breaking: [], compatible: ["entry point added"] });
    for (const id of [...recorded].filter((id) => !current.some((e) => e.id === id)))
      units.push({ name: id, breaking: ["entry point removed (it has no declarations any more)"], compatible: [] });
    return units;
  },
};

/** The entry ids recorded in `dir` (one <id>.d.ts each). */
function recordedEntries(dir) {
  if (!exists(dir)) return new Set();
  return new Set(
    readdirSync(dir)
      .filter((file) => file.endsWith(".d.ts"))
      .map((file) => file.slice(0, -".d.ts".length)),
  );
}
