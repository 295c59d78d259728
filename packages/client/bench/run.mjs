// Benchmarks of @cec-cobrowse/client, run on the built dist/ (not a test).
//  1. Loopback: the client's getConnectionInfo vs raw global fetch doing the same POST, against
//     a node:http server answering both endpoints; sequential and 50 concurrent, token cached.
//  2. In-process with a stubbed fetch: the browser build vs bare openapi-fetch POST calls.
//  3. The browser bundle (browser entry + openapi-fetch), minified and gzipped, against its
//     committed size (bundle-size.json; test/bundle-size.test.ts fails past it).
// Prints a table; when BENCH_JSON names a file, merges the figures under the key "client".
// Measured without a proxy: the proxy variables of the shell are cleared before the client
// (whose default transport reads them when created) exists. The clients run as an application
// without OpenTelemetry, hooks or logging does (`openTelemetry: false`: this workspace has
// @opentelemetry/api installed for the tests, which the Node client would otherwise load); one
// reference row shows the browser build with the API passed in and no SDK registered (no-op spans).
import { existsSync, readFileSync, writeFileSync } from "node:fs";
import http from "node:http";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { committedSize, judge, measureBundle } from "./bundle-size.mjs";

const here = path.dirname(fileURLToPath(import.meta.url));
const dist = path.resolve(here, "../dist");
const repoRoot = path.resolve(here, "../../..");
for (const v of ["HTTP_PROXY", "HTTPS_PROXY", "ALL_PROXY", "NO_PROXY"])
  for (const name of [v, v.toLowerCase()]) delete process.env[name];
const node = await import(path.join(dist, "index.mjs"));
const browser = await import(path.join(dist, "browser.mjs"));
const { default: createClient } = await import("openapi-fetch");

const SEQ = Number(process.env.BENCH_SEQ ?? 2000);
const CONC_TOTAL = Number(process.env.BENCH_CONC_TOTAL ?? 4000);
const CONC = 50;
const INPROC = Number(process.env.BENCH_INPROC ?? 5000);
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 5);
// The in-process comparisons are pure CPU work (the fetch is a stub): they are measured in the
// process's CPU time, which other work on the shared machine disturbs less than wall time, in
// many short rounds (about 0.2 s each), and compared by the median of the rounds' ratios. The
// ratio of the best of five long rounds' wall times measured the browser build at 79.5 µs in one
// comparison and at 41 µs in the next of the same run (1.30× and 0.94×) at a load average of 6
// on 2 cores.
const INPROC_ROUNDS = Number(process.env.BENCH_INPROC_ROUNDS ?? 20);

const INFO_PATH = "/apiaccess/api/cobrowse/getConnectionInfo";
const creds = { appKey: "bench-app-key", appSecret: "bench-app-secret", tenantSpaceId: "bench-tenant" };
const infoBody = JSON.stringify({
  success: true,
  data: {
    roomId: "1001202404",
    wssUrl: "wss://10.0.0.8:9443/ws/cobrowse/1001202404",
    wssUrlOut: "wss://cobrowse.example.com/ws/cobrowse/1001202404",
    connectParam: "eyJyIjoiMTAwMTIwMjQwNCJ9.c2lnbmF0dXJl",
  },
  errorCode: null,
  errorReason: null,
});
const tokenBody = () =>
  JSON.stringify({
    AccessToken: "bench-token",
    ApplyType: "Bearer",
    CreateTime: String(Math.floor(Date.now() / 1000)),
    Expires: "3600",
    Scope: "default",
    AppKey: creds.appKey,
    UserID: "Anonymous",
  });

// ---- 1. loopback -------------------------------------------------------------------------
let seq = 0;
const server = http.createServer((req, res) => {
  req.resume();
  req.on("end", () => {
    const body = req.url === INFO_PATH ? infoBody : tokenBody();
    res.writeHead(200, {
      "content-type": "application/json",
      "content-length": Buffer.byteLength(body),
      "x-request-id": `r-${++seq}`,
    });
    res.end(body);
  });
});
server.keepAliveTimeout = 60_000;
await new Promise((r) => server.listen(0, "127.0.0.1", r));
const baseUrl = `http://127.0.0.1:${server.address().port}`;

