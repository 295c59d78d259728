// `proxy --record FILE.har`: the exchanges as HAR 1.2, secrets as pseudonyms (pseudonyms.ts).
import { writeFileSync } from "node:fs";
import type { SpecValidator } from "@cec-cobrowse/spec";
import { SuiteRules } from "../rules.js";
import { requestJson } from "../traffic/breaches.js";
import { headerOf, responseOf, type TrafficExchange } from "../traffic/exchange.js";
import { bearerToken } from "../traffic/flow.js";
import { VERSION } from "../version.js";
import type { Har, HarEntry } from "./har.js";
import { Pseudonyms } from "./pseudonyms.js";

const asObject = (v: unknown): Record<string, unknown> | undefined =>
  typeof v === "object" && v !== null && !Array.isArray(v) ? (v as Record<string, unknown>) : undefined;

/** Registers the secrets of an exchange: tokens, the app secret (writeOnly fields), connectParams, other credentials. */
export function noteSecrets(pseudonyms: Pseudonyms, spec: SpecValidator, t: TrafficExchange): void {
  const rules = SuiteRules.of(spec);
  for (const [name, value] of Object.entries(t.request.headers)) {
    if (name.toLowerCase() !== "authorization") continue;
    const token = bearerToken(value);
    if (token !== undefined) pseudonyms.add(token, "token");
    else pseudonyms.add(/^\S+\s+(.+)$/.exec(value)?.[1] ?? value, "credential");
  }
  const path = t.request.path.split("?")[0]!;
  const op = [...spec.operations.values()].find((o) => o.path === path && o.method === t.request.method.toUpperCase());
  const json = requestJson(t);
  const body = json && json !== "invalid" ? asObject(json.value) : undefined;
  if (op && body) {
    for (const [name, prop] of Object.entries(spec.properties(op.bodySchema))) {
      if (spec.deref(prop).writeOnly === true && typeof body[name] === "string")
        pseudonyms.add(body[name] as string, "secret");
    }
  }
  const answer = t.response ? asObject(responseOf(t.response).json) : undefined;
  const token = answer?.[rules.token.fields.token];
  if (typeof token === "string") pseudonyms.add(token, "token");
  const data = asObject(answer?.[rules.connection.outcome.data]);
  for (const field of rules.connection.room.perRole)
    if (typeof data?.[field] === "string") pseudonyms.add(data[field] as string, "connectParam");
  const ws = spec.rules.websocket;
  if (ws && t.request.path.includes("?"))
    pseudonyms.add(
      new URLSearchParams(t.request.path.slice(t.request.path.indexOf("?") + 1)).get(ws.connectParam),
      "connectParam",
    );
}

/** A body for HAR: its text when it is UTF-8, else base64. */
function bodyText(body: Buffer, pseudonyms: Pseudonyms): { text: string; encoding?: string } {
  const text = body.toString("utf8");
  return Buffer.from(text, "utf8").equals(body)
    ? { text: pseudonyms.text(text) }
    : { text: body.toString("base64"), encoding: "base64" };
}

function entryOf(t: TrafficExchange, origin: string, p: Pseudonyms): HarEntry {
  const url = p.text(`${origin}${t.request.path}`);
  const started = t.startedMs ?? Date.now();
  const time = Math.max(0, (t.endedMs ?? started) - started);
  const request: HarEntry["request"] = {
    method: t.request.method,
    url,
    httpVersion: "HTTP/1.1",
    cookies: [],
    headers: (t.request.headerList ?? Object.entries(t.request.headers)).map(([name, value]) => ({
      name,
      value: p.text(value),
    })),
    queryString: [...new URL(url).searchParams].map(([name, value]) => ({ name, value })),
    headersSize: -1,
    bodySize: t.request.bodySize ?? t.request.body?.length ?? 0,
  };
  if (t.request.body && t.request.body.length > 0)
    request.postData = { mimeType: headerOf(t.request.headers, "content-type") ?? "", ...bodyText(t.request.body, p) };
  const res = t.response;
  const response: HarEntry["response"] = res
    ? {
        status: res.status,
        statusText: "",
        httpVersion: "HTTP/1.1",
        cookies: [],
        headers: (res.headerList ?? Object.entries(res.headers)).map(([name, value]) => ({
          name,
          value: p.text(value),
        })),
        content: {
          size: res.bodySize ?? res.body.length,
          mimeType: res.headers["content-type"] ?? "",
          ...(res.body.length > 0 ? bodyText(res.body, p) : {}),
        },
        redirectURL: "",
        headersSize: -1,
        bodySize: res.bodySize ?? res.body.length,
      }
    : {
        status: 0,
        statusText: "",
        httpVersion: "HTTP/1.1",
        cookies: [],
        headers: [],
        content: { size: 0, mimeType: "" },
        redirectURL: "",
        headersSize: -1,
        bodySize: -1,
      };
  if (t.error) response._error = p.text(t.error);
  const entry: HarEntry = {
    startedDateTime: new Date(started).toISOString(),
    time,
    request,
    response,
    cache: {},
    timings: { send: 0, wait: time, receive: 0 },
  };
  if (t.upgrade) entry._resourceType = "websocket";
  return entry;
}

/** The exchanges (in the order they started) as a HAR log, every secret a pseudonym. */
export function harOf(exchanges: readonly TrafficExchange[], spec: SpecValidator, origin: string): Har {
  const pseudonyms = new Pseudonyms();
  const ordered = [...exchanges].sort((a, b) => a.n - b.n);
  for (const t of ordered) noteSecrets(pseudonyms, spec, t);
  return {
    log: {
      version: "1.2",
      creator: { name: "cobrowse-contract", version: VERSION },
      comment:
        "Recorded by cobrowse-contract proxy; the app secret, tokens and connectParams are pseudonyms ([REDACTED:token-1]…, padded to the value's length).",
      entries: ordered.map((t) => entryOf(t, origin.replace(/\/+$/, ""), pseudonyms)),
    },
  };
}

export function writeHar(
  file: string,
  exchanges: readonly TrafficExchange[],
  spec: SpecValidator,
  origin: string,
): number {
  const har = harOf(exchanges, spec, origin);
  writeFileSync(file, `${JSON.stringify(har, null, 2)}\n`);
  return har.log.entries.length;
}
