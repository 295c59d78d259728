// NDJSON recordings: one JSON object per line, a request and its response:
//   {"startedDateTime": "2026-12-06T10:00:00.000Z", "time": 12,
//    "request": {"method": "POST", "url": "https://gw.example.com/apigovernance/api/oauth/tokenByAkSk",
//                "headers": {"content-type": "application/json"}, "body": "{…}"},
//    "response": {"status": 200, "headers": {"content-type": "application/json"}, "body": "{…}"}}
// `url` may be a path; headers an object or a list of [name, value] or {name, value}; a body
// `bodyEncoding: "base64"` when it is not text; `websocket: true` marks a handshake; no
// `response` means no answer. Times are optional (the rules that need them are then skipped).
import type { SpecValidator } from "@cec-cobrowse/spec";
import type { TrafficExchange } from "../traffic/exchange.js";
import type { Recording } from "./har.js";

type Headers = Record<string, string> | Array<[string, string]> | Array<{ name: string; value: string }>;
interface Line {
  startedDateTime?: string;
  startedAt?: string | number;
  time?: number;
  durationMs?: number;
  websocket?: boolean;
  error?: string;
  request: { method: string; url?: string; path?: string; headers?: Headers; body?: string; bodyEncoding?: string };
  response?: { status: number; headers?: Headers; body?: string; bodyEncoding?: string };
}

function pairsOf(headers: Headers | undefined): Array<[string, string]> {
  if (headers === undefined) return [];
  if (Array.isArray(headers))
    return headers.map((h) => (Array.isArray(h) ? [String(h[0]), String(h[1])] : [String(h.name), String(h.value)]));
  return Object.entries(headers).map(([k, v]) => [k, String(v)]);
}

const bytes = (text: string | undefined, encoding: string | undefined) =>
  text === undefined ? Buffer.alloc(0) : Buffer.from(text, encoding === "base64" ? "base64" : "utf8");

export function exchangesOfNdjson(text: string, file: string, spec: SpecValidator): Recording {
  const lines = text
    .split(/\r?\n/)
    .map((l, i) => ({ l: l.trim(), i }))
    .filter(({ l }) => l !== "");
  if (lines.length === 0) throw new Error(`${file}: neither a HAR file nor NDJSON (it is empty)`);
  let origin = "";
  const ops = [...spec.operations.values()].map((o) => o.path);
  let base: string | undefined;
  const parsed = lines.map(({ l, i }) => {
    let line: Line;
    try {
      line = JSON.parse(l) as Line;
    } catch (error) {
      throw new Error(
        `${file}: line ${i + 1} is not JSON (${(error as Error).message}); a recording is a HAR file or NDJSON, one {"request", "response"} object per line`,
      );
    }
    const where = `${file}: line ${i + 1}`;
    const address = line?.request?.url ?? line?.request?.path;
    if (typeof line?.request?.method !== "string" || typeof address !== "string")
      throw new Error(`${where} needs request.method and request.url (or request.path)`);
    if (line.response !== undefined && typeof line.response?.status !== "number")
      throw new Error(`${where}: response.status must be a number`);
    const url = new URL(address, "http://recording.invalid");
    if (!origin && url.host !== "recording.invalid") origin = `${url.protocol}//${url.host}`;
    if (base === undefined) {
      const op = ops.find((o) => url.pathname.endsWith(o));
      if (op) base = url.pathname.slice(0, url.pathname.length - op.length);
    }
    return { line, url, i };
  });
  const exchanges = parsed.map(({ line, url }, index): TrafficExchange => {
    const requestHeaders = pairsOf(line.request.headers);
    let path = `${url.pathname}${url.search}`;
    if (base && path.startsWith(base)) path = path.slice(base.length);
    const t: TrafficExchange = {
      n: index + 1,
      request: {
        method: line.request.method,
        path,
        headers: Object.fromEntries(requestHeaders),
        headerList: requestHeaders,
        body: bytes(line.request.body, line.request.bodyEncoding),
      },
    };
    const started =
      typeof line.startedAt === "number"
        ? line.startedAt
        : Date.parse(line.startedDateTime ?? String(line.startedAt ?? ""));
    if (Number.isFinite(started)) {
      t.startedMs = started;
      const time = line.time ?? line.durationMs;
      if (typeof time === "number") t.endedMs = started + Math.round(time);
    }
    if (line.websocket || line.response?.status === 101) t.upgrade = true;
    if (line.response) {
      const responseHeaders = pairsOf(line.response.headers);
      t.response = {
        status: line.response.status,
        headers: Object.fromEntries(responseHeaders.map(([k, v]) => [k.toLowerCase(), v])),
        headerList: responseHeaders,
        body: bytes(line.response.body, line.response.bodyEncoding),
      };
    } else t.error = line.error ?? "no answer was recorded";
    return t;
  });
  return { exchanges, target: `${origin}${base ?? ""}`, format: "ndjson" };
}
