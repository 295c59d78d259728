// Which rules the vendor documents and which this spec decides: the root
// `x-cobrowse-provenance`, two maps from JSON pointers into the document to a note. A rule's
// provenance is that of the longest pointer listed that is the rule's own or an ancestor, so a
// `decision` entry inside a `vendor` one marks a decision about a documented field.
import type { OpenApiDocument } from "./document-types.js";
import { pointer, resolvePointer } from "./pointer.js";
import { assertShape } from "./rules.js";

export type ProvenanceKind = "vendor" | "decision";
export const PROVENANCE_KINDS: readonly ProvenanceKind[] = ["vendor", "decision"];

/** What the spec says about one rule's origin. */
export interface Provenance {
  /** `vendor`: documented by the vendor; `decision`: decided by this spec where the vendor is silent. */
  provenance: ProvenanceKind;
  /** The entry that decided it (a pointer listed in `x-cobrowse-provenance`). */
  entry: string;
  /** The entry's note. */
  note: string;
}

const PROVENANCE_SCHEMA = {
  type: "object",
  required: ["vendor", "decision"],
  additionalProperties: false,
  properties: {
    description: { type: "string" },
    vendor: { type: "object", minProperties: 1, additionalProperties: { type: "string", minLength: 1 } },
    decision: { type: "object", minProperties: 1, additionalProperties: { type: "string", minLength: 1 } },
  },
};

/** The pointer without its URI prefix (`urn:…#/a` and `#/a` are the same place). */
function normalise(at: string): string {
  const hash = at.indexOf("#");
  return hash < 0 ? at : at.slice(hash);
}

/**
 * `x-cobrowse-provenance`, read and checked for shape. An entry pointing at nothing is kept
 * (an edited copy of the spec may drop what it marks) and listed by `dangling()`; the shipped
 * spec's test holds it to none.
 */
export class ProvenanceMap {
  readonly #entries = new Map<string, { provenance: ProvenanceKind; note: string }>();
  readonly #dangling: string[] = [];
  /** Where the extension is. */
  readonly at = pointer("x-cobrowse-provenance");

  constructor(document: OpenApiDocument) {
    const raw = document["x-cobrowse-provenance"];
    if (raw === undefined) return;
    assertShape(raw, PROVENANCE_SCHEMA, this.at);
    for (const kind of PROVENANCE_KINDS) {
      for (const [entry, note] of Object.entries((raw as Record<ProvenanceKind, Record<string, string>>)[kind])) {
        if (!entry.startsWith("#/"))
          throw new Error(`the spec's ${this.at}/${kind}: "${entry}" is not a JSON pointer (#/...)`);
        try {
          resolvePointer(document, entry);
        } catch {
          this.#dangling.push(entry);
        }
        const other = this.#entries.get(entry);
        if (other)
          throw new Error(`the spec's ${this.at}: "${entry}" is listed as both ${other.provenance} and ${kind}`);
        this.#entries.set(entry, { provenance: kind, note });
      }
    }
  }

  /** The entries that point at nothing in the document. */
  dangling(): string[] {
    return [...this.#dangling];
  }

  /** Whether the spec states provenance at all. */
  get stated(): boolean {
    return this.#entries.size > 0;
  }

  /** The provenance of the rule at `at` (a JSON pointer); undefined when no entry covers it. */
  of(at: string): Provenance | undefined {
    let path = normalise(at);
    for (;;) {
      const found = this.#entries.get(path);
      if (found) return { provenance: found.provenance, entry: path, note: found.note };
      const cut = path.lastIndexOf("/");
      if (cut <= 1) return undefined;
      path = path.slice(0, cut);
    }
  }

  /** Every entry, as listed. */
  entries(): Array<{ entry: string } & Omit<Provenance, "entry">> {
    return [...this.#entries].map(([entry, v]) => ({ entry, ...v }));
  }
}
