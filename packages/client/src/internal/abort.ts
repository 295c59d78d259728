// Abort plumbing: the caller's signals (the client's and the call's) reach the wait for a token,
// every attempt and the waits between attempts. @internal
import { AbortError, type OperationId } from "../errors.js";

/** The signals a call listens to; either may be absent. */
export type Signals = readonly (AbortSignal | undefined)[];

/** The first signal that has aborted, if any. */
export const abortedOf = (signals: Signals): AbortSignal | undefined => signals.find((s) => s?.aborted);

/** Throws the call's AbortError when a signal has aborted. */
export function throwIfAborted(op: OperationId, signals: Signals): void {
  const aborted = abortedOf(signals);
  if (aborted) throw new AbortError(op, aborted.reason);
}

/** Calls `f` with the reason when a signal aborts; answers the function that stops listening. */
export function listen(signals: Signals, f: (reason: unknown) => void): () => void {
  const onAbort = (ev: Event) => f((ev.target as AbortSignal).reason);
  for (const s of signals) s?.addEventListener("abort", onAbort);
  return () => {
    for (const s of signals) s?.removeEventListener("abort", onAbort);
  };
}

/**
 * A promise of what `start` resolves, which rejects with an AbortError as soon as a signal
 * aborts (at once when one already has). `start` answers its own clean-up.
 */
export function abortable<T>(
  op: OperationId,
  signals: Signals,
  start: (resolve: (v: T) => void, reject: (e: unknown) => void) => () => void,
): Promise<T> {
  return new Promise((resolve, reject) => {
    const aborted = abortedOf(signals);
    if (aborted) return reject(new AbortError(op, aborted.reason));
    const settle =
      <V>(f: (v: V) => void) =>
      (v: V) => {
        stop();
        end();
        f(v);
      };
    const stop = listen(signals, (reason) => settle(reject)(new AbortError(op, reason)));
    const end = start(settle(resolve), settle(reject));
  });
}

/** Waits `ms`, or rejects with an AbortError when a signal aborts first. */
export const sleep = (op: OperationId, signals: Signals, ms: number): Promise<void> =>
  abortable(op, signals, (resolve) => {
    const timer = setTimeout(resolve, ms);
    return () => clearTimeout(timer);
  });
