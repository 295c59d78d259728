// `cobrowse-contract validate FILE`: recorded traffic as exchanges for the judge. A HAR 1.2 file
// (browser devtools, proxies, load tools, `proxy --record`) or NDJSON, one request/response
// pair per line (ndjson.ts). The paths are taken relative to the deployment's base path (found
// from the first request to an operation of the spec).
import { readFileSync } from "node:fs";
import type { SpecValidator } from "@cec-cobrowse/spec";
import type { TrafficExchange } from "../traffic/exchange.js";
import type { Har, HarEntry, HarHeader, Recording } from "./har.js";
import { exchangesOfNdjson } from "./ndjson.js";

export type { Recording };

const pairs = (headers: HarHeader[] | undefined): Array<[string, string]> =>
  (headers ?? []).filter((h) => !h.name.startsWith(":")).map((h) => [h.name, h.value]);

function body(text: string | undefined, encoding: string | undefined): Buffer {
  if (text === undefined) return Buffer.alloc(0);
  return encoding === "base64" ? Buffer.from(text, "base64") : Buffer.from(text, "utf8");
}

function exchangeOfEntry(e: HarEntry, n: number): TrafficExchange & { url: URL } {
  const url = new URL(e.request.url);
  const requestHeaders = pairs(e.request.headers);
  const started = Date.parse(e.startedDateTime);
  const t: TrafficExchange & { url: URL } = {
    n,
    url,
    request: {
      method: e.request.method,
      path: `${url.pathname}${url.search}`,
      headers: Object.fromEntries(requestHeaders),
      headerList: requestHeaders,
      body: body(e.request.postData?.text, e.request.postData?.encoding),
    },
  };
  if (e.request.bodySize > (t.request.body?.length ?? 0)) t.request.bodySize = e.request.bodySize;
  if (!Number.isNaN(started)) {
    t.startedMs = started;
    if (typeof e.time === "number" && e.time >= 0) t.endedMs = started + Math.round(e.time);
  }
  const upgrade =
    e._resourceType === "websocket" ||
    e.response.status === 101 ||
    requestHeaders.some(([k, v]) => k.toLowerCase() === "upgrade" && /websocket/i.test(v));
  if (upgrade) t.upgrade = true;
  if (e.response.status > 0) {
    const responseHeaders = pairs(e.response.headers);
    t.response = {
      status: e.response.status,
      headers: Object.fromEntries(responseHeaders.map(([k, v]) => [k.toLowerCase(), v])),
      headerList: responseHeaders,
      body: body(e.response.content?.text, e.response.content?.encoding),
    };
    if (e.response.content?.text === undefined && (e.response.content?.size ?? 0) > 0) t.response.bodyUnrecorded = true;
  } else t.error = e.response._error ?? "no answer was recorded";
  return t;
}

/** The base path below which the spec's paths are: found from the first request whose path ends with one. */
function basePath(spec: SpecValidator, paths: string[]): string {
  const ops = [...spec.operations.values()].map((o) => o.path);
  for (const p of paths) {
    const op = ops.find((o) => p.endsWith(o));
    if (op) return p.slice(0, p.length - op.length);
  }
  return "";
}

export function exchangesOfHar(har: Har, spec: SpecValidator): Recording {
  const entries = har.log.entries
    .map((e, i) => ({ e, i }))
    .sort((a, b) => Date.parse(a.e.startedDateTime) - Date.parse(b.e.startedDateTime) || a.i - b.i);
  const exchanges = entries.map(({ e }, i) => exchangeOfEntry(e, i + 1));
  const base = basePath(
    spec,
    exchanges.map((x) => x.url.pathname),
  );
  for (const x of exchanges)
    if (base && x.request.path.startsWith(base)) x.request.path = x.request.path.slice(base.length);
  const first = exchanges.find((x) => x.url.pathname.startsWith(base));
  const target = first
    ? `${first.url.protocol === "wss:" ? "https:" : first.url.protocol === "ws:" ? "http:" : first.url.protocol}//${first.url.host}${base}`
    : "";
  return { exchanges: exchanges.map(({ url: _url, ...x }) => x), target, format: "har" };
}

/** The exchanges in the order their answers ended (the order the proxy judged them live), when the recording has times. */
function judgingOrder(recording: Recording): Recording {
  const timed = recording.exchanges.every((t) => t.endedMs !== undefined);
  if (timed) recording.exchanges.sort((a, b) => a.endedMs! - b.endedMs! || a.n - b.n);
  return recording;
}

/**
 * Reads a HAR or NDJSON file (by its content), its exchanges in the order to judge them (the
 * order their answers ended); throws naming the file and the problem.
 */
export function readRecording(file: string, spec: SpecValidator): Recording {
  return judgingOrder(readAny(file, spec));
}

function readAny(file: string, spec: SpecValidator): Recording {
  let text: string;
  try {
    text = readFileSync(file, "utf8");
  } catch (error) {
    throw new Error(`${file}: cannot read it (${(error as NodeJS.ErrnoException).code ?? (error as Error).message})`);
  }
  let whole: unknown;
  try {
    whole = JSON.parse(text);
  } catch {
    whole = undefined;
  }
  const log = (whole as Partial<Har> | undefined)?.log;
  if (log !== undefined) {
    if (!Array.isArray(log.entries)) throw new Error(`${file}: a HAR file needs log.entries (a list)`);
    log.entries.forEach((e, i) => {
      if (
        typeof e?.request?.url !== "string" ||
        typeof e.request.method !== "string" ||
        typeof e.response?.status !== "number"
      ) {
        throw new Error(`${file}: log.entries[${i}] needs request.method, request.url and response.status`);
      }
      try {
        new URL(e.request.url);
      } catch {
        throw new Error(
          `${file}: log.entries[${i}].request.url is not an absolute URL (${JSON.stringify(e.request.url).slice(0, 80)})`,
        );
      }
    });
    return exchangesOfHar(whole as Har, spec);
  }
  return exchangesOfNdjson(text, file, spec);
}
