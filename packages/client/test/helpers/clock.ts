// Fake timers for the timing tests: the client's timeouts and backoff waits, and the in-process
// mock's delays, run on a clock the test moves, so no assertion depends on how busy the machine
// is. The HTTP exchanges stay real; `until` polls for them on the real timers.
import { vi } from "vitest";

// Taken before any test fakes them.
const realSetTimeout = globalThis.setTimeout;

export const realSleep = (ms: number) => new Promise<void>((resolve) => realSetTimeout(resolve, ms));

/** Polls (on real timers, whether or not the test fakes them) until `done()` holds; throws naming `what` after `timeoutMs`. */
export async function until(done: () => boolean, what: string, timeoutMs = 10_000): Promise<void> {
  const end = performance.now() + timeoutMs;
  while (!done()) {
    if (performance.now() > end) throw new Error(`timed out waiting for ${what}`);
    await realSleep(2);
  }
}

export interface FakeClock {
  /** Waits for the next timer set (after those already seen) whose delay `skip` does not reject; answers its delay. */
  nextDelay(what: string, skip?: (delayMs: number) => boolean): Promise<number>;
  /** Moves the fake clock, running the timers that fall due (and the promise callbacks they start). */
  advance(ms: number): Promise<void>;
  /** Puts the real timers back. */
  restore(): void;
}

/** Fakes setTimeout and clearTimeout (and Date, set to `date`, when given), recording each delay set. */
export function fakeTimers(date?: number): FakeClock {
  vi.useFakeTimers(
    date === undefined
      ? { toFake: ["setTimeout", "clearTimeout"] }
      : { toFake: ["setTimeout", "clearTimeout", "Date"], now: date },
  );
  // A plain wrapper rather than vi.spyOn: restoreAllMocks must never put a stale fake back.
  const fake = globalThis.setTimeout;
  const delays: number[] = [];
  globalThis.setTimeout = ((handler: TimerHandler, ms?: number, ...rest: unknown[]) => {
    delays.push(Number(ms ?? 0));
    return fake(handler as () => void, ms, ...rest);
  }) as typeof setTimeout;
  let seen = 0;
  return {
    async nextDelay(what, skip = () => false) {
      let found: number | undefined;
      await until(() => {
        while (found === undefined && seen < delays.length) {
          const delay = delays[seen++]!;
          if (!skip(delay)) found = delay;
        }
        return found !== undefined;
      }, what);
      return found!;
    },
    advance: (ms) => vi.advanceTimersByTimeAsync(ms).then(() => {}),
    restore() {
      globalThis.setTimeout = fake;
      vi.useRealTimers();
    },
  };
}
