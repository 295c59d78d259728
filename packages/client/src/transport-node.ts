// A fetch-compatible transport on node:http / node:https with keep-alive agents. Node only.
// Global fetch (undici) spends most of a loopback round trip in its own machinery; this
// transport does the same HTTP exchange in a fraction of the time. It does not follow
// redirects (the API has none) and answers with standard Response objects.
import { constants as bufferConstants } from "node:buffer";
import http from "node:http";
import https from "node:https";
import zlib from "node:zlib";
import { ConfigurationError } from "./errors.js";
import type { FetchLike } from "./options.js";

/** Options of `createNodeFetch`. */
export interface NodeFetchOptions {
  /** Agent for http:// URLs (default: a shared keep-alive agent). */
  httpAgent?: http.Agent;
  /** Agent for https:// URLs (default: a shared keep-alive agent). */
  httpsAgent?: https.Agent;
  /**
   * Largest response body accepted, in bytes, as received and once decoded (gzip, deflate,
   * br) (default 16 MiB; `Infinity` for no limit). A larger answer is cut off and the call
   * rejects with `TypeError("fetch failed")` whose `cause` names the limit.
   */
  maxResponseBytes?: number | undefined;
}

/** The default `maxResponseBytes`: 16 MiB (an answer of the API is under 1 kB). */
const DEFAULT_MAX_RESPONSE_BYTES = 16 * 1024 * 1024;

let sharedHttp: http.Agent | undefined;
let sharedHttps: https.Agent | undefined;
const NULL_BODY = new Set([101, 103, 204, 205, 304]);

/** A transport failure with a code, as the `cause` of the `TypeError("fetch failed")`. */
function failure(code: string, message: string): Error {
  return Object.assign(new Error(message), { code });
}

function tooLarge(max: number, decoded: boolean): Error {
  return failure("ERR_RESPONSE_TOO_LARGE", `response body exceeds maxResponseBytes (${max} bytes)${decoded ? " once decoded" : ""}`);
}

/** Decodes the body; `limit` bounds the decoded size (zlib stops there: no zip bomb gets past it). */
function decode(buf: Buffer, encoding: string | undefined, limit: number): Buffer {
  const opts = { maxOutputLength: limit };
  switch (encoding?.trim().toLowerCase()) {
    case "gzip":
    case "x-gzip":
      return zlib.gunzipSync(buf, opts);
    case "deflate":
      return zlib.inflateSync(buf, opts);
    case "br":
      return zlib.brotliDecompressSync(buf, opts);
    default:
      return buf;
  }
}

/**
 * A fetch-compatible function (a `Request` in, a `Response` out) over node:http and
 * node:https with keep-alive agents. It honours the request's AbortSignal, and rejects with a
 * `TypeError("fetch failed")` whose `cause` is the socket error, as fetch does.
 */
export function createNodeFetch(options: NodeFetchOptions = {}): FetchLike {
  const max = options.maxResponseBytes ?? DEFAULT_MAX_RESPONSE_BYTES;
  if (!(max === Infinity || (Number.isSafeInteger(max) && max >= 1))) {
    throw new ConfigurationError("maxResponseBytes", "must be a whole number of bytes, at least 1 (or Infinity)");
  }
  // zlib's own bound: a Buffer cannot be larger anyway.
  const decodeLimit = Math.min(max, bufferConstants.MAX_LENGTH);
  return async function nodeFetch(input: Request, init?: RequestInit): Promise<Response> {
    // `init` with a signal only (as the client sends it) needs no new Request.
    const onlySignal = init && Object.keys(init).every((k) => k === "signal");
    const request = init && !onlySignal ? new Request(input, init) : input;
    const signal = (onlySignal ? init.signal : undefined) ?? request.signal;
    if (signal?.aborted) throw signal.reason;
    const url = new URL(request.url);
    const secure = url.protocol === "https:";
    if (!secure && url.protocol !== "http:") throw new TypeError(`fetch failed: unsupported protocol ${url.protocol}`);
    const body = request.body ? Buffer.from(await request.arrayBuffer()) : undefined;
    const headers: Record<string, string | number> = {};
    request.headers.forEach((v, k) => (headers[k] = v));
    if (body) headers["content-length"] = body.length;
    const agent = secure
      ? (options.httpsAgent ?? (sharedHttps ??= new https.Agent({ keepAlive: true })))
      : (options.httpAgent ?? (sharedHttp ??= new http.Agent({ keepAlive: true })));
    return new Promise<Response>((resolve, reject) => {
      const onAbort = () => {
        req.destroy();
        reject(signal.reason);
      };
      const fail = (cause: unknown) => {
        signal?.removeEventListener("abort", onAbort);
        if (signal?.aborted) return reject(signal.reason);
        reject(new TypeError("fetch failed", { cause }));
      };
      /** Fails the call and drops the connection (the rest of the answer is not read). */
      const cut = (cause: Error) => {
        fail(cause);
        req.destroy();
      };
      const req = (secure ? https : http).request(
        url,
        { method: request.method, headers, agent },
        (res) => {
          const status = res.statusCode ?? 0;
          if (Number(res.headers["content-length"]) > max) return cut(tooLarge(max, false));
          const chunks: Buffer[] = [];
          let size = 0;
          res.on("data", (c: Buffer) => {
            if ((size += c.length) > max) return cut(tooLarge(max, false));
            chunks.push(c);
          });
          res.on("error", fail);
          res.on("aborted", () => fail(new Error("response aborted")));
          res.on("end", () => {
            signal?.removeEventListener("abort", onAbort);
            let buf: Buffer;
            try {
              buf = decode(Buffer.concat(chunks), res.headers["content-encoding"], decodeLimit);
            } catch (e) {
              return reject(new TypeError("fetch failed", { cause: (e as { code?: unknown }).code === "ERR_BUFFER_TOO_LARGE" ? tooLarge(max, true) : e }));
            }
            try {
              const out = new Headers();
              const raw = res.rawHeaders;
              for (let i = 0; i < raw.length; i += 2) out.append(raw[i]!, raw[i + 1]!);
              resolve(new Response(NULL_BODY.has(status) ? null : (new Uint8Array(buf.buffer, buf.byteOffset, buf.length) as Uint8Array<ArrayBuffer>), { status, statusText: res.statusMessage ?? "", headers: out }));
            } catch (e) {
              reject(new TypeError("fetch failed", { cause: e }));
            }
          });
        },
      );
      req.on("error", fail);
      signal?.addEventListener("abort", onAbort, { once: true });
      req.end(body);
    });
  };
}
