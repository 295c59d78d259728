// Who runs each block, decided from its language, its marker and the packages' own README tests.
import type { Block } from "./blocks.js";
import { COVERAGE } from "./covered.js";
import { checkShell } from "./shell.js";

export type Verdict =
  /** A TypeScript block this package type-checks and runs against the mock, or a shell block marked `run` it runs with bash. */
  | { kind: "run" }
  /** A TypeScript block marked `typecheck`: compiled against the packages, not run. */
  | { kind: "typecheck" }
  /** Run by a package's own README test. */
  | { kind: "covered"; by: string }
  /** Checked here without running: a shell block's pnpm scripts exist, a JSON block parses. */
  | { kind: "checked"; how: string }
  /** Not code: output, a diagram, another tool's markup. */
  | { kind: "output" }
  /** Marked `illustrative`. */
  | { kind: "illustrative" }
  /** Nobody runs it: the test fails, naming file:line and why. */
  | { kind: "nobody"; why: string };

/** Languages that are output or another tool's markup, never our code: counted as illustrative by kind. */
export const OUTPUT_KINDS = new Set(["", "text", "sequence", "html", "xml"]);
export const TYPESCRIPT = new Set(["ts", "typescript", "js", "javascript"]);
export const SHELL = new Set(["sh", "bash", "shell"]);

export function verdictOf(root: string, block: Block): Verdict {
  const covered = COVERAGE.find((c) => c.selects(block));
  if (block.marker === "typecheck" && !TYPESCRIPT.has(block.lang))
    return { kind: "nobody", why: `"typecheck" marks TypeScript blocks; this one is \`\`\`${block.lang}` };
  if (block.marker === "run" && !SHELL.has(block.lang))
    return {
      kind: "nobody",
      why: `"run" marks shell blocks (TypeScript runs unmarked); this one is \`\`\`${block.lang}`,
    };
  if (covered)
    return block.marker
      ? { kind: "nobody", why: `marked "${block.marker}", but ${covered.test} runs it: drop the marker` }
      : { kind: "covered", by: covered.test };
  if (block.marker === "illustrative") return { kind: "illustrative" };
  if (OUTPUT_KINDS.has(block.lang)) return { kind: "output" };
  if (block.lang === "json") return { kind: "checked", how: "parses as JSON" };
  if (TYPESCRIPT.has(block.lang)) return block.marker === "typecheck" ? { kind: "typecheck" } : { kind: "run" };
  if (SHELL.has(block.lang) && block.marker === "run") return { kind: "run" };
  if (SHELL.has(block.lang)) {
    const problem = checkShell(root, block.file, block.code);
    return problem
      ? {
          kind: "nobody",
          why: `${problem}: no test runs this block; mark it <!-- snippet: illustrative --> if it cannot run here`,
        }
      : { kind: "checked", how: "each pnpm command names a script that exists" };
  }
  return {
    kind: "nobody",
    why: `no test runs \`\`\`${block.lang} blocks of this file (see packages/readme-snippets/src/covered.ts)`,
  };
}

/** A JSON block parses whole, or as one JSON value per line (NDJSON). */
export function jsonProblem(code: string): string | undefined {
  try {
    JSON.parse(code);
    return undefined;
  } catch (whole) {
    const lines = code.split("\n").filter((l) => l.trim());
    try {
      for (const l of lines) JSON.parse(l);
      return lines.length > 1 ? undefined : String(whole);
    } catch (e) {
      return String(e);
    }
  }
}