const client = node.createCobrowseClient({ baseUrl, ...creds, openTelemetry: false });
await client.getToken(); // token cached for the whole run
const request = { roomId: "1001202404", workNo: "667", role: "replayer" };
const viaClient = async () => {
  const r = await client.getConnectionInfo(request);
  if (!r.data.wssUrl) throw new Error("no data");
};
const headers = {
  "content-type": "application/json",
  authorization: "Bearer bench-token",
  "x-app-key": creds.appKey,
  "X-TenantSpaceID": creds.tenantSpaceId,
};
const viaFetch = async () => {
  const res = await fetch(baseUrl + INFO_PATH, { method: "POST", headers, body: JSON.stringify(request) });
  const json = await res.json();
  if (!res.ok || !json.data.wssUrl) throw new Error("bad answer");
};

async function sequential(fn, n) {
  const lat = new Float64Array(n);
  const cpu0 = process.cpuUsage();
  const t0 = performance.now();
  for (let i = 0; i < n; i++) {
    const s = performance.now();
    await fn();
    lat[i] = performance.now() - s;
  }
  const totalMs = performance.now() - t0;
  const cpu = process.cpuUsage(cpu0);
  return stats(lat, totalMs, (cpu.user + cpu.system) / 1000);
}
async function concurrent(fn, n, c) {
  const lat = new Float64Array(n);
  let next = 0;
  const t0 = performance.now();
  await Promise.all(
    Array.from({ length: c }, async () => {
      for (let i = next++; i < n; i = next++) {
        const s = performance.now();
        await fn();
        lat[i] = performance.now() - s;
      }
    }),
  );
  return stats(lat, performance.now() - t0);
}
function stats(lat, totalMs, cpuMs) {
  const sorted = Float64Array.from(lat).sort();
  const mean = lat.reduce((a, b) => a + b, 0) / lat.length;
  return {
    ops: (lat.length / totalMs) * 1000,
    meanMs: mean,
    p99Ms: sorted[Math.floor(sorted.length * 0.99)],
    totalMs,
    cpuMs,
    cpuPerCallMs: cpuMs / lat.length,
  };
}
/**
 * Runs a and b alternately `rounds` times (a first in even rounds, b first in odd ones) and keeps
 * each one's best round (least disturbed) by `by`: wall time, or the process's CPU time. `ratio`
 * is the median of the rounds' a/b ratios by `by`: each round's two runs are next to each other
 * in time, so a disturbance that slows one round moves one ratio, not the result.
 */
async function compare(a, b, run, rounds = ROUNDS, by = "totalMs") {
  const best = { a: undefined, b: undefined };
  const ratios = [];
  for (let r = 0; r < rounds; r++) {
    const round = {};
    for (const [k, fn] of r % 2
      ? [
          ["b", b],
          ["a", a],
        ]
      : [
          ["a", a],
          ["b", b],
        ]) {
      const s = (round[k] = await run(fn));
      if (!best[k] || s[by] < best[k][by]) best[k] = s;
    }
    ratios.push(round.a[by] / round.b[by]);
  }
  ratios.sort((x, y) => x - y);
  const mid = ratios.length >> 1;
  best.ratio = ratios.length % 2 ? ratios[mid] : (ratios[mid - 1] + ratios[mid]) / 2;
  return best;
}

// warm-up
for (let i = 0; i < 500; i++) {
  await viaClient();
  await viaFetch();
}
const loopSeq = await compare(viaClient, viaFetch, (fn) => sequential(fn, SEQ));
const loopConc = await compare(viaClient, viaFetch, (fn) => concurrent(fn, CONC_TOTAL, CONC));
await new Promise((r) => server.close(r));
server.closeAllConnections?.();

