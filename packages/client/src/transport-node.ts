// A fetch-compatible transport on node:http / node:https with keep-alive agents. Node only.
// Global fetch (undici) spends most of a loopback round trip in its own machinery; this
// transport does the same HTTP exchange in a fraction of the time. It never follows a
// redirect (a 3xx is answered as it is, and the client refuses it: credentials stay at the
// origin), caps every answer, and answers with standard Response objects.
//
// Proxies: HTTP(S)_PROXY / NO_PROXY (proxy-from-env decides) or the `proxy` option; which agent
// carries a request, direct or through a proxy, is decided in internal/proxy-routing.ts.
import { constants as bufferConstants } from "node:buffer";
import http from "node:http";
import https from "node:https";
import zlib from "node:zlib";
import { ConfigurationError } from "./errors.js";
import { responseHeaders } from "./generated/spec.js";
import { type LimitedFetch, RESPONSE_LIMIT, TOO_LARGE } from "./internal/body.js";
import { DEFAULT_MAX_RESPONSE_BYTES } from "./internal/constants.js";
import { proxyRouting, type Route } from "./internal/proxy-routing.js";
import type { FetchLike } from "./options.js";

/** Options of `createNodeFetch`. */
export interface NodeFetchOptions {
  /** Agent for http:// URLs reached directly, without a proxy (default: a shared keep-alive agent). */
  httpAgent?: http.Agent | undefined;
  /** Agent for https:// URLs reached directly, without a proxy (default: a shared keep-alive agent). */
  httpsAgent?: https.Agent | undefined;
  /**
   * The proxy. Unset: from the environment, read when `createNodeFetch` is called
   * (`HTTPS_PROXY` for https:// URLs, `HTTP_PROXY` for http:// URLs, `ALL_PROXY` for both,
   * lower-case names first, hosts in `NO_PROXY` go direct). A URL (`http://proxy:3128`,
   * `https://…`, credentials as `http://user:pass@proxy:3128`): every request goes through it,
   * whatever the environment says. `false`: never a proxy, whatever the environment says.
   */
  proxy?: string | false | undefined;
  /**
   * Certificates to trust instead of Node's default list (PEM), for https:// targets and for an
   * https:// proxy; as `tls.connect`'s `ca`. Ignored for direct requests when `httpsAgent` is given.
   */
  ca?: string | Buffer | Array<string | Buffer> | undefined;
  /**
   * Largest response body accepted, in bytes, as received and once decoded (gzip, deflate,
   * br) (default 16 MiB; `Infinity` for no limit). A larger answer is cut off and the call
   * rejects with `TypeError("fetch failed")` whose `cause` names the limit (code
   * `ERR_RESPONSE_TOO_LARGE`); the client makes that a ResponseTooLargeError.
   */
  maxResponseBytes?: number | undefined;
}

let sharedHttp: http.Agent | undefined;
let sharedHttps: https.Agent | undefined;
const NULL_BODY = new Set([101, 103, 204, 205, 304]);

/** A transport failure with a code, as the `cause` of the `TypeError("fetch failed")`. */
function failure(code: string, message: string): Error {
  return Object.assign(new Error(message), { code });
}

