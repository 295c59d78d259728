// Values the suite derives from a real token (or connectParam) to see it refused: forged in its
// shape, its signature tampered with, re-spelled in non-canonical base64url. The checks send
// them; `--replay` derives them again from a fresh token (`{{token|forge:SEED}}`...).

/** The base64url alphabet (RFC 4648 §5), in the order of its values. */
const B64URL = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";

/** Whether a character (one code point) is of the base64url alphabet. */
const isB64url = (ch: string): boolean => ch.length === 1 && B64URL.includes(ch);

/** A token of the same shape as a real one (same length, same separators), but forged. */
export function forge(token: string, seed: number): string {
  let state = seed >>> 0 || 1;
  let out = "";
  for (const ch of token) {
    if (!isB64url(ch)) {
      out += ch;
      continue;
    }
    state = (state * 1103515245 + 12345) >>> 0;
    out += B64URL[state % B64URL.length];
  }
  return out === token ? `${token}x` : out;
}

/**
 * The real token with one signature character changed. The first character after the last
 * `.` is used, not the last one: in base64url the last character of a 32-byte signature
 * carries 2 padding bits, so changing only those leaves the decoded bytes as they were.
 */
export function tamper(token: string): string {
  const at = token.lastIndexOf(".") + 1 < token.length ? token.lastIndexOf(".") + 1 : token.length - 1;
  const ch = token[at] ?? "A";
  return token.slice(0, at) + (ch === "A" ? "B" : "A") + token.slice(at + 1);
}

/**
 * The real token with the spare low bits of its last base64url character flipped: another
 * string that a lenient decoder turns into the same bytes (the 43rd character of a 32-byte
 * signature carries 2 such bits). A server must not accept this second spelling of a token it
 * issued. Undefined when the token's last part is not base64url with spare bits.
 */
export function nonCanonical(token: string): string | undefined {
  const part = token.slice(token.lastIndexOf(".") + 1);
  if (part === "" || ![...part].every(isB64url) || part.length % 4 === 0 || part.length % 4 === 1) return undefined;
  const value = B64URL.indexOf(part.at(-1)!);
  const flipped = token.slice(0, -1) + B64URL[value ^ 1];
  const bytes = (s: string) => Buffer.from(s.slice(s.lastIndexOf(".") + 1), "base64url");
  return bytes(flipped).equals(bytes(token)) ? flipped : undefined;
}
