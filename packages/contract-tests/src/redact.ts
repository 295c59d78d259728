// Secrets (the app secret, every token seen, every secret-like value sent) never reach a
// report, a log line or an error message: everything printed goes through a Redactor.
import type { Exchange } from "./http.js";

export const REDACTED = "[REDACTED]";
const MAX_BODY_CHARS = 2000;

/** A request or response as printed in reports: secrets redacted, big bodies cut. */
export interface PrintedExchange {
  label: string;
  operationId?: string;
  request: { method: string; path: string; headers: Record<string, string>; body?: string };
  response?: { status: number; headers: Record<string, string>; body: string };
  error?: string;
}

/**
 * What a secret stands for, so that a curl command or a replay file can name it instead of
 * showing it: the app secret, an issued token, a token derived from one (tampered with,
 * re-spelled, forged in its shape), a deliberately wrong secret. Unlabelled secrets are only
 * ever `[REDACTED]`.
 */
export type SecretLabel =
  | "secret"
  | "token"
  | "wrong-secret"
  | `token|${"tamper" | "respell"}`
  | `token|forge:${number}`;

/** The marker a labelled secret becomes in a replay record: `{{token}}`, `{{secret}}`...; `{{redacted}}` for unlabelled ones. */
export const placeholder = (label: SecretLabel | undefined): string => `{{${label ?? "redacted"}}}`;
export const PLACEHOLDER = /\{\{(secret|token(?:\|(?:tamper|respell|forge:-?\d+))?|wrong-secret|redacted)\}\}/g;

export class Redactor {
  readonly #secrets = new Map<string, SecretLabel | undefined>();

  /** Registers a value that must never be printed (values under 4 characters are ignored), with what it stands for when known. */
  add(value: string | undefined, label?: SecretLabel): void {
    if (value === undefined || value.length < 4) return;
    if (!this.#secrets.has(value) || (label !== undefined && this.#secrets.get(value) === undefined))
      this.#secrets.set(value, label);
  }

  /** Every spelling of every registered secret (as is, and as JSON text spells it), longest first, with its label. */
  #spellings(): Array<[string, SecretLabel | undefined]> {
    const spellings = new Map<string, SecretLabel | undefined>();
    for (const [secret, label] of this.#secrets) {
      for (const spelling of [secret, JSON.stringify(secret).slice(1, -1)])
        if (!spellings.has(spelling)) spellings.set(spelling, label);
    }
    return [...spellings].sort((a, b) => b[0].length - a[0].length);
  }

  /** A string with every registered secret replaced by its placeholder (`{{token}}`, `{{secret}}`, `{{redacted}}`). */
  placeholders(value: string): string {
    let out = value;
    for (const [secret, label] of this.#spellings()) {
      if (out.includes(secret)) out = out.split(secret).join(placeholder(label));
    }
    return out;
  }

  /** The label of a registered secret, or undefined. */
  labelOf(value: string): SecretLabel | undefined {
    return this.#secrets.get(value);
  }

  /** Whether a value is a registered secret. */
  has(value: string): boolean {
    return this.#secrets.has(value);
  }

  /**
   * Replaces every registered secret in a string, as it is and as JSON text spells it (a quote,
   * backslash or control character escaped). Longest first, so a secret containing another is
   * caught whole.
   */
  text(value: string): string {
    let out = value;
    for (const [secret] of this.#spellings()) {
      if (out.includes(secret)) out = out.split(secret).join(REDACTED);
    }
    return out;
  }

  header(name: string, value: string): string {
    const lower = name.toLowerCase();
    if (lower === "authorization") {
      const m = /^(\S+)(\s+)(.*)$/.exec(value);
      return m ? `${m[1]}${m[2]}${REDACTED}` : REDACTED;
    }
    return this.text(value);
  }

  headers(headers: Record<string, string>): Record<string, string> {
    return Object.fromEntries(Object.entries(headers).map(([k, v]) => [k, this.header(k, v)]));
  }

  /** Redacts a JSON text: values of secret-named fields, then every registered secret. */
  body(body: string | Buffer | undefined): string | undefined {
    if (body === undefined) return undefined;
    const text = Buffer.isBuffer(body) ? body.toString("utf8") : body;
    let out = text;
    try {
      const parsed: unknown = JSON.parse(text);
      out = JSON.stringify(redactFields(parsed));
    } catch {
      // not JSON: only the registered secrets are replaced
    }
    out = this.text(out);
    return out.length > MAX_BODY_CHARS ? `${out.slice(0, MAX_BODY_CHARS)}… (${text.length} characters in all)` : out;
  }

  exchange(x: Exchange): PrintedExchange {
    const printed: PrintedExchange = {
      label: x.label,
      request: {
        method: x.request.method,
        path: x.request.path,
        headers: this.headers(x.request.headers),
      },
    };
    if (x.operationId) printed.operationId = x.operationId;
    const body = this.body(x.request.body);
    if (body !== undefined) printed.request.body = body;
    if (x.response) {
      printed.response = {
        status: x.response.status,
        headers: this.headers(x.response.headers),
        body: this.body(x.response.text) ?? "",
      };
    }
    if (x.error) printed.error = this.text(x.error);
    return printed;
  }
}

export const SECRET_FIELD = /secret|password|token|authorization/i;

function redactFields(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(redactFields);
  if (typeof value !== "object" || value === null) return value;
  return Object.fromEntries(
    Object.entries(value).map(([k, v]) => [
      k,
      SECRET_FIELD.test(k) && typeof v === "string" ? REDACTED : redactFields(v),
    ]),
  );
}
