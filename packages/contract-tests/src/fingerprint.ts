// A failure's fingerprint: what a baseline lists. Stable across runs by construction: only the
// check, the rule, the operation, the spec location of the rule broken and the status answered go
// into it (never a message, which holds room ids, seeds and generated values).
import { createHash } from "node:crypto";

export interface FingerprintParts {
  check: string;
  rule?: string | undefined;
  operationId?: string | undefined;
  specLocation: string;
  /** The status answered, when there was an answer. */
  status?: number | undefined;
}

/** 16 hex digits of the SHA-256 of the parts. */
export function fingerprintOf(parts: FingerprintParts): string {
  const key = JSON.stringify([
    parts.check,
    parts.rule ?? "",
    parts.operationId ?? "",
    parts.specLocation,
    parts.status ?? null,
  ]);
  return createHash("sha256").update(key).digest("hex").slice(0, 16);
}
