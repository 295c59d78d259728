// The sandbox for real: Redis (Debian's redis-server), replicas of the mock in their own
// processes, nginx in front (sandbox/sandbox.mjs, as `pnpm sandbox` starts them), all on
// 127.0.0.1 with free ports. A room split across two replicas relays both ways in order
// without duplicates; faults reach every replica by scope; a replica killed mid-room and a
// replica started while others run are each survived (Redis going away: sandbox-loss.test.ts);
// what nginx refuses itself is answered with the spec's ErrorResponse, as the mock would.

import { specValidator } from "@cec-cobrowse/spec";
import { afterAll, afterEach, describe, expect, it } from "vitest";
import WebSocket from "ws";
import { type Replica, type Sandbox, startSandbox } from "../sandbox/sandbox.mjs";
import { startMockServer } from "../src/index.js";
import { connectUrl, INFO_PATH, post, TOKEN_PATH, until as waitUntil } from "./helpers.js";
import { exchangeWith } from "./raw-http.js";

interface Info {
  roomId: string;
  wssUrl: string;
  connectParam: string;
}

const running: Sandbox[] = [];
const sockets: WebSocket[] = [];
afterEach(() => {
  for (const ws of sockets.splice(0)) ws.terminate();
});
afterAll(async () => {
  await Promise.all(running.splice(0).map((s) => s.stop()));
});

async function sandbox(replicas = 2): Promise<Sandbox> {
  const s = await startSandbox({ replicas });
  running.push(s);
  return s;
}

const creds = { app_key: "demo-app-key", app_secret: "demo-app-secret" };
async function tokenOf(base: string): Promise<string> {
  const answer = await post(base + TOKEN_PATH, creds, { "X-Token-Expire": "3600" });
  expect(answer.status).toBe(200);
  return (answer.body as { AccessToken: string }).AccessToken;
}
async function info(base: string, token: string, role: "recorder" | "replayer", roomId?: string): Promise<Info> {
  const answer = await post(base + INFO_PATH, roomId ? { role, roomId } : { role }, {
    Authorization: `Bearer ${token}`,
    "x-app-key": "demo-app-key",
    "X-TenantSpaceID": "demo-tenant",
  });
  expect(answer.status).toBe(200);
  return (answer.body as { data: Info }).data;
}
/** The room URL of `i`, on `base` (a replica) instead of the balancer it names. */
const on = (i: Info, base: string) =>
  connectUrl({ ...i, wssUrl: i.wssUrl.replace(/^ws:\/\/[^/]+/, base.replace(/^http/, "ws")) });

/** A socket that records every text message it receives. */
function open(url: string): Promise<WebSocket & { got: string[] }> {
  return new Promise((resolve, reject) => {
    const ws = Object.assign(new WebSocket(url), { got: [] as string[] });
    sockets.push(ws);
    ws.on("message", (data: Buffer) => ws.got.push(data.toString()));
    ws.once("open", () => resolve(ws));
    ws.once("error", reject);
    ws.once("unexpected-response", (_req, res) => reject(new Error(`refused: HTTP ${res.statusCode}`)));
  });
}
// Replicas, Redis and nginx settle more slowly than one process: 15 s, not the helper's 10.
const until = (what: string, ok: () => boolean | Promise<boolean>) => waitUntil(what, ok, 15_000);
const numbered = (prefix: string, from: number, to: number) =>
  Array.from({ length: to - from + 1 }, (_, i) => `${prefix}${from + i}`);
const health = async (base: string) =>
  (await (await fetch(`${base}/__mock/health`)).json()) as { rooms: number; replica: string };

