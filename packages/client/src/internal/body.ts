// Answers read within bounds (packages/scenarios/README.md, Each attempt bounded): no more than
// maxResponseBytes of an answer is ever held, whatever the transport. The Node transport
// (createNodeFetch) enforces its own limit, on the bytes received and once decoded, and says so
// with RESPONSE_LIMIT; any other fetch (globalThis.fetch, a browser's, a test double) hands over
// a stream, which is counted here as it is read (fetch has decoded it already). @internal
import { type OperationId, ResponseTooLargeError } from "../errors.js";
import { responseHeaders } from "../generated/spec.js";

/** The property of a fetch made by createNodeFetch: the largest answer it lets through. */
export const RESPONSE_LIMIT = Symbol.for("@cec-cobrowse/client.maxResponseBytes");

/** The `code` of the Node transport's failure (the cause of its `TypeError("fetch failed")`) for an answer over its limit. */
export const TOO_LARGE = "ERR_RESPONSE_TOO_LARGE";

/** A fetch that may say which limit it enforces itself. */
export type LimitedFetch = ((input: Request, init?: RequestInit) => Promise<Response>) & { [RESPONSE_LIMIT]?: number };

/** Lets an attempt stop a read in progress when it times out or is aborted (a fetch need not end its body itself). */
export interface Reading {
  cancel: (() => void) | undefined;
}

/** Statuses whose Response has no body. */
const NULL_BODY = new Set([101, 103, 204, 205, 304]);
const utf8 = new TextDecoder();

const tooLarge = (op: OperationId, response: Response, max: number, decoded: boolean) =>
  new ResponseTooLargeError({
    operation: op,
    maxResponseBytes: max,
    decoded,
    status: response.status,
    requestId: response.headers.get(responseHeaders.requestId) ?? undefined,
  });

/** Throws when the answer declares more than `max` bytes (its Content-Length counts them as received). */
function checkDeclared(op: OperationId, response: Response, max: number): void {
  const declared = response.headers.get("content-length");
  if (declared !== null && Number(declared) > max) {
    response.body?.cancel().catch(() => {});
    throw tooLarge(op, response, max, false);
  }
}

/**
 * Reads a body to its end, at most `max` bytes; throws a ResponseTooLargeError past them (and
 * stops reading). Rejects when `reading.cancel` is called before the end.
 */
async function readAll(
  op: OperationId,
  response: Response,
  body: ReadableStream<Uint8Array>,
  max: number,
  reading: Reading,
): Promise<Uint8Array> {
  const reader = body.getReader();
  let cancelled = false;
  reading.cancel = () => {
    cancelled = true;
    reader.cancel().catch(() => {});
  };
  const chunks: Uint8Array[] = [];
  let size = 0;
  try {
    for (;;) {
      const { done, value } = await reader.read();
      if (cancelled) throw new Error("the attempt ended while its answer was read");
      if (done) break;
      if ((size += value.byteLength) > max) {
        reader.cancel().catch(() => {});
        // fetch hands over decoded bytes: with a Content-Encoding, the decoded size broke the cap.
        throw tooLarge(op, response, max, response.headers.has("content-encoding"));
      }
      chunks.push(value);
    }
  } finally {
    reading.cancel = undefined;
  }
  if (chunks.length === 1) return chunks[0]!;
  const out = new Uint8Array(size);
  let at = 0;
  for (const c of chunks) {
    out.set(c, at);
    at += c.byteLength;
  }
  return out;
}

/** The text of a 2xx answer's body (`body` is the Response's stream, as openapi-fetch hands it over), bounded. */
export async function readText(
  op: OperationId,
  response: Response,
  body: ReadableStream<Uint8Array> | undefined,
  max: number,
  reading: Reading,
): Promise<string> {
  checkDeclared(op, response, max);
  if (!body) return "";
  return utf8.decode(await readAll(op, response, body, max, reading));
}

/**
 * An answer from a fetch that does not bound answers itself, with its body read within the
 * bound into a new Response (openapi-fetch reads an error's body whole, and `raw` callers read
 * any). A redirect's body is dropped unread: it is never shown.
 */
export async function bounded(op: OperationId, response: Response, max: number, reading: Reading): Promise<Response> {
  const { status, statusText, headers } = response;
  let bytes: Uint8Array<ArrayBuffer> | null = null;
  if (status >= 300 && status < 400) response.body?.cancel().catch(() => {});
  else {
    checkDeclared(op, response, max);
    if (response.body && !NULL_BODY.has(status))
      bytes = (await readAll(op, response, response.body, max, reading)) as Uint8Array<ArrayBuffer>;
  }
  return new Response(bytes, { status, statusText, headers });
}
