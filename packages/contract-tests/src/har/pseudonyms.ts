// Secrets in a recording: the app secret, every token and every connectParam become a pseudonym
// (`[REDACTED:token-2]`), the same one wherever the value appears (headers, bodies, URLs; as is,
// JSON-escaped or percent-encoded). So a recording shows none of them, yet `validate` can still
// follow a token from its issue to its uses, and a connectParam to its room; a pseudonym is padded
// with `*` to the value's length, so length rules judge the same.

export type SecretKind = "secret" | "token" | "connectParam" | "credential";

export class Pseudonyms {
  readonly #names = new Map<string, string>();
  readonly #counts = new Map<SecretKind, number>();

  /** Registers a value (4 characters or more) of a kind; its pseudonym is fixed from then on. */
  add(value: string | undefined | null, kind: SecretKind): void {
    if (value === undefined || value === null || value.length < 4 || this.#names.has(value)) return;
    const n = (this.#counts.get(kind) ?? 0) + 1;
    this.#counts.set(kind, n);
    const tag = `[REDACTED:${kind}-${n}]`;
    this.#names.set(value, tag.length < value.length ? tag.padEnd(value.length, "*") : tag);
  }

  get size(): number {
    return this.#names.size;
  }

  /** A text with every registered value, in each of its spellings, replaced by its pseudonym (longest values first). */
  text(value: string): string {
    let out = value;
    const spellings: Array<[string, string]> = [];
    for (const [secret, name] of this.#names) {
      for (const spelling of new Set([secret, JSON.stringify(secret).slice(1, -1), encodeURIComponent(secret)]))
        spellings.push([spelling, name]);
    }
    spellings.sort((a, b) => b[0].length - a[0].length);
    for (const [spelling, name] of spellings) if (out.includes(spelling)) out = out.split(spelling).join(name);
    return out;
  }
}

/** Whether a value is a pseudonym of a recording (a `validate` run treats it as the secret it stands for). */
export const isPseudonym = (value: string): boolean => /^\[REDACTED:[a-zA-Z]+-\d+\]\**$/.test(value);
export const PSEUDONYM = /\[REDACTED:[a-zA-Z]+-\d+\]\**/g;
