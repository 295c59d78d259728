// The search index, built once at build time from the reference model and the guides: every
// operation, header, field and status, and every section of every guide. The page loads MiniSearch
// and this index only when a reader first focuses the search box.

import { Marked, type Token } from "marked";
import MiniSearch from "minisearch";
import { slugify } from "../build/markdown.js";
import type { OperationModel, ReferenceModel } from "../build/reference/model.js";
import { SEARCH_OPTIONS, type SearchDocument } from "./options.js";

/** How much of a guide section's text is indexed: enough for its words, small enough for a small index. */
const SECTION_TEXT = 480;

const plain = (s: string | undefined) =>
  (s ?? "")
    .replace(/[`*_]/g, "")
    .replace(/\[([^\]]*)\]\([^)]*\)/g, "$1")
    .replace(/\s+/g, " ")
    .trim();

function operationDocuments(op: OperationModel): SearchDocument[] {
  const at = `index.html#${op.anchor}`;
  const docs: SearchDocument[] = [
    {
      id: op.anchor,
      title: op.summary,
      context: `${op.method} ${op.path}`,
      text: plain(
        `${op.id} ${op.tag} ${op.description} ${op.headers.map((h) => h.name).join(" ")} ${op.body?.fields.map((f) => f.name).join(" ") ?? ""}`,
      ),
      url: at,
    },
  ];
  for (const h of op.headers)
    docs.push({
      id: `${op.anchor}/header/${h.name}`,
      title: h.name,
      context: `${op.summary} · request header`,
      text: plain(h.description),
      url: `${at}/header/${h.name.toLowerCase()}`,
    });
  for (const f of op.body?.fields ?? [])
    docs.push({
      id: `${op.anchor}/body/${f.name}`,
      title: f.name,
      context: `${op.summary} · request body`,
      text: plain(f.description),
      url: `${at}/body/${f.name}`,
    });
  for (const r of op.responses) {
    docs.push({
      id: `${op.anchor}/${r.status}`,
      title: `${r.status} ${r.reason}`,
      context: `${op.summary} · response`,
      text: plain(r.description),
      url: `${at}/${r.status}`,
    });
    if (!r.status.startsWith("2")) continue;
    for (const f of r.body?.fields ?? [])
      docs.push({
        id: `${op.anchor}/${r.status}/${f.name}`,
        title: f.name,
        context: `${op.summary} · ${r.status} answer`,
        text: plain(f.description),
        url: `${at}/${r.status}/${f.name}`,
      });
  }
  return docs;
}

/** A guide's sections: its title and each heading, with the text under it. */
function guideDocuments(slug: string, title: string, markdown: string): SearchDocument[] {
  const url = `guides/${slug}.html`;
  const sections: SearchDocument[] = [{ id: url, title, context: "Guide", text: "", url }];
  const marked = new Marked({ gfm: true });
  for (const token of marked.lexer(markdown) as Token[]) {
    if (token.type === "heading" && token.depth > 1) {
      const id = slugify(token.text);
      sections.push({ id: `${url}#${id}`, title: plain(token.text), context: title, text: "", url: `${url}#${id}` });
    } else if (token.type === "paragraph" || token.type === "list" || token.type === "table") {
      const last = sections.at(-1)!;
      if (last.text.length < SECTION_TEXT) last.text = `${last.text} ${plain(token.raw)}`.slice(0, SECTION_TEXT);
    }
  }
  return sections;
}

export function buildSearchIndex(
  model: ReferenceModel,
  guides: Array<{ slug: string; title: string; markdown: string }>,
): string {
  const search = new MiniSearch<SearchDocument>({
    ...SEARCH_OPTIONS,
    fields: [...SEARCH_OPTIONS.fields],
    storeFields: [...SEARCH_OPTIONS.storeFields],
  });
  search.addAll([
    ...model.operations.flatMap(operationDocuments),
    ...guides.flatMap((g) => guideDocuments(g.slug, g.title, g.markdown)),
  ]);
  return JSON.stringify(search);
}
