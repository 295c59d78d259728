// Raw HTTP over node:http(s): the suite tests the wire contract, so it sends exactly the
// bytes and headers each case needs (a header left out, a body that is not JSON, a wrong
// content type, 1 MiB of padding) and records exactly what came back.
import { request as httpRequest, type IncomingHttpHeaders } from "node:http";
import { request as httpsRequest } from "node:https";

export interface HttpRequest {
  method: string;
  /** Path (and query) below the base URL, e.g. `/apiaccess/api/cobrowse/getConnectionInfo`. */
  path: string;
  /** Header name → value; a header not listed is not sent. */
  headers: Record<string, string>;
  /** The body bytes as sent (a JSON text, or anything else a case needs). */
  body?: string | Buffer;
}

export interface HttpResponse {
  status: number;
  headers: Record<string, string>;
  /** The body as text (UTF-8). */
  text: string;
  /** The parsed body when it parses as JSON, else undefined (see `json`). */
  json: unknown;
  /** Whether `text` parsed as JSON. */
  isJson: boolean;
}

export interface Exchange {
  /** Which operation of the spec the request was made to (undefined for off-spec requests). */
  operationId?: string;
  /** The check that made the request. */
  checkId: string;
  /** A short name of the case within the check. */
  label: string;
  request: HttpRequest;
  /** Absent when the request failed at the network level (see `error`). */
  response?: HttpResponse;
  error?: string;
  durationMs: number;
  /** The answer was a fault injected through the sandbox's fault control, not the server's own. */
  injected?: boolean;
}

function flattenHeaders(headers: IncomingHttpHeaders): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [name, value] of Object.entries(headers)) {
    if (value === undefined) continue;
    out[name.toLowerCase()] = Array.isArray(value) ? value.join(", ") : value;
  }
  return out;
}

/** Sends one request; resolves with the response, or rejects on a network error or timeout. */
export function send(baseUrl: string, req: HttpRequest, timeoutMs: number): Promise<HttpResponse> {
  const url = new URL(baseUrl.replace(/\/+$/, "") + req.path);
  const doRequest = url.protocol === "https:" ? httpsRequest : httpRequest;
  const body =
    req.body === undefined ? undefined : Buffer.isBuffer(req.body) ? req.body : Buffer.from(req.body, "utf8");
  const headers: Record<string, string> = { ...req.headers };
  if (body !== undefined) headers["Content-Length"] = String(body.length);
  return new Promise((resolve, reject) => {
    let settled = false;
    const done = (fn: () => void) => {
      if (!settled) {
        settled = true;
        fn();
      }
    };
    const r = doRequest(url, { method: req.method, headers, agent: false }, (res) => {
      const chunks: Buffer[] = [];
      res.on("data", (c: Buffer) => chunks.push(c));
      res.on("error", (e) => done(() => reject(e)));
      res.on("end", () => {
        const text = Buffer.concat(chunks).toString("utf8");
        let json: unknown;
        let isJson = false;
        if (text.length > 0) {
          try {
            json = JSON.parse(text);
            isJson = true;
          } catch {
            isJson = false;
          }
        }
        done(() => resolve({ status: res.statusCode ?? 0, headers: flattenHeaders(res.headers), text, json, isJson }));
      });
    });
    r.setTimeout(timeoutMs, () => {
      r.destroy(new Error(`no response within ${timeoutMs} ms (raise --timeout)`));
    });
    r.on("error", (e: NodeJS.ErrnoException) => {
      // A server may answer (413, say) and close before reading the whole body; the
      // response handler then still runs. Only a request with no response is an error.
      if (e.code === "EPIPE" || e.code === "ECONNRESET") {
        setTimeout(() => done(() => reject(e)), 200);
        return;
      }
      done(() => reject(e));
    });
    if (body !== undefined) r.end(body);
    else r.end();
  });
}
