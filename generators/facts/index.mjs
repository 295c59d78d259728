// The one emitter of the spec's facts: extract once (extract.mjs, through the keyword guard of
// guard.mjs), render per language (render/). `emit` writes the files where the layers read them.
import { mkdirSync, writeFileSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { extractFacts } from "./extract.mjs";
import { GO_FILE, renderGo } from "./render/go.mjs";
import { GO_REQUEST_FILE, renderGoRequest } from "./render/go-request.mjs";
import { JAVA_FILE, renderJava } from "./render/java.mjs";
import { PYTHON_FILE, renderPython } from "./render/python.mjs";
import { renderTypeScript, TYPESCRIPT_FILE } from "./render/typescript.mjs";

export { extractFacts, infoStringFields, scalars, UNUSED } from "./extract.mjs";
export { FactsError, LAYER_TYPES } from "./guard.mjs";
export { goModelName, goName, javaName, pythonName } from "./names.mjs";
export {
  GO_FILE,
  GO_REQUEST_FILE,
  JAVA_FILE,
  PYTHON_FILE,
  renderGo,
  renderGoRequest,
  renderJava,
  renderPython,
  renderTypeScript,
  TYPESCRIPT_FILE,
};

/** The repository root (the files' paths are relative to it). */
export const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..", "..");

/** Each language's files: [path relative to the root, renderer]. */
export const OUTPUTS = {
  typescript: [[TYPESCRIPT_FILE, renderTypeScript]],
  python: [[PYTHON_FILE, renderPython]],
  go: [
    [GO_FILE, renderGo],
    [GO_REQUEST_FILE, renderGoRequest],
  ],
  java: [[JAVA_FILE, renderJava]],
};
export const LANGUAGES = Object.keys(OUTPUTS);

/**
 * Renders the facts of `spec` (a SpecValidator) for `languages` and writes each file under `into`
 * (default: the repository root; `files` maps a path relative to the root to another place).
 * Everything is rendered before anything is written: a refused spec leaves every file as it was.
 * @returns {string[]} the files written
 */
export function emit(spec, { languages = LANGUAGES, into = root, from, files = {} } = {}) {
  const facts = extractFacts(spec, from);
  const rendered = languages.flatMap((language) => {
    if (!OUTPUTS[language]) throw new Error(`facts: no renderer for ${language} (there are ${LANGUAGES.join(", ")})`);
    return OUTPUTS[language].map(([file, render]) => [files[file] ?? path.join(into, file), render(facts)]);
  });
  for (const [file, text] of rendered) {
    mkdirSync(path.dirname(file), { recursive: true });
    writeFileSync(file, text);
  }
  return rendered.map(([file]) => file);
}