describe("two replicas behind nginx", () => {
  it("relay a room split across them both ways, in order, without duplicates, and through the balancer", async () => {
    const s = await sandbox();
    const [a, b] = s.replicas as [Replica, Replica];
    const token = await tokenOf(s.url);
    const customer = await info(s.url, token, "recorder");
    const agent = await info(s.url, token, "replayer", customer.roomId);
    const recorder = await open(on(customer, a.url));
    const replayer = await open(on(agent, b.url));
    const localReplayer = await open(on(await info(s.url, token, "replayer", customer.roomId), a.url));
    const balanced = await open(connectUrl(await info(s.url, token, "replayer", customer.roomId)));
    const out = numbered("r", 1, 500);
    const back = numbered("p", 1, 300);
    for (let i = 0; i < 500; i++) {
      recorder.send(out[i]!);
      if (i < 300) replayer.send(back[i]!);
    }
    await until(
      "all messages relayed",
      () =>
        replayer.got.length >= 500 &&
        localReplayer.got.length >= 500 &&
        balanced.got.length >= 500 &&
        recorder.got.length >= 300,
    );
    await new Promise((r) => setTimeout(r, 200)); // and no more after them
    expect(replayer.got).toEqual(out);
    expect(localReplayer.got).toEqual(out);
    expect(balanced.got).toEqual(out);
    expect(recorder.got).toEqual(back);
  });

  it("share the control API's faults by scope, and DELETE on one releases requests held on the other", async () => {
    const s = await sandbox();
    const [a, b] = s.replicas as [Replica, Replica];
    const control = (base: string, method: string, scope: string, body?: unknown) =>
      fetch(`${base}/__mock/faults`, {
        method,
        headers: {
          authorization: `Bearer ${s.controlToken}`,
          "x-mock-scope": scope,
          "content-type": "application/json",
        },
        body: body === undefined ? undefined : JSON.stringify(body),
      });
    expect((await control(s.url, "POST", "ci-42", { count: 4, status: 503 })).status).toBe(201);
    const statuses: number[] = [];
    for (let i = 0; i < 6; i++)
      statuses.push((await post(s.url + TOKEN_PATH, creds, { "x-mock-scope": "ci-42" })).status);
    expect(statuses).toEqual([503, 503, 503, 503, 200, 200]);
    expect((await post(a.url + TOKEN_PATH, creds)).status).toBe(200);

    expect((await control(a.url, "POST", "held", { delayMs: 30_000, status: 500 })).status).toBe(201);
    const t0 = performance.now();
    const held = post(b.url + TOKEN_PATH, creds, { "x-mock-scope": "held" });
    await new Promise((r) => setTimeout(r, 300));
    expect(((await (await control(b.url, "GET", "held")).json()) as { faults: unknown[] }).faults).toEqual([]); // taken by the held request
    expect((await control(a.url, "DELETE", "held")).status).toBe(200);
    expect((await held).status).toBe(200);
    expect(performance.now() - t0).toBeLessThan(10_000);
    // Without the token, no replica answers it.
    expect((await fetch(`${s.url}/__mock/faults`)).status).toBe(401);
  });
});

describe("faults of the sandbox itself", () => {
  it("a replica killed mid-room: its sockets reconnect through the balancer to the other and the room goes on", async () => {
    const s = await sandbox();
    const token = await tokenOf(s.url);
    const customer = await info(s.url, token, "recorder");
    const agent = await info(s.url, token, "replayer", customer.roomId);
    let recorder = await open(connectUrl(customer)); // through nginx: on either replica
    const healths = await Promise.all(s.replicas.map((r) => health(r.url)));
    const doomed = s.replicas[healths.findIndex((h) => h.rooms === 1)]!;
    const survivor = s.replicas.find((r) => r !== doomed)!;
    const replayer = await open(on(agent, survivor.url));
    for (const m of numbered("m", 1, 100)) recorder.send(m);
    await until("the first 100 arrive", () => replayer.got.length >= 100);
    expect(replayer.got).toEqual(numbered("m", 1, 100));

    const closed = new Promise<number>((r) => recorder.once("close", (code: number) => r(code)));
    await doomed.kill();
    expect(await closed).toBe(1006);
    recorder = await open(connectUrl(customer)); // the same connectParam, through nginx again
    expect((await health(survivor.url)).rooms).toBe(1);
    for (const m of numbered("m", 101, 200)) recorder.send(m);
    replayer.send("still here");
    await until("the next 100 arrive", () => replayer.got.length >= 200 && recorder.got.length >= 1);
    expect(replayer.got).toEqual(numbered("m", 1, 200)); // nothing the replayer had seen is lost or repeated
    expect(recorder.got).toEqual(["still here"]);
    // The HTTP API through the balancer goes on too.
    for (let i = 0; i < 6; i++) expect((await post(s.url + TOKEN_PATH, creds)).status).toBe(200);
  });

  it("a replica started while others run joins the rooms and the balancer", async () => {
    const s = await sandbox();
    const token = await tokenOf(s.url);
    const c = await s.addReplica();
    const customer = await info(c.url, token, "recorder"); // a token of the others, accepted by the newcomer
    const recorder = await open(on(customer, c.url));
    const replayer = await open(on(await info(s.url, token, "replayer", customer.roomId), s.replicas[0]!.url));
    recorder.send("hello from the newcomer");
    replayer.send("welcome");
    await until("both ways", () => replayer.got.length === 1 && recorder.got.length === 1);
    expect([replayer.got, recorder.got]).toEqual([["hello from the newcomer"], ["welcome"]]);
    const newcomer = (await health(c.url)).replica;
    const answered = new Set<string>();
    for (let i = 0; i < 30 && !answered.has(newcomer); i++) answered.add((await health(s.url)).replica);
    expect(answered.has(newcomer)).toBe(true);
  });
});

