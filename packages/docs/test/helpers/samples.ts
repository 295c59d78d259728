// Runs the portal's sample files with each language's toolchain, as a user would: curl and shell
// scripts with bash, TypeScript with tsx, Python in the client's venv (with the cec_cobrowse layer),
// Go as a module that replaces the sdk with packages/client-go, Java with the generated client and
// the sdk compiled once into .cache/ (javac) beside their Maven dependencies.
import { execFile, spawn } from "node:child_process";
import { createHash } from "node:crypto";
import { existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import { dirname, join, relative } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import { promisify } from "node:util";

const run = promisify(execFile);
export const DOCS = join(dirname(fileURLToPath(import.meta.url)), "..", "..");
export const SAMPLES = join(DOCS, "samples");
const PACKAGES = join(DOCS, "..");
const CACHE = join(DOCS, ".cache");
/** tsx's loader, by URL: the samples run in a scratch directory, where "tsx" would not resolve. */
const TSX = pathToFileURL(join(DOCS, "node_modules", "tsx", "dist", "loader.mjs")).href;

/** The language of a sample, from its folder under samples/. */
export type Language = "curl" | "shell" | "typescript" | "python" | "go" | "java";

/** Every sample file, relative to samples/ (Go's go.mod is the module, not a sample). */
export function sampleFiles(): string[] {
  return readdirSync(SAMPLES, { recursive: true, encoding: "utf8" })
    .filter((f) => /\.(sh|ts|py|go|java)$/.test(f))
    .map((f) => f.split("\\").join("/"))
    .sort();
}

export function languageOf(file: string): Language {
  return file.split("/")[0] as Language;
}

function walk(dir: string, ext: string): string[] {
  return readdirSync(dir, { recursive: true, encoding: "utf8" })
    .filter((f) => f.endsWith(ext))
    .map((f) => join(dir, f))
    .sort();
}

function hashOf(files: string[]): string {
  const h = createHash("sha256");
  for (const f of files) h.update(relative(PACKAGES, f)).update("\0").update(readFileSync(f)).update("\0");
  return h.digest("hex");
}

/** The Python venv of packages/client-python (created or updated by its install script). */
async function preparePython(): Promise<string> {
  await run("bash", [join(PACKAGES, "client-python", "scripts", "install.sh")], { maxBuffer: 16 << 20 });
  return join(PACKAGES, "client-python", ".venv", "bin", "python");
}

/** Builds every Go sample (one main package per folder) into .cache/go-bin. */
async function prepareGo(): Promise<string> {
  const out = join(CACHE, "go-bin");
  mkdirSync(out, { recursive: true });
  await run("go", ["-C", join(SAMPLES, "go"), "build", "-o", `${out}/`, "./..."], {
    env: { ...process.env, GOFLAGS: "-mod=mod" },
  });
  return out;
}

/** The classpath of the generated Java client and the sdk, compiled when their sources changed. */
async function prepareJava(): Promise<string> {
  const java = join(PACKAGES, "client-java");
  const sources = [
    ...walk(join(java, "generated", "src", "main", "java"), ".java"),
    ...walk(join(java, "sdk", "src", "main", "java"), ".java"),
  ];
  const poms = [join(java, "generated", "pom.xml"), join(java, "sdk", "pom.xml")];
  const stamp = hashOf([...sources, ...poms]);
  const dir = join(CACHE, "java");
  const classes = join(dir, "classes");
  const cpFile = join(dir, "dependencies.txt");
  const stampFile = join(dir, "stamp");
  if (!existsSync(stampFile) || readFileSync(stampFile, "utf8") !== stamp || !existsSync(cpFile)) {
    mkdirSync(dir, { recursive: true });
    // The generated client's dependencies (Jackson and friends), resolved by Maven from its pom.
    await run(
      "mvn",
      [
        "-q",
        "-B",
        "-ntp",
        "-f",
        poms[0]!,
        "org.apache.maven.plugins:maven-dependency-plugin:3.3.0:build-classpath",
        `-Dmdep.outputFile=${cpFile}`,
      ],
      {
        maxBuffer: 16 << 20,
      },
    );
    const argfile = join(dir, "sources.txt");
    writeFileSync(argfile, sources.map((s) => `"${s}"`).join("\n"));
    await run(
      "javac",
      [
        "--release",
        "11",
        "-nowarn",
        "-encoding",
        "UTF-8",
        "-d",
        classes,
        "-cp",
        readFileSync(cpFile, "utf8").trim(),
        `@${argfile}`,
      ],
      {
        maxBuffer: 16 << 20,
      },
    );
    writeFileSync(stampFile, stamp);
  }
  return `${classes}:${readFileSync(cpFile, "utf8").trim()}`;
}

export interface Toolchains {
  python: string;
  goBin: string;
  javaClasspath: string;
}

/** Prepares the Python venv, the Go binaries and the Java classpath, in parallel. */
export async function prepareToolchains(): Promise<Toolchains> {
  const [python, goBin, javaClasspath] = await Promise.all([preparePython(), prepareGo(), prepareJava()]);
  return { python, goBin, javaClasspath };
}

export interface SampleRun {
  code: number | null;
  stdout: string;
  stderr: string;
}

/** Runs one sample (path relative to samples/) with `env`, in a scratch directory `cwd`. */
export function runSample(
  file: string,
  tools: Toolchains,
  env: Record<string, string>,
  cwd: string,
): Promise<SampleRun> {
  const path = join(SAMPLES, file);
  const [command, args]: [string, string[]] = (() => {
    switch (languageOf(file)) {
      case "curl":
      case "shell":
        return ["bash", [path]];
      case "typescript":
        return [process.execPath, ["--import", TSX, path]];
      case "python":
        return [tools.python, [path]];
      case "go":
        return [join(tools.goBin, file.split("/")[1]!), []];
      case "java":
        return ["java", ["-cp", tools.javaClasspath, path]];
    }
  })();
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { cwd, env, stdio: ["ignore", "pipe", "pipe"] });
    let stdout = "";
    let stderr = "";
    child.stdout.on("data", (d) => (stdout += d));
    child.stderr.on("data", (d) => (stderr += d));
    child.on("error", reject);
    child.on("close", (code) => resolve({ code, stdout, stderr }));
  });
}
