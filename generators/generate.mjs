#!/usr/bin/env node
// Regenerates every openapi-generator client from spec/openapi.yaml, wholesale, in one JVM.
//
//   node generators/generate.mjs            (or `pnpm generate:clients` at the root)
//
// For each generators/<name>.yaml it deletes that config's outputDir, then runs
// `openapi-generator-cli batch` once over all configs (one JVM, one thread per generator),
// prints one progress line per generator with its time, and finally checks that each output
// folder holds exactly the files the generator lists in its .openapi-generator/FILES manifest.
// The generator jar version is pinned in openapitools.json; the CLI downloads it from Maven
// Central on first use (timed separately).
import { spawn, spawnSync } from "node:child_process";
import { existsSync, readFileSync, readdirSync, rmSync, statSync } from "node:fs";
import { dirname, join, relative, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { parse } from "yaml";

const root = resolve(dirname(fileURLToPath(import.meta.url)), "..");
const started = performance.now();
const seconds = (ms) => `${(ms / 1000).toFixed(1)} s`;
const fail = (message) => {
  console.error(`generate:clients: ${message}`);
  process.exit(1);
};

// 1. The configs, and the folders they own.
const configFiles = readdirSync(join(root, "generators"))
  .filter((file) => file.endsWith(".yaml"))
  .sort()
  .map((file) => join("generators", file));
if (configFiles.length === 0) fail("no generators/*.yaml config found");

const generators = configFiles.map((file) => {
  const config = parse(readFileSync(join(root, file), "utf8"));
  for (const key of ["generatorName", "inputSpec", "outputDir"]) {
    if (typeof config?.[key] !== "string") fail(`${file}: \`${key}\` is missing; every config names it`);
  }
  const outputDir = config.outputDir;
  if (!/^packages\/client-[a-z-]+\//.test(outputDir) || !/(^|\/)generated$/.test(outputDir)) {
    fail(`${file}: outputDir "${outputDir}" must be a packages/client-*/…/generated folder (it is deleted and rebuilt)`);
  }
  return { file, name: config.generatorName, outputDir };
});

// 2. Java runs the generator; the jar: the CLI wrapper downloads it into its own folder on first use.
const java = spawnSync("java", ["-version"], { encoding: "utf8" });
if (java.error || java.status !== 0) {
  fail("`java` is not on the PATH: openapi-generator needs Java 11 or newer (e.g. apt-get install openjdk-17-jdk-headless)");
}

const cli = join(root, "node_modules", ".bin", "openapi-generator-cli");
if (!existsSync(cli)) fail("node_modules/.bin/openapi-generator-cli is missing; run `pnpm install` first");
const { version } = JSON.parse(readFileSync(join(root, "openapitools.json"), "utf8"))["generator-cli"];
const jarDir = join(root, "node_modules", "@openapitools", "openapi-generator-cli", "versions");
if (!existsSync(join(jarDir, `${version}.jar`))) {
  const t0 = performance.now();
  await run(cli, ["version"], { quiet: true });
  console.log(`  jar     openapi-generator ${version} downloaded from Maven Central in ${seconds(performance.now() - t0)}`);
}

// 3. Wholesale: nothing the previous run wrote survives (hand-written code lives outside).
for (const { outputDir } of generators) rmSync(join(root, outputDir), { recursive: true, force: true });

// 4. One JVM for all generators. Batch mode prints "[thread] Generating <name> (outputs to …)…"
//    and "[thread] Finished generating <name>…"; each generator is timed between the two.
const startedAt = new Map();
const done = new Set();
const jvmStart = performance.now();
await run(cli, ["batch", "--fail-fast", "--root-dir", root, ...configFiles], {
  onLine(line) {
    const begin = /Generating (\S+) \(outputs to /.exec(line);
    if (begin) startedAt.set(begin[1], performance.now());
    const end = /Finished generating (\S+?)…?$/.exec(line);
    if (end) {
      const name = end[1];
      const generator = generators.find((g) => g.name === name);
      const files = generator ? manifest(generator).length : 0;
      const took = performance.now() - (startedAt.get(name) ?? jvmStart);
      done.add(name);
      console.log(`  ✓ ${name.padEnd(17)} ${seconds(took).padStart(6)}  ${files} files → ${generator?.outputDir ?? "?"}`);
    }
  },
}).catch((error) => fail(error.message));
for (const { name } of generators) if (!done.has(name)) fail(`${name} did not report that it finished`);

// 5. Every file in an output folder is one the generator says it wrote (its FILES manifest).
for (const generator of generators) {
  const listed = new Set([...manifest(generator), ".openapi-generator/FILES", ".openapi-generator/VERSION", ".openapi-generator-ignore"]);
  const extra = walk(join(root, generator.outputDir)).filter((file) => !listed.has(file));
  if (extra.length > 0) fail(`${generator.outputDir} holds files missing from its FILES manifest: ${extra.join(", ")}`);
}
console.log(`generate:clients: ${generators.length} generators in ${seconds(performance.now() - started)} (one JVM)`);

function manifest({ outputDir }) {
  const file = join(root, outputDir, ".openapi-generator", "FILES");
  return existsSync(file) ? readFileSync(file, "utf8").split("\n").filter(Boolean) : [];
}

function walk(dir) {
  return readdirSync(dir, { recursive: true })
    .map(String)
    .filter((file) => statSync(join(dir, file)).isFile())
    .map((file) => relative(dir, join(dir, file)).split("\\").join("/"));
}

function run(command, args, { quiet = false, onLine } = {}) {
  return new Promise((resolvePromise, reject) => {
    const child = spawn(command, args, { cwd: root, stdio: ["ignore", "pipe", "pipe"] });
    let output = "";
    let pending = "";
    const take = (chunk) => {
      const text = chunk.toString();
      output += text;
      if (!onLine) return;
      pending += text;
      const lines = pending.split("\n");
      pending = lines.pop() ?? "";
      for (const line of lines) onLine(line.trimEnd());
    };
    child.stdout.on("data", take);
    child.stderr.on("data", take);
    child.on("error", reject);
    child.on("close", (code) => {
      if (pending && onLine) onLine(pending.trimEnd());
      if (code === 0) return resolvePromise(output);
      const tail = output.split("\n").filter((line) => !line.startsWith("#")).join("\n").slice(-4000);
      reject(new Error(`openapi-generator-cli ${args[0]} exited with ${code}${quiet ? "" : `\n${tail}`}`));
    });
  });
}
