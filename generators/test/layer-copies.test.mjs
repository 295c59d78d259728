// The hand-written Python, Go and Java layers hold no copy of a spec value: each value that
// layer-constants.mjs writes for them (header names, the bearer prefix, operation ids, the
// lifetime range, the token answer's patterns), and the roles, which come from the generated
// enums, appear in their sources only in comments and docstrings (the scheme names are the
// options' names too, and are not looked for). Each value is looked for
// quoted (or, for numbers, as a whole number), as a copy would be written.
import { readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { specValidator } from "@cec-cobrowse/spec";
import { describe, expect, it } from "vitest";
import { values } from "../layer-constants.mjs";

const root = path.join(import.meta.dirname, "..", "..");
const LAYERS = {
  python: { dir: "packages/client-python/cec_cobrowse", ext: ".py", comment: /^\s*#/ },
  go: { dir: "packages/client-go/sdk", ext: ".go", comment: /^\s*\/\// },
  java: { dir: "packages/client-java/sdk/src/main/java/cec/cobrowse/sdk", ext: ".java", comment: /^\s*(\/\/|\/\*|\*)/ },
};

const escape = (s) => s.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");

/** Every value a layer must read instead of writing: the layer constants and the roles. */
function forbidden() {
  const spec = specValidator();
  const role = spec.deref(spec.document.components.schemas.Role);
  // The security schemes' names (appKey, tenantSpaceId) are also the clients' option names: only
  // the values sent on the wire are looked for.
  const list = Object.entries(values(spec)).filter(([name]) => !name.endsWith("_SCHEME")).flatMap(([name, v]) =>
    typeof v === "number" ? (v >= 100 ? [[name, new RegExp(`\\b${v}\\b`)]] : []) : [[name, new RegExp(`["'\`]${escape(v)}["'\`]`)]],
  );
  for (const r of role.enum) list.push([`the role ${r}`, new RegExp(`["'\`]${escape(r)}["'\`]`)]);
  return list;
}

/** The code lines of a layer's hand-written sources (not comments, not Python docstrings, not generated/, not Go's _test.go files). */
function codeLines({ dir, ext, comment }) {
  const out = [];
  for (const file of readdirSync(path.join(root, dir), { recursive: true, encoding: "utf8" })) {
    // Go's unit tests sit beside the code they test (sdk/*_test.go): they are tests, not the layer.
    if (!file.endsWith(ext) || file.endsWith("_test.go") || file.split(/[\\/]/).includes("generated")) continue;
    let docstring = false;
    readFileSync(path.join(root, dir, file), "utf8").split("\n").forEach((line, i) => {
      const quotes = (line.match(/"""/g) ?? []).length;
      const inDoc = docstring || quotes > 0;
      if (quotes % 2 === 1) docstring = !docstring;
      if (!inDoc && !comment.test(line)) out.push({ where: `${dir}/${file}:${i + 1}`, line });
    });
  }
  return out;
}

describe.each(Object.entries(LAYERS))("the %s layer holds no copy of a spec value", (_language, layer) => {
  const lines = codeLines(layer);
  it("scans its hand-written sources", () => expect(lines.length).toBeGreaterThan(100));
  it.each(forbidden())("%s", (_name, pattern) => {
    expect(lines.filter(({ line }) => pattern.test(line)).map(({ where, line }) => `${where}: ${line.trim()}`), "read it from the layer's generated constants or the generated models").toEqual([]);
  });
});

it("the patterns find the values where they are written on purpose (the generated constants)", () => {
  const go = readFileSync(path.join(root, "packages/client-go/sdk/internal/generated/spec.go"), "utf8");
  for (const [name, pattern] of forbidden().filter(([n]) => !n.startsWith("the role"))) expect(pattern.test(go), name).toBe(true);
});
