// The shared scenarios (packages/scenarios/scenarios.json), run by the TypeScript client against
// the reference mock (in process, on 127.0.0.1:0). The counts come from the mock's request log;
// the results go to scenario-results.json, which packages/scenarios/parity.mjs turns into the
// README's parity table. The Python, Go and Java runners do the same over HTTP.
import { createHash } from "node:crypto";
import { readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import { inspect } from "node:util";
import { afterAll, beforeAll, describe, it } from "vitest";
import { type CobrowseClient, type CobrowseClientOptions, createCobrowseClient } from "../src/index.js";
import { type TestMock, startMock } from "./helpers/mock.js";

const SCENARIOS = path.join(__dirname, "..", "..", "scenarios", "scenarios.json");
const RESULTS = path.join(__dirname, "..", "scenario-results.json");
const LANGUAGE = "typescript";
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

type Json = Record<string, any>;
const text = readFileSync(SCENARIOS);
const file = JSON.parse(text.toString("utf8")) as Json;
const results: Record<string, { status: "pass" | "fail" | "skipped"; reason?: string }> = {};

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, Math.max(0, ms)));
const fail = (message: string): never => {
  throw new Error(message);
};
const same = (what: string, got: unknown, want: unknown) => {
  if (JSON.stringify(got) !== JSON.stringify(want)) fail(`${what}: expected ${JSON.stringify(want)}, got ${JSON.stringify(got)}`);
};

/** An error meets its expectation, and no rendering of it shows the secret. */
function checkError(e: unknown, want: Json, secret: string | undefined): void {
  const err = e as Json;
  same("error class", err?.name, want.class);
  for (const k of ["status", "errorCode", "errorReason"]) if (want[k] !== undefined) same(`error ${k}`, err[k], want[k]);
  if (want.requestId && !err.requestId) fail("the error carries no request id");
  const shown = `${String(e)}\n${(e as Error).message}\n${inspect(e, { depth: 5 })}\n${(e as Error).stack}`;
  if (secret && shown.includes(secret)) fail("the error shows the app secret");
}

function checkOk(r: Json, want: Json, saved: Map<string, Json>): void {
  for (const k of ["roomId", "wssUrl", "wssUrlOut", "connectParam"]) if (typeof r.data?.[k] !== "string" || !r.data[k]) fail(`the result lacks data.${k}`);
  if (want.roomId !== undefined) same("data.roomId", r.data.roomId, want.roomId);
  if (want.roomIdFrom !== undefined) same("data.roomId", r.data.roomId, saved.get(want.roomIdFrom)!.data.roomId);
  if (want.roomIdFormat === "uuid" && !UUID.test(r.data.roomId)) fail(`data.roomId is not a UUID: ${r.data.roomId}`);
}

async function run(mock: TestMock, s: Json): Promise<void> {
  mock.mock.faults.clear();
  const since = mock.mock.requests.last();
  const options: Json = { baseUrl: mock.url, ...mock.creds, fetch: mock.fetch };
  for (const [k, v] of Object.entries({ ...file.defaults?.client, ...s.client })) {
    if (v === null) delete options[k];
    else options[k] = v;
  }
  let client: CobrowseClient | undefined;
  try {
    client = createCobrowseClient(options as CobrowseClientOptions);
  } catch (e) {
    if (!s.create) throw e;
    checkError(e, s.create.error, options.appSecret);
  }
  if (s.create && client) fail("creating the client should have failed");
  const saved = new Map<string, Json>();
  let t0 = Date.now();
  for (const step of s.steps as Json[]) {
    if (step.inject) mock.fault(step.inject as never);
    else if (step.sleepMs !== undefined) await sleep(step.sleepMs);
    else if (step.alignToSecond) {
      await sleep(1000 - (Date.now() % 1000) + 50);
      t0 = Date.now();
    } else if (step.untilMs !== undefined) await sleep(t0 + step.untilMs - Date.now());
    else if (step.call) {
      const body = { ...step.body, ...(step.roomIdFrom ? { roomId: saved.get(step.roomIdFrom)!.data.roomId } : {}) };
      const once = () =>
        client!.getConnectionInfo(body as never).then(
          (r) => ({ ok: r as Json }),
          (e: unknown) => ({ error: e }),
        );
      const outcomes = await Promise.all(Array.from({ length: step.concurrent ?? 1 }, once));
      for (const o of outcomes) {
        if (step.expect.ok) {
          if ("error" in o) fail(`expected success, got ${String(o.error)}`);
          checkOk((o as { ok: Json }).ok, step.expect.ok, saved);
        } else {
          if ("ok" in o) fail(`expected ${step.expect.error.class}, got success`);
          checkError((o as { error: unknown }).error, step.expect.error, options.appSecret);
        }
      }
      if (step.save && "ok" in outcomes[0]!) saved.set(step.save, outcomes[0].ok);
    }
  }
  const log = mock.mock.requests.list(since);
  for (const [op, n] of Object.entries(s.requests as Record<string, number>)) same(`${op} requests`, log.filter((r) => r.operationId === op).length, n);
  for (const [op, list] of Object.entries((s.statuses ?? {}) as Record<string, unknown[]>)) same(`${op} statuses`, log.filter((r) => r.operationId === op).map((r) => r.status), list);
  if (s.rooms !== undefined) {
    const rooms = new Set(log.map((r) => r.roomId).filter(Boolean));
    same("rooms", rooms.size, s.rooms);
    for (const [name, r] of saved) if (!rooms.has(r.data.roomId)) fail(`${name}'s room ${r.data.roomId} is not one the mock answered`);
  }
}

describe("scenarios (packages/scenarios/scenarios.json)", () => {
  let mock: TestMock;
  beforeAll(async () => {
    mock = await startMock();
  });
  afterAll(async () => {
    const hash = createHash("sha256").update(text).digest("hex");
    writeFileSync(RESULTS, `${JSON.stringify({ language: LANGUAGE, scenarios: hash, results }, null, 2)}\n`);
    await mock.close();
  });
  for (const s of file.scenarios as Json[]) {
    const reason = s.skip?.[LANGUAGE];
    if (reason) {
      results[s.id] = { status: "skipped", reason };
      it.skip(`${s.id}: ${s.title} (${reason})`, () => {});
      continue;
    }
    it(`${s.id}: ${s.title}`, async () => {
      try {
        await run(mock, s);
        results[s.id] = { status: "pass" };
      } catch (e) {
        results[s.id] = { status: "fail", reason: (e as Error).message };
        throw e;
      }
    });
  }
});
