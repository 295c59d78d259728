// The relay's bounds under floods: a client that pings as fast as it can and never reads is
// charged for the pongs it is owed and closed with the spec's peerTooSlow, holding no more than
// its bound; and the total bound is fair: paused peers in other rooms, or beside a reader in
// the same room, are closed for what they hold, while the readers that keep up receive every
// message and stay connected (the rooms of the audit, scaled to a test's size).
import { specValidator } from "@cec-cobrowse/spec";
import { afterEach, describe, expect, it } from "vitest";
import WebSocket from "ws";
import type { MockServer, MockServerOptions } from "../src/index.js";
import { admitted, connectUrl, INFO_PATH, infoHeaders, issueToken, post, start, until } from "./helpers.js";

const rules = specValidator().rules.websocket!;
const KiB = 1024;
const MiB = 1024 * KiB;
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

const pause = (ws: WebSocket) => (ws as unknown as { _socket: { pause(): void } })._socket.pause();
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** A replayer that keeps up: counts what it receives and how it was closed. */
async function reader(url: string) {
  const ws = await admitted(url, sockets);
  const seen = { messages: 0, closedWith: undefined as number | undefined };
  ws.on("message", () => (seen.messages += 1));
  ws.on("close", (code: number) => (seen.closedWith = code));
  return seen;
}

/** Sends 64 KiB messages until `stop()`, each after the last was written (the sender keeps up). */
async function flood(ws: WebSocket, stop: () => boolean): Promise<number> {
  const payload = Buffer.alloc(64 * KiB, 7);
  let sent = 0;
  while (!stop() && ws.readyState === WebSocket.OPEN) {
    await new Promise<void>((resolve) => ws.send(payload, () => resolve()));
    if (++sent % 8 === 0) await new Promise((r) => setImmediate(r));
  }
  return sent;
}

/** Sends `count` messages of `size` bytes at `bytesPerSecond`. */
async function paced(ws: WebSocket, count: number, size: number, bytesPerSecond: number): Promise<void> {
  const payload = Buffer.alloc(size, 3);
  const start = performance.now();
  for (let i = 0; i < count; i++) {
    const due = start + (i * size * 1000) / bytesPerSecond;
    if (due > performance.now()) await sleep(due - performance.now());
    ws.send(payload);
  }
}

describe("a ping flood", () => {
  it("is charged for the pongs it is owed: the flooder is closed with peerTooSlow, holding no more than its bound", async () => {
    const limit = 256 * KiB;
    const { mock, url } = await mockWith({ relayLimits: { maxPeerBufferBytes: limit } });
    const flooder = await admitted(await url("recorder", "pings"), sockets);
    pause(flooder); // never reads: every pong stays with the server
    const payload = Buffer.alloc(125, 1);
    let maxBuffered = 0;
    let pings = 0;
    const sample = () => (maxBuffered = Math.max(maxBuffered, mock.rooms.stats().bufferedBytes));
    const sampler = setInterval(sample, 5);
    try {
      // Up to 400 000 pings (50 MB), as fast as the server takes them.
      while (pings < 400_000 && mock.rooms.stats().peersClosedTooSlow === 0 && flooder.readyState === WebSocket.OPEN) {
        flooder.ping(payload);
        if (++pings % 256 === 0) {
          sample();
          while (flooder.bufferedAmount > MiB) await sleep(1);
          await new Promise((r) => setImmediate(r));
        }
      }
    } finally {
      clearInterval(sampler);
    }
    expect(mock.rooms.stats().peersClosedTooSlow).toBe(1);
    expect(maxBuffered).toBeLessThanOrEqual(limit);
    // It cannot read the close frame: it is dropped after the closing grace, and what it held with it.
    await until("the flooder is dropped", () => mock.rooms.stats().connections === 0, 8000);
    expect(mock.rooms.stats().bufferedBytes).toBe(0);
  });

  it("a client that reads its pongs is never closed for them", async () => {
    const { mock, url } = await mockWith({});
    const pinger = await admitted(await url("recorder", "polite"), sockets);
    let pongs = 0;
    pinger.on("pong", () => (pongs += 1));
    // Bursts of 200 pings (230 KiB charged at once, within the default 4 MiB), each burst answered before the next.
    for (let burst = 1; burst <= 25; burst++) {
      for (let i = 0; i < 200; i++) pinger.ping(Buffer.alloc(125));
      await until("the burst's pongs", () => pongs === burst * 200, 5000);
    }
    expect(mock.rooms.stats().peersClosedTooSlow).toBe(0);
    expect(pinger.readyState).toBe(WebSocket.OPEN);
  });
});

