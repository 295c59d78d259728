// Benchmark of the sandbox (sandbox/sandbox.mjs: Redis, two replicas, nginx in front), in one
// run so that the ratios compare like with like:
// - getConnectionInfo throughput (autocannon, BENCH_CONNECTIONS, default 50): nginx in front of
//   the two replicas, beside one of those replicas alone (the same process, reached directly),
//   and beside a single-process mock without Redis; BENCH_ROUNDS (3) interleaved rounds of
//   BENCH_DURATION (5) seconds, medians.
// - relay latency: a recorder and a replayer on the same replica, beside a replayer on the other
//   replica (the message crosses Redis); BENCH_MESSAGES (2000) messages one after the other
//   (the next sent once the last arrived), median and p99 of the one-way time.
// BENCH_JSON=file merges the figures under the key "sandbox". Needs redis-server and nginx.
import { existsSync, readFileSync, writeFileSync } from "node:fs";
import { dirname, isAbsolute, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import autocannon from "autocannon";
import WebSocket from "ws";
import { startReplica, startSandbox } from "../sandbox/sandbox.mjs";

const here = dirname(fileURLToPath(import.meta.url));
const root = resolve(here, "../../..");
const duration = Number(process.env.BENCH_DURATION ?? 5);
const rounds = Math.max(1, Number(process.env.BENCH_ROUNDS ?? 3));
const connections = Number(process.env.BENCH_CONNECTIONS ?? 50);
const messages = Number(process.env.BENCH_MESSAGES ?? 2000);
const INFO_PATH = "/apiaccess/api/cobrowse/getConnectionInfo";
const TOKEN_PATH = "/apigovernance/api/oauth/tokenByAkSk";

const median = (v) => {
  const s = [...v].sort((a, b) => a - b);
  const m = Math.floor(s.length / 2);
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
};
const percentile = (v, p) => [...v].sort((a, b) => a - b)[Math.min(v.length - 1, Math.floor((p / 100) * v.length))];

function cannon(url, headers, seconds) {
  return new Promise((ok, fail) =>
    autocannon(
      {
        url: url + INFO_PATH,
        method: "POST",
        headers,
        body: JSON.stringify({ role: "recorder" }),
        connections,
        duration: seconds,
      },
      (e, r) => (e ? fail(e) : ok(r)),
    ),
  );
}

async function post(base, path, body, headers = {}) {
  const res = await fetch(base + path, {
    method: "POST",
    headers: { "content-type": "application/json", ...headers },
    body: JSON.stringify(body),
  });
  if (res.status !== 200) throw new Error(`${path}: HTTP ${res.status}`);
  return res.json();
}

function open(url) {
  return new Promise((ok, fail) => {
    const ws = new WebSocket(url);
    ws.once("open", () => ok(ws));
    ws.once("error", fail);
  });
}

/** One-way times in ms of `count` messages from `sender` to `receiver`, one at a time. */
async function latencies(sender, receiver, count) {
  const times = [];
  for (let i = 0; i < count; i++) {
    const t0 = performance.now();
    const got = new Promise((r) => receiver.once("message", r));
    sender.send(`m${i}`);
    await got;
    times.push(performance.now() - t0);
  }
  return times;
}

async function main() {
  console.error(
    `benchmark: the sandbox (nginx, two replicas, Redis) vs one replica alone; getConnectionInfo at ${connections} connections, ${rounds} round(s) of ${duration} s; relay latency over ${messages} messages`,
  );
  const sandbox = await startSandbox({ replicas: 2 });
  const single = await startReplica({
    redisUrl: "",
    signingKey: sandbox.signingKey,
    controlToken: sandbox.controlToken,
    env: { COBROWSE_MOCK_REDIS_URL: "" },
  });
  try {
    const { AccessToken } = await post(
      sandbox.url,
      TOKEN_PATH,
      { app_key: "demo-app-key", app_secret: "demo-app-secret" },
      { "X-Token-Expire": "86400" },
    );
    const headers = {
      "content-type": "application/json",
      authorization: `Bearer ${AccessToken}`,
      "x-app-key": "demo-app-key",
      "x-tenantspaceid": "demo-tenant",
    };
    const targets = [
      ["nginx + 2 replicas (Redis)", sandbox.url],
      ["1 replica alone (Redis)", sandbox.replicas[0].url],
      ["1 process, no Redis", single.url],
    ];
    for (const [, url] of targets) await cannon(url, headers, Math.max(1, Math.round(duration / 3)));
    const rates = new Map(targets.map(([name]) => [name, []]));
    const p99s = new Map(targets.map(([name]) => [name, []]));
    let errors = 0;
    for (let round = 0; round < rounds; round++) {
      for (const [name, url] of round % 2 ? [...targets].reverse() : targets) {
        const r = await cannon(url, headers, duration);
        errors += r.errors + r.timeouts + r.non2xx;
        rates.get(name).push(r.requests.average);
        p99s.get(name).push(r.latency.p99);
        console.error(`  ${name}: ${Math.round(r.requests.average)} req/s, p99 ${r.latency.p99} ms`);
      }
    }

    const info = async (role, roomId) =>
      (await post(sandbox.url, INFO_PATH, roomId ? { role, roomId } : { role }, headers)).data;
    const at = (i, base) =>
      `${i.wssUrl.replace(/^ws:\/\/[^/]+/, base.replace(/^http/, "ws"))}?connectParam=${encodeURIComponent(i.connectParam)}`;
    const [a, b] = sandbox.replicas;
    const customer = await info("recorder");
    const recorder = await open(at(customer, a.url));
    const near = await open(at(await info("replayer", customer.roomId), a.url));
    const far = await open(at(await info("replayer", customer.roomId), b.url));
    // Both replayers hear every message; each measurement waits for the one it times.
    await latencies(recorder, near, 200);
    const same = await latencies(recorder, near, messages);
    const cross = await latencies(recorder, far, messages);
    for (const ws of [recorder, near, far]) ws.close();

    const throughput = targets.map(([name]) => ({
      target: name,
      requestsPerSecond: Math.round(median(rates.get(name))),
      p99Ms: median(p99s.get(name)),
    }));
    const rate = (name) => throughput.find((t) => t.target === name).requestsPerSecond;
    const relay = {
      sameReplica: { medianMs: +median(same).toFixed(3), p99Ms: +percentile(same, 99).toFixed(3) },
      crossReplica: { medianMs: +median(cross).toFixed(3), p99Ms: +percentile(cross, 99).toFixed(3) },
    };
    const ratios = {
      balancedVsOneReplica: +(rate("nginx + 2 replicas (Redis)") / rate("1 replica alone (Redis)")).toFixed(2),
      oneReplicaVsNoRedis: +(rate("1 replica alone (Redis)") / rate("1 process, no Redis")).toFixed(2),
      crossVsSameLatency: +(relay.crossReplica.medianMs / relay.sameReplica.medianMs).toFixed(2),
    };
    const pad = (v, n) => String(v).padStart(n);
    console.log(
      [
        "",
        `${"getConnectionInfo".padEnd(30)}${pad("req/s", 10)}${pad("p99 ms", 9)}`,
        ...throughput.map((t) => `${t.target.padEnd(30)}${pad(t.requestsPerSecond, 10)}${pad(t.p99Ms, 9)}`),
        "",
        `${"relay (one way)".padEnd(30)}${pad("median ms", 11)}${pad("p99 ms", 9)}`,
        `${"same replica".padEnd(30)}${pad(relay.sameReplica.medianMs, 11)}${pad(relay.sameReplica.p99Ms, 9)}`,
        `${"across replicas (Redis)".padEnd(30)}${pad(relay.crossReplica.medianMs, 11)}${pad(relay.crossReplica.p99Ms, 9)}`,
        "",
        `ratios: nginx + 2 replicas = ${ratios.balancedVsOneReplica}x one replica alone; one replica (Redis) = ${ratios.oneReplicaVsNoRedis}x a process without Redis; crossing replicas = ${ratios.crossVsSameLatency}x the relay latency of staying on one`,
        errors ? `errors, timeouts or non-2xx answers: ${errors}` : "no errors, timeouts or non-2xx answers",
      ].join("\n"),
    );
    if (process.env.BENCH_JSON) {
      const file = isAbsolute(process.env.BENCH_JSON) ? process.env.BENCH_JSON : resolve(root, process.env.BENCH_JSON);
      const all = existsSync(file) ? JSON.parse(readFileSync(file, "utf8")) : {};
      all.sandbox = {
        connections,
        durationSeconds: duration,
        rounds,
        messages,
        node: process.version,
        throughput,
        relay,
        ratios,
        errors,
        at: new Date().toISOString(),
      };
      writeFileSync(file, `${JSON.stringify(all, null, 2)}\n`);
      console.error(`wrote "sandbox" to ${file}`);
    }
    if (errors) process.exitCode = 1;
  } finally {
    await single.stop();
    await sandbox.stop();
  }
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
