// A copy of a body as it streams past, for the judge: bounded, so a huge body costs no more than
// the limit (its full size is still counted).

/** Bodies are copied up to this many bytes (the spec's body limit is 1 MiB; what is over it is judged by its size). */
export const CAPTURE_LIMIT = 4 * 1024 * 1024;

export class Capture {
  readonly #chunks: Buffer[] = [];
  #kept = 0;
  size = 0;

  constructor(readonly limit = CAPTURE_LIMIT) {}

  add(chunk: Buffer): void {
    this.size += chunk.length;
    if (this.#kept >= this.limit) return;
    const part = chunk.length + this.#kept > this.limit ? chunk.subarray(0, this.limit - this.#kept) : chunk;
    this.#chunks.push(Buffer.from(part));
    this.#kept += part.length;
  }

  get body(): Buffer {
    return Buffer.concat(this.#chunks);
  }

  get truncated(): boolean {
    return this.size > this.#kept;
  }
}
