// The shared relay's losses, counted exactly and logged without flooding the log: the first
// loss after a quiet second is logged at once, the ones after it within the second are summed
// into one line when the second is over. Every line carries the running totals, so the last
// line always states them exactly (also on `/__mock/health`, as `relay.messagesUnpublished`,
// `relay.messagesMissed` and `relay.subscriptionsLost`).

export type LossKind = "unpublished" | "missed" | "subscriptionsLost";

/** Lines about losses are at most one a second. */
const LOG_INTERVAL_MS = 1000;

export class RelayLosses {
  readonly #log: (line: string) => void;
  readonly #totals: Record<LossKind, number> = { unpublished: 0, missed: 0, subscriptionsLost: 0 };
  /** What happened since the last line, not yet logged. */
  #pending: Record<LossKind, number> = { unpublished: 0, missed: 0, subscriptionsLost: 0 };
  #lastLine = -Infinity;
  #timer: NodeJS.Timeout | undefined;

  constructor(log: (line: string) => void) {
    this.#log = log;
  }

  get totals(): Readonly<Record<LossKind, number>> {
    return this.#totals;
  }

  /** Counts `count` losses of `kind`; `what` says where, for the log. */
  add(kind: LossKind, count: number, what: string): void {
    this.#totals[kind] += count;
    this.#pending[kind] += count;
    const now = Date.now();
    if (now - this.#lastLine >= LOG_INTERVAL_MS) {
      this.#flush(what);
      return;
    }
    this.#timer ??= setTimeout(() => this.#flush("since the last line"), this.#lastLine + LOG_INTERVAL_MS - now);
    this.#timer.unref();
  }

  #flush(what: string): void {
    clearTimeout(this.#timer);
    this.#timer = undefined;
    const p = this.#pending;
    if (p.unpublished + p.missed + p.subscriptionsLost === 0) return;
    this.#pending = { unpublished: 0, missed: 0, subscriptionsLost: 0 };
    this.#lastLine = Date.now();
    const parts = [
      p.unpublished > 0 ? `${p.unpublished} message(s) could not be published` : "",
      p.missed > 0 ? `${p.missed} message(s) of other replicas missed` : "",
      p.subscriptionsLost > 0 ? "the subscription to Redis was lost (every connection closed with messagesLost)" : "",
    ].filter(Boolean);
    const t = this.#totals;
    this.#log(
      `relay: ${parts.join("; ")} (${what}); so far ${t.unpublished} unpublished, ${t.missed} missed, ${t.subscriptionsLost} subscription(s) lost`,
    );
  }

  /** Logs what is still pending (at close). */
  flush(): void {
    this.#flush("at close");
  }
}
