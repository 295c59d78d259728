// `--max-requests N`: a budget of requests for the whole run. Once spent, the checks still to run
// (and the one running) are skipped, saying why: a run never sends more than the budget.

/** Thrown when a request would go over the budget, or when a 429 persists past its retries. */
export class RequestsStopped extends Error {}

export class RequestBudget {
  #spent = 0;

  constructor(readonly max: number) {
    if (!Number.isInteger(max) || max < 1)
      throw new Error(`max requests must be a whole number of at least 1 (got ${String(max)})`);
  }

  get spent(): number {
    return this.#spent;
  }

  /** Counts one request; throws RequestsStopped when the budget is spent. */
  spend(): void {
    if (this.#spent >= this.max)
      throw new RequestsStopped(`--max-requests ${this.max} reached: no more requests are sent`);
    this.#spent++;
  }
}
