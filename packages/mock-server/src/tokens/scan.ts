// The leak scan (`mock.scan(texts)`, `POST /__mock/scan`): which texts a client produced (error
// messages, log lines, reprs) hold the app secret or a token this mock issued. Bounded, and it
// never echoes a secret or a token: findings name a text by its index and a token by its id.
import type { Finding, TokenRegistry } from "./registry.js";

/** Texts scanned at once, at most. */
export const MAX_SCAN_TEXTS = 10_000;
/** Characters scanned at once, in all the texts together, at most (4 Mi). */
export const MAX_SCAN_CHARS = 4 * 1024 * 1024;

export interface ScanResult {
  findings: Finding[];
}

/** Texts the scan refuses: `status` is 400 (not an array of strings) or 413 (over a bound). */
export class ScanInputError extends Error {
  override name = "ScanInputError";
  readonly status: 400 | 413;
  constructor(status: 400 | 413, message: string) {
    super(message);
    this.status = status;
  }
}

/** Scans `texts` for `secret` and the tokens of `registry`; throws ScanInputError naming the field. */
export function scanTexts(registry: TokenRegistry, texts: unknown, secret: string): ScanResult {
  if (!Array.isArray(texts)) throw new ScanInputError(400, 'texts: must be an array of strings, as in {"texts":["…"]}');
  if (texts.length > MAX_SCAN_TEXTS)
    throw new ScanInputError(413, `texts: holds ${texts.length} texts; send at most ${MAX_SCAN_TEXTS} at a time`);
  let total = 0;
  for (let i = 0; i < texts.length; i++) {
    const text: unknown = texts[i];
    if (typeof text !== "string") throw new ScanInputError(400, `texts[${i}]: must be a string`);
    total += text.length;
  }
  if (total > MAX_SCAN_CHARS)
    throw new ScanInputError(413, `texts: hold ${total} characters in all; send at most ${MAX_SCAN_CHARS} at a time`);
  return { findings: registry.scan(texts as string[], secret) };
}
