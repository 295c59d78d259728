// The mock in its own process for the relay soaks (fixtures/relay-server.mjs, `--expose-gc`):
// its relay limits from `env`, as the CLI reads them; `sample` gives its memory after a full GC
// and the relay's figures, `watch` starts sampling its peaks every 20 ms and `peaks` ends it.
import { type ChildProcess, fork } from "node:child_process";
import { once } from "node:events";
import { fileURLToPath } from "node:url";
import WebSocket from "ws";
import type { RelayStats, RoomInfo } from "../../src/index.js";
import { connectUrl, INFO_PATH, TOKEN_PATH } from "../helpers.js";

export const MiB = 1024 * 1024;

export interface Sample {
  rss: number;
  heapUsed: number;
  arrayBuffers: number;
  relay: RelayStats;
}

export interface RelayServer {
  url: string;
  sample(gc?: boolean): Promise<Sample>;
  watch(): Promise<void>;
  peaks(): Promise<{ rss: number; bufferedBytes: number; samples: number }>;
  /** The open rooms and their connections by role, as the server sees them (a paused client cannot see its own close). */
  rooms(): Promise<RoomInfo[]>;
  /** The room URL of a new connectParam for `role` in `roomId`. */
  roomUrl(role: "recorder" | "replayer", roomId: string): Promise<string>;
  /**
   * Opens a WebSocket (tracked for `kill`); resolves once admitted. A load generator's socket
   * (`load: true`) masks its frames with zeros, which ws then skips: the test process spends its
   * time on the readers it measures, not on masking its own floods.
   */
  open(url: string, options?: { load?: boolean }): Promise<WebSocket>;
  /** Stops the server, expecting exit code 0. */
  stop(): Promise<number | null>;
  kill(): void;
}

export async function startRelayServer(env: Record<string, string>): Promise<RelayServer> {
  const child: ChildProcess = fork(fileURLToPath(new URL("../fixtures/relay-server.mjs", import.meta.url)), [], {
    execArgv: ["--expose-gc"],
    env: { ...process.env, ...env },
    stdio: ["ignore", "ignore", "inherit", "ipc"],
  });
  const ask = <T>(message: string): Promise<T> => {
    const answer = once(child, "message").then(([m]) => m as T);
    child.send(message);
    return answer;
  };
  const { url } = (await once(child, "message"))[0] as { url: string };
  const json = { "content-type": "application/json" };
  const token = (
    (await (
      await fetch(url + TOKEN_PATH, {
        method: "POST",
        headers: { ...json, "X-Token-Expire": "3600" },
        body: JSON.stringify({ app_key: "demo-app-key", app_secret: "demo-app-secret" }),
      })
    ).json()) as { AccessToken: string }
  ).AccessToken;
  const auth = {
    ...json,
    authorization: `Bearer ${token}`,
    "x-app-key": "demo-app-key",
    "x-tenantspaceid": "demo-tenant",
  };
  const sockets: WebSocket[] = [];
  return {
    url,
    sample: (gc = true) => ask<Sample>(gc ? "sample" : "sample-nogc"),
    watch: () => ask<void>("watch"),
    peaks: () => ask("peaks"),
    rooms: () => ask<RoomInfo[]>("rooms"),
    async roomUrl(role, roomId) {
      const answer = (await (
        await fetch(url + INFO_PATH, { method: "POST", headers: auth, body: JSON.stringify({ role, roomId }) })
      ).json()) as { data: { wssUrl: string; connectParam: string } };
      return connectUrl(answer.data);
    },
    open: (u, options = {}) =>
      new Promise<WebSocket>((resolve, reject) => {
        const ws = new WebSocket(u, options.load ? { generateMask: (mask: Buffer) => void mask.fill(0) } : undefined);
        sockets.push(ws);
        ws.on("error", () => {});
        ws.once("open", () => resolve(ws));
        ws.once("unexpected-response", (_q, res) => reject(new Error(`refused ${res.statusCode}`)));
      }),
    async stop() {
      for (const ws of sockets) ws.terminate();
      child.send("stop");
      return (await once(child, "exit"))[0] as number | null;
    },
    kill() {
      for (const ws of sockets) ws.terminate();
      child.kill("SIGKILL");
    },
  };
}

export const mib = (bytes: number): number => +(bytes / MiB).toFixed(1);
