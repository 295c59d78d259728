// No message is lost silently in the sandbox (Redis, two replicas, nginx; as `pnpm sandbox`
// starts them). While Redis is away, or when a replica's subscription to it is cut, the relay
// cannot deliver across replicas: every connection that sent or should have received a message
// that did not cross is closed with the spec's close.messagesLost, and each message lost is
// counted exactly by the replica that accepted it (on /__mock/health and in its log, whose last
// line states the totals). Once Redis is back, the same connectParams reconnect and the room
// goes on, in order, without duplicates.

import { specValidator } from "@cec-cobrowse/spec";
import { Redis } from "ioredis";
import { afterAll, afterEach, describe, expect, it } from "vitest";
import WebSocket from "ws";
import { type Replica, type Sandbox, startRedis, startSandbox } from "../sandbox/sandbox.mjs";
import type { RelayStats } from "../src/index.js";
import { connectUrl, INFO_PATH, post, TOKEN_PATH, until as waitUntil } from "./helpers.js";

const LOST = specValidator().rules.websocket!.close.messagesLost;
interface Info {
  roomId: string;
  wssUrl: string;
  connectParam: string;
}

const running: Array<{ stop(): Promise<void> }> = [];
const sockets: WebSocket[] = [];
afterEach(() => {
  for (const ws of sockets.splice(0)) ws.terminate();
});
afterAll(async () => {
  for (const part of running.splice(0).reverse()) await part.stop();
});

