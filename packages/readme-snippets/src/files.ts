// Which Markdown files hold snippets: every README of the repository and every guide of the docs
// portal, as git tracks them. Generated folders (openapi-generator's own READMEs and docs/ under
// generated/), CHANGELOGs (written by changesets) and the released API reports are generated text,
// never edited by hand, so they are not ours to keep runnable. A README not yet committed counts
// (tracked or not ignored).
import { execFileSync } from "node:child_process";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

export const ROOT = join(dirname(fileURLToPath(import.meta.url)), "..", "..", "..");

/** Paths (relative to the root, "/"-separated) of the Markdown files whose blocks are checked. */
export function markdownFiles(root = ROOT): string[] {
  const tracked = execFileSync("git", ["ls-files", "-z", "--cached", "--others", "--exclude-standard", "--", "*.md"], {
    cwd: root,
    encoding: "utf8",
  })
    .split("\0")
    .filter(Boolean);
  return [...new Set(tracked)].filter(inScope).sort();
}

export function inScope(path: string): boolean {
  const parts = path.split("/");
  if (parts.includes("node_modules") || parts.includes("generated")) return false;
  const name = parts[parts.length - 1]!;
  if (name === "README.md") return true;
  return /^packages\/docs\/guides\/[^/]+\.md$/.test(path);
}
