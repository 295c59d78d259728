// The fenced code blocks of a Markdown file, each with where it starts, its info string and the
// snippet marker in front of it. The marker is an HTML comment on the line before the fence (a blank
// line between is allowed):
//
//   <!-- snippet: illustrative -->    shown, never run: a placeholder, a deployment's URL, an install line
//   <!-- snippet: typecheck -->       TypeScript that compiles against the packages but cannot run here
//   <!-- snippet: run -->             a shell block run with bash against the mock (TypeScript runs unmarked)
//
// An HTML comment renders nowhere (GitHub, npm, the portal) and leaves the info string to the
// highlighter and to the packages' own README tests, which select blocks by it.
import { readFileSync } from "node:fs";
import { join } from "node:path";

export const MARKERS = ["illustrative", "typecheck", "run"] as const;
export type Marker = (typeof MARKERS)[number];

export interface Block {
  /** The Markdown file, relative to the repository's root. */
  file: string;
  /** The 1-based line of the opening fence. */
  line: number;
  /** The block's language: the info string's first word, lower-cased ("" for none). */
  lang: string;
  /** The info string's other words (```sequence's caption, say). */
  attributes: string;
  /** The block's text, without the fences, ending with a newline. */
  code: string;
  marker: Marker | undefined;
  /** The `## ` (or deeper) heading the block sits under ("" before the first). */
  heading: string;
}

const MARKER = /^<!--\s*snippet:\s*(\S+)\s*-->$/;

/** Every fenced block of `file` (relative to `root`). A marker naming no known kind throws, naming file:line. */
export function blocksOf(root: string, file: string): Block[] {
  const lines = readFileSync(join(root, file), "utf8").split("\n");
  const blocks: Block[] = [];
  let heading = "";
  for (let i = 0; i < lines.length; i++) {
    const h = /^#{2,6}\s+(.*)$/.exec(lines[i]!);
    if (h) heading = h[1]!.trim();
    const open = /^( {0,3})(`{3,}|~{3,})\s*([^`]*)$/.exec(lines[i]!);
    if (!open) continue;
    const [, indent, fence, info] = open;
    const start = i;
    const body: string[] = [];
    for (i++; i < lines.length; i++) {
      const close = /^( {0,3})(`{3,}|~{3,})\s*$/.exec(lines[i]!);
      if (close && close[2]![0] === fence![0] && close[2]!.length >= fence!.length) break;
      body.push(lines[i]!.startsWith(indent!) ? lines[i]!.slice(indent!.length) : lines[i]!.trimStart());
    }
    const [lang = "", ...rest] = info!.trim().split(/\s+/);
    blocks.push({
      file,
      line: start + 1,
      lang: lang.toLowerCase(),
      attributes: rest.join(" "),
      code: body.length ? `${body.join("\n")}\n` : "",
      marker: markerBefore(lines, start, file),
      heading,
    });
  }
  return blocks;
}

function markerBefore(lines: string[], fence: number, file: string): Marker | undefined {
  let j = fence - 1;
  while (j >= 0 && lines[j]!.trim() === "") j--;
  const m = j >= 0 ? MARKER.exec(lines[j]!.trim()) : null;
  if (!m) return undefined;
  if (!(MARKERS as readonly string[]).includes(m[1]!)) {
    throw new Error(`${file}:${j + 1}: unknown snippet marker "${m[1]}" (known: ${MARKERS.join(", ")})`);
  }
  return m[1] as Marker;
}
