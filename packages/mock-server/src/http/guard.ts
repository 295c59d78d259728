// The one safety net around every entry point of the server (a request, an upgrade, a client
// error, a WebSocket event): whatever throws, synchronously or in a promise, becomes a call
// of `onError`, never an uncaught exception that would end the process.

/** Runs `work`; a throw or a rejection becomes `onError(error)`, and a throw of `onError` is dropped. */
export function guard(work: () => unknown, onError: (error: unknown) => void): void {
  const fallback = (error: unknown): void => {
    try {
      onError(error);
    } catch {
      // The net of the net: nothing may escape.
    }
  };
  try {
    const result = work();
    if (result instanceof Promise) result.catch(fallback);
  } catch (error) {
    fallback(error);
  }
}

/** One line for the log: the phase and the error's message, cut short (never a body or header). */
export function describeError(phase: string, error: unknown): string {
  const message = error instanceof Error ? error.message : String(error);
  return `internal error in ${phase}: ${message.slice(0, 300)}`;
}
