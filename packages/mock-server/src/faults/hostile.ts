// The answers of a hostile gateway, for testing what a client does with them: a redirect to
// another origin, a flood (a huge or gzip-bombed body, streamed with backpressure), a trickle
// (the body a few bytes a second) and an echoed bearer token.
import type { IncomingMessage } from "node:http";
import type { Exchange, Responder } from "../http/respond.js";
import type { RequestRecord } from "../log/requests.js";
import { gzipFlood, plainFlood } from "./flood-body.js";

// A Host header worth echoing into a Location: a name or an IP literal, with an optional port.
const HOST = /^([A-Za-z0-9.-]{1,253}|\[[0-9A-Fa-f:.]{2,45}\])(?::(\d{1,5}))?$/;

/** The URL of this request at the other loopback origin (127.0.0.1 ↔ localhost, same port), or at the same one. */
export function redirectLocation(req: IncomingMessage, to: "other-origin" | "same-origin", ownPort: number): string {
  const match = HOST.exec(req.headers.host ?? "");
  const hostname = match?.[1] ?? "127.0.0.1";
  const port = match?.[2] ?? String(ownPort);
  const host =
    to === "same-origin" ? `${hostname}:${port}` : `${hostname === "127.0.0.1" ? "localhost" : "127.0.0.1"}:${port}`;
  return `http://${host}${req.url ?? "/"}`;
}

/** `defaults` with `extra` over them, header names compared in any letter case. */
function headersOf(defaults: Record<string, string>, extra: Record<string, string> = {}): Record<string, string> {
  const given = new Set(Object.keys(extra).map((name) => name.toLowerCase()));
  return {
    ...Object.fromEntries(Object.entries(defaults).filter(([name]) => !given.has(name.toLowerCase()))),
    ...extra,
  };
}

/** Answers a redirect: `status`, an empty body, and `Location`. */
export function redirect(
  x: Exchange,
  respond: Responder,
  status: number,
  location: string,
  headers?: Record<string, string>,
): void {
  respond.head(x, status, headersOf({ "Content-Length": "0", Location: location }, headers));
  x.res.end();
}

/**
 * Answers `bytes` filler bytes (gzip-compressed with `gzip`) as JSON, written only as fast as
 * the client reads (backpressure), and stops when it closes. `record.bytesSent` counts the
 * body bytes handed to the socket (compressed ones for gzip), as they are.
 */
export function flood(
  x: Exchange,
  respond: Responder,
  status: number,
  spec: { bytes: number; gzip?: boolean },
  headers?: Record<string, string>,
  record?: RequestRecord,
): void {
  const { res } = x;
  respond.head(
    x,
    status,
    headersOf({ "Content-Type": "application/json", ...(spec.gzip ? { "Content-Encoding": "gzip" } : {}) }, headers),
  );
  const chunks = spec.gzip ? gzipFlood(spec.bytes) : plainFlood(spec.bytes);
  let sent = 0;
  if (record) record.bytesSent = 0;
  const pump = (): void => {
    while (!res.destroyed) {
      const next = chunks.next();
      if (next.done) return void res.end();
      const chunk = next.value;
      const more = res.write(chunk, (error) => {
        if (error) return;
        sent += chunk.length;
        if (record) record.bytesSent = sent;
      });
      if (!more) return void res.once("drain", pump);
    }
  };
  res.once("close", () => res.off("drain", pump));
  pump();
}

/**
 * Makes the answer's body go out `bytesPerSecond` bytes a second (the headers at once),
 * whatever writes it; stops when the client closes. The whole answer is small (an operation's
 * or a fault's), so holding it is bounded.
 */
export function trickle(x: Exchange, bytesPerSecond: number): void {
  const { res } = x;
  const end = res.end.bind(res) as (cb?: () => void) => void;
  res.end = ((chunk?: unknown) => {
    const body =
      typeof chunk === "string" || chunk instanceof Uint8Array ? Buffer.from(chunk as string) : Buffer.alloc(0);
    res.flushHeaders();
    const started = performance.now();
    let written = 0;
    const tick = (): void => {
      const due = Math.min(body.length, Math.floor(((performance.now() - started) * bytesPerSecond) / 1000));
      if (due > written) res.write(body.subarray(written, due));
      written = Math.max(written, due);
      if (written >= body.length) {
        clearInterval(timer);
        end();
      }
    };
    const timer = setInterval(tick, Math.max(100, 1000 / bytesPerSecond));
    res.once("close", () => clearInterval(timer));
    return res;
  }) as typeof res.end;
}

/** The text an echoing gateway appends to its error reason, and the header it sends back; none without an Authorization header. */
export function echoOf(req: IncomingMessage): { suffix: string; headers: Record<string, string> } {
  const auth = req.headers.authorization;
  if (auth === undefined) return { suffix: "", headers: {} };
  return { suffix: ` (token: ${auth})`, headers: { "X-Echo-Authorization": auth } };
}
