// The hand-written clients hold no copy of a spec fact: every value the emitter (generators/facts)
// writes into a layer's generated constants (header names, the bearer and User-Agent prefixes,
// operation ids, methods and paths, the lifetime range and default, the token answer's patterns,
// the room's field names, the connectParam query name), and the roles, which come from the
// generated enums, appear in the TypeScript, Python, Go and Java layers' sources only in comments
// and docstrings. Each value is looked for as a copy would be written: quoted (the bearer prefix:
// after an opening quote; the product prefix: with a language), a header name or a method in any
// case, a number as a whole number, the query name before `=`.
import { readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { specValidator } from "@cec-cobrowse/spec";
import { describe, expect, it } from "vitest";
import {
  extractFacts,
  GO_FILE,
  JAVA_FILE,
  PYTHON_FILE,
  renderGo,
  scalars,
  TYPESCRIPT_FILE,
  UNUSED,
} from "../facts/index.mjs";

const root = path.join(import.meta.dirname, "..", "..");
// Java: src/main/java and src/otel/java (the OpenTelemetry bridge, compiled when the API is there).
const LAYERS = {
  typescript: {
    dir: "packages/client/src",
    ext: ".ts",
    comment: /^\s*(\/\/|\/\*|\*)/,
    trailing: "//",
    constants: TYPESCRIPT_FILE,
  },
  python: {
    dir: "packages/client-python/cec_cobrowse",
    ext: ".py",
    comment: /^\s*#/,
    trailing: "#",
    constants: PYTHON_FILE,
  },
  go: { dir: "packages/client-go/sdk", ext: ".go", comment: /^\s*\/\//, trailing: "//", constants: GO_FILE },
  java: {
    dir: "packages/client-java/sdk/src",
    ext: ".java",
    comment: /^\s*(\/\/|\/\*|\*)/,
    trailing: "//",
    constants: JAVA_FILE,
  },
};

/**
 * Facts whose value is also a name the layers define for themselves, and is not looked for: the
 * security schemes' names and the credential fields are the clients' option names (`appKey`,
 * Python's `app_key`), the token answer's `AccessToken` and `AppKey` the names of a layer's token
 * class and option.
 */
const NOT_LOOKED_FOR = new Set([
  "BEARER_SCHEME",
  "APP_KEY_SCHEME",
  "TENANT_SCHEME",
  "APP_KEY_CREDENTIAL",
  "APP_SECRET_CREDENTIAL",
  "TOKEN_FIELD",
  "TOKEN_APP_KEY_FIELD",
]);

/**
 * Copies the language engineers are still replacing with the generated constant (issue 18 item 2),
 * by layer, fact and the files that still hold them. Each entry is asserted present: the
 * engineer who removes the last copy deletes the entry in the same commit, and the list only
 * shrinks.
 */
const PENDING = {};

const escapeRegExp = (s) => s.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
const facts = extractFacts(specValidator());

/** Every value a layer must read instead of writing, by name, with the pattern a copy of it matches. */
function forbidden() {
  const list = Object.entries(scalars(facts))
    .filter(([name]) => !NOT_LOOKED_FOR.has(name))
    .flatMap(([name, v]) => {
      if (typeof v === "number") return v >= 100 ? [[name, new RegExp(`\\b${v}\\b`)]] : [];
      if (name === "BEARER_PREFIX") return [[name, new RegExp(`["'\`]${escapeRegExp(v)}`)]];
      // The product token is the prefix and the language (`cec-cobrowse-go/1.2.0`); the prefix is
      // also the project's name, which other strings start with (a thread named cec-cobrowse-token).
      if (name === "USER_AGENT_PRODUCT_PREFIX")
        return [[name, new RegExp(`["'\`]${escapeRegExp(v)}(["'\`]|typescript|python|go|java)`)]];
      // Header names and methods are case-insensitive: `res.headers["x-request-id"]` copies X-Request-Id.
      return [[name, new RegExp(`["'\`]${escapeRegExp(v)}["'\`]`, /_(HEADER|METHOD)$/.test(name) ? "i" : "")]];
    });
  list.push(["CONNECT_PARAM_QUERY=", new RegExp(`\\b${escapeRegExp(facts.webSocket.connectParam)}=`)]);
  const role = facts.bodies[facts.info.operationId].fields.find((f) => f.name === facts.info.roleField);
  for (const r of role.rule.enum) list.push([`the role ${r}`, new RegExp(`["'\`]${escapeRegExp(r)}["'\`]`)]);
  return list;
}

/** A line without its trailing comment (a comment marker after code, outside double quotes). */
function code(line, marker) {
  for (let at = line.indexOf(` ${marker}`); at >= 0; at = line.indexOf(` ${marker}`, at + 1)) {
    if ((line.slice(0, at).match(/"/g) ?? []).length % 2 === 0) return line.slice(0, at);
  }
  return line;
}

/** The code lines of a layer's hand-written sources (not comments, not Python docstrings, not generated code, not Go's _test.go files). */
function codeLines({ dir, ext, comment, trailing }) {
  const out = [];
  for (const file of readdirSync(path.join(root, dir), { recursive: true, encoding: "utf8" })) {
    // Go's unit tests sit beside the code they test (sdk/*_test.go): they are tests, not the layer.
    // Go's generated request type sits in the sdk package (sdk/*_gen.go): generated, like generated/.
    if (
      !file.endsWith(ext) ||
      file.endsWith("_test.go") ||
      file.endsWith("_gen.go") ||
      file.split(/[\\/]/).includes("generated")
    )
      continue;
    let docstring = false;
    readFileSync(path.join(root, dir, file), "utf8")
      .split("\n")
      .forEach((line, i) => {
        const quotes = (line.match(/"""/g) ?? []).length;
        const inDoc = docstring || quotes > 0;
        if (quotes % 2 === 1) docstring = !docstring;
        if (!inDoc && !comment.test(line))
          out.push({ file, where: `${dir}/${file}:${i + 1}`, line: code(line, trailing) });
      });
  }
  return out;
}

describe.each(Object.entries(LAYERS))("the %s layer holds no copy of a spec fact", (language, layer) => {
  const lines = codeLines(layer);
  it("scans its hand-written sources", () => expect(lines.length).toBeGreaterThan(100));
  it.each(forbidden())("%s", (name, pattern) => {
    const found = lines.filter(({ line }) => pattern.test(line));
    const pending = PENDING[language]?.[name];
    if (pending) {
      expect(
        found.length,
        `${name}: the ${language} layer no longer writes it; delete its entry from PENDING in generators/test/layer-copies.test.mjs`,
      ).toBeGreaterThan(0);
    }
    const copies = found.filter(({ file }) => !pending?.some((f) => file.endsWith(f)));
    expect(
      copies.map(({ where, line }) => `${where}: ${line.trim()}`),
      "read it from the layer's generated constants or the generated models",
    ).toEqual([]);
  });
});

describe("the patterns", () => {
  it("find each value where it is written on purpose: every language's generated constants", () => {
    for (const [language, { constants }] of Object.entries(LAYERS)) {
      const text = readFileSync(path.join(root, constants), "utf8");
      for (const [name, pattern] of forbidden()) {
        // Go's constants are internal to its module: a value no layer uses is left out there.
        if (name === "CONNECT_PARAM_QUERY=" || (language === "go" && UNUSED[name])) continue;
        expect(pattern.test(text), `${name} in ${constants}`).toBe(true);
      }
    }
    expect(renderGo(facts)).not.toContain("LifetimeHeader");
  });

  it("find the copies a layer would write", () => {
    const match = (line) =>
      forbidden()
        .filter(([, pattern]) => pattern.test(line))
        .map(([name]) => name);
    expect(match(`const id = res.headers["x-request-id"];`)).toEqual(["REQUEST_ID_HEADER"]);
    expect(match(`parseRetryAfter(error.headers?.get("retry-after"))`)).toEqual(["RETRY_AFTER_HEADER"]);
    // biome-ignore lint/suspicious/noTemplateCurlyInString: a layer's source line, a template literal inside.
    expect(match("return `${base}${separator}connectParam=${encodeURIComponent(p)}`;")).toEqual([
      "CONNECT_PARAM_QUERY=",
    ]);
    expect(match(`headers.put("Authorization", "Bearer " + token);`)).toEqual([
      "AUTHORIZATION_HEADER",
      "BEARER_PREFIX",
    ]);
    expect(match(`_headers={"authorization": f"Bearer {token}"}`)).toEqual(["AUTHORIZATION_HEADER", "BEARER_PREFIX"]);
    expect(match(`ua := "cec-cobrowse-go/" + version`)).toEqual(["USER_AGENT_PRODUCT_PREFIX"]);
    expect(match(`req.Header.Set("X-Cobrowse-Attempt", strconv.Itoa(n))`)).toEqual(["ATTEMPT_HEADER"]);
    expect(match(`raise ValidationError("role", "must be one of …")`)).toEqual(["ROLE_FIELD"]);
    expect(match(`agent = "cec-cobrowse-" + "python"`)).toEqual(["USER_AGENT_PRODUCT_PREFIX"]);
    // Not copies: a module named after the header, a Go import path, a thread named after the project, a value in a comment.
    expect(match(`threading.Thread(target=self._loop, name="cec-cobrowse-deadlines")`)).toEqual([]);
    expect(match(`import { parseRetryAfter } from "./retry-after.js";`)).toEqual([]);
    expect(match(`cobrowse "github.com/cec-cobrowse/cec-cobrowse/packages/client-go/generated"`)).toEqual([]);
    expect(code(`Field string // the field, as the spec names it: "role"`, "//")).toBe("Field string");
    expect(code(`url := "https://example.com" // "role"`, "//")).toBe(`url := "https://example.com"`);
  });
});
