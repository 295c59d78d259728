// Request bodies: read within a size limit (never buffering more), their media type and
// content coding, and their JSON.
import { isUtf8 } from "node:buffer";
import type { IncomingMessage } from "node:http";
import type { Issue } from "@cec-cobrowse/spec";

/** What a client may still send after a 413, as a multiple of the limit, before its socket is dropped. */
const DISCARD_FACTOR = 16;

/**
 * Reads the whole body when it is at most `maxBytes`, and calls back with it; or with
 * `"tooLarge"` as soon as it is known to be larger (from Content-Length or while streaming).
 * What the client sends after that is discarded, up to a bound, so the 413 can still reach it.
 * A callback, not a promise: this is on every request's path.
 */
export function readBody(req: IncomingMessage, maxBytes: number, done: (body: Buffer | "tooLarge") => void): void {
  const tooLarge = (): void => {
    let discarded = 0;
    req.removeAllListeners("data");
    req.removeAllListeners("end");
    req.on("data", (chunk: Buffer) => {
      discarded += chunk.length;
      if (discarded > DISCARD_FACTOR * maxBytes + 1024 * 1024) req.socket.destroy();
    });
    req.resume();
    done("tooLarge");
  };
  const declared = req.headers["content-length"];
  if (declared !== undefined && Number(declared) > maxBytes) return tooLarge();
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
  const codings = header.split(",").map((c) => c.trim().toLowerCase()).filter((c) => c !== "");
  if (codings.every((c) => accepted.includes(c))) return undefined;
  const shown = header.length > 60 ? `${header.slice(0, 60)}…` : header;
  return `Content-Encoding: ${JSON.stringify(shown)} is not accepted; send the body uncompressed (Content-Encoding: ${accepted.join(", ")}, or none)`;
}

/** The body's JSON value, or the issue that says why it has none. */
const problem = (message: string, fix: string) => ({ issue: { in: "body" as const, name: "", message }, reason: `body: ${message}; ${fix}` });

export function parseJson(body: Buffer): { value: unknown } | { issue: Issue; reason: string } {
  if (body.length === 0) return problem("is required", "send a JSON object");
  if (!isUtf8(body)) return problem("is not valid UTF-8", "send UTF-8 encoded JSON");
  try {
    return { value: JSON.parse(body.toString("utf8")) as unknown };
  } catch (error) {
    return problem(`is not valid JSON (${(error as Error).message.slice(0, 200)})`, "send a JSON object");
  }
}