describe("nginx's own answers", () => {
  const body = JSON.stringify(creds);
  const post = (headers: string[], payload = body) =>
    [`POST ${TOKEN_PATH} HTTP/1.1`, ...headers, "", payload].join("\r\n");
  it.each([
    [
      "10 000 headers",
      post(["Host: x", ...Array.from({ length: 10_000 }, (_, i) => `X-H${i}: v`), `Content-Length: ${body.length}`]),
      431,
    ],
    ["one 70 KiB header", post(["Host: x", `X-Big: ${"a".repeat(70 * 1024)}`, `Content-Length: ${body.length}`]), 431],
    [
      "Content-Length with Transfer-Encoding",
      post(
        ["Host: x", `Content-Length: ${body.length}`, "Transfer-Encoding: chunked"],
        `${body.length.toString(16)}\r\n${body}\r\n0\r\n\r\n`,
      ),
      400,
    ],
    ["two Content-Lengths", post(["Host: x", `Content-Length: ${body.length}`, `Content-Length: ${body.length}`]), 400],
    ["no Host", post([`Content-Length: ${body.length}`]), 400],
    ["a garbage request line", "HELLO WORLD\r\n\r\n", 400],
    ["a bad header line", "GET / HTTP/1.1\r\nHost x\r\n\r\n", 400],
    ["an unknown HTTP version", "GET / HTTP/3.7\r\nHost: x\r\n\r\n", 400],
    ["an unknown Transfer-Encoding", post(["Host: x", "Transfer-Encoding: gzip"], ""), 400],
    ["a 100 KiB target", `GET /${"a".repeat(100 * 1024)} HTTP/1.1\r\nHost: x\r\n\r\n`, 414],
  ])("%s: the spec's ErrorResponse as JSON with a request id, not nginx's HTML", async (_name, data, status) => {
    const s = running[0] ?? (await sandbox(1));
    const [answer] = await exchangeWith(Number(new URL(s.url).port), data);
    expect(answer, "an answer").toBeDefined();
    expect(answer!.status).toBe(status);
    expect(answer!.headers["content-type"]).toMatch(/^application\/json/);
    expect(answer!.headers["x-request-id"]).toMatch(/^[A-Za-z0-9._:-]{1,128}$/);
    expect(specValidator().validateSchema("ErrorResponse", JSON.parse(answer!.body))).toEqual([]);
    expect(JSON.parse(answer!.body).errorCode).toBe(specValidator().errorCode(status));
  });
});

describe("COBROWSE_MOCK_REDIS_URL", () => {
  it("refuses to start when Redis cannot be reached, naming the variable and never the password", async () => {
    await expect(startMockServer({ port: 0, redisUrl: "redis://:hunter2-secret@127.0.0.1:1" })).rejects.toThrow(
      /^redisUrl: cannot connect to redis:\/\/127\.0\.0\.1:1 .*COBROWSE_MOCK_REDIS_URL/,
    );
    await expect(startMockServer({ port: 0, redisUrl: "redis://:hunter2-secret@127.0.0.1:1" })).rejects.not.toThrow(
      /hunter2/,
    );
    await expect(startMockServer({ redisUrl: "http://x" })).rejects.toThrow(/must be a redis:\/\/ or rediss:\/\/ URL/);
  });
});
