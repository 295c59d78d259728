// One observed exchange (a request and its answer, or a WebSocket handshake), as the proxy saw it
// or a HAR / NDJSON file recorded it, and its view as the suite's own Exchange.
import type { WebSocketRule } from "@cec-cobrowse/spec";
import type { Exchange, HttpRequest, HttpResponse } from "../http.js";

export interface ObservedRequest {
  method: string;
  /** The request target as sent: the path and query. */
  path: string;
  /** Header name → value, names as sent (repeated headers joined with ", "). */
  headers: Record<string, string>;
  body?: Buffer;
  /** The body's size in bytes when `body` holds only its start (a recording cut it). */
  bodySize?: number;
  /** The headers in the order sent, names as sent (for recordings). */
  headerList?: Array<[string, string]>;
}

export interface ObservedResponse {
  status: number;
  /** Header name (lower case) → value. */
  headers: Record<string, string>;
  body: Buffer;
  bodySize?: number;
  /** The recording kept no body (a devtools HAR without content): only the status and headers are judged. */
  bodyUnrecorded?: boolean;
  headerList?: Array<[string, string]>;
}

export interface TrafficExchange {
  /** 1-based, in the order the requests started (the HAR entry's position). */
  n: number;
  /** When the request started and the answer ended (ms since the epoch); undefined when the source does not say. */
  startedMs?: number;
  endedMs?: number;
  request: ObservedRequest;
  /** Undefined when there was no answer (`error` says why). */
  response?: ObservedResponse;
  /** A WebSocket upgrade: the answer is its handshake (101, or a refusal). */
  upgrade?: boolean;
  /** Why there was no answer: the client gave up, the connection was reset, the target is down. */
  error?: string;
  /** The target's answer was not HTTP at all (its fault, unlike a reset). */
  malformedAnswer?: boolean;
}

/** The path without its query. */
export const pathOnly = (path: string): string => path.split("?")[0]!.split("#")[0]!;

/** The room id and the query of a handshake's URL, when it is under the spec's WebSocket path. */
export function roomSocket(ws: WebSocketRule, path: string): { roomId: string; query: URLSearchParams } | undefined {
  const only = pathOnly(path);
  if (!only.startsWith(ws.path)) return undefined;
  let roomId: string;
  try {
    roomId = decodeURIComponent(only.slice(ws.path.length));
  } catch {
    return undefined;
  }
  return { roomId, query: new URLSearchParams(path.includes("?") ? path.slice(path.indexOf("?") + 1) : "") };
}

/** `#12 POST /apiaccess/api/cobrowse/getConnectionInfo` (the query left out: a WebSocket URL's carries the connectParam). */
export const labelOf = (t: TrafficExchange): string =>
  `#${t.n} ${t.request.method} ${pathOnly(t.request.path)}${t.upgrade ? " (WebSocket)" : ""}`;

export function headerOf(headers: Record<string, string>, name: string): string | undefined {
  const key = Object.keys(headers).find((k) => k.toLowerCase() === name.toLowerCase());
  return key === undefined ? undefined : headers[key];
}

/** The answer as the suite's HttpResponse (text, JSON when it parses). */
export function responseOf(res: ObservedResponse): HttpResponse {
  const text = res.body.toString("utf8");
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
  return { status: res.status, headers: res.headers, text, json, isJson };
}

/** The observed exchange as the suite's Exchange (check `traffic`), for its judge, redactor and replay records. */
export function exchangeOf(t: TrafficExchange, operationId: string | undefined): Exchange {
  const request: HttpRequest = { method: t.request.method, path: t.request.path, headers: t.request.headers };
  if (t.request.body !== undefined && t.request.body.length > 0) request.body = t.request.body;
  const x: Exchange = {
    checkId: "traffic",
    label: labelOf(t),
    request,
    durationMs: t.startedMs !== undefined && t.endedMs !== undefined ? t.endedMs - t.startedMs : 0,
  };
  if (operationId) x.operationId = operationId;
  if (t.response) x.response = responseOf(t.response);
  if (t.error) x.error = t.error;
  return x;
}
