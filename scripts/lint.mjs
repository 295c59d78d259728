#!/usr/bin/env node
// One formatter and one linter per language, pinned (issue 21):
//
//   node scripts/lint.mjs js python go java            check: each formatter's check, then its linter
//   node scripts/lint.mjs --write js python go java    format: write each formatter's output
//
//   js      Biome (biome.jsonc): TypeScript, JavaScript and JSON; lint, format and import order
//   python  ruff (ruff.toml; pinned in scripts/lint-tools.txt): `ruff format` and `ruff check`
//   go      gofmt, go vet and staticcheck (pinned in release/lib/tools.mjs) on every Go module
//   java    google-java-format through Spotless (spotless.pom.xml, every hand-written Java file); javac's
//           -Xlint:all -Werror, the linter, runs in the Java client's build
//
// The root scripts `lint:js`, `lint:python`, `lint:go`, `lint:java` (all in `pnpm lint`) and
// `format` call this. Generated code is excluded by every tool's configuration; --write also
// checks that it left every generated file as it was.
import { execFileSync } from "node:child_process";
import { createHash } from "node:crypto";
import { readFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import { ruff, staticcheck } from "../release/lib/tools.mjs";
import { GENERATED_PATHSPECS } from "./generated.mjs";

const root = join(dirname(fileURLToPath(import.meta.url)), "..");

/** The Go modules linted with go vet and staticcheck, and those only vetted (generated). */
const GO_MODULES = ["packages/client-go/sdk", "packages/client-go/tests", "packages/docs/samples/go", "release/gozip"];
const GO_VET_ONLY = ["packages/client-go/generated"];
// gofmt also covers the Go files outside those modules: packages/spec-evolution/programs/go
// (built against a released SDK in the spec-evolution test) and release/consumers/go (built
// inside the release's consumer check).

const JAVA_POM = "spotless.pom.xml";

class LintFailure extends Error {}

/** Runs a command from the repository root with its output shown; throws when it fails. */
function run(command, args, { cwd = root, env } = {}) {
  console.log(`$ ${[command, ...args].join(" ")}${cwd === root ? "" : `   (in ${cwd.slice(root.length + 1)})`}`);
  try {
    execFileSync(command, args, { cwd, stdio: "inherit", env: { ...process.env, ...env } });
  } catch (error) {
    throw new LintFailure(`\`${[command, ...args].join(" ")}\` failed (exit ${error.status ?? error.message})`);
  }
}

/** Runs every step, then throws one failure naming each that failed (a finding never hides the next tool's). */
async function every(steps) {
  const failed = [];
  for (const step of steps) {
    try {
      await step();
    } catch (error) {
      if (!(error instanceof LintFailure)) throw error;
      failed.push(error.message);
    }
  }
  if (failed.length > 0) throw new LintFailure(failed.join("\n  "));
}

const capture = (command, args, options = {}) =>
  execFileSync(command, args, { cwd: root, encoding: "utf8", ...options });
const lines = (text) => text.split("\n").filter(Boolean);

/** The hand-written Go files (tracked or new, not ignored), generated ones left out. */
export const goFiles = () =>
  lines(capture("git", ["ls-files", "--cached", "--others", "--exclude-standard", "--", "*.go"])).filter(
    (file) => !/(^|\/)generated\//.test(file) && !file.endsWith("_gen.go"),
  );

/**
 * A digest of every generated file and of the released API records (spec/released, written by
 * `pnpm api:record`): what no formatter may change.
 */
function untouchable() {
  const hash = createHash("sha256");
  for (const file of lines(
    capture("git", [
      "ls-files",
      "--cached",
      "--others",
      "--exclude-standard",
      "--",
      ...GENERATED_PATHSPECS,
      "spec/released",
    ]),
  )) {
    hash.update(file).update("\0");
    try {
      hash.update(readFileSync(join(root, file)));
    } catch {
      hash.update("(missing)");
    }
  }
  return hash.digest("hex");
}

export const biome = join(root, "node_modules", ".bin", "biome");

const LANGUAGES = {
  js: {
    check: () => run(biome, ["ci", "--error-on-warnings", "--colors=off", "."]),
    // Formatting and import order only: a lint fix is a code change, reviewed on its own. Biome
    // 2.6.8 settles a few signatures (an object-literal return type) only on a second pass: write
    // until its own check is clean, so one `pnpm format` leaves nothing for `pnpm lint` to report.
    write: () => {
      const formatOnly = ["--linter-enabled=false", "."];
      for (let pass = 1; ; pass++) {
        run(biome, ["check", "--write", ...formatOnly]);
        try {
          execFileSync(biome, ["ci", ...formatOnly], { cwd: root, stdio: "ignore" });
          return;
        } catch {
          if (pass === 3) throw new LintFailure("biome: the formatting is still not stable after 3 passes");
        }
      }
    },
  },
  python: {
    check: async () => {
      const bin = await ruff();
      await every([() => run(bin, ["format", "--check", "--diff", "."]), () => run(bin, ["check", "."])]);
    },
    write: async () => {
      const bin = await ruff();
      run(bin, ["check", "--select", "I", "--fix", "."]);
      run(bin, ["format", "."]);
    },
  },
  go: {
    check: async () => {
      const bin = await staticcheck();
      await every([
        () => {
          const files = goFiles();
          console.log(`$ gofmt -l <${files.length} hand-written Go files>`);
          const unformatted = lines(capture("gofmt", ["-l", ...files]));
          if (unformatted.length > 0) throw new LintFailure(`gofmt: not formatted:\n    ${unformatted.join("\n    ")}`);
        },
        ...[...GO_VET_ONLY, ...GO_MODULES].map(
          (module) => () => run("go", ["vet", "./..."], { cwd: join(root, module) }),
        ),
        ...GO_MODULES.map((module) => () => run(bin, ["./..."], { cwd: join(root, module) })),
      ]);
    },
    write: () => {
      const files = goFiles();
      console.log(`$ gofmt -w <${files.length} hand-written Go files>`);
      capture("gofmt", ["-w", ...files]);
    },
  },
  java: {
    check: () => run("mvn", ["-q", "-B", "-f", JAVA_POM, "spotless:check"]),
    write: () => run("mvn", ["-q", "-B", "-f", JAVA_POM, "spotless:apply"]),
  },
};

async function main(argv) {
  const write = argv.includes("--write");
  const languages = argv.filter((arg) => arg !== "--write");
  const unknown = languages.filter((language) => !(language in LANGUAGES));
  if (languages.length === 0 || unknown.length > 0) {
    console.error(`usage: node scripts/lint.mjs [--write] <${Object.keys(LANGUAGES).join("|")}>...`);
    process.exit(2);
  }
  const generatedBefore = write ? untouchable() : "";
  const failures = [];
  for (const language of languages) {
    const t0 = performance.now();
    try {
      await LANGUAGES[language][write ? "write" : "check"]();
      console.log(
        `lint: ${language} ${write ? "formatted" : "clean"} (${((performance.now() - t0) / 1000).toFixed(1)} s)\n`,
      );
    } catch (error) {
      if (!(error instanceof LintFailure)) throw error;
      failures.push(`${language}: ${error.message}`);
      console.error(`lint: ${language} FAILED (${((performance.now() - t0) / 1000).toFixed(1)} s)\n`);
    }
  }
  if (write && untouchable() !== generatedBefore) {
    failures.push(
      "a formatter changed generated files or spec/released (see `git status`): exclude them in its configuration",
    );
  }
  if (failures.length > 0) {
    console.error(failures.join("\n"));
    if (!write) console.error("Run `pnpm format` to write the formatting; fix lint findings in the code.");
    process.exit(1);
  }
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? "").href) await main(process.argv.slice(2));
