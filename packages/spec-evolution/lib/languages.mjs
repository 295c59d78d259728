// How each language builds and runs its program (programs/<language>) against the copy: the
// layer and the generated client of the copy, built with the language's own tools, the program
// beside them as a user's code would be. Each `run` resolves with the program's stdout.
import { cpSync, mkdirSync, readdirSync, readFileSync, symlinkSync } from "node:fs";
import { join } from "node:path";
import { root, run } from "./tree.mjs";

const programs = join(import.meta.dirname, "..", "programs");

/** The Python layer's virtual environment in this checkout (its install script makes it; the copy is put first on the path). */
const PYTHON = join(root, "packages", "client-python");

export const LANGUAGES = {
  typescript: {
    /** tsc type-checks the program against the copy's built client (its types from the regenerated spec), then node runs it. */
    async run(tree, env) {
      const dir = join(tree, "programs", "typescript");
      cpSync(join(programs, "typescript"), dir, { recursive: true });
      mkdirSync(join(dir, "node_modules", "@cec-cobrowse"), { recursive: true });
      symlinkSync(join(tree, "packages", "client"), join(dir, "node_modules", "@cec-cobrowse", "client"), "dir");
      const tsc = join(tree, "node_modules", ".bin", "tsc");
      await run(
        tsc,
        [
          "--strict",
          "--module",
          "nodenext",
          "--moduleResolution",
          "nodenext",
          "--target",
          "es2022",
          "--types",
          "node",
          "--outDir",
          "out",
          "main.ts",
        ],
        { cwd: dir },
      );
      return (await run(process.execPath, [join(dir, "out", "main.js")], { cwd: dir, env })).stdout;
    },
  },
  python: {
    /** The layer's venv (made by its install script) with the copy's layer and generated client first on PYTHONPATH. */
    async run(tree, env) {
      await run("bash", [join(PYTHON, "scripts", "install.sh")], { cwd: PYTHON });
      const copy = join(tree, "packages", "client-python");
      return (
        await run(join(PYTHON, ".venv", "bin", "python"), [join(programs, "python", "main.py")], {
          cwd: copy,
          env: { ...env, PYTHONPATH: [copy, join(copy, "generated")].join(":"), PYTHONDONTWRITEBYTECODE: "1" },
        })
      ).stdout;
    },
  },
  go: {
    /** The program as one more module of the copy's Go workspace (packages/client-go/go.work), run with `go run`. */
    async run(tree, env) {
      const workspace = join(tree, "packages", "client-go");
      cpSync(join(programs, "go"), join(workspace, "evolution"), { recursive: true });
      const go = { GOTOOLCHAIN: process.env.GOTOOLCHAIN ?? "local", GOFLAGS: process.env.GOFLAGS ?? "" };
      await run("go", ["work", "use", "./evolution"], { cwd: workspace, env: go });
      return (await run("go", ["run", "."], { cwd: join(workspace, "evolution"), env: { ...env, ...go } })).stdout;
    },
  },
  java: {
    /** Maven packages the copy's generated client and layer (no install: ~/.m2 stays this checkout's), then `java` runs the program's source on their classpath. */
    async run(tree, env) {
      const project = join(tree, "packages", "client-java");
      const classpath = join(tree, "programs", "java.classpath");
      await run(
        "mvn",
        [
          "-q",
          "-B",
          "-ntp",
          "-pl",
          "generated,sdk",
          "-Dmaven.test.skip=true",
          "-Dmaven.javadoc.skip=true",
          "-Dmaven.source.skip=true",
          "package",
          "org.apache.maven.plugins:maven-dependency-plugin:3.3.0:build-classpath",
          `-Dmdep.outputFile=${classpath}`,
          "-Dmdep.includeScope=runtime",
        ],
        { cwd: project },
      );
      // The layer's jar (the reactor's last module writes the classpath file: the layer's, the generated client's jar first).
      const target = join(project, "sdk", "target");
      const jars = readdirSync(target).filter((f) => f.endsWith(".jar") && !/-(sources|javadoc|tests)\.jar$/.test(f));
      if (jars.length !== 1)
        throw new Error(`${target}: expected one jar of the layer, found ${jars.join(", ") || "none"}`);
      const cp = [join(target, jars[0]), readFileSync(classpath, "utf8").trim()].join(":");
      return (await run("java", ["-cp", cp, join(programs, "java", "Main.java")], { cwd: project, env })).stdout;
    },
  },
};
