// The search index's options, shared by the build (which indexes) and the page (which loads the
// index): MiniSearch needs the same fields and storage on both sides.
export interface SearchDocument {
  id: string;
  /** What the result shows first: an operation's summary, a field's name, a guide's heading. */
  title: string;
  /** Where it is: the operation or guide it belongs to. */
  context: string;
  /** Words searched but not shown (descriptions, a section's text). */
  text: string;
  /** The result's address, relative to dist/. */
  url: string;
}

export const SEARCH_INDEX = "search-index.json";

export const SEARCH_OPTIONS = {
  fields: ["title", "context", "text"],
  storeFields: ["title", "context", "url"],
  searchOptions: { boost: { title: 3, context: 1.5 }, prefix: true, fuzzy: 0.15 },
} as const;
