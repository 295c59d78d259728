// The request log: one record per request that reached an operation (answered, reset or
// dropped), for test harnesses in any language that count attempts and token requests
// (`GET /__mock/requests`, `mock.requests`). It holds no header, body, secret or token.

/** One request that reached an operation. */
export interface RequestRecord {
  /** 1, 2, 3 … in order of arrival (never reused, so `since` reads only newer records). */
  seq: number;
  operationId: string;
  /** The status answered; null while unanswered, or when no answer reached the client (a reset, a dropped connection). */
  status: number | null;
  /** The id of the fault that caught it, when one did. */
  fault?: number;
  /** For an operation that names a room: the room its answer named (as sent, or created), even when the answer was lost. */
  roomId?: string;
}

/** The request-log handle: `mock.requests`. */
export interface Requests {
  /** Records with a `seq` above `since` (default 0: all kept), oldest first. */
  list(since?: number): RequestRecord[];
  /** The `seq` of the newest record (0 when none): pass it to `list` later to read what came after. */
  last(): number;
}

/** The most records kept; older ones are dropped (a soak makes millions of requests). */
export const MAX_REQUEST_RECORDS = 10_000;

export class RequestLog implements Requests {
  #records: RequestRecord[] = [];
  #seq = 0;

  /** @internal A new record for a request of `operationId` that just arrived. */
  open(operationId: string): RequestRecord {
    const record: RequestRecord = { seq: ++this.#seq, operationId, status: null };
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
    return records.slice(lo).map((r) => ({ ...r }));
  }

  last(): number {
    return this.#seq;
  }
}
