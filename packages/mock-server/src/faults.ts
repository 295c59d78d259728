/** What an injected fault does to the requests it catches. */
export interface FaultSpec {
  /** How many requests this fault catches (default 1). */
  count?: number;
  /** Only requests of this operation (`tokenByAkSk`, `getConnectionInfo`); any operation when absent. */
  operationId?: string;
  /** Answer this HTTP status (400..599) with an ErrorResponse body. */
  status?: number;
  /** `Retry-After` seconds sent with `status` (429 and 503 send 1 when absent). */
  retryAfter?: number;
  /** Wait this many milliseconds first (alone: then answer normally). */
  delayMs?: number;
  /** Reset the connection (TCP RST) instead of answering. */
  reset?: boolean;
  /**
   * Answer `200` with `success: false` and this `errorCode` / `errorReason`, the failure the spec
   * allows inside a 200 of `getConnectionInfo` (so `operationId` must be `getConnectionInfo`).
   */
  applicationError?: { errorCode?: number; errorReason?: string };
}

/** A fault waiting in the queue, as `list()` and the control endpoint show it. */
export interface PendingFault {
  id: number;
  remaining: number;
  operationId?: string;
  status?: number;
  retryAfter?: number;
  delayMs?: number;
  reset?: boolean;
  applicationError?: { errorCode: number; errorReason: string };
}

/** The fault-injection handle: `mock.faults`. */
export interface Faults {
  /** Queues a fault; the next `count` matching requests take it. Throws on an invalid spec. */
  inject(spec: FaultSpec): PendingFault;
  /** Drops every queued fault. */
  clear(): void;
  /** The queued faults, oldest first. */
  list(): PendingFault[];
}

/** Why a fault spec is refused, naming the field: `count: must be an integer from 1 to 1000000`. */
export class FaultSpecError extends Error {
  override name = "FaultSpecError";
}

const MAX_COUNT = 1_000_000;
const MAX_DELAY_MS = 600_000;

const isInt = (v: unknown, min: number, max: number): v is number =>
  typeof v === "number" && Number.isInteger(v) && v >= min && v <= max;

/** Checks an untrusted fault spec (from the library or the control endpoint). */
/** A checked fault spec: `count` filled in, `applicationError` with its defaults. */
type ParsedFault = Omit<FaultSpec, "applicationError"> & { count: number; applicationError?: { errorCode: number; errorReason: string } };

export function parseFaultSpec(input: unknown, operationIds: readonly string[]): ParsedFault {
  if (typeof input !== "object" || input === null || Array.isArray(input)) {
    throw new FaultSpecError('fault: must be a JSON object such as {"count":1,"status":503}');
  }
  const spec = input as Record<string, unknown>;
  const known = new Set(["count", "operationId", "status", "retryAfter", "delayMs", "reset", "applicationError"]);
  for (const key of Object.keys(spec)) {
    if (!known.has(key)) throw new FaultSpecError(`${key}: is not a known field; use ${[...known].join(", ")}`);
  }
  const out: ParsedFault = { count: 1 };
  if (spec.count !== undefined) {
    if (!isInt(spec.count, 1, MAX_COUNT)) throw new FaultSpecError(`count: must be an integer from 1 to ${MAX_COUNT}`);
    out.count = spec.count;
  }
  if (spec.operationId !== undefined) {
    if (typeof spec.operationId !== "string" || !operationIds.includes(spec.operationId)) {
      throw new FaultSpecError(`operationId: must be one of ${operationIds.map((o) => JSON.stringify(o)).join(", ")}`);
    }
    out.operationId = spec.operationId;
  }
  if (spec.status !== undefined) {
    if (!isInt(spec.status, 400, 599)) throw new FaultSpecError("status: must be an integer from 400 to 599");
    out.status = spec.status;
  }
  if (spec.retryAfter !== undefined) {
    if (!isInt(spec.retryAfter, 0, 86_400)) throw new FaultSpecError("retryAfter: must be an integer from 0 to 86400 (seconds)");
    if (out.status === undefined) throw new FaultSpecError("retryAfter: only goes with status");
    out.retryAfter = spec.retryAfter;
  }
  if (spec.delayMs !== undefined) {
    if (!isInt(spec.delayMs, 0, MAX_DELAY_MS)) throw new FaultSpecError(`delayMs: must be an integer from 0 to ${MAX_DELAY_MS}`);
    out.delayMs = spec.delayMs;
  }
  if (spec.reset !== undefined) {
    if (typeof spec.reset !== "boolean") throw new FaultSpecError("reset: must be true or false");
    if (spec.reset) out.reset = true;
  }
  if (spec.applicationError !== undefined) {
    const app = spec.applicationError as Record<string, unknown>;
    if (typeof app !== "object" || app === null || Array.isArray(app)) {
      throw new FaultSpecError('applicationError: must be an object such as {"errorCode":1001,"errorReason":"room closed"}');
    }
    for (const key of Object.keys(app)) {
      if (key !== "errorCode" && key !== "errorReason") throw new FaultSpecError(`applicationError.${key}: is not a known field; use errorCode, errorReason`);
    }
    if (app.errorCode !== undefined && !isInt(app.errorCode, -2_147_483_648, 2_147_483_647)) {
      throw new FaultSpecError("applicationError.errorCode: must be an integer");
    }
    if (app.errorReason !== undefined && (typeof app.errorReason !== "string" || app.errorReason.length > 1000)) {
      throw new FaultSpecError("applicationError.errorReason: must be a string of at most 1000 characters");
    }
    if (out.operationId !== "getConnectionInfo") {
      throw new FaultSpecError('applicationError: needs "operationId": "getConnectionInfo" (only its 200 answer can carry success: false)');
    }
    if (out.status !== undefined || out.reset) throw new FaultSpecError("applicationError: cannot go with status or reset; pick one");
    out.applicationError = {
      errorCode: (app.errorCode as number | undefined) ?? 50000,
      errorReason: (app.errorReason as string | undefined) ?? "injected application error",
    };
  }
  if (out.reset && out.status !== undefined) throw new FaultSpecError("reset: cannot go with status; pick one");
  if (out.status === undefined && out.delayMs === undefined && !out.reset && !out.applicationError) {
    throw new FaultSpecError("fault: give status, delayMs, reset or applicationError");
  }
  return out;
}

/** The queue behind `mock.faults`. Internal: the server takes faults with `take`. */
export class FaultQueue implements Faults {
  readonly #operationIds: readonly string[];
  #pending: PendingFault[] = [];
  #nextId = 1;

  constructor(operationIds: readonly string[]) {
    this.#operationIds = operationIds;
  }

  inject(spec: FaultSpec): PendingFault {
    const parsed = parseFaultSpec(spec, this.#operationIds);
    const { count, ...rest } = parsed;
    const fault: PendingFault = { id: this.#nextId++, remaining: count, ...rest };
    this.#pending.push(fault);
    return { ...fault };
  }

  clear(): void {
    this.#pending = [];
  }

  list(): PendingFault[] {
    return this.#pending.map((f) => ({ ...f }));
  }

  /** @internal The first queued fault for this operation, counted down; undefined when none. */
  take(operationId: string): PendingFault | undefined {
    if (this.#pending.length === 0) return undefined;
    const index = this.#pending.findIndex((f) => f.operationId === undefined || f.operationId === operationId);
    if (index < 0) return undefined;
    const fault = this.#pending[index]!;
    fault.remaining -= 1;
    if (fault.remaining <= 0) this.#pending.splice(index, 1);
    return fault;
  }
}
