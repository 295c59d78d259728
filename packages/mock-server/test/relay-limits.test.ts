// The relay's bounds: rooms, connections and connections per room are capped at admission
// (the spec's capacity and roomFull refusals); bytes waiting for a peer and for all peers are
// capped, and a peer over them is closed with the spec's peerTooSlow code and dropped soon
// after if it cannot even take the close frame, rather than held for the library's 30 s.
import { specValidator } from "@cec-cobrowse/spec";
import { afterEach, describe, expect, it } from "vitest";
import WebSocket from "ws";
import type { MockServer, MockServerOptions } from "../src/index.js";
import { admitted, connectUrl, INFO_PATH, infoHeaders, issueToken, post, refused, start, until } from "./helpers.js";

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
    connectUrl(
      (
        (await post(mock.url + INFO_PATH, { role, roomId }, infoHeaders(mock, token))).body as {
          data: { wssUrl: string; connectParam: string };
        }
      ).data,
    );
  return { mock, url };
}

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
    await admitted(await url("recorder", "r1"), sockets);
    await admitted(await url("recorder", "r2"), sockets);
    await admitted(await url("replayer", "r2"), sockets); // an existing room still takes connections
    const refusal = await refused(await url("recorder", "r3"));
    expect(refusal.status).toBe(rules.refusals.capacity);
    expect(refusal.body.errorReason).toMatch(/^server: holds 2 rooms/);
    expect(refusal.headers["retry-after"]).toBe("1");
    expect(specValidator().validateSchema("ErrorResponse", refusal.body)).toEqual([]);
  });

  it("refuses a connection over maxConnectionsPerRoom with roomFull, and over maxConnections with capacity", async () => {
    const { url } = await mockWith({ relayLimits: { maxConnectionsPerRoom: 2, maxConnections: 3 } });
    await admitted(await url("recorder", "full"), sockets);
    await admitted(await url("replayer", "full"), sockets);
    const full = await refused(await url("replayer", "full"));
    expect(full.status).toBe(rules.refusals.roomFull);
    expect(full.body.errorReason).toMatch(/^room: holds 2 connections/);
    await admitted(await url("recorder", "other"), sockets);
    const over = await refused(await url("replayer", "other"));
    expect(over.status).toBe(rules.refusals.capacity);
    expect(over.body.errorReason).toMatch(/^server: holds 3 connections/);
  });
});

describe("bytes waiting for peers", () => {
  it("closes a paused peer over maxPeerBufferBytes with peerTooSlow, drops it soon after, and keeps relaying to the others", async () => {
    const limit = 256 * 1024;
    const { mock, url } = await mockWith({ relayLimits: { maxPeerBufferBytes: limit } });
    const recorder = await admitted(await url("recorder", "slow"), sockets);
    const paused = await admitted(await url("replayer", "slow"), sockets);
    const live = await admitted(await url("replayer", "slow"), sockets);
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
    const recorder = await admitted(await url("recorder", "deaf"), sockets);
    const deaf = await admitted(await url("replayer", "deaf"), sockets);
    (deaf as unknown as { _socket: { pause(): void } })._socket.pause();
    await flood(recorder, 800, 64 * 1024, () => mock.rooms.stats().peersClosedTooSlow > 0);
    const t0 = performance.now();
    await until("the deaf peer is dropped", () => mock.rooms.stats().connections === 1);
    expect(performance.now() - t0).toBeLessThan(8000);
    expect(mock.rooms.stats().bufferedBytes).toBe(0);
  });

  it("keeps the bytes waiting for all peers under maxBufferBytes", async () => {
    const total = 512 * 1024;
    const { mock, url } = await mockWith({
      relayLimits: { maxPeerBufferBytes: 4 * 1024 * 1024, maxBufferBytes: total },
    });
    const recorder = await admitted(await url("recorder", "many"), sockets);
    const peers = await Promise.all([1, 2, 3, 4].map(async () => admitted(await url("replayer", "many"), sockets)));
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