// ---- 2. in-process, stubbed fetch ---------------------------------------------------------
const stubHeaders = { "content-type": "application/json", "x-request-id": "stub-1" };
const stubFetch = async () => new Response(infoBody, { status: 200, headers: stubHeaders });
const stubBase = "https://cobrowse.example.com";
const browserClient = browser.createCobrowseClient({
  baseUrl: stubBase,
  appKey: creds.appKey,
  tenantSpaceId: creds.tenantSpaceId,
  tokenProvider: () => "bench-token",
  fetch: stubFetch,
});
await browserClient.getToken();
const otelApi = await import("@opentelemetry/api");
const tracedClient = browser.createCobrowseClient({
  baseUrl: stubBase,
  appKey: creds.appKey,
  tenantSpaceId: creds.tenantSpaceId,
  tokenProvider: () => "bench-token",
  fetch: stubFetch,
  openTelemetry: { api: otelApi },
});
await tracedClient.getToken();
const viaTracedClient = async () => {
  const r = await tracedClient.getConnectionInfo(request);
  if (!r.data.wssUrl) throw new Error("no data");
};
const bare = createClient({
  baseUrl: stubBase,
  fetch: stubFetch,
  headers: { "x-app-key": creds.appKey, "X-TenantSpaceID": creds.tenantSpaceId },
});
const viaBrowserClient = async () => {
  const r = await browserClient.getConnectionInfo(request);
  if (!r.data.wssUrl) throw new Error("no data");
};
const viaBare = async () => {
  const { data } = await bare.POST(INFO_PATH, { body: request, headers: { Authorization: "Bearer bench-token" } });
  if (!data?.data?.wssUrl) throw new Error("no data");
};
// For reference: bare openapi-fetch plus a timeout whose AbortSignal is built up front. The
// client builds the attempt's signal only when fetch reads it; the stub never does, so this row
// shows what a fetch that reads it (every real one) adds on Node, where AbortSignal is costly.
const viaBareWithTimeout = async () => {
  const ac = new AbortController();
  const timer = setTimeout(() => ac.abort(), 10_000);
  const init = { signal: ac.signal };
  try {
    const { data } = await bare.POST(INFO_PATH, {
      body: request,
      headers: { Authorization: "Bearer bench-token" },
      fetch: (r) => stubFetch(r, init),
    });
    if (!data?.data?.wssUrl) throw new Error("no data");
  } finally {
    clearTimeout(timer);
  }
};
for (let i = 0; i < 2000; i++) {
  await viaBrowserClient();
  await viaBare();
  await viaBareWithTimeout();
  await viaTracedClient();
}
const inproc = await compare(viaBrowserClient, viaBare, (fn) => sequential(fn, INPROC), INPROC_ROUNDS, "cpuMs");
const inprocT = await compare(
  viaBrowserClient,
  viaBareWithTimeout,
  (fn) => sequential(fn, INPROC),
  INPROC_ROUNDS,
  "cpuMs",
);
const inprocO = await compare(
  viaTracedClient,
  viaBrowserClient,
  (fn) => sequential(fn, INPROC),
  INPROC_ROUNDS,
  "cpuMs",
);

// ---- 3. browser bundle size (bundle-size.mjs: measured as test/bundle-size.test.ts guards it) ----
const size = await measureBundle();
const sizeVerdict = judge(size);

// ---- report --------------------------------------------------------------------------------
const f = (x, d = 1) => x.toFixed(d);
const row = (name, s, cpu = false) =>
  `${name.padEnd(44)} ${f(s.ops, 0).padStart(9)} ${f(s.meanMs * 1000).padStart(10)} ${f(s.p99Ms * 1000).padStart(10)} ${(cpu ? f(s.cpuPerCallMs * 1000) : "").padStart(10)}`;
