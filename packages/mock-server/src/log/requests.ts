// The request log: one record per request that reached an operation (answered, reset or
// dropped), for test harnesses in any language that count attempts and token requests
// (`GET /__mock/requests`, `mock.requests`). It holds no secret or token (a token appears by its
// id), and of headers and bodies only what notes.ts notes, bounded.
import type { ChaosKind } from "../chaos/settings.js";
import type { TokenArrival } from "../tokens/registry.js";
import type { NotedHeaders } from "./notes.js";

/** One request that reached an operation. */
export interface RequestRecord {
  /** 1, 2, 3 … in order of arrival (never reused, so `since` reads only newer records). */
  seq: number;
  operationId: string;
  /**
   * The status answered; null while unanswered, or when no whole answer reached the client (a
   * reset, a dropped connection, a flood or trickle the client stopped reading).
   */
  status: number | null;
  /** When it arrived (its headers), in ms since the epoch (the server's clock, `now`). */
  at: number;
  /**
   * The X-Request-Id it was answered with (its own when well formed, else one the mock made).
   * Always set by this version; optional in the type, as records of earlier versions lack it.
   */
  requestId?: string;
  /** The X-Mock-Scope it named; absent for the default scope "" (and for a malformed one). */
  scope?: string;
  /** The id of the queued fault that caught it, when one did. */
  fault?: number;
  /** The fault the chaos mode drew for it, when it drew one (and no queued fault caught it first). */
  chaos?: ChaosKind;
  /** The room it named in its body, or the room its answer named (as sent, or created), even when the answer was lost. */
  roomId?: string;
  /** The `role` and `userId` of its body, when present (getConnectionInfo). */
  role?: string;
  userId?: string;
  /** The bearer token it carried (never the token itself): its id and its state at arrival, before this request's own fault applied. */
  token?: TokenArrival;
  /** The token it was issued (tokenByAkSk), even when the answer was then lost: its id and lifetime in seconds. */
  issued?: { id: string; lifetime: number };
  /** Its identification header's value (the spec's `x-cobrowse-client-headers`, `User-Agent`), at most 256 characters. */
  userAgent?: string;
  /** Its attempt header's value (`X-Cobrowse-Attempt`): the integer, or the text (at most 256 characters) when it is not a whole number. */
  attempt?: number | string;
  /** Whether its W3C `traceparent` header, when it sent one, was well formed. */
  traceparent?: boolean;
  /** Its `X-Hook-Attempt` header's value (the scenarios' before-request hook), as `attempt`. */
  hook?: number | string;
  /** The names (never the values) of its JSON body's top-level fields, in order, at most 64 (each at most 256 characters). */
  bodyFields?: string[];
  /** The body had more than 64 top-level fields. */
  bodyFieldsTruncated?: true;
  /** For a flood: the body bytes handed to the socket before the client stopped reading or closed (compressed ones for gzip). */
  bytesSent?: number;
}

/** The request-log handle: `mock.requests`. */
export interface Requests {
  /**
   * The header each header-derived field of a record comes from: `{ userAgent, attempt,
   * traceparent, hook }`. Always set by this version; optional in the type, as earlier versions lack it.
   */
  readonly headers?: Readonly<NotedHeaders>;
  /** Records with a `seq` above `since` (default 0: all kept), oldest first. */
  list(since?: number): RequestRecord[];
  /** The `seq` of the newest record (0 when none): pass it to `list` later to read what came after. */
  last(): number;
}

/** The most records kept; older ones are dropped (a soak makes millions of requests). */
export const MAX_REQUEST_RECORDS = 10_000;

export class RequestLog implements Requests {
  readonly headers: Readonly<NotedHeaders>;
  #records: RequestRecord[] = [];
  #seq = 0;

  constructor(headers: NotedHeaders) {
    this.headers = Object.freeze({ ...headers });
  }

  /** @internal A new record for a request of `operationId` that arrived `at` in `scope`, answered with `requestId`. */
  open(operationId: string, at: number, requestId: string, scope?: string): RequestRecord {
    const record: RequestRecord = { seq: ++this.#seq, operationId, status: null, at, requestId };
    if (scope) record.scope = scope;
    this.#records.push(record);
    // Drop the oldest half at once: amortised O(1) per request.
    if (this.#records.length > MAX_REQUEST_RECORDS) this.#records = this.#records.slice(MAX_REQUEST_RECORDS / 2);
    return record;
  }

  list(since = 0): RequestRecord[] {
    const records = this.#records;
    // Records are in seq order: find the first newer one by binary search.
    let lo = 0;
    let hi = records.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (records[mid]!.seq <= since) lo = mid + 1;
      else hi = mid;
    }
    return records.slice(lo).map((r) => structuredClone(r));
  }

  last(): number {
    return this.#seq;
  }
}
