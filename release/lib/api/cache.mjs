// The API of a tree, extracted once per content: each language keeps what it extracted (reports,
// rollups, jars) in .cache/api/<kind>-<digest of its inputs>, so a gate run whose inputs did
// not change reads the last extraction instead of running the tools again.
import { createHash, randomUUID } from "node:crypto";
import { readdirSync, readFileSync, renameSync, rmSync, statSync, writeFileSync } from "node:fs";
import { join, relative } from "node:path";
import { cacheDir, ensureDir, exists, listFiles, releaseDir } from "../common.mjs";

const KEEP = 12; // extractions kept per kind

/**
 * A digest of `values` (tool versions, options) and of the files under each of `dirs` that
 * `include` accepts (their paths relative to `base` and their contents).
 */
export function digestOf({ values = [], dirs = [], files = [], base, include = () => true }) {
  const hash = createHash("sha256");
  for (const value of values) hash.update(`${value}\0`);
  const all = [
    ...files.filter((file) => exists(file)),
    ...dirs.filter((dir) => exists(dir)).flatMap((dir) => listFiles(dir).map((file) => join(dir, file))),
  ]
    .filter(include)
    .sort();
  for (const file of all)
    hash
      .update(`${relative(base, file)}\0`)
      .update(readFileSync(file))
      .update("\0");
  return hash.digest("hex").slice(0, 20);
}

// The code that extracts and compares, and the tools' pins: a change to either is a new digest.
let code;
const codeDigest = () =>
  (code ??= digestOf({
    dirs: [join(releaseDir, "lib", "api")],
    files: ["tools.mjs", "../python-tools.txt", "../japicmp/pom.xml", "../package.json"].map((file) =>
      join(releaseDir, "lib", file),
    ),
    base: releaseDir,
  }));

const inflight = new Map(); // folder → its promise, while this process makes it

/** The folder holding `produce(folder)`'s output for this kind and digest, made only when it is not there yet. */
export function memo(kind, digest, produce) {
  const parent = ensureDir(join(cacheDir, "api"));
  const dir = join(
    parent,
    `${kind}-${createHash("sha256").update(`${codeDigest()}\0${digest}`).digest("hex").slice(0, 20)}`,
  );
  if (exists(join(dir, ".done"))) return Promise.resolve(dir);
  if (!inflight.has(dir))
    inflight.set(
      dir,
      make(parent, kind, dir, produce).finally(() => inflight.delete(dir)),
    );
  return inflight.get(dir);
}

async function make(parent, kind, dir, produce) {
  const scratch = `${dir}.partial-${process.pid}-${randomUUID().slice(0, 8)}`;
  rmSync(scratch, { recursive: true, force: true });
  ensureDir(scratch);
  try {
    await produce(scratch);
  } catch (error) {
    rmSync(scratch, { recursive: true, force: true });
    throw error;
  }
  writeFileSync(join(scratch, ".done"), "");
  try {
    renameSync(scratch, dir);
  } catch (error) {
    // Another process made the same one meanwhile: theirs is as good.
    rmSync(scratch, { recursive: true, force: true });
    if (!exists(join(dir, ".done"))) throw error;
  }
  prune(parent, kind);
  return dir;
}

/** Keeps the KEEP newest of a kind, and drops what a killed process left half made (over an hour old). */
function prune(parent, kind) {
  const mine = readdirSync(parent)
    .filter((name) => name.startsWith(`${kind}-`))
    .map((name) => ({ name, at: statSync(join(parent, name)).mtimeMs, partial: name.includes(".partial-") }))
    .sort((a, b) => b.at - a.at);
  const complete = mine.filter((entry) => !entry.partial);
  const abandoned = mine.filter((entry) => entry.partial && Date.now() - entry.at > 3_600_000);
  for (const { name } of [...complete.slice(KEEP), ...abandoned])
    rmSync(join(parent, name), { recursive: true, force: true });
}
