// Request bodies: read within a size limit (never buffering more), their media type and
// content coding, and their JSON.
import { isUtf8 } from "node:buffer";
import type { IncomingMessage } from "node:http";
import type { Issue } from "@cec-cobrowse/spec";

/** What a client may still send after a 413, as a multiple of the limit, before its socket is dropped. */
const DISCARD_FACTOR = 16;
/** How long the rest of a body over the limit is waited for before the 413 goes out anyway. */
const DRAIN_MS = 1000;
/** How long a client sending past the discard bound has to read its 413 before its socket is dropped. */
const DROP_AFTER_MS = 1000;

/**
 * Reads the whole body when it is at most `maxBytes`, and calls back with it; or with
 * `"tooLarge"` once it is known to be larger (from Content-Length or while streaming).
 * The rest of a body that is too large is read and dropped before the 413 is answered (within
 * DISCARD_FACTOR × the limit and DRAIN_MS): closing a connection with unread bytes makes the
 * kernel reset it, and a client still sending would lose the 413 (it saw EPIPE instead). A
 * body declared larger than that bound gets its 413 at once and its socket dropped after it.
 * A callback, not a promise: this is on every request's path.
 */
export function readBody(req: IncomingMessage, maxBytes: number, done: (body: Buffer | "tooLarge") => void): void {
  const bound = DISCARD_FACTOR * maxBytes + 1024 * 1024;
  const tooLarge = (declared?: number): void => {
    let discarded = 0;
    let answered = false;
    const answer = (): void => {
      if (answered) return;
      answered = true;
      clearTimeout(drainTimer);
      done("tooLarge");
    };
    let dropScheduled = false;
    // Past the bound the 413 goes out at once; the socket is dropped DROP_AFTER_MS later, or
    // at once past twice the bound (reading is never unbounded).
    const drop = (): void => {
      answer();
      if (!dropScheduled) {
        dropScheduled = true;
        setTimeout(() => req.socket.destroy(), DROP_AFTER_MS).unref();
      }
      if (discarded > 2 * bound) req.socket.destroy();
    };
    const drainTimer = setTimeout(answer, DRAIN_MS);
    drainTimer.unref();
    req.removeAllListeners("data");
    req.removeAllListeners("end");
    req.on("data", (chunk: Buffer) => {
      discarded += chunk.length;
      if (discarded > bound) drop();
    });
    if (declared !== undefined && declared > bound) drop();
    req.on("end", answer);
    req.resume();
  };
  const declared = req.headers["content-length"];
  if (declared !== undefined && Number(declared) > maxBytes) {
    tooLarge(Number(declared));
    return;
  }
  const chunks: Buffer[] = [];
  let size = 0;
  req.on("data", (chunk: Buffer) => {
    size += chunk.length;
    if (size > maxBytes) {
      chunks.length = 0;
      return tooLarge();
    }
    chunks.push(chunk);
  });
  req.on("end", () => done(chunks.length === 1 ? chunks[0]! : Buffer.concat(chunks, size)));
}

/** Why a Content-Type is not one of `accepted` (media types; a charset, when given, must be UTF-8); undefined when it is. */
export function contentTypeProblem(header: string | undefined, accepted: readonly string[]): string | undefined {
  if (header !== undefined && accepted.includes(header)) return undefined;
  const wanted = accepted.join(" or ");
  if (header === undefined || header.trim() === "") return `Content-Type: is missing; send ${wanted}`;
  const [type, ...params] = header.split(";");
  if (!accepted.includes(type!.trim().toLowerCase())) return `Content-Type: must be ${wanted}`;
  for (const param of params) {
    const [name, value] = param.split("=");
    if (name?.trim().toLowerCase() === "charset") {
      const charset = (value ?? "").trim().replace(/^"|"$/g, "").toLowerCase();
      if (charset !== "utf-8" && charset !== "utf8") return "Content-Type: charset must be utf-8";
    }
  }
  return undefined;
}

/** Why a Content-Encoding lists a coding outside `accepted`; undefined when it does not (or is absent). */
export function contentEncodingProblem(header: string | undefined, accepted: readonly string[]): string | undefined {
  if (header === undefined) return undefined;
  const codings = header
    .split(",")
    .map((c) => c.trim().toLowerCase())
    .filter((c) => c !== "");
  if (codings.every((c) => accepted.includes(c))) return undefined;
  const shown = header.length > 60 ? `${header.slice(0, 60)}…` : header;
  return `Content-Encoding: ${JSON.stringify(shown)} is not accepted; send the body uncompressed (Content-Encoding: ${accepted.join(", ")}, or none)`;
}

/** The body's JSON value, or the issue that says why it has none. */
const problem = (message: string, fix: string) => ({
  issue: { in: "body" as const, name: "", message },
  reason: `body: ${message}; ${fix}`,
});

export function parseJson(body: Buffer): { value: unknown } | { issue: Issue; reason: string } {
  if (body.length === 0) return problem("is required", "send a JSON object");
  if (!isUtf8(body)) return problem("is not valid UTF-8", "send UTF-8 encoded JSON");
  try {
    return { value: JSON.parse(body.toString("utf8")) as unknown };
  } catch (error) {
    return problem(`is not valid JSON (${(error as Error).message.slice(0, 200)})`, "send a JSON object");
  }
}
