// Java: the public and protected API of the two Maven artifacts (the generated client,
// cec-cobrowse-client, and the layer, cec-cobrowse-sdk), compared by japicmp (binary and
// source compatibility, class by class and member by member).
//
//   <artifactId>.jar   the artifact's classes as the tree compiles them (what japicmp compares
//                      the current classes with; tens of kB, byte-for-byte reproducible: sorted
//                      entries, fixed timestamps, no manifest)
//   <artifactId>.txt   `javap -protected` of every class in it: the same API for people to read
//
// The jars are compiled here with javac (--release 11, as the poms say) against the generated
// client's compile classpath (resolved once by Maven and kept), not by `mvn package`: that
// keeps the gate to a few seconds. Both are cached by the content of the sources.
import { copyFileSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { ensureDir, exists, listFiles, run } from "../common.mjs";
import { japicmp, japicmpVersion } from "../tools.mjs";
import { MAVEN_ARTIFACTS } from "../version.mjs";
import { digestOf, memo } from "./cache.mjs";

const quiet = { capture: true };
const JAR_DATE = "1980-01-01T00:00:02Z";

/** The compile classpath of the generated client (the layer's pom declares nothing beyond it). */
async function dependencies(tree) {
  const generated = MAVEN_ARTIFACTS[0];
  const pom = join(tree, generated.dir, "pom.xml");
  const dir = await memo("java-deps", digestOf({ files: [pom], base: tree }), async (out) => {
    await run(
      "mvn",
      [
        "-q",
        "-B",
        "-f",
        pom,
        "dependency:build-classpath",
        `-Dmdep.outputFile=${join(out, "classpath.txt")}`,
        "-Dmdep.includeScope=compile",
      ],
      quiet,
    );
  });
  return readFileSync(join(dir, "classpath.txt"), "utf8").trim();
}

/** Each artifact's jar compiled from the tree: { artifactId, jar, classes: [class names] }. */
async function build(tree) {
  const classpath = await dependencies(tree);
  const javac = await run("javac", ["-version"], quiet);
  const digest = digestOf({
    ...java.inputs(tree),
    values: ["java-jars-1", `${javac.stdout}${javac.stderr}`.trim(), classpath],
  });
  const out = await memo("java-jars", digest, async (scratch) => {
    let compiled = [];
    for (const { artifactId, dir } of MAVEN_ARTIFACTS) {
      const sources = join(tree, dir, "src", "main", "java");
      const classes = ensureDir(join(scratch, "classes", artifactId));
      const files = listFiles(sources).filter((file) => file.endsWith(".java"));
      writeFileSync(join(scratch, `${artifactId}.sources`), files.map((file) => `"${join(sources, file)}"`).join("\n"));
      const cp = [classpath, ...compiled].filter(Boolean).join(":");
      await run(
        "javac",
        [
          "--release",
          "11",
          "-proc:none",
          "-nowarn",
          "-encoding",
          "UTF-8",
          "-d",
          classes,
          "-cp",
          cp,
          `@${join(scratch, `${artifactId}.sources`)}`,
        ],
        quiet,
      );
      const entries = listFiles(classes);
      await run(
        "jar",
        ["--create", "--no-manifest", `--date=${JAR_DATE}`, "--file", join(scratch, `${artifactId}.jar`), ...entries],
        { ...quiet, cwd: classes },
      );
      compiled = [...compiled, classes];
    }
  });
  return MAVEN_ARTIFACTS.map(({ artifactId }) => ({
    artifactId,
    jar: join(out, `${artifactId}.jar`),
    classes: listFiles(join(out, "classes", artifactId))
      .filter((file) => file.endsWith(".class") && !/\$\d/.test(file))
      .map((file) => file.slice(0, -".class".length).replaceAll("/", ".")),
  }));
}

/**
 * japicmp's text report split by its marks: `***` modified, `+++` new, `---` removed, each
 * followed by `!` (binary incompatible), `*` (source incompatible) or a space. A new or removed
 * class is one line (its members go with it); of a modified class, each changed member is one,
 * or the class itself when only the class changed incompatibly (made final, say).
 */
export function parseJapicmp(text) {
  const breaking = [];
  const compatible = [];
  const STATUS = { "***": "modified", "+++": "new", "---": "removed" };
  let cls = null;
  const flush = () => {
    if (cls?.incompatible && !cls.listed) breaking.push(`${cls.name}: ${cls.what}`);
  };
  for (const line of text.split("\n")) {
    const match = /^(\t*)(\*\*\*|\+\+\+|---|===)([!* ])\s*(?:MODIFIED|NEW|REMOVED|UNCHANGED)?\s*(.*?)\s*$/.exec(line);
    if (!match) continue;
    const [, indent, sign, flag, rest] = match;
    const incompatible = flag !== " ";
    const what = rest.replace(/\s+\(not serializable\)$/, "").replace(/\s+/g, " ");
    if (indent === "") {
      flush();
      const name = /([\w.$]+)$/.exec(what)?.[1] ?? what;
      cls = {
        name,
        what: `${STATUS[sign] ?? "unchanged"} ${what}`,
        incompatible,
        listed: sign !== "***",
        whole: sign !== "***",
      };
      if (cls.whole && sign !== "===")
        (incompatible ? breaking : compatible).push(
          `${name}: ${STATUS[sign]} (${what.replace(/^(CLASS|INTERFACE|ENUM|ANNOTATION): .*/, "$1").toLowerCase()})`,
        );
    } else if (cls && !cls.whole && sign !== "===" && !/^CLASS FILE FORMAT VERSION/.test(what)) {
      (incompatible ? breaking : compatible).push(`${cls.name}: ${STATUS[sign]} ${what}`);
      if (incompatible) cls.listed = true;
    } else if (cls && !cls.whole && incompatible && sign !== "===") {
      breaking.push(`${cls.name}: ${STATUS[sign]} ${what}`);
      cls.listed = true;
    }
  }
  flush();
  return { breaking, compatible };
}

export const java = {
  id: "java",
  label: "Java",
  tool: () => `japicmp ${japicmpVersion()}`,
  inputs: (tree) => ({
    dirs: MAVEN_ARTIFACTS.map(({ dir }) => join(tree, dir, "src", "main", "java")),
    files: MAVEN_ARTIFACTS.map(({ dir }) => join(tree, dir, "pom.xml")),
    base: tree,
  }),
  async record({ tree, dir }) {
    const written = [];
    for (const { artifactId, jar, classes } of await build(tree)) {
      copyFileSync(jar, join(dir, `${artifactId}.jar`));
      const { stdout } = await run("javap", ["-protected", "-cp", jar, ...classes.sort()], quiet);
      writeFileSync(join(dir, `${artifactId}.txt`), stdout);
      written.push(`${artifactId}.jar`, `${artifactId}.txt`);
    }
    return written;
  },
  async compare({ tree, dir }) {
    const [built, classpath, tool] = await Promise.all([build(tree), dependencies(tree), japicmp()]);
    const recorded = exists(dir) ? readdirSync(dir).filter((file) => file.endsWith(".jar")) : [];
    const units = [];
    // The layer's classes refer to the generated client's: each side sees its own version of it.
    const generatedJar = (side) => (side === "old" ? join(dir, `${MAVEN_ARTIFACTS[0].artifactId}.jar`) : built[0].jar);
    for (const [index, { artifactId, jar }] of built.entries()) {
      if (!recorded.includes(`${artifactId}.jar`)) {
        units.push({ name: artifactId, breaking: [], compatible: ["artifact added"] });
        continue;
      }
      const extra = (side) => (index > 0 ? [generatedJar(side)] : []);
      const { stdout } = await run(
        "java",
        [
          "-cp",
          tool,
          "japicmp.JApiCmp",
          "--old",
          join(dir, `${artifactId}.jar`),
          "--new",
          jar,
          "--old-classpath",
          [classpath, ...extra("old")].join(":"),
          "--new-classpath",
          [classpath, ...extra("new")].join(":"),
          "-a",
          "protected",
          "--only-modified",
          // Annotations (Jackson's, jakarta's) describe serialisation, not the API's shape.
          "--no-annotations",
        ],
        quiet,
      );
      units.push({ name: artifactId, ...parseJapicmp(stdout) });
    }
    for (const file of recorded.filter((file) => !built.some(({ artifactId }) => file === `${artifactId}.jar`))) {
      units.push({ name: file.slice(0, -".jar".length), breaking: ["artifact removed"], compatible: [] });
    }
    return units;
  },
};