/** The failure for an answer over `max`, with what the client needs to name it (the status and the request id). */
function tooLarge(max: number, decoded: boolean, res: http.IncomingMessage): Error {
  // Node names the headers of an IncomingMessage in lower case.
  const id = res.headers[responseHeaders.requestId.toLowerCase()];
  return Object.assign(
    failure(TOO_LARGE, `response body exceeds maxResponseBytes (${max} bytes)${decoded ? " once decoded" : ""}`),
    {
      limit: max,
      decoded,
      status: res.statusCode,
      requestId: typeof id === "string" ? id : undefined,
    },
  );
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
 *
 * The proxy environment variables are read here, once: a transport created while none is set
 * never uses a proxy; otherwise each origin's proxy (or none, for `NO_PROXY` hosts) is decided
 * by proxy-from-env on the first request to that origin, and kept.
 */
export function createNodeFetch(options: NodeFetchOptions = {}): FetchLike {
  const max = options.maxResponseBytes ?? DEFAULT_MAX_RESPONSE_BYTES;
  if (!(max === Infinity || (Number.isSafeInteger(max) && max >= 1))) {
    throw new ConfigurationError("maxResponseBytes", "must be a whole number of bytes, at least 1 (or Infinity)");
  }
  // zlib's own bound: a Buffer cannot be larger anyway.
  const decodeLimit = Math.min(max, bufferConstants.MAX_LENGTH);
  const { ca } = options;
  const directHttp = () => options.httpAgent ?? (sharedHttp ??= new http.Agent({ keepAlive: true }));
  let ownHttps: https.Agent | undefined;
  const directHttps = () =>
    options.httpsAgent ??
    (ca !== undefined
      ? (ownHttps ??= new https.Agent({ keepAlive: true, ca }))
      : (sharedHttps ??= new https.Agent({ keepAlive: true })));
  const { proxying, route } = proxyRouting({
    proxy: options.proxy,
    ca,
    direct: (secure) => (secure ? directHttps() : directHttp()),
  });

  const nodeFetch: LimitedFetch = async function nodeFetch(input: Request, init?: RequestInit): Promise<Response> {
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
    request.headers.forEach((v, k) => {
      headers[k] = v;
    });
    if (body) headers["content-length"] = body.length;
    let agent: http.Agent;
    let via: string | undefined;
    if (proxying) {
      let r: Route;
      try {
        r = await route(url, secure);
      } catch (e) {
        throw new TypeError("fetch failed", { cause: e });
      }
      if (signal?.aborted) throw signal.reason;
      agent = r.agent;
      via = r.proxy;
    } else agent = secure ? directHttps() : directHttp();
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
      const refused = (status: number | undefined, text: string | undefined) =>
        failure("ERR_PROXY_REFUSED", `proxy ${via} refused the request: HTTP ${status}${text ? ` ${text}` : ""}`);
      const req = (secure ? https : http).request(
        url,
        // https-proxy-agent takes TLS options for the target from the request, not from itself.
        via && secure && ca !== undefined
          ? { method: request.method, headers, agent, ca }
          : { method: request.method, headers, agent },
        (res) => {
          const status = res.statusCode ?? 0;
          // 407 is the proxy's own answer (forwarding proxies answer http:// requests themselves).
          if (via && status === 407) return cut(refused(status, res.statusMessage));
          if (Number(res.headers["content-length"]) > max) return cut(tooLarge(max, false, res));
          const chunks: Buffer[] = [];
          let size = 0;
          res.on("data", (c: Buffer) => {
            if ((size += c.length) > max) return cut(tooLarge(max, false, res));
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
              return reject(
                new TypeError("fetch failed", {
                  cause: (e as { code?: unknown }).code === "ERR_BUFFER_TOO_LARGE" ? tooLarge(max, true, res) : e,
                }),
              );
            }
            try {
              const out = new Headers();
              const raw = res.rawHeaders;
              for (let i = 0; i < raw.length; i += 2) out.append(raw[i]!, raw[i + 1]!);
              resolve(
                new Response(
                  NULL_BODY.has(status)
                    ? null
                    : (new Uint8Array(buf.buffer, buf.byteOffset, buf.length) as Uint8Array<ArrayBuffer>),
                  { status, statusText: res.statusMessage ?? "", headers: out },
                ),
              );
            } catch (e) {
              reject(new TypeError("fetch failed", { cause: e }));
            }
          });
        },
      );
      req.on("error", fail);
      // https-proxy-agent answers a CONNECT the proxy refused by replaying the proxy's answer as
      // if the target had sent it (and sends the target nothing): fail instead, as fetch does.
      if (via && secure) {
        req.on("proxyConnect", (connect: { statusCode?: number; statusText?: string }) => {
          if (connect.statusCode !== 200) cut(refused(connect.statusCode, connect.statusText));
        });
      }
      signal?.addEventListener("abort", onAbort, { once: true });
      req.end(body);
    });
  };
  // The client reads this: answers from this transport are bounded already.
  nodeFetch[RESPONSE_LIMIT] = max;
  return nodeFetch;
}
