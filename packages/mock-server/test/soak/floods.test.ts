// The relay's bounds under the audit's floods, for SOAK_SECONDS (10) each, the mock in its own
// process with its default bounds (4 MiB per peer, 64 MiB in all), its resident memory sampled
// every 20 ms:
// - a ping flood: a client with a valid connectParam sends 125-byte pings as fast as it can and
//   never reads, reconnecting each time it is dropped. Every flooder is closed (peerTooSlow),
//   the relay never holds more than its bound, and the resident memory grows by less than the
//   bound plus 64 MiB for the runtime (before the fix, 245 MiB of pings took it from 105 to
//   948 MiB and it stayed there);
// - noisy neighbours: two rooms flood 10 paused replayers each (topped up as they are closed);
//   a reader in a third room is fed 1 MiB/s, and a reader beside 20 paused receivers in a
//   fourth is fed 8 MiB/s. Both readers receive every message and stay connected (before the
//   fix: 3 of 159 and 115 of 1023, then closed with 1013).
import { afterAll, describe, expect, it } from "vitest";
import WebSocket from "ws";
import { MiB, mib, type RelayServer, startRelayServer } from "./relay-server.js";

const SECONDS = Number(process.env.SOAK_SECONDS ?? 10);
const PEER_BOUND = 4 * MiB;
const TOTAL_BOUND = 64 * MiB;
const ALLOWANCE = 64 * MiB;

let server: RelayServer | undefined;
afterAll(() => server?.kill());

const pause = (ws: WebSocket) => (ws as unknown as { _socket: { pause(): void } })._socket.pause();
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const tick = () => new Promise((r) => setImmediate(r));

