import { type ChildProcess, fork } from "node:child_process";
import { once } from "node:events";
import { fileURLToPath } from "node:url";
import autocannon from "autocannon";
import { afterAll, describe, expect, it } from "vitest";
import { INFO_PATH, TOKEN_PATH } from "../helpers.js";

const SECONDS = Number(process.env.SOAK_SECONDS ?? 10);
const MiB = 1024 * 1024;

let child: ChildProcess | undefined;
afterAll(() => {
  child?.kill("SIGKILL");
});

function ask<T>(c: ChildProcess, message: string): Promise<T> {
  const answer = once(c, "message").then(([m]) => m as T);
  c.send(message);
  return answer;
}

describe("load and soak", () => {
  it(`100 connections for ${SECONDS} s: no errors, no non-2xx, heap that stops growing`, {
    timeout: SECONDS * 1000 + 60_000,
  }, async () => {
    child = fork(fileURLToPath(new URL("../fixtures/soak-server.mjs", import.meta.url)), [], {
      execArgv: ["--expose-gc"],
      stdio: ["ignore", "ignore", "inherit", "ipc"],
    });
    const { url } = (await once(child, "message"))[0] as { url: string };
    const token = (await (
      await fetch(url + TOKEN_PATH, {
        method: "POST",
        headers: { "content-type": "application/json", "X-Token-Expire": "3600" },
        body: JSON.stringify({ app_key: "demo-app-key", app_secret: "demo-app-secret" }),
      })
    ).json()) as { AccessToken: string };
    const authed = {
      "content-type": "application/json",
      authorization: `Bearer ${token.AccessToken}`,
      "x-app-key": "demo-app-key",
      "x-tenantspaceid": "demo-tenant",
    };
    const baseline = await ask<{ heapUsed: number }>(child, "sample");

    const samples: number[] = [];
    const sampler = setInterval(() => {
      void ask<{ heapUsed: number }>(child!, "sample").then((s) => samples.push(s.heapUsed));
    }, 1000);
    const result = await autocannon({
      url,
      connections: 100,
      duration: SECONDS,
      requests: [
        // A new room every time (a fresh UUID, a fresh connectParam), a known room, a new token.
        { method: "POST", path: INFO_PATH, headers: authed, body: JSON.stringify({ role: "recorder" }) },
        {
          method: "POST",
          path: INFO_PATH,
          headers: authed,
          body: JSON.stringify({ role: "replayer", roomId: "soak-room" }),
        },
        {
          method: "POST",
          path: TOKEN_PATH,
          headers: { "content-type": "application/json" },
          body: JSON.stringify({ app_key: "demo-app-key", app_secret: "demo-app-secret" }),
        },
      ],
    });
    clearInterval(sampler);
    const after = await ask<{ heapUsed: number }>(child, "sample");
    const mid = samples[Math.floor(samples.length / 2)] ?? baseline.heapUsed;
    const figures = {
      requests: result.requests.total,
      requestsPerSecond: Math.round(result.requests.average),
      p99Ms: result.latency.p99,
      errors: result.errors,
      timeouts: result.timeouts,
      non2xx: result.non2xx,
      heapMiB: {
        baseline: baseline.heapUsed / MiB,
        mid: mid / MiB,
        end: after.heapUsed / MiB,
        samples: samples.map((s) => +(s / MiB).toFixed(1)),
      },
    };
    console.log(`soak: ${JSON.stringify(figures)}`);

    expect(result.requests.total).toBeGreaterThan(1000);
    expect(result.errors).toBe(0);
    expect(result.timeouts).toBe(0);
    expect(result.non2xx).toBe(0);
    expect(samples.length).toBeGreaterThanOrEqual(Math.floor(SECONDS / 2));
    // Generous bounds: a leak of even a few hundred bytes per request would break them.
    expect(after.heapUsed - mid).toBeLessThan(8 * MiB);
    expect(after.heapUsed - baseline.heapUsed).toBeLessThan(24 * MiB);

    child.send("stop");
    expect((await once(child, "exit"))[0]).toBe(0);
    child = undefined;
  });
});
