// The SDK's public API in every language, recorded at a release and compared with the tree:
// one module per language, each with the ecosystem's own tool.
//
//   typescript.mjs  @microsoft/api-extractor reports and rollups; compatibility by the TypeScript compiler
//   python.mjs      griffe's API dump and its breaking-change check
//   go.mjs          apidiff (golang.org/x/exp)
//   java.mjs        japicmp
//
// Each records into <released>/api/<language>/ (`record`) and compares the tree with what is
// recorded there (`compare`, a list of units: an entry point, package or artifact with its
// breaking and compatible changes). manifest.json beside them names the SDK version and the
// tools, and a digest of every recorded file, so a hand-edited or half-written record is told
// apart from an API change.
import { rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { digest, ensureDir, exists, listFiles, ReleaseError, readJson, rel, root, run } from "../common.mjs";
import { packageDirs, sdkPackages, sdkVersion } from "../version.mjs";
import { digestOf, memo } from "./cache.mjs";
import { go } from "./go.mjs";
import { java } from "./java.mjs";
import { python } from "./python.mjs";
import { typescript } from "./typescript.mjs";

export const LANGUAGES = [typescript, python, go, java];
/** Where the version step records the API, beside the released spec. */
export const apiDir = (released) => join(released, "api");

/** Every promise's value, once all have settled (so no language's work is cut off midway), or the first failure. */
async function settled(promises) {
  const outcomes = await Promise.allSettled(promises);
  const failed = outcomes.find((outcome) => outcome.status === "rejected");
  if (failed) throw failed.reason;
  return outcomes.map((outcome) => outcome.value);
}

/** The languages named in `only` (ids; all when empty), in their order. */
export function selectLanguages(only = []) {
  const unknown = only.filter((id) => !LANGUAGES.some((language) => language.id === id));
  if (unknown.length > 0)
    throw new ReleaseError(`unknown language ${unknown.join(", ")} (one of ${LANGUAGES.map((l) => l.id).join(", ")})`);
  return only.length === 0 ? LANGUAGES : LANGUAGES.filter((language) => only.includes(language.id));
}

/**
 * Builds the TypeScript packages whose declarations api-extractor reads (turbo, cached), unless
 * this runs as a turbo task (TURBO_HASH set), whose dependencies did it.
 */
export async function buildDeclarations() {
  if (process.env.TURBO_HASH) return;
  const names = sdkPackages().filter((name) => !readJson(join(root, packageDirs()[name], "package.json")).private);
  await run(
    join(root, "node_modules", ".bin", "turbo"),
    ["run", "build", ...names.map((name) => `--filter=${name}`), "--output-logs=errors-only"],
    { capture: true },
  );
}

/**
 * Records the API of `tree` in every selected language into `dir` (each language's folder
 * replaced), and writes dir/manifest.json. Returns the files written, relative to `dir`.
 */
export async function recordApi({ tree = root, dir, only = [] }) {
  const languages = selectLanguages(only);
  const written = await settled(
    languages.map(async (language) => {
      const target = join(dir, language.id);
      rmSync(target, { recursive: true, force: true });
      ensureDir(target);
      try {
        const files = await language.record({ tree, dir: target });
        return files.map((file) => `${language.id}/${file}`);
      } catch (error) {
        throw new ReleaseError(`${language.label}: ${error?.message ?? error}`);
      }
    }),
  );
  writeManifest(dir);
  return written.flat();
}

function writeManifest(dir) {
  const files = {};
  for (const language of LANGUAGES) {
    if (!exists(join(dir, language.id))) continue;
    for (const file of listFiles(join(dir, language.id)))
      files[`${language.id}/${file}`] = digest("sha256", join(dir, language.id, file));
  }
  const manifest = {
    sdkVersion: sdkVersion(),
    note: "The SDK's public API in each language, written by `pnpm api:record` (run by `pnpm changeset version`); `pnpm lint:breaking` compares the tree with it. Do not edit: record again.",
    tools: Object.fromEntries(LANGUAGES.map((language) => [language.id, language.tool()])),
    files,
  };
  writeFileSync(join(dir, "manifest.json"), `${JSON.stringify(manifest, null, 2)}\n`);
}

/** The recorded API's manifest, its files checked against their digests. */
export function readManifest(dir, languages) {
  const file = join(dir, "manifest.json");
  if (!exists(file)) throw new ReleaseError(`${rel(file)} is missing: record the API with \`pnpm api:record\``);
  const manifest = readJson(file);
  for (const language of languages) {
    const recorded = Object.keys(manifest.files).filter((path) => path.startsWith(`${language.id}/`));
    if (recorded.length === 0)
      throw new ReleaseError(`${rel(dir)} holds no ${language.label} API: record it with \`pnpm api:record\``);
    const present = exists(join(dir, language.id))
      ? listFiles(join(dir, language.id)).map((f) => `${language.id}/${f}`)
      : [];
    const off = [
      ...recorded.filter(
        (path) => !exists(join(dir, path)) || digest("sha256", join(dir, path)) !== manifest.files[path],
      ),
      ...present.filter((path) => !(path in manifest.files)),
    ];
    if (off.length > 0) {
      throw new ReleaseError(
        `${rel(dir)}: ${off.join(", ")} ${off.length === 1 ? "is" : "are"} not what \`pnpm api:record\` wrote (edited, added or missing); record again rather than editing`,
      );
    }
  }
  return manifest;
}

/**
 * Compares the API of `tree` with the one recorded in `dir`, in every selected language.
 * Returns one result per language: { id, label, tool, units: [{ name, breaking, compatible }] }.
 */
export async function compareApi({ tree = root, dir, only = [] }) {
  const languages = selectLanguages(only);
  const manifest = readManifest(dir, languages);
  const results = await settled(
    languages.map(async (language) => {
      try {
        // The comparison is kept per content (the tree's inputs, the recorded files, the tool), so an unchanged language costs nothing.
        const recorded = Object.entries(manifest.files).filter(([path]) => path.startsWith(`${language.id}/`));
        const key = digestOf({
          ...language.inputs(tree),
          values: ["compare-1", language.id, language.tool(), JSON.stringify(recorded)],
        });
        const cached = await memo(`compare-${language.id}`, key, async (out) => {
          const units = await language.compare({ tree, dir: join(dir, language.id) });
          writeFileSync(join(out, "units.json"), JSON.stringify(units));
        });
        const units = readJson(join(cached, "units.json"));
        return {
          id: language.id,
          label: language.label,
          tool: language.tool(),
          recordedWith: manifest.tools?.[language.id],
          units,
        };
      } catch (error) {
        throw new ReleaseError(`${language.label}: ${error?.message ?? error}`);
      }
    }),
  );
  return { sdkVersion: manifest.sdkVersion, results };
}
