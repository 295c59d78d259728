// The languages of the portal's samples and where each operation's sample file is: one file per
// operation and language under samples/, named after the operation's id (read from the spec).
import { readFileSync } from "node:fs";
import { join } from "node:path";

export interface SampleLanguage {
  /** The folder under samples/. */
  id: string;
  /** The tab's label. */
  label: string;
  /**
   * `lang` of an x-codeSamples entry, spelled as Redoc's list of x-codeSamples languages spells it
   * (Docusaurus's OpenAPI theme matches it case for case against its own languages: Shell, Python,
   * Go, Java; Redoc, Scalar and Mintlify highlight by it).
   */
  lang: string;
  /** highlight.js language of the guides' tabs. */
  highlight: string;
  /** The sample file of an operation, relative to samples/. */
  file: (operationId: string) => string;
}

const snake = (id: string) =>
  id
    .replace(/([a-z0-9])([A-Z])/g, "$1_$2")
    .replace(/([A-Z])([A-Z][a-z])/g, "$1_$2")
    .toLowerCase();
const pascal = (id: string) => id[0]!.toUpperCase() + id.slice(1);

export const LANGUAGES: readonly SampleLanguage[] = [
  { id: "curl", label: "curl", lang: "Shell", highlight: "bash", file: (op) => `curl/${op}.sh` },
  {
    id: "typescript",
    label: "TypeScript",
    lang: "TypeScript",
    highlight: "typescript",
    file: (op) => `typescript/${op}.ts`,
  },
  { id: "python", label: "Python", lang: "Python", highlight: "python", file: (op) => `python/${snake(op)}.py` },
  { id: "go", label: "Go", lang: "Go", highlight: "go", file: (op) => `go/${op}/main.go` },
  { id: "java", label: "Java", lang: "Java", highlight: "java", file: (op) => `java/${pascal(op)}.java` },
];

/** The language of a sample file (relative to samples/), by its folder; `shell` scripts show as bash. */
export function languageOfFile(file: string): SampleLanguage {
  const folder = file.split("/")[0];
  if (folder === "shell") return { id: "shell", label: "Shell", lang: "Shell", highlight: "bash", file: () => file };
  const found = LANGUAGES.find((l) => l.id === folder);
  if (!found)
    throw new Error(`samples/${file}: not in a language folder (${LANGUAGES.map((l) => l.id).join(", ")}, shell)`);
  return found;
}

/** An x-codeSamples entry: what the reference shows for one operation in one language. */
export interface CodeSample {
  lang: string;
  label: string;
  source: string;
}

/** The x-codeSamples of an operation: one entry per language, each the sample file as it is. */
export function codeSamples(samplesDir: string, operationId: string): CodeSample[] {
  return LANGUAGES.map((l) => {
    const file = l.file(operationId);
    let source: string;
    try {
      source = readFileSync(join(samplesDir, file), "utf8");
    } catch {
      throw new Error(
        `samples/${file}: missing; every operation of the spec has one sample per language (${operationId}, ${l.label})`,
      );
    }
    return { lang: l.lang, label: l.label, source };
  });
}
