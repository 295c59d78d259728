// HAR 1.2 (the HTTP Archive format of browser devtools, proxies and load tools): the parts this
// tool writes and reads. Fields starting with `_` are custom, as the format allows.
import type { TrafficExchange } from "../traffic/exchange.js";

/** Recorded traffic as exchanges for the judge. */
export interface Recording {
  exchanges: TrafficExchange[];
  /** The deployment the traffic went to (origin and base path), as the recording says. */
  target: string;
  format: "har" | "ndjson";
}

export interface HarHeader {
  name: string;
  value: string;
}

export interface HarEntry {
  startedDateTime: string;
  time: number;
  request: {
    method: string;
    url: string;
    httpVersion: string;
    cookies: unknown[];
    headers: HarHeader[];
    queryString: HarHeader[];
    postData?: { mimeType: string; text?: string; encoding?: string };
    headersSize: number;
    bodySize: number;
  };
  response: {
    status: number;
    statusText: string;
    httpVersion: string;
    cookies: unknown[];
    headers: HarHeader[];
    content: { size: number; mimeType: string; text?: string; encoding?: string };
    redirectURL: string;
    headersSize: number;
    bodySize: number;
    _error?: string;
  };
  cache: Record<string, never>;
  timings: { send: number; wait: number; receive: number };
  _resourceType?: string;
}

export interface Har {
  log: {
    version: string;
    creator: { name: string; version: string };
    entries: HarEntry[];
    comment?: string;
  };
}
