// Where a JSON pointer into the spec is in its YAML (or JSON) source: line and column, for
// reports that point into the file (SARIF). The `yaml` package gives every node's range.
import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { fileURLToPath } from "node:url";
import { segmentsOf } from "@cec-cobrowse/spec";
import { isMap, isScalar, isSeq, LineCounter, type Node, parseDocument } from "yaml";

export interface Region {
  startLine: number;
  startColumn: number;
  endLine: number;
  endColumn: number;
}

declare const __filename: string | undefined;

/** The spec file `@cec-cobrowse/spec` ships. */
export function shippedSpecFile(): string {
  // this module's own file, in the CommonJS build and the ES module one alike
  const here = typeof __filename === "string" ? __filename : fileURLToPath(import.meta.url);
  return createRequire(here).resolve("@cec-cobrowse/spec/openapi.yaml");
}

export class SpecLocator {
  readonly #doc: ReturnType<typeof parseDocument>;
  readonly #lines = new LineCounter();
  readonly #cache = new Map<string, { region: Region; exact: boolean } | undefined>();

  constructor(
    readonly file: string,
    text = readFileSync(file, "utf8"),
  ) {
    this.#doc = parseDocument(text, { lineCounter: this.#lines, keepSourceTokens: false });
  }

  #region(start: number, end: number): Region {
    const a = this.#lines.linePos(start);
    const b = this.#lines.linePos(Math.max(start, end));
    return { startLine: a.line, startColumn: a.col, endLine: b.line, endColumn: b.col };
  }

  /**
   * The region of the node a pointer names (`#/components/schemas/Role/enum`): the key of its
   * last segment (or the array item). `exact` is false when the pointer leaves the file (through
   * a `$ref`, say) and its nearest ancestor in the file is given instead; undefined when not even the root is there.
   */
  locate(pointer: string): { region: Region; exact: boolean } | undefined {
    if (this.#cache.has(pointer)) return this.#cache.get(pointer);
    const segments = segmentsOf(pointer);
    let node: unknown = this.#doc.contents;
    let found: [number, number] | undefined = (node as Node | null)?.range
      ? [(node as Node).range![0], (node as Node).range![0]]
      : undefined;
    let exact = true;
    for (const segment of segments) {
      if (isMap(node)) {
        const pair = node.items.find((p) => String(isScalar(p.key) ? p.key.value : p.key) === segment);
        if (!pair) {
          exact = false;
          break;
        }
        const key = pair.key as Node | null;
        if (key?.range) found = [key.range[0], key.range[1]];
        node = pair.value;
      } else if (isSeq(node) && /^\d+$/.test(segment) && node.items[Number(segment)]) {
        const item = node.items[Number(segment)] as Node;
        if (item.range) found = [item.range[0], item.range[1]];
        node = item;
      } else {
        exact = false;
        break;
      }
    }
    const out = found ? { region: this.#region(found[0], found[1]), exact } : undefined;
    this.#cache.set(pointer, out);
    return out;
  }
}
