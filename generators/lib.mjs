// The machinery behind generate.mjs, shared with this package's tests: read the generator
// configs (generators/*.yaml), and run openapi-generator's `batch` over a list of jobs in one
// JVM. A job is one config, the spec it reads and the folder it writes.
//
// Each generator reads a copy of its spec whose `info.description` is the config's one-line
// `additionalProperties.appDescription`. openapi-generator sets its `appDescription`,
// `appDescriptionWithNewLines` and `unescapedAppDescription` template variables from
// `info.description` after reading the config (DefaultGenerator.configureOpenAPIInfo in
// 7.25.0), so the config's value alone is ignored by every generator, and the spec's 3 kB of
// prose would be stamped into every source file's header and every README. The responses'
// OpenAPI `links` are left out too: no generator uses them, and the parser openapi-generator
// 7.25.0 reads specs with refuses a link whose `requestBody` is an object ("is not of type
// `string`"), which OpenAPI 3.1 allows (a literal, or an object of runtime expressions).
// Nothing else in the spec is changed.
import { spawn, spawnSync } from "node:child_process";
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, isAbsolute, join, relative, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { parse, parseDocument, stringify } from "yaml";

/** This package's folder (generators/). */
export const packageDir = dirname(fileURLToPath(import.meta.url));
/** The repository root: configs name their spec and output folders relative to it. */
export const root = resolve(packageDir, "..");
/** The openapi-generator-cli configuration that pins the generator jar's version. */
export const openapitoolsFile = join(packageDir, "openapitools.json");

export class GenerateError extends Error {}
const fail = (message) => {
  throw new GenerateError(message);
};

/**
 * Every generators/*.yaml config, sorted by file name, checked.
 * @returns {{ file: string, name: string, outputDir: string, inputSpec: string, appDescription: string, config: object }[]}
 */
export function loadConfigs() {
  const files = readdirSync(packageDir)
    .filter((file) => file.endsWith(".yaml"))
    .sort();
  if (files.length === 0) fail("no generators/*.yaml config found");
  return files.map((name) => {
    const file = `generators/${name}`;
    const config = parse(readFileSync(join(packageDir, name), "utf8"));
    for (const key of ["generatorName", "inputSpec", "outputDir"]) {
      if (typeof config?.[key] !== "string") fail(`${file}: \`${key}\` is missing; every config names it`);
    }
    const { outputDir } = config;
    if (!/^packages\/client-[a-z-]+\//.test(outputDir) || !/(^|\/)generated$/.test(outputDir)) {
      fail(
        `${file}: outputDir "${outputDir}" must be a packages/client-*/…/generated folder (it is deleted and rebuilt)`,
      );
    }
    const appDescription = config.additionalProperties?.appDescription;
    if (typeof appDescription !== "string" || appDescription.trim() === "" || /[\r\n]/.test(appDescription)) {
      fail(
        `${file}: \`additionalProperties.appDescription\` must be one line of text (it stands for the spec's info.description in the generated files)`,
      );
    }
    return { file, name: config.generatorName, outputDir, inputSpec: config.inputSpec, appDescription, config };
  });
}

/** The spec text with `info.description` replaced and the responses' `links` left out; everything else (comments included) kept. */
export function withDescription(specText, description) {
  const document = parseDocument(specText);
  if (document.errors.length > 0) fail(`the spec does not parse: ${document.errors[0].message}`);
  if (!document.hasIn(["info"])) fail("the spec has no `info` object");
  document.setIn(["info", "description"], description);
  const paths = document.get("paths");
  for (const item of paths?.items ?? []) {
    for (const operation of item.value?.items ?? []) {
      for (const response of operation.value?.get?.("responses")?.items ?? []) {
        if (response.value?.has?.("links")) response.value.delete("links");
      }
    }
  }
  return document.toString();
}

/** The generator jar's pinned version and where openapi-generator-cli keeps it. */
export function jar() {
  const { version } = JSON.parse(readFileSync(openapitoolsFile, "utf8"))["generator-cli"] ?? {};
  if (typeof version !== "string") fail("generators/openapitools.json: `generator-cli.version` is missing");
  const cliDir = join(packageDir, "node_modules", "@openapitools", "openapi-generator-cli");
  return {
    version,
    cli: join(packageDir, "node_modules", ".bin", "openapi-generator-cli"),
    path: join(cliDir, "versions", `${version}.jar`),
  };
}

/**
 * Makes sure Java is on the PATH and the pinned jar is present (openapi-generator-cli
 * downloads it from Maven Central on first use). Resolves to the download's time in ms, or
 * null when the jar was already there. Checked once per process (each check starts a JVM).
 */
let jarReady;
export function ensureJar() {
  return (jarReady ??= checkJar());
}

async function checkJar() {
  const java = spawnSync("java", ["-version"], { encoding: "utf8" });
  if (java.error || java.status !== 0) {
    fail(
      "`java` is not on the PATH: openapi-generator needs Java 11 or newer (e.g. apt-get install openjdk-17-jdk-headless)",
    );
  }
  const { cli, path } = jar();
  if (existsSync(path)) return null;
  if (!existsSync(cli)) fail("generators/node_modules/.bin/openapi-generator-cli is missing; run `pnpm install` first");
  const t0 = performance.now();
  await run(cli, ["--openapitools", openapitoolsFile, "version"], {
    name: "openapi-generator-cli version",
    quiet: true,
  });
  if (!existsSync(path)) fail(`openapi-generator-cli did not download ${path}`);
  return performance.now() - t0;
}

