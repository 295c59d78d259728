import { createHash, createHmac, randomBytes, timingSafeEqual } from "node:crypto";

/**
 * Stateless signed strings: `base64url(JSON payload) + "." + base64url(HMAC-SHA256(key, payload part))`.
 * Tokens and connectParams use keys derived from one signing key with different labels, so a
 * token never verifies as a connectParam and the other way round. Replicas given the same
 * signing key issue and accept each other's tokens and connectParams.
 */
export class Signer {
  readonly #key: Buffer;
  readonly #maxLength: number;

  /** `maxLength`: the longest signed string `verify` reads (longer ones are malformed, unread). */
  constructor(signingKey: Buffer, label: string, maxLength: number) {
    this.#key = createHmac("sha256", signingKey).update(`cec-cobrowse mock ${label} v1`).digest();
    this.#maxLength = maxLength;
  }

  sign(payload: object): string {
    const body = Buffer.from(JSON.stringify(payload), "utf8").toString("base64url");
    return `${body}.${createHmac("sha256", this.#key).update(body).digest("base64url")}`;
  }

  /**
   * The payload when `value` is well formed and its signature verifies; `"malformed"` when it
   * is not of the signed-string shape; `"forged"` when the signature does not verify.
   */
  verify(value: string): Record<string, unknown> | "malformed" | "forged" {
    if (value.length > this.#maxLength) return "malformed";
    const dot = value.indexOf(".");
    if (dot <= 0 || dot !== value.lastIndexOf(".")) return "malformed";
    const body = value.slice(0, dot);
    const signature = value.slice(dot + 1);
    if (!canonicalBase64url(body) || !canonicalBase64url(signature)) return "malformed";
    const given = Buffer.from(signature, "base64url");
    const expected = this.#mac(body);
    if (given.length !== expected.length || !timingSafeEqual(given, expected)) return "forged";
    try {
      const payload: unknown = JSON.parse(Buffer.from(body, "base64url").toString("utf8"));
      if (typeof payload !== "object" || payload === null || Array.isArray(payload)) return "malformed";
      return payload as Record<string, unknown>;
    } catch {
      return "malformed";
    }
  }

  #mac(body: string): Buffer {
    return createHmac("sha256", this.#key).update(body).digest();
  }
}

const BASE64URL = /^[A-Za-z0-9_-]+$/;

/**
 * Whether `text` is base64url in its one canonical form: unpadded, and with the spare low bits
 * of the last character zero. Decoders ignore those bits (a 32-byte MAC takes 43 characters,
 * the last carrying 2 spare bits), so without this check four spellings of one signature
 * would verify; only the one `sign` produces does.
 */
function canonicalBase64url(text: string): boolean {
  return BASE64URL.test(text) && Buffer.from(text, "base64url").toString("base64url") === text;
}

/** The signing key from a string or buffer; a random 32-byte key when none is given. */
export function signingKeyFrom(value: string | Buffer | undefined): { key: Buffer; random: boolean } {
  if (value === undefined || value === "") return { key: randomBytes(32), random: true };
  return { key: Buffer.isBuffer(value) ? value : Buffer.from(value, "utf8"), random: false };
}

/** Compares two strings in time that does not depend on where they differ (nor on their lengths). */
export function constantTimeEqual(a: string, b: string): boolean {
  const ha = createHash("sha256").update(a, "utf8").digest();
  const hb = createHash("sha256").update(b, "utf8").digest();
  return timingSafeEqual(ha, hb) && a.length === b.length;
}