const creds = { app_key: "demo-app-key", app_secret: "demo-app-secret" };
const until = (what: string, ok: () => boolean | Promise<boolean>, ms = 15_000) => waitUntil(what, ok, ms);
async function tokenOf(base: string): Promise<string> {
  return ((await post(base + TOKEN_PATH, creds, { "X-Token-Expire": "3600" })).body as { AccessToken: string })
    .AccessToken;
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
const on = (i: Info, base: string) =>
  connectUrl({ ...i, wssUrl: i.wssUrl.replace(/^ws:\/\/[^/]+/, base.replace(/^http/, "ws")) });
const relayOf = async (base: string) =>
  ((await (await fetch(`${base}/__mock/health`)).json()) as { relay: RelayStats }).relay;

/** A side of the room that, once started, sends a numbered message every 5 ms while open, and keeps what it sent and got. */
interface Side {
  ws: WebSocket;
  sent: string[];
  got: string[];
  closedWith?: number;
  start(): void;
  stop(): void;
}
function open(url: string): Promise<WebSocket> {
  return new Promise((resolve, reject) => {
    const ws = new WebSocket(url);
    sockets.push(ws);
    ws.once("open", () => resolve(ws));
    ws.once("error", reject);
    ws.once("unexpected-response", (_req, res) => reject(new Error(`refused: HTTP ${res.statusCode}`)));
  });
}
async function side(url: string, prefix: string): Promise<Side> {
  const ws = await open(url);
  let timer: NodeJS.Timeout | undefined;
  let n = 0;
  const s: Side = {
    ws,
    sent: [],
    got: [],
    start: () =>
      void (timer = setInterval(() => {
        if (ws.readyState !== WebSocket.OPEN) return;
        const m = `${prefix}${++n}`;
        ws.send(m);
        s.sent.push(m);
      }, 5)),
    stop: () => clearInterval(timer),
  };
  ws.on("message", (data: Buffer) => s.got.push(data.toString()));
  ws.on("close", (code: number) => (s.closedWith = code));
  return s;
}
/** Opens `url` again and again (503 while the replica cannot subscribe) until admitted. */
async function reconnect(url: string): Promise<WebSocket & { got: string[]; closedWith?: number }> {
  for (;;) {
    try {
      const ws: WebSocket & { got: string[]; closedWith?: number } = Object.assign(await open(url), {
        got: [] as string[],
      });
      ws.on("message", (data: Buffer) => ws.got.push(data.toString()));
      ws.on("close", (code: number) => (ws.closedWith = code));
      return ws;
    } catch (error) {
      if (!/HTTP 503/.test(String(error))) throw error;
      await new Promise((r) => setTimeout(r, 100));
    }
  }
}
const lastLossLine = (r: Replica) =>
  [...r.output().matchAll(/so far (\d+) unpublished, (\d+) missed, (\d+) subscription/g)].at(-1);

async function room(): Promise<{ s: Sandbox; a: Replica; b: Replica; customer: Info; agent: Info; token: string }> {
  const s = await startSandbox({ replicas: 2 });
  running.push(s);
  const [a, b] = s.replicas as [Replica, Replica];
  const token = await tokenOf(s.url);
  const customer = await info(s.url, token, "recorder");
  const agent = await info(s.url, token, "replayer", customer.roomId);
  return { s, a, b, customer, agent, token };
}

describe("Redis going away", () => {
  it("closes every connection that sent or should have received a lost message with messagesLost, counts each loss exactly, and the room resumes after", async () => {
    const { s, a, b, customer, agent, token } = await room();
    const recorder = await side(on(customer, a.url), "r");
    const replayer = await side(on(agent, b.url), "p");
    recorder.start();
    replayer.start();
    await until("the room relays both ways", () => recorder.got.length >= 20 && replayer.got.length >= 20);

    const port = s.redis.port;
    await s.redis.stop();
    await until("both sides are told", () => recorder.closedWith !== undefined && replayer.closedWith !== undefined);
    recorder.stop();
    replayer.stop();
    expect([recorder.closedWith, replayer.closedWith]).toEqual([LOST, LOST]);
    // While Redis is away: the API answers; a room's connection is refused until it is back.
    expect((await post(s.url + TOKEN_PATH, creds)).status).toBe(200);
    await expect(open(on(await info(s.url, token, "recorder"), b.url))).rejects.toThrow(/refused: HTTP 503/);

    // What arrived is what was sent, in order, without duplicates, up to the loss...
    expect(replayer.got).toEqual(recorder.sent.slice(0, replayer.got.length));
    expect(recorder.got).toEqual(replayer.sent.slice(0, recorder.got.length));
    // ...and every message sent and not received was counted by the replica that accepted it.
    await new Promise((r) => setTimeout(r, 1200)); // the loss log's last line (at most one a second)
    const [ra, rb] = await Promise.all([relayOf(a.url), relayOf(b.url)]);
    const lostToReplayer = recorder.sent.length - replayer.got.length;
    const lostToRecorder = replayer.sent.length - recorder.got.length;
    console.log(
      `redis away: recorder sent ${recorder.sent.length}, replayer got ${replayer.got.length}; replayer sent ${replayer.sent.length}, recorder got ${recorder.got.length}; counted ${JSON.stringify({ a: ra, b: rb })}`,
    );
    expect({ toReplayer: lostToReplayer, toRecorder: lostToRecorder }).toEqual({
      toReplayer: ra.messagesUnpublished + rb.messagesMissed,
      toRecorder: rb.messagesUnpublished + ra.messagesMissed,
    });
    for (const [relay, replica] of [
      [ra, a],
      [rb, b],
    ] as const) {
      expect(relay.subscriptionsLost).toBeGreaterThanOrEqual(1);
      expect(relay.peersClosedForLoss).toBeGreaterThanOrEqual(1);
      const line = lastLossLine(replica);
      expect(line, "a loss line in the replica's log").toBeDefined();
      expect(line!.slice(1, 4).map(Number)).toEqual([
        relay.messagesUnpublished,
        relay.messagesMissed,
        relay.subscriptionsLost,
      ]);
    }

    const redis = await startRedis({ port, dir: s.dir });
    s.redis = redis;
    running.push(redis);
    // The same connectParams, once each replica can subscribe again.
    const [rec, rep] = await Promise.all([reconnect(on(customer, a.url)), reconnect(on(agent, b.url))]);
    const out = Array.from({ length: 100 }, (_, i) => `after ${i + 1}`);
    for (const m of out) rec.send(m);
    for (const m of out) rep.send(`back ${m}`);
    await until("relayed both ways after", () => {
      if (rec.closedWith !== undefined || rep.closedWith !== undefined)
        throw new Error(`closed after reconnecting: recorder ${rec.closedWith}, replayer ${rep.closedWith}`);
      return rep.got.length >= 100 && rec.got.length >= 100;
    });
    expect(rep.got).toEqual(out);
    expect(rec.got).toEqual(out.map((m) => `back ${m}`));
    await until(
      "the control API again",
      async () =>
        (await fetch(`${b.url}/__mock/faults`, { headers: { authorization: `Bearer ${s.controlToken}` } })).status ===
        200,
    );
  });

  it("a subscription cut while Redis stays up: the replica closes its connections with messagesLost and takes them back once subscribed again", async () => {
    const { s, a, b, customer, agent } = await room();
    const recorder = await side(on(customer, a.url), "r");
    const replayer = await side(on(agent, b.url), "p");
    recorder.start();
    replayer.start();
    await until("the room relays both ways", () => recorder.got.length >= 20 && replayer.got.length >= 20);
    const admin = new Redis(s.redis.url, { lazyConnect: true });
    await admin.connect();
    try {
      // What Redis does to a subscriber over its output-buffer limit.
      await admin.call("CLIENT", "KILL", "TYPE", "pubsub");
    } finally {
      admin.disconnect();
    }
    await until("both sides are told", () => recorder.closedWith !== undefined && replayer.closedWith !== undefined);
    recorder.stop();
    replayer.stop();
    expect([recorder.closedWith, replayer.closedWith]).toEqual([LOST, LOST]);
    expect(replayer.got).toEqual(recorder.sent.slice(0, replayer.got.length));
    const [ra, rb] = await Promise.all([relayOf(a.url), relayOf(b.url)]);
    expect([ra.subscriptionsLost, rb.subscriptionsLost]).toEqual([1, 1]);
    const [rec, rep] = await Promise.all([reconnect(on(customer, a.url)), reconnect(on(agent, b.url))]);
    rec.send("hello again");
    await until("relayed after", () => rep.got.length === 1);
    expect(rep.got).toEqual(["hello again"]);
  });
});