describe("relay floods soak", () => {
  it(`a ping flood for ${SECONDS} s: every flooder closed, the memory within the bound`, {
    timeout: SECONDS * 1000 + 60_000,
  }, async () => {
    server = await startRelayServer({});
    const s = server;
    const url = await s.roomUrl("recorder", "pings");
    const baseline = await s.sample();
    await s.watch();
    const payload = Buffer.alloc(125, 1);
    const end = Date.now() + SECONDS * 1000;
    let pings = 0;
    let flooders = 0;
    while (Date.now() < end) {
      const ws = await s.open(url, { load: true });
      flooders += 1;
      pause(ws); // never reads: every pong stays with the server
      while (Date.now() < end && ws.readyState === WebSocket.OPEN) {
        for (let i = 0; i < 256; i++) ws.ping(payload);
        pings += 256;
        while (ws.bufferedAmount > MiB && ws.readyState === WebSocket.OPEN) await sleep(1);
        await tick();
      }
      ws.terminate();
    }
    const peaks = await s.peaks();
    await sleep(2500); // the last flooder's closing grace
    const after = await s.sample();
    const figures = {
      seconds: SECONDS,
      pingsSent: pings,
      mibOfPings: mib(pings * 131), // 125 bytes of payload and a 6-byte masked header each
      flooders,
      floodersClosedTooSlow: after.relay.peersClosedTooSlow,
      peakBufferedMiB: mib(peaks.bufferedBytes),
      rssMiB: { before: mib(baseline.rss), peak: mib(peaks.rss), after: mib(after.rss) },
      heapAfterGcMiB: { before: mib(baseline.heapUsed), after: mib(after.heapUsed) },
    };
    console.log(`ping flood soak: ${JSON.stringify(figures)}`);
    expect(pings * 131).toBeGreaterThan(10 * PEER_BOUND); // the flood was far larger than the bound
    expect(after.relay.peersClosedTooSlow).toBeGreaterThanOrEqual(flooders - 1); // the last one may have been cut by the test
    // One flooder at a time, and the one before it in its closing grace (its queue already dropped).
    expect(peaks.bufferedBytes).toBeLessThanOrEqual(2 * PEER_BOUND);
    expect(peaks.rss - baseline.rss).toBeLessThan(2 * PEER_BOUND + ALLOWANCE);
    expect(after.relay).toMatchObject({ connections: 0, bufferedBytes: 0 });
    expect(await s.stop()).toBe(0);
    server = undefined;
  });

  it(`noisy neighbours for ${SECONDS} s: the readers that keep up receive every message`, {
    timeout: SECONDS * 1000 + 90_000,
  }, async () => {
    server = await startRelayServer({
      COBROWSE_MOCK_WS_MAX_CONNECTIONS_PER_ROOM: "10000",
      COBROWSE_MOCK_WS_MAX_CONNECTIONS: "10000",
    });
    const s = server;
    const baseline = await s.sample();
    // Paused replayers by room (the crowded room's reader is one more replayer there).
    const paused = new Map([
      ["noisy-1", 10],
      ["noisy-2", 10],
      ["crowded", 20],
    ]);
    const readers = new Map<string, number>(); // the crowded room's reader, once it joined
    const pausedSockets: WebSocket[] = [];
    let pausedAdded = 0;
    /** Tops the paused replayers up to their number, by the server's count (a paused socket cannot see its own close). */
    const topUp = async () => {
      const open = new Map((await s.rooms()).map((r) => [r.roomId, r.connections.replayer ?? 0]));
      for (const [room, want] of paused) {
        for (let n = (open.get(room) ?? 0) - (readers.get(room) ?? 0); n < want; n++) {
          const ws = await s.open(await s.roomUrl("replayer", room), { load: true });
          pause(ws);
          pausedSockets.push(ws);
          pausedAdded += 1;
        }
      }
    };
    await topUp();
    const reader = async (room: string) => {
      const ws = await s.open(await s.roomUrl("replayer", room));
      const seen = { ws, messages: 0, closedWith: undefined as number | undefined };
      ws.on("message", () => (seen.messages += 1));
      ws.on("close", (code: number) => (seen.closedWith = code));
      return seen;
    };
    const calm = await reader("calm");
    const crowded = await reader("crowded");
    readers.set("crowded", 1);
    const recorders = Object.fromEntries(
      await Promise.all(
        ["noisy-1", "noisy-2", "calm", "crowded"].map(
          async (room) => [room, await s.open(await s.roomUrl("recorder", room), { load: true })] as const,
        ),
      ),
    );
    await s.watch();

    let done = false;
    const message = Buffer.alloc(64 * 1024, 7);
    const flood = async (ws: WebSocket) => {
      let sent = 0;
      while (!done && ws.readyState === WebSocket.OPEN) {
        await new Promise<void>((resolve) => ws.send(message, () => resolve()));
        if (++sent % 8 === 0) await tick();
      }
      return sent;
    };
    /** `perSecond` messages of 64 KiB a second for SECONDS, on time. */
    const paced = async (ws: WebSocket, perSecond: number) => {
      const count = SECONDS * perSecond;
      const start = performance.now();
      for (let i = 0; i < count; i++) {
        const due = start + (i * 1000) / perSecond;
        if (due > performance.now()) await sleep(due - performance.now());
        ws.send(message);
      }
      return count;
    };
    const floods = [flood(recorders["noisy-1"]!), flood(recorders["noisy-2"]!)];
    const topUps = (async () => {
      while (!done) {
        await sleep(500);
        await topUp();
      }
    })();
    const [calmSent, crowdedSent] = await Promise.all([paced(recorders.calm!, 16), paced(recorders.crowded!, 128)]);
    const deadline = Date.now() + 30_000;
    while (
      (calm.messages < calmSent || crowded.messages < crowdedSent) &&
      calm.closedWith === undefined &&
      crowded.closedWith === undefined &&
      Date.now() < deadline
    )
      await sleep(20);
    done = true;
    const flooded = await Promise.all(floods);
    await topUps;
    const peaks = await s.peaks();
    const during = await s.sample(false);
    for (const ws of pausedSockets) ws.terminate();
    await sleep(2500);
    const after = await s.sample();
    const figures = {
      seconds: SECONDS,
      calmReader: { sent: calmSent, received: calm.messages, closedWith: calm.closedWith ?? null },
      crowdedReader: { sent: crowdedSent, received: crowded.messages, closedWith: crowded.closedWith ?? null },
      mibFlooded: mib(flooded.reduce((a, b) => a + b, 0) * message.length),
      pausedAdded,
      peersClosedTooSlow: during.relay.peersClosedTooSlow,
      peakBufferedMiB: mib(peaks.bufferedBytes),
      rssMiB: { before: mib(baseline.rss), peak: mib(peaks.rss), after: mib(after.rss) },
      heapAfterGcMiB: { before: mib(baseline.heapUsed), after: mib(after.heapUsed) },
    };
    console.log(`noisy neighbours soak: ${JSON.stringify(figures)}`);
    expect(calm.closedWith).toBeUndefined();
    expect(crowded.closedWith).toBeUndefined();
    expect(calm.messages).toBe(calmSent);
    expect(crowded.messages).toBe(crowdedSent);
    expect(pausedAdded).toBeGreaterThan(40); // the paused ones were closed and replaced as it went
    expect(during.relay.peersClosedTooSlow).toBeGreaterThanOrEqual(pausedAdded - 40);
    expect(peaks.bufferedBytes).toBeLessThanOrEqual(TOTAL_BOUND);
    expect(peaks.rss - baseline.rss).toBeLessThan(TOTAL_BOUND + ALLOWANCE);
    expect(await s.stop()).toBe(0);
    server = undefined;
  });
});
