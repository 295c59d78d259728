// The relay's memory bound under its worst load: 20 replayers that never read (their sockets
// paused, topped up as the server drops them) and a recorder flooding 64 KiB messages for
// SOAK_SECONDS (10). The server runs in its own process with COBROWSE_MOCK_WS_MAX_BUFFER_BYTES
// (32 MiB here); its resident memory and the relay's buffered bytes are sampled every 20 ms
// in the server's process. The buffered bytes may never pass the bound;
// the resident memory may grow by the bound plus a fixed allowance for the runtime (64 MiB).
import { type ChildProcess, fork } from "node:child_process";
import { once } from "node:events";
import { fileURLToPath } from "node:url";
import { afterAll, describe, expect, it } from "vitest";
import WebSocket from "ws";
import { connectUrl, INFO_PATH, TOKEN_PATH } from "../helpers.js";

const SECONDS = Number(process.env.SOAK_SECONDS ?? 10);
const MiB = 1024 * 1024;
const BOUND = 32 * MiB;
const MESSAGE = 64 * 1024;
const REPLAYERS = 20;

interface Sample {
  rss: number;
  heapUsed: number;
  arrayBuffers: number;
  relay: { connections: number; rooms: number; bufferedBytes: number; peersClosedTooSlow: number };
}

let child: ChildProcess | undefined;
const clients: WebSocket[] = [];
afterAll(() => {
  for (const ws of clients) ws.terminate();
  child?.kill("SIGKILL");
});

function ask(c: ChildProcess, message: string): Promise<Sample> {
  const answer = once(c, "message").then(([m]) => m as Sample);
  c.send(message);
  return answer;
}

describe("relay soak", () => {
  it(`${REPLAYERS} paused replayers and a flooding recorder for ${SECONDS} s stay within the memory bound`, {
    timeout: SECONDS * 1000 + 60_000,
  }, async () => {
    child = fork(fileURLToPath(new URL("../fixtures/relay-server.mjs", import.meta.url)), [], {
      execArgv: ["--expose-gc"],
      env: {
        ...process.env,
        COBROWSE_MOCK_WS_MAX_BUFFER_BYTES: String(BOUND),
        COBROWSE_MOCK_WS_MAX_CONNECTIONS_PER_ROOM: "10000",
        COBROWSE_MOCK_WS_MAX_CONNECTIONS: "10000",
      },
      stdio: ["ignore", "ignore", "inherit", "ipc"],
    });
    const server = child;
    const { url } = (await once(server, "message"))[0] as { url: string };
    const token = (
      (await (
        await fetch(url + TOKEN_PATH, {
          method: "POST",
          headers: { "content-type": "application/json", "X-Token-Expire": "3600" },
          body: JSON.stringify({ app_key: "demo-app-key", app_secret: "demo-app-secret" }),
        })
      ).json()) as { AccessToken: string }
    ).AccessToken;
    const info = async (role: string) =>
      (
        (await (
          await fetch(url + INFO_PATH, {
            method: "POST",
            headers: {
              "content-type": "application/json",
              authorization: `Bearer ${token}`,
              "x-app-key": "demo-app-key",
              "x-tenantspaceid": "demo-tenant",
            },
            body: JSON.stringify({ role, roomId: "soak" }),
          })
        ).json()) as { data: { wssUrl: string; connectParam: string } }
      ).data;
    const replayerUrl = connectUrl(await info("replayer"));
    const openWs = (u: string) =>
      new Promise<WebSocket>((resolve, reject) => {
        const ws = new WebSocket(u);
        clients.push(ws);
        ws.on("error", () => {});
        ws.once("open", () => resolve(ws));
        ws.once("unexpected-response", (_q, res) => reject(new Error(`refused ${res.statusCode}`)));
      });
    const pausedReplayer = async () =>
      ((await openWs(replayerUrl)) as unknown as { _socket: { pause(): void } })._socket.pause();
    const baseline = await ask(server, "sample");
    for (let i = 0; i < REPLAYERS; i++) await pausedReplayer();
    const recorder = await openWs(connectUrl(await info("recorder")));

    await ask(server, "watch");
    // Top the paused replayers up to REPLAYERS as the server drops them, twice a second.
    let flooding = true;
    let topUps = 0;
    const topUp = (async () => {
      while (flooding) {
        await new Promise((r) => setTimeout(r, 500));
        const { relay } = await ask(server, "sample-nogc");
        for (let i = relay.connections - 1; i < REPLAYERS && flooding; i++, topUps++) await pausedReplayer();
      }
    })();
    const payload = Buffer.alloc(MESSAGE, 1);
    const end = Date.now() + SECONDS * 1000;
    let sent = 0;
    while (Date.now() < end) {
      await new Promise<void>((resolve) => recorder.send(payload, () => resolve()));
      if (++sent % 16 === 0) await new Promise((r) => setImmediate(r)); // let the top-ups and IPC in
    }
    flooding = false;
    await topUp;
    const peaks = (await ask(server, "peaks")) as unknown as { rss: number; bufferedBytes: number; samples: number };
    const after = await ask(server, "sample");
    const peakRss = peaks.rss;
    const peakBuffered = peaks.bufferedBytes;
    const figures = {
      seconds: SECONDS,
      messagesSent: sent,
      mibSent: +((sent * MESSAGE) / MiB).toFixed(0),
      boundMiB: BOUND / MiB,
      peersClosedTooSlow: after.relay.peersClosedTooSlow,
      rssMiB: {
        baseline: +(baseline.rss / MiB).toFixed(1),
        peak: +(peakRss / MiB).toFixed(1),
        end: +(after.rss / MiB).toFixed(1),
      },
      peakBufferedMiB: +(peakBuffered / MiB).toFixed(1),
      heapAfterGcMiB: { baseline: +(baseline.heapUsed / MiB).toFixed(1), end: +(after.heapUsed / MiB).toFixed(1) },
      samples: peaks.samples,
      replayersAdded: topUps,
    };
    console.log(`relay soak: ${JSON.stringify(figures)}`);

    expect(peaks.samples).toBeGreaterThanOrEqual(SECONDS * 10);
    expect(sent * MESSAGE).toBeGreaterThan(4 * BOUND); // the flood was larger than the bound by far
    expect(after.relay.peersClosedTooSlow).toBeGreaterThanOrEqual(REPLAYERS);
    expect(peakBuffered).toBeLessThanOrEqual(BOUND);
    expect(peakRss - baseline.rss).toBeLessThan(BOUND + 64 * MiB);
    expect(recorder.readyState).toBe(WebSocket.OPEN);

    server.send("stop");
    expect((await once(server, "exit"))[0]).toBe(0);
    child = undefined;
  });
});
