// The relay's bounds: rooms, connections and connections per room are capped at admission
// (the spec's capacity and roomFull refusals); bytes waiting for a peer and for all peers are
// capped, and a peer over them is closed with the spec's peerTooSlow code and dropped soon
// after if it cannot even take the close frame, rather than held for the library's 30 s.
import { specValidator } from "@cec-cobrowse/spec";
import { afterEach, describe, expect, it } from "vitest";
import WebSocket from "ws";
import type { MockServer, MockServerOptions } from "../src/index.js";
import { INFO_PATH, connectUrl, infoHeaders, issueToken, post, start } from "./helpers.js";

const rules = specValidator().rules.websocket!;
const servers: MockServer[] = [];
const sockets: WebSocket[] = [];
afterEach(async () => {
  for (const ws of sockets.splice(0)) ws.terminate();
  await Promise.all(servers.splice(0).map((m) => m.close()));
});

async function mockWith(options: MockServerOptions) {
  const mock = await start(options);
  servers.push(mock);
  const token = await issueToken(mock, 3600);
  const url = async (role: "recorder" | "replayer", roomId: string) =>
    connectUrl(((await post(mock.url + INFO_PATH, { role, roomId }, infoHeaders(mock, token))).body as { data: { wssUrl: string; connectParam: string } }).data);
  return { mock, url };
}

function open(url: string): Promise<WebSocket> {
  return new Promise((resolve, reject) => {
    const ws = new WebSocket(url);
    sockets.push(ws);
    ws.once("open", () => resolve(ws));
    ws.once("error", reject);
  });
}

function refusal(url: string): Promise<{ status: number; body: { errorReason: string }; retryAfter: string | undefined }> {
  return new Promise((resolve, reject) => {
    const ws = new WebSocket(url);
    ws.once("open", () => reject(new Error("admitted")));
    ws.once("error", () => {});
    ws.once("unexpected-response", (_req, res) => {
      let text = "";
      res.on("data", (c: Buffer) => (text += c.toString()));
      res.on("end", () => resolve({ status: res.statusCode ?? 0, body: JSON.parse(text) as { errorReason: string }, retryAfter: res.headers["retry-after"] as string | undefined }));
    });
  });
}

const until = async (what: string, ok: () => boolean, timeoutMs = 10_000) => {
  const deadline = Date.now() + timeoutMs;
  while (!ok()) {
    if (Date.now() > deadline) throw new Error(`${what}: not within ${timeoutMs} ms`);
    await new Promise((r) => setTimeout(r, 10));
  }
};

/** Sends `count` messages of `size` bytes, waiting for each to be written (the sender is not the slow one). */
async function flood(ws: WebSocket, count: number, size: number, stop: () => boolean = () => false): Promise<number> {
  const payload = Buffer.alloc(size, 7);
  let sent = 0;
  while (sent < count && !stop() && ws.readyState === WebSocket.OPEN) {
    await new Promise<void>((resolve) => ws.send(payload, () => resolve()));
    sent += 1;
  }
  return sent;
}

describe("admission caps", () => {
  it("refuses a room over maxRooms with the spec's capacity status and Retry-After", async () => {
    const { url } = await mockWith({ relayLimits: { maxRooms: 2 } });
    await open(await url("recorder", "r1"));
    await open(await url("recorder", "r2"));
    await open(await url("replayer", "r2")); // an existing room still takes connections
    const refused = await refusal(await url("recorder", "r3"));
    expect(refused.status).toBe(rules.refusals.capacity);
    expect(refused.body.errorReason).toMatch(/^server: holds 2 rooms/);
    expect(refused.retryAfter).toBe("1");
    expect(specValidator().validateSchema("ErrorResponse", refused.body)).toEqual([]);
  });

  it("refuses a connection over maxConnectionsPerRoom with roomFull, and over maxConnections with capacity", async () => {
    const { url } = await mockWith({ relayLimits: { maxConnectionsPerRoom: 2, maxConnections: 3 } });
    await open(await url("recorder", "full"));
    await open(await url("replayer", "full"));
    const full = await refusal(await url("replayer", "full"));
    expect(full.status).toBe(rules.refusals.roomFull);
    expect(full.body.errorReason).toMatch(/^room: holds 2 connections/);
    await open(await url("recorder", "other"));
    const over = await refusal(await url("replayer", "other"));
    expect(over.status).toBe(rules.refusals.capacity);
    expect(over.body.errorReason).toMatch(/^server: holds 3 connections/);
  });
});

describe("bytes waiting for peers", () => {
  it("closes a paused peer over maxPeerBufferBytes with peerTooSlow, drops it soon after, and keeps relaying to the others", async () => {
    const limit = 256 * 1024;
    const { mock, url } = await mockWith({ relayLimits: { maxPeerBufferBytes: limit } });
    const recorder = await open(await url("recorder", "slow"));
    const paused = await open(await url("replayer", "slow"));
    const live = await open(await url("replayer", "slow"));
    let liveGot = 0;
    live.on("message", () => (liveGot += 1));
    (paused as unknown as { _socket: { pause(): void } })._socket.pause();
    const closed = new Promise<number>((r) => paused.once("close", (code: number) => r(code)));
    let maxBuffered = 0;
    const sent = await flood(recorder, 800, 64 * 1024, () => {
      maxBuffered = Math.max(maxBuffered, mock.rooms.stats().bufferedBytes);
      return mock.rooms.stats().peersClosedTooSlow > 0;
    });
    expect(mock.rooms.stats().peersClosedTooSlow).toBe(1);
    expect(maxBuffered).toBeLessThanOrEqual(limit);
    (paused as unknown as { _socket: { resume(): void } })._socket.resume();
    expect(await closed).toBe(rules.close.peerTooSlow);
    await until("the live peer hears every message", () => liveGot === sent);
    expect(recorder.readyState).toBe(WebSocket.OPEN);
  });

  it("drops a peer that never reads within seconds, not the library's 30 s, freeing what it held", async () => {
    const { mock, url } = await mockWith({ relayLimits: { maxPeerBufferBytes: 256 * 1024 } });
    const recorder = await open(await url("recorder", "deaf"));
    const deaf = await open(await url("replayer", "deaf"));
    (deaf as unknown as { _socket: { pause(): void } })._socket.pause();
    await flood(recorder, 800, 64 * 1024, () => mock.rooms.stats().peersClosedTooSlow > 0);
    const t0 = performance.now();
    await until("the deaf peer is dropped", () => mock.rooms.stats().connections === 1);
    expect(performance.now() - t0).toBeLessThan(8000);
    expect(mock.rooms.stats().bufferedBytes).toBe(0);
  });

  it("keeps the bytes waiting for all peers under maxBufferBytes", async () => {
    const total = 512 * 1024;
    const { mock, url } = await mockWith({ relayLimits: { maxPeerBufferBytes: 4 * 1024 * 1024, maxBufferBytes: total } });
    const recorder = await open(await url("recorder", "many"));
    const peers = await Promise.all([1, 2, 3, 4].map(async () => open(await url("replayer", "many"))));
    for (const p of peers) (p as unknown as { _socket: { pause(): void } })._socket.pause();
    let maxBuffered = 0;
    await flood(recorder, 1500, 64 * 1024, () => {
      maxBuffered = Math.max(maxBuffered, mock.rooms.stats().bufferedBytes);
      return mock.rooms.stats().peersClosedTooSlow === peers.length;
    });
    expect(mock.rooms.stats().peersClosedTooSlow).toBe(peers.length);
    expect(maxBuffered).toBeLessThanOrEqual(total);
  });
});
