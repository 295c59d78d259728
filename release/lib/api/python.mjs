// Python: the public API of the layer (cec_cobrowse) and of the generated client
// (cec_cobrowse_client), as griffe loads it from the sources (griffe_api.py, in the release
// tools' venv). Recorded as <package>.json: griffe's own JSON dump, which griffe reads back to
// compare (`griffe check` compares git refs only; this compares a recorded release instead).
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { releaseDir, run } from "../common.mjs";
import { pythonTools } from "../tools.mjs";
import { PYTHON_PROJECTS } from "../version.mjs";

const script = join(releaseDir, "lib", "api", "griffe_api.py");
const griffeVersion = () =>
  /^griffe==(\S+)$/m.exec(readFileSync(join(releaseDir, "python-tools.txt"), "utf8"))?.[1] ?? "?";

/** The import packages and the folders they are found in. */
const packages = () => PYTHON_PROJECTS.map(({ name, dir }) => ({ name: name.replaceAll("-", "_"), dir }));
const args = (tree) => packages().flatMap(({ name, dir }) => ["--search", join(tree, dir), "--package", name]);

export const python = {
  id: "python",
  label: "Python",
  tool: () => `griffe ${griffeVersion()}`,
  inputs: (tree) => ({
    dirs: packages().map(({ name, dir }) => join(tree, dir, name)),
    base: tree,
    include: (file) => file.endsWith(".py"),
  }),
  async record({ tree, dir }) {
    await run(await pythonTools(), [script, "dump", ...args(tree), "--out", dir], { capture: true });
    return packages().map(({ name }) => `${name}.json`);
  },
  async compare({ tree, dir }) {
    const { stdout } = await run(await pythonTools(), [script, "compare", ...args(tree), "--baseline", dir], {
      capture: true,
    });
    return Object.entries(JSON.parse(stdout)).map(([name, { breaking, added }]) => ({
      name,
      breaking,
      compatible: added,
    }));
  },
};
