// A failure as a replay record: its request with every secret as a placeholder (`{{token}}`,
// `{{secret}}`, never a value), the run it came from and how to judge the answer again, which
// `cobrowse-contract --replay FILE` re-sends and re-judges (run.ts). It is given what it reads,
// the run's options and its redactor, never the run's state.
import { gunzipSync } from "node:zlib";
import type { ProvenanceKind } from "@cec-cobrowse/spec";
import type { HttpRequest } from "../http.js";
import type { ResponseRule } from "../judge.js";
import type { Profile } from "../profile.js";
import { PLACEHOLDER, placeholder, type Redactor, SECRET_FIELD } from "../redact.js";

export const REPLAY_FORMAT = "cobrowse-contract-replay/1";

/** How a replay judges the answer it gets again. */
export type Expectation =
  | { type: "status"; status: number }
  | { type: "not-succeed" }
  | { type: "names-field"; field: string }
  | { type: "response"; rule: ResponseRule };

/** A body as segments: text, or one character repeated (a 1 MiB padding stays small). */
export type BodySegment = { text: string } | { repeat: string; times: number };

/** What `--replay` needs to reproduce one failure. Secrets are placeholders (`{{token}}`, `{{secret}}`), never values. */
export interface ReplayRecord {
  format: typeof REPLAY_FORMAT;
  /** `request`: re-send `request` and judge its answer by `expect`; `check`: run the check again with the run's seed. */
  mode: "request" | "check";
  check: string;
  rule?: string;
  message: string;
  specLocation: string;
  provenance: ProvenanceKind;
  /** The run the failure came from: how to run the check again. */
  run: {
    target: string;
    seed: number;
    cases: number;
    profile: Profile;
    stateless: boolean;
    websocket: boolean;
    faultControl?: string;
  };
  /** The request, each secret as its placeholder (`{{redacted}}` for one the record cannot name: such a record runs its check again). */
  request?: {
    operationId?: string;
    method: string;
    path: string;
    headers: Record<string, string>;
    body?: BodySegment[];
    gzip?: boolean;
  };
  expect: Expectation[];
  /** What each placeholder of `request` stands for. */
  placeholders?: Record<string, string>;
}

const PLACEHOLDER_MEANING: Record<string, string> = {
  "{{secret}}": "the app secret (COBROWSE_APP_SECRET)",
  "{{token}}": "a token from the token operation with the configured credentials (COBROWSE_TOKEN when set)",
  "{{token|tamper}}": "that token with one signature character changed",
  "{{token|respell}}": "that token with the spare bits of its last base64url character flipped",
  "{{wrong-secret}}": "a secret that is not the app's",
  "{{redacted}}": "a value the report redacts and the replay cannot name",
};
/** What a placeholder stands for, in words. */
export const meaning = (marker: string): string =>
  PLACEHOLDER_MEANING[marker] ??
  (marker.startsWith("{{token|forge:") ? "a token of that token's shape with other characters (forged)" : marker);

const RUN_MIN = 1024;

/** A text as segments, runs of one character of RUN_MIN or more as repeats. */
export function segments(text: string): BodySegment[] {
  const out: BodySegment[] = [];
  const run = new RegExp(`(.)\\1{${RUN_MIN - 1},}`, "gsu");
  let last = 0;
  for (const m of text.matchAll(run)) {
    if (m.index! > last) out.push({ text: text.slice(last, m.index) });
    out.push({ repeat: m[1]!, times: [...m[0]].length });
    last = m.index! + m[0].length;
  }
  if (last < text.length || out.length === 0) out.push({ text: text.slice(last) });
  return out;
}

export function joinSegments(body: BodySegment[]): string {
  return body.map((s) => ("text" in s ? s.text : s.repeat.repeat(s.times))).join("");
}

