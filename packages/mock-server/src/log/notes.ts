// What the request log notes of an attempt besides its outcome: the room, role and user its JSON
// body names and the names (never the values) of the body's top-level fields; the headers a
// client adds to say who it is and which attempt of its call this is (the spec's
// x-cobrowse-client-headers), whether it propagated a W3C trace context, and the scenarios'
// hook header. Every noted string is bounded and never holds the app secret or the attempt's token.
import type { IncomingHttpHeaders } from "node:http";
import type { SpecValidator } from "@cec-cobrowse/spec";
import type { RequestRecord } from "./requests.js";

/**
 * The header the shared scenarios' before-request hooks add (`X-Hook-Attempt: <attempt>`),
 * noted as `hook`. Test-only, named here once: the control API's request log answer says it
 * (`headers.hook`), and the runners read it there.
 */
export const HOOK_HEADER = "X-Hook-Attempt";
/** The W3C Trace Context header. */
export const TRACEPARENT_HEADER = "traceparent";

/** The header each noted header field comes from (the first two from the spec, when it states them). */
export interface NotedHeaders {
  userAgent?: string;
  attempt?: string;
  traceparent: string;
  hook: string;
}

/** The longest noted string (a header's value, a field's name), in characters. */
export const NOTED_LENGTH = 256;
/** The most body field names noted per request. */
export const MAX_BODY_FIELDS = 64;
/** The body fields whose string values the log keeps (each of at most NOTED_LENGTH characters). */
const NOTED = ["roomId", "role", "userId"] as const;
const REDACTED = "[REDACTED]";
// version (never "ff") - trace-id - parent-id - flags, lower-case hex; all-zero ids are invalid.
const TRACEPARENT = /^(?!ff)[0-9a-f]{2}-(?!0{32})[0-9a-f]{32}-(?!0{16})[0-9a-f]{16}-[0-9a-f]{2}$/;
const WHOLE = /^[1-9][0-9]{0,8}$/;

export interface Noter {
  /** The header each noted field comes from. */
  readonly names: Readonly<NotedHeaders>;
  /** Notes the client headers of a request that carries `bearer` (its token, without the scheme). */
  headers(record: RequestRecord, headers: IncomingHttpHeaders, bearer: string | undefined): void;
  /** Notes what a parsed JSON body names. */
  body(record: RequestRecord, value: unknown, bearer: string | undefined): void;
}

/** The log's noter for a spec and the app secret it must never note. */
export function noter(spec: SpecValidator, secret: string): Noter {
  const rule = spec.rules.clientHeaders;
  const names: NotedHeaders = {
    ...(rule && { userAgent: rule.userAgent.header, attempt: rule.attempt.header }),
    traceparent: TRACEPARENT_HEADER,
    hook: HOOK_HEADER,
  };
  const ua = names.userAgent?.toLowerCase();
  const attempt = names.attempt?.toLowerCase();
  const hook = HOOK_HEADER.toLowerCase();

  /** At most NOTED_LENGTH characters, without the secret or the token. */
  const bounded = (value: string, bearer: string | undefined): string => {
    let text = value;
    if (secret !== "" && text.includes(secret)) text = text.replaceAll(secret, REDACTED);
    if (bearer && text.includes(bearer)) text = text.replaceAll(bearer, REDACTED);
    return text.length > NOTED_LENGTH ? text.slice(0, NOTED_LENGTH) : text;
  };
  /** The integer a header says (1 … 999999999 in plain decimal), else its text, bounded. */
  const count = (value: string | string[], bearer: string | undefined): number | string => {
    const text = Array.isArray(value) ? value.join(", ") : value;
    return WHOLE.test(text) ? Number(text) : bounded(text, bearer);
  };

  return {
    names,
    headers(record, headers, bearer) {
      if (ua !== undefined) {
        const value = headers[ua];
        if (value !== undefined) record.userAgent = bounded(Array.isArray(value) ? value.join(", ") : value, bearer);
      }
      if (attempt !== undefined) {
        const value = headers[attempt];
        if (value !== undefined) record.attempt = count(value, bearer);
      }
      const trace = headers.traceparent;
      if (trace !== undefined) record.traceparent = typeof trace === "string" && TRACEPARENT.test(trace);
      const hooked = headers[hook];
      if (hooked !== undefined) record.hook = count(hooked, bearer);
    },
    body(record, value, bearer) {
      if (typeof value !== "object" || value === null || Array.isArray(value)) return;
      const body = value as Record<string, unknown>;
      for (const field of NOTED) {
        const v = body[field];
        if (typeof v === "string" && v.length <= NOTED_LENGTH) record[field] = v;
      }
      // for…in with a bound: a body of 100 000 fields costs no more than one of 64.
      const fields: string[] = [];
      for (const name in body) {
        if (fields.length === MAX_BODY_FIELDS) {
          record.bodyFieldsTruncated = true;
          break;
        }
        fields.push(bounded(name, bearer));
      }
      record.bodyFields = fields;
    },
  };
}