/**
 * Runs every job in one `openapi-generator batch` (one JVM, one thread per job). Each job's
 * output folder is deleted first, and afterwards must hold exactly the files of its
 * .openapi-generator/FILES manifest.
 *
 * @param {{ config: object, spec?: string, outputDir: string, label?: string }[]} jobs
 *   `config` a parsed generator config; `spec` the spec file to read (default: the config's
 *   inputSpec, relative to the root); `outputDir` where to write (relative to the root, or absolute).
 * @param {{ onFinished?: (job, { ms: number, files: number }) => void }} [options]
 */
export async function runBatch(jobs, { onFinished } = {}) {
  await ensureJar();
  const work = mkdtempSync(join(tmpdir(), "cec-cobrowse-generate-"));
  try {
    const configFiles = jobs.map((job, index) => {
      const outputDir = resolve(root, job.outputDir);
      const spec = resolve(root, job.spec ?? job.config.inputSpec);
      const appDescription = job.config.additionalProperties?.appDescription;
      if (typeof appDescription !== "string")
        fail(`${job.label ?? job.outputDir}: no additionalProperties.appDescription`);
      const specFile = join(work, `${index}-spec.yaml`);
      writeFileSync(specFile, withDescription(readFileSync(spec, "utf8"), appDescription));
      const configFile = join(work, `${index}-${job.config.generatorName}.yaml`);
      // A config's templateDir (templates overriding the generator's own) is relative to the root too.
      const templateDir =
        job.config.templateDir === undefined ? {} : { templateDir: resolve(root, job.config.templateDir) };
      writeFileSync(configFile, stringify({ ...job.config, inputSpec: specFile, outputDir, ...templateDir }));
      rmSync(outputDir, { recursive: true, force: true });
      return { job, outputDir, configFile };
    });

    // Batch mode prints "[thread] Generating <name> (outputs to <dir>)…" and later
    // "[thread] Finished generating <name>…"; each job is timed between the two.
    const byThread = new Map();
    const finished = new Set();
    const startedAt = performance.now();
    const { path } = jar();
    const args = [
      "-jar",
      path,
      "batch",
      "--fail-fast",
      "--root-dir",
      root,
      ...configFiles.map(({ configFile }) => configFile),
    ];
    await run("java", [...javaOpts(), ...args], {
      name: "openapi-generator batch",
      onLine(line) {
        const begin = /^\[([^\]]+)\] Generating \S+ \(outputs to (.+)\)…?$/.exec(line);
        if (begin) {
          const entry = configFiles.find(({ outputDir }) => outputDir === resolve(begin[2]));
          if (entry) byThread.set(begin[1], { entry, t0: performance.now() });
        }
        const end = /^\[([^\]]+)\] Finished generating /.exec(line);
        if (end && byThread.has(end[1])) {
          const { entry, t0 } = byThread.get(end[1]);
          byThread.delete(end[1]);
          finished.add(entry);
          onFinished?.(entry.job, { ms: performance.now() - t0, files: manifest(entry.outputDir).length });
        }
      },
    });
    for (const entry of configFiles) {
      if (!finished.has(entry)) fail(`${entry.job.label ?? entry.job.outputDir} did not report that it finished`);
      const listed = new Set([
        ...manifest(entry.outputDir),
        ".openapi-generator/FILES",
        ".openapi-generator/VERSION",
        ".openapi-generator-ignore",
      ]);
      const extra = listFiles(entry.outputDir).filter((file) => !listed.has(file));
      if (extra.length > 0)
        fail(`${relative(root, entry.outputDir)} holds files missing from its FILES manifest: ${extra.join(", ")}`);
    }
    return { ms: performance.now() - startedAt };
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
}

/** The files a generator says it wrote (its .openapi-generator/FILES manifest). */
export function manifest(outputDir) {
  const file = join(resolve(root, outputDir), ".openapi-generator", "FILES");
  return existsSync(file) ? readFileSync(file, "utf8").split("\n").filter(Boolean) : [];
}

/** Every file under dir, as sorted forward-slash paths relative to it. */
export function listFiles(dir) {
  const base = isAbsolute(dir) ? dir : resolve(root, dir);
  return readdirSync(base, { recursive: true })
    .map(String)
    .filter((file) => statSync(join(base, file)).isFile())
    .map((file) => file.split("\\").join("/"))
    .sort();
}

// JAVA_OPTS, as openapi-generator-cli passes it (split on whitespace).
function javaOpts() {
  return (process.env.JAVA_OPTS ?? "").split(/\s+/).filter(Boolean);
}

function run(command, args, { name, quiet = false, onLine } = {}) {
  return new Promise((resolvePromise, reject) => {
    const child = spawn(command, args, { cwd: packageDir, stdio: ["ignore", "pipe", "pipe"] });
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
      const tail = output
        .split("\n")
        .filter((line) => !line.startsWith("#"))
        .join("\n")
        .slice(-4000);
      reject(new GenerateError(`${name} exited with ${code}${quiet ? "" : `\n${tail}`}`));
    });
  });
}
