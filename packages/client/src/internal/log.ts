// Logging (COBROWSE_LOG / `logLevel`, and `logger`): the lines the send loop writes, the same
// lines as the Python, Go and Java layers, each scrubbed of the secret and every token before it
// reaches the logger. A level that is off has no writer, so a line below the level costs one
// check and is never formatted. @internal

/** The levels, most verbose first. `off` writes nothing. */
export const LOG_LEVELS = ["debug", "info", "warn", "off"] as const;
export type LogLevel = (typeof LOG_LEVELS)[number];

/**
 * Where the client's log lines go: any object with these three methods, such as `console`, a
 * pino or winston logger, or your own. Each receives one line of text, already scrubbed.
 */
export interface Logger {
  debug(message: string): void;
  info(message: string): void;
  warn(message: string): void;
}

/** The writers of the enabled levels; a disabled level's writer is absent. */
export interface Log {
  debug?: ((line: string) => void) | undefined;
  info?: ((line: string) => void) | undefined;
  warn?: ((line: string) => void) | undefined;
}

/** A level's name, as COBROWSE_LOG or the `logLevel` option gives it (case and spaces ignored), or undefined when it is none. */
export function parseLogLevel(value: unknown): LogLevel | undefined {
  if (typeof value !== "string") return undefined;
  const v = value.trim().toLowerCase();
  return (LOG_LEVELS as readonly string[]).includes(v) ? (v as LogLevel) : undefined;
}

/**
 * The writers for `level` to `logger`. Each line goes through `scrub` (errors are scrubbed
 * already; this is the net), and a logger that throws is ignored: logging never changes a call.
 */
export function createLog(logger: Logger, level: LogLevel, scrub: (line: string) => string): Log {
  const rank = LOG_LEVELS.indexOf(level);
  const writer = (name: "debug" | "info" | "warn") =>
    LOG_LEVELS.indexOf(name) >= rank
      ? (line: string) => {
          try {
            logger[name](scrub(line));
          } catch {}
        }
      : undefined;
  return { debug: writer("debug"), info: writer("info"), warn: writer("warn") };
}

/** The default logger: `console`, each line prefixed with the package's name and the level. */
export const consoleLogger = (write: (level: "debug" | "info" | "warn", line: string) => void): Logger => ({
  debug: (m) => write("debug", `[cec-cobrowse] debug: ${m}`),
  info: (m) => write("info", `[cec-cobrowse] info: ${m}`),
  warn: (m) => write("warn", `[cec-cobrowse] warn: ${m}`),
});