const seqRatio = loopSeq.a.meanMs / loopSeq.b.meanMs;
const concRatio = loopConc.a.totalMs / loopConc.b.totalMs;
// CPU time ratios, the median of the rounds' (see INPROC_ROUNDS); beside them, the ratio of the
// best rounds' wall times, as measured before.
const inprocRatio = inproc.ratio;
const inprocWallRatio = inproc.a.meanMs / inproc.b.meanMs;
const inprocRatioT = inprocT.ratio;
const inprocRatioO = inprocO.ratio;
const verdict = (ok) => (ok ? "met" : "NOT met");
console.log(
  `\n@cec-cobrowse/client benchmark (node ${process.version}, best of ${ROUNDS} rounds on loopback, ${INPROC_ROUNDS} in process)\n`,
);
console.log(
  `${"".padEnd(44)} ${"ops/s".padStart(9)} ${"mean µs".padStart(10)} ${"p99 µs".padStart(10)} ${"CPU µs".padStart(10)}`,
);
console.log(row(`loopback seq ×${SEQ}: client`, loopSeq.a));
console.log(row(`loopback seq ×${SEQ}: raw fetch`, loopSeq.b));
console.log(row(`loopback ${CONC} conc ×${CONC_TOTAL}: client`, loopConc.a));
console.log(row(`loopback ${CONC} conc ×${CONC_TOTAL}: raw fetch`, loopConc.b));
console.log(row(`in-process ×${INPROC}: browser build`, inproc.a, true));
console.log(row(`in-process ×${INPROC}: bare openapi-fetch`, inproc.b, true));
console.log(row(`in-process: bare + eager timeout signal`, inprocT.b, true));
console.log(row(`in-process: browser build, OTel API, no SDK`, inprocO.a, true));
console.log("");
console.log(
  `loopback sequential: client/raw fetch time ratio ${f(seqRatio, 3)} (target ≤ 1: ${verdict(seqRatio <= 1)})`,
);
console.log(
  `loopback 50 concurrent: client/raw fetch time ratio ${f(concRatio, 3)} (target ≤ 1: ${verdict(concRatio <= 1)})`,
);
console.log(
  `in-process: browser build/bare openapi-fetch CPU time ratio ${f(inprocRatio, 3)}, median of ${INPROC_ROUNDS} rounds (target ≤ 1.15: ${verdict(inprocRatio <= 1.15)}; best rounds' wall time ratio ${f(inprocWallRatio, 3)})`,
);
console.log(
  `in-process: browser build/(bare openapi-fetch + eager timeout signal) ratio ${f(inprocRatioT, 3)} (reference only: Node's AbortSignal cost)`,
);
console.log(
  `in-process: browser build with the OpenTelemetry API (no SDK)/without ratio ${f(inprocRatioO, 3)} (reference only: no-op spans)`,
);
console.log(
  `browser bundle (with openapi-fetch): ${size.minifiedBytes} B minified, ${sizeVerdict.message} (target: the committed size: ${verdict(sizeVerdict.ok)})\n`,
);

if (process.env.BENCH_JSON) {
  const file = path.resolve(repoRoot, process.env.BENCH_JSON);
  const all = existsSync(file) ? JSON.parse(readFileSync(file, "utf8")) : {};
  const pick = (s) => ({
    opsPerSec: Math.round(s.ops),
    meanUs: +f(s.meanMs * 1000),
    p99Us: +f(s.p99Ms * 1000),
    ...(s.cpuMs !== undefined ? { cpuUs: +f(s.cpuPerCallMs * 1000) } : {}),
  });
  all.client = {
    node: process.version,
    loopback: {
      sequential: {
        calls: SEQ,
        client: pick(loopSeq.a),
        rawFetch: pick(loopSeq.b),
        timeRatio: +f(seqRatio, 3),
        targetMet: seqRatio <= 1,
      },
      concurrent: {
        calls: CONC_TOTAL,
        concurrency: CONC,
        client: pick(loopConc.a),
        rawFetch: pick(loopConc.b),
        timeRatio: +f(concRatio, 3),
        targetMet: concRatio <= 1,
      },
    },
    inProcess: {
      calls: INPROC,
      rounds: INPROC_ROUNDS,
      browserBuild: pick(inproc.a),
      bareOpenapiFetch: pick(inproc.b),
      overheadRatio: +f(inprocRatio, 3),
      overheadWallTimeRatio: +f(inprocWallRatio, 3),
      targetMet: inprocRatio <= 1.15,
      bareWithEagerTimeoutSignal: pick(inprocT.b),
      overheadRatioVsBareWithEagerTimeoutSignal: +f(inprocRatioT, 3),
      withOpenTelemetryApiNoSdk: pick(inprocO.a),
      openTelemetryApiNoSdkRatio: +f(inprocRatioO, 3),
    },
    browserBundle: {
      minifiedBytes: size.minifiedBytes,
      gzipBytes: size.gzipBytes,
      committedGzipBytes: committedSize().gzipBytes,
      targetMet: sizeVerdict.ok,
    },
  };
  writeFileSync(file, `${JSON.stringify(all, null, 2)}\n`);
  console.log(`figures merged under "client" in ${file}`);
}