/** A request body as text with placeholders; `gzip` when it was sent gzip-compressed (it is stored uncompressed). */
function bodyText(redactor: Redactor, request: HttpRequest): { text: string; gzip: boolean } | undefined {
  if (request.body === undefined) return undefined;
  const coding = Object.entries(request.headers)
    .find(([k]) => k.toLowerCase() === "content-encoding")?.[1]
    ?.toLowerCase();
  let text: string;
  let gzip = false;
  if (Buffer.isBuffer(request.body)) {
    if (coding === "gzip") {
      try {
        text = gunzipSync(request.body).toString("utf8");
        gzip = true;
      } catch {
        text = request.body.toString("utf8");
      }
    } else text = request.body.toString("utf8");
  } else text = request.body;
  // Secret-named fields holding a value the run cannot name are redacted outright.
  try {
    const parsed: unknown = JSON.parse(text);
    if (JSON.stringify(parsed) === text) text = JSON.stringify(unnamedSecrets(redactor, parsed));
  } catch {
    // not JSON: only the registered secrets are replaced
  }
  return { text: redactor.placeholders(text), gzip };
}

function unnamedSecrets(redactor: Redactor, value: unknown): unknown {
  if (Array.isArray(value)) return value.map((v) => unnamedSecrets(redactor, v));
  if (typeof value !== "object" || value === null) return value;
  return Object.fromEntries(
    Object.entries(value).map(([k, v]) => [
      k,
      SECRET_FIELD.test(k) && typeof v === "string" && (!redactor.has(v) || redactor.labelOf(v) === undefined)
        ? placeholder(undefined)
        : unnamedSecrets(redactor, v),
    ]),
  );
}

/** The request with every secret as its placeholder. */
export function withPlaceholders(redactor: Redactor, request: HttpRequest): NonNullable<ReplayRecord["request"]> {
  const headers = Object.fromEntries(Object.entries(request.headers).map(([k, v]) => [k, redactor.placeholders(v)]));
  const out: NonNullable<ReplayRecord["request"]> = { method: request.method, path: request.path, headers };
  const body = bodyText(redactor, request);
  if (body) {
    out.body = segments(body.text);
    if (body.gzip) out.gzip = true;
  }
  return out;
}

/** The options of the run a record names (a run's resolved options are these and more). */
export interface RecordedRun {
  baseUrl: string;
  seed: number;
  cases: number;
  profile: Profile;
  stateless: boolean;
  websocket: boolean;
  faultControl?: string | undefined;
}

/** The replay record of a failure: `o` is the run's options, `redactor` names its secrets. */
export function replayOf(
  o: RecordedRun,
  redactor: Redactor,
  failure: {
    check: string;
    rule: string | undefined;
    message: string;
    specLocation: string;
    provenance: ProvenanceKind;
  },
  exchange: { request: HttpRequest; operationId?: string } | undefined,
  expect: Expectation[],
): ReplayRecord {
  const record: ReplayRecord = {
    format: REPLAY_FORMAT,
    mode: "check",
    check: failure.check,
    message: failure.message,
    specLocation: failure.specLocation,
    provenance: failure.provenance,
    run: {
      target: o.baseUrl,
      seed: o.seed,
      cases: o.cases,
      profile: o.profile,
      stateless: o.stateless,
      websocket: o.websocket,
      ...(o.faultControl ? { faultControl: o.faultControl } : {}),
    },
    expect,
  };
  if (failure.rule) record.rule = failure.rule;
  if (exchange) {
    record.request = withPlaceholders(redactor, exchange.request);
    if (exchange.operationId) record.request.operationId = exchange.operationId;
    const text = JSON.stringify(record.request);
    const markers = [...new Set(text.match(PLACEHOLDER) ?? [])];
    if (markers.length > 0) record.placeholders = Object.fromEntries(markers.map((m) => [m, meaning(m)]));
    if (expect.length > 0 && !markers.includes(placeholder(undefined))) record.mode = "request";
  }
  return record;
}
