// The Python gate (griffe_api.py) on two versions of a tiny package: a keyword-only parameter
// named `_…` is private (passed by name only, and its name says so), so removing or changing it
// breaks nobody; the same change to a public parameter, or to a positional `_…` one, still does.
import { spawnSync } from "node:child_process";
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { releaseDir } from "../lib/common.mjs";
import { pythonTools } from "../lib/tools.mjs";

const work = mkdtempSync(join(tmpdir(), "cec-cobrowse-griffe-private-"));
const script = join(releaseDir, "lib", "api", "griffe_api.py");
let python;

const BEFORE = `
class Client:
    def __init__(self, *, base_url: str, timeout: float = 1.0, _names: dict = None) -> None: ...

    def call(self, role: str, _hint: str = "", *, retries: int = 2, **fields) -> None: ...
`;

function tree(name, source) {
  const dir = join(work, name, "pkg");
  mkdirSync(dir, { recursive: true });
  writeFileSync(join(dir, "__init__.py"), `from ._client import Client\n\n__all__ = ["Client"]\n`);
  writeFileSync(join(dir, "_client.py"), source);
  return join(work, name);
}

function griffe(args) {
  const result = spawnSync(python, [script, ...args], { encoding: "utf8" });
  if (result.status !== 0) throw new Error(`griffe_api.py ${args[0]} failed:\n${result.stderr}`);
  return result.stdout;
}

const breaking = (name, source) =>
  JSON.parse(
    griffe(["compare", "--search", tree(name, source), "--package", "pkg", "--baseline", join(work, "baseline")]),
  ).pkg.breaking;

beforeAll(async () => {
  python = await pythonTools();
  griffe(["dump", "--search", tree("before", BEFORE), "--package", "pkg", "--out", join(work, "baseline")]);
});

afterAll(() => rmSync(work, { recursive: true, force: true }));

describe("the Python gate and private parameters", () => {
  it("lets a private keyword-only parameter go, or change its default", () => {
    const source = BEFORE.replace(", _names: dict = None", "");
    expect(breaking("private-removed", source)).toEqual([]);
    expect(breaking("private-default", BEFORE.replace("_names: dict = None", "_names: dict = {}"))).toEqual([]);
  });

  it("still reports a public parameter removed, and a positional `_…` one", () => {
    expect(breaking("public-removed", BEFORE.replace("timeout: float = 1.0, ", ""))).toEqual([
      "pkg._client.Client.__init__: Parameter was removed (parameter timeout)",
    ]);
    expect(breaking("positional-removed", BEFORE.replace(`_hint: str = "", `, ""))).toEqual([
      "pkg._client.Client.call: Parameter was removed (parameter _hint)",
    ]);
  });

  it("takes a keyword-only parameter into **fields as compatible (griffe: swallowed by the variadic keywords)", () => {
    expect(breaking("into-fields", BEFORE.replace("*, retries: int = 2, **fields", "**fields"))).toEqual([]);
  });
});