describe("noisy neighbours: the total bound is fair", () => {
  it("a reader in a third room fed 1 MiB/s receives every message while two rooms flood paused replayers", async () => {
    const { mock, url } = await mockWith({
      relayLimits: {
        maxPeerBufferBytes: MiB,
        maxBufferBytes: 2 * MiB,
        maxConnectionsPerRoom: 1000,
        maxConnections: 10_000,
      },
    });
    const floodRooms = ["noisy-1", "noisy-2"];
    const paused = new Map<string, WebSocket[]>(floodRooms.map((r) => [r, []]));
    const topUp = async () => {
      for (const room of floodRooms) {
        const list = paused.get(room)!.filter((ws) => ws.readyState === WebSocket.OPEN);
        for (let i = list.length; i < 4; i++) {
          const ws = await admitted(await url("replayer", room), sockets);
          pause(ws);
          list.push(ws);
        }
        paused.set(room, list);
      }
    };
    await topUp();
    const floodRecorders = await Promise.all(
      floodRooms.map(async (room) => admitted(await url("recorder", room), sockets)),
    );
    const calm = await reader(await url("replayer", "calm"));
    const calmRecorder = await admitted(await url("recorder", "calm"), sockets);
    let done = false;
    const floods = floodRecorders.map((ws) => flood(ws, () => done));
    const topUps = (async () => {
      while (!done) {
        await sleep(250);
        await topUp();
      }
    })();
    const count = 48; // 3 s at 1 MiB/s
    await paced(calmRecorder, count, 64 * KiB, MiB);
    await until(
      "the calm reader has every message",
      () => calm.messages === count || calm.closedWith !== undefined,
      15_000,
    );
    done = true;
    await Promise.all([...floods, topUps]);
    expect(calm.closedWith).toBeUndefined();
    expect(calm.messages).toBe(count);
    expect(mock.rooms.stats().peersClosedTooSlow).toBeGreaterThanOrEqual(8);
    expect(floodRecorders.every((ws) => ws.readyState === WebSocket.OPEN)).toBe(true);
  });

  it("in one room, a reader keeping up at 8 MiB/s receives every message beside 20 paused receivers", async () => {
    const { mock, url } = await mockWith({
      relayLimits: { maxPeerBufferBytes: MiB, maxBufferBytes: 4 * MiB, maxConnectionsPerRoom: 1000 },
    });
    const pausedPeers: WebSocket[] = [];
    for (let i = 0; i < 20; i++) {
      const ws = await admitted(await url("replayer", "crowded"), sockets);
      pause(ws);
      pausedPeers.push(ws);
    }
    const healthy = await reader(await url("replayer", "crowded"));
    const recorder = await admitted(await url("recorder", "crowded"), sockets);
    let maxBuffered = 0;
    const sampler = setInterval(() => (maxBuffered = Math.max(maxBuffered, mock.rooms.stats().bufferedBytes)), 5);
    const count = 160; // 10 MiB, 1.25 s at 8 MiB/s
    await paced(recorder, count, 64 * KiB, 8 * MiB);
    await until(
      "the healthy reader has every message",
      () => healthy.messages === count || healthy.closedWith !== undefined,
      15_000,
    );
    clearInterval(sampler);
    expect(healthy.closedWith).toBeUndefined();
    expect(healthy.messages).toBe(count);
    expect(mock.rooms.stats().peersClosedTooSlow).toBe(20);
    expect(maxBuffered).toBeLessThanOrEqual(4 * MiB);
    for (const ws of pausedPeers) (ws as unknown as { _socket: { resume(): void } })._socket.resume();
    // A paused peer that is let read again sees the spec's code, unless it was already dropped.
    await until("the paused peers are closed", () => pausedPeers.every((ws) => ws.readyState === WebSocket.CLOSED));
  });
});

describe("the close codes are the spec's", () => {
  it("peerTooSlow and messagesLost", () => {
    expect(rules.close.peerTooSlow).toBe(1013);
    expect(rules.close.messagesLost).toBe(1012);
  });
});
