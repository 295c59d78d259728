// A fetch-compatible transport on node:http / node:https with keep-alive agents. Node only.
// Global fetch (undici) spends most of a loopback round trip in its own machinery; this
// transport does the same HTTP exchange in a fraction of the time. It does not follow
// redirects (the API has none) and answers with standard Response objects.
import http from "node:http";
import https from "node:https";
import zlib from "node:zlib";
import type { FetchLike } from "./options.js";

/** Options of `createNodeFetch`. */
export interface NodeFetchOptions {
  /** Agent for http:// URLs (default: a shared keep-alive agent). */
  httpAgent?: http.Agent;
  /** Agent for https:// URLs (default: a shared keep-alive agent). */
  httpsAgent?: https.Agent;
}

let sharedHttp: http.Agent | undefined;
let sharedHttps: https.Agent | undefined;
const NULL_BODY = new Set([101, 103, 204, 205, 304]);

function decode(buf: Buffer, encoding: string | undefined): Buffer {
  switch (encoding?.trim().toLowerCase()) {
    case "gzip":
    case "x-gzip":
      return zlib.gunzipSync(buf);
    case "deflate":
      return zlib.inflateSync(buf);
    case "br":
      return zlib.brotliDecompressSync(buf);
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
      const req = (secure ? https : http).request(
        url,
        { method: request.method, headers, agent },
        (res) => {
          const chunks: Buffer[] = [];
          res.on("data", (c: Buffer) => chunks.push(c));
          res.on("error", fail);
          res.on("aborted", () => fail(new Error("response aborted")));
          res.on("end", () => {
            signal?.removeEventListener("abort", onAbort);
            try {
              const status = res.statusCode ?? 0;
              const out = new Headers();
              const raw = res.rawHeaders;
              for (let i = 0; i < raw.length; i += 2) out.append(raw[i]!, raw[i + 1]!);
              const buf = decode(Buffer.concat(chunks), res.headers["content-encoding"]);
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
