// The mock as a shared sandbox on one machine: Redis (Debian's redis-server), replicas of the
// mock sharing it and one signing key, and the stock load balancer (Debian's nginx, configured
// from nginx.conf beside this file) in front, all on 127.0.0.1 with free ports. `pnpm sandbox`
// runs it (run.mjs); the tests drive it through these functions. Needs `redis-server` and
// `nginx` on the PATH (or in /usr/sbin): `apt-get install redis-server nginx-light`.
import { spawn, spawnSync } from "node:child_process";
import { randomBytes } from "node:crypto";
import { once } from "node:events";
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { specValidator } from "@cec-cobrowse/spec";

const here = dirname(fileURLToPath(import.meta.url));
const CLI = resolve(here, "../dist/cli.mjs");
const TEMPLATE = join(here, "nginx.conf");

/** Every child this module started, killed if this process exits without stopping them. */
const children = new Set();
process.on("exit", () => {
  for (const child of children) child.kill("SIGKILL");
});

/** A port free on 127.0.0.1 right now (for servers that cannot bind 0 and report it: Redis, nginx). */
export function freePort() {
  return new Promise((resolvePort, reject) => {
    const server = createServer();
    server.once("error", reject);
    server.listen(0, "127.0.0.1", () => {
      const { port } = server.address();
      server.close(() => resolvePort(port));
    });
  });
}

/** The path of a program: on the PATH, or in /usr/sbin (nginx on Debian); throws naming the package. */
export function findProgram(name, debianPackage) {
  for (const dir of [...(process.env.PATH ?? "").split(":"), "/usr/sbin", "/usr/local/sbin"]) {
    if (dir && existsSync(join(dir, name))) return join(dir, name);
  }
  throw new Error(`${name}: not found; install it (apt-get install -y ${debianPackage})`);
}

/**
 * Spawns a child, keeps the tail of its output, and resolves once `ready(output)` matches. A
 * replica is ready in about 1 s; 45 s allows for a 2-core machine running other suites at once
 * (one replica took over 15 s with a load average of 31), and a child that never starts still fails.
 */
async function spawnReady(name, command, args, { env, ready, timeoutMs = 45_000 }) {
  const child = spawn(command, args, { env: { ...process.env, ...env }, stdio: ["ignore", "pipe", "pipe"] });
  children.add(child);
  child.once("exit", () => children.delete(child));
  let output = "";
  const keep = (chunk) => {
    output = (output + chunk.toString()).slice(-20_000);
  };
  child.stdout.on("data", keep);
  child.stderr.on("data", keep);
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const match = ready(output);
    if (match) return { child, match, output: () => output };
    if (child.exitCode !== null || child.signalCode !== null)
      throw new Error(
        `${name}: exited (${child.exitCode ?? child.signalCode}) before it was ready:\n${output.slice(-3000)}`,
      );
    if (Date.now() > deadline) {
      child.kill("SIGKILL");
      throw new Error(`${name}: not ready within ${timeoutMs} ms:\n${output.slice(-3000)}`);
    }
    await new Promise((r) => setTimeout(r, 20));
  }
}

/** Stops a child: `signal`, then SIGKILL after 5 s. */
async function stopChild(child, signal = "SIGTERM") {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const gone = once(child, "exit");
  child.kill(signal);
  const timer = setTimeout(() => child.kill("SIGKILL"), 5000);
  await gone;
  clearTimeout(timer);
}

/** Starts redis-server on 127.0.0.1 (a free port, or `port`), without persistence. */
export async function startRedis({ port, dir } = {}) {
  const bin = findProgram("redis-server", "redis-server");
  for (let attempt = 0; ; attempt++) {
    const p = port ?? (await freePort());
    try {
      const { child } = await spawnReady(
        "redis-server",
        bin,
        [
          "--bind",
          "127.0.0.1",
          "--port",
          String(p),
          "--save",
          "",
          "--appendonly",
          "no",
          "--protected-mode",
          "yes",
          ...(dir ? ["--dir", dir] : []),
          // A replica is a pub/sub client that must not be dropped for a burst (Redis's default 32mb 8mb 60).
          "--client-output-buffer-limit",
          "pubsub 256mb 64mb 60",
        ],
        { ready: (out) => /Ready to accept connections/.test(out) },
      );
      return {
        url: `redis://127.0.0.1:${p}`,
        port: p,
        pid: child.pid,
        stop: () => stopChild(child),
        kill: () => stopChild(child, "SIGKILL"),
      };
    } catch (error) {
      if (port !== undefined || attempt >= 3 || !/Address already in use/.test(String(error))) throw error;
    }
  }
}

/** Starts one replica of the mock (dist/cli.mjs) on 127.0.0.1, any free port. */
export async function startReplica({ redisUrl, signingKey, controlToken, env = {} }) {
  if (!existsSync(CLI)) throw new Error(`${CLI}: not built; run pnpm --filter @cec-cobrowse/mock-server build`);
  const { child, match, output } = await spawnReady("mock replica", process.execPath, [CLI], {
    env: {
      HOST: "127.0.0.1",
      PORT: "0",
      COBROWSE_MOCK_REDIS_URL: redisUrl,
      COBROWSE_MOCK_SIGNING_KEY: signingKey,
      MOCK_CONTROL: "on",
      COBROWSE_MOCK_CONTROL_TOKEN: controlToken,
      ...env,
    },
    ready: (out) => /^listening on (http:\/\/\S+)$/m.exec(out),
  });
  const url = match[1];
  return {
    url,
    port: Number(new URL(url).port),
    pid: child.pid,
    output,
    stop: () => stopChild(child),
    kill: () => stopChild(child, "SIGKILL"),
  };
}

/**
 * What nginx answers itself, before a request can reach a replica (it cannot be parsed, or its
 * headers or target are over nginx's buffers), by nginx's status: the status sent and the
 * reason, as the spec's ErrorResponse. No 5xx for bad input: an unknown Transfer-Encoding
 * (nginx's 501) and an HTTP version it does not serve (505) are a 400, as the mock answers them.
 */
const BALANCER_ERRORS = [
  {
    from: [400, 501, 505],
    status: 400,
    reason:
      "request: is not valid HTTP/1.1 (refused by the sandbox balancer, nginx); send a well-formed request with one Host, one Content-Length or chunked, not both",
  },
  { from: [494], status: 431, reason: "headers: are too large; send fewer or shorter headers" },
  { from: [414], status: 414, reason: "request target: is too long; send a shorter path and query" },
];

/** The nginx lines that answer BALANCER_ERRORS with the spec's ErrorResponse (its errorCode by the spec's rule) and a request id. */
export function balancerErrorPages(spec = specValidator()) {
  const lines = [];
  for (const { from, status, reason } of BALANCER_ERRORS) {
    const body = JSON.stringify({ success: false, errorCode: spec.errorCode(status), errorReason: reason });
    if (/['$\\]/.test(body))
      throw new Error(`balancer error ${status}: the body cannot hold ' $ or \\ in nginx's quoted string`);
    // A URI, not a named location: nginx cannot redirect a request whose line it could not parse to a named one.
    const uri = `/__cobrowse-balancer/${status}.json`;
    lines.push(
      `    error_page ${from.join(" ")} =${status} ${uri};`,
      `    location = ${uri} {`,
      "      internal;",
      "      default_type application/json;",
      "      add_header X-Request-Id $request_id always;",
      `      return ${status} '${body}';`,
      "    }",
    );
  }
  return lines.join("\n");
}

/** The balancer's configuration: nginx.conf with its fields filled in. */
export function balancerConfig({ dir, listen, upstreams }) {
  const servers = upstreams.map((port) => `    server 127.0.0.1:${port} max_fails=1 fail_timeout=5s;`).join("\n");
  return readFileSync(TEMPLATE, "utf8")
    .replaceAll("{{dir}}", dir)
    .replaceAll("{{listen}}", listen)
    .replace("{{upstreams}}", servers)
    .replace("{{errors}}", balancerErrorPages());
}

/** Starts nginx in front of the replicas' ports; `setUpstreams` rewrites its configuration and reloads it. */
export async function startBalancer({ dir, upstreams }) {
  const bin = findProgram("nginx", "nginx-light");
  for (const sub of ["client_body", "proxy", "fastcgi", "uwsgi", "scgi"])
    mkdirSync(join(dir, sub), { recursive: true });
  const conf = join(dir, "nginx.conf");
  for (let attempt = 0; ; attempt++) {
    const port = await freePort();
    const listen = `127.0.0.1:${port}`;
    writeFileSync(conf, balancerConfig({ dir, listen, upstreams }));
    const test = spawnSync(bin, ["-t", "-q", "-p", dir, "-c", conf, "-e", join(dir, "error.log")], {
      encoding: "utf8",
    });
    if (test.status !== 0) throw new Error(`nginx: the configuration does not load:\n${test.stderr}`);
    const url = `http://${listen}`;
    try {
      const { child } = await spawnReady("nginx", bin, ["-p", dir, "-c", conf, "-e", join(dir, "error.log")], {
        ready: () => existsSync(join(dir, "nginx.pid")),
      });
      // nginx writes its pid before it listens: wait until it answers.
      for (let i = 0; ; i++) {
        try {
          await fetch(`${url}/__mock/health`);
          break;
        } catch {
          if (child.exitCode !== null || i > 200)
            throw new Error(
              `nginx: not listening on ${listen}: ${readFileSync(join(dir, "error.log"), "utf8").slice(-2000)}`,
            );
          await new Promise((r) => setTimeout(r, 25));
        }
      }
      return {
        url,
        port,
        pid: child.pid,
        /** Points the balancer at these ports (nginx reloads; new connections go to them). */
        async setUpstreams(ports) {
          writeFileSync(conf, balancerConfig({ dir, listen, upstreams: ports }));
          child.kill("SIGHUP");
          await new Promise((r) => setTimeout(r, 500));
        },
        stop: () => stopChild(child, "SIGQUIT"),
      };
    } catch (error) {
      rmSync(join(dir, "nginx.pid"), { force: true });
      if (
        attempt >= 3 ||
        !/Address already in use|not listening/.test(String(error) + readFileSync(join(dir, "error.log"), "utf8"))
      )
        throw error;
    }
  }
}

/**
 * Starts Redis, `replicas` replicas of the mock sharing it and one signing key (control API on,
 * behind a control token), and nginx in front. Resolves with the URLs, the token, and handles
 * to add, kill and stop them. `chaos` (a seed, settings, or their text form) turns the chaos
 * mode on for the default scope, shared by the replicas (COBROWSE_MOCK_CHAOS of each).
 */
export async function startSandbox({ replicas = 2, dir, env: given = {}, chaos } = {}) {
  const chaosText =
    chaos === undefined ? given.COBROWSE_MOCK_CHAOS : typeof chaos === "object" ? JSON.stringify(chaos) : String(chaos);
  const env = chaosText === undefined ? given : { ...given, COBROWSE_MOCK_CHAOS: chaosText };
  const root = dir ?? mkdtempSync(join(tmpdir(), "cobrowse-sandbox-"));
  mkdirSync(root, { recursive: true });
  const signingKey = env.COBROWSE_MOCK_SIGNING_KEY ?? randomBytes(32).toString("base64url");
  const controlToken = env.COBROWSE_MOCK_CONTROL_TOKEN ?? randomBytes(24).toString("base64url");
  const started = [];
  const stopAll = async () => {
    for (const part of [...started].reverse()) await part.stop().catch(() => {});
  };
  // One set of credentials for the replicas and the clients (sandbox.env), whatever the shell
  // exports: the given ones, else the demo ones, passed to each replica explicitly.
  const credentials = {
    COBROWSE_APP_KEY: env.COBROWSE_APP_KEY ?? "demo-app-key",
    COBROWSE_APP_SECRET: env.COBROWSE_APP_SECRET ?? "demo-app-secret",
    COBROWSE_TENANT_SPACE_ID: env.COBROWSE_TENANT_SPACE_ID ?? "demo-tenant",
  };
  try {
    const redis = await startRedis({ dir: root });
    started.push(redis);
    const list = [];
    const addReplica = async (extra = {}) => {
      const replica = await startReplica({
        redisUrl: redis.url,
        signingKey,
        controlToken,
        env: { ...env, ...credentials, ...extra },
      });
      list.push(replica);
      started.push(replica);
      return replica;
    };
    for (let i = 0; i < replicas; i++) await addReplica();
    const balancer = await startBalancer({ dir: join(root, "nginx"), upstreams: list.map((r) => r.port) });
    started.push(balancer);
    return {
      url: balancer.url,
      controlUrl: `${balancer.url}/__mock`,
      controlToken,
      signingKey,
      dir: root,
      chaos: chaosText,
      redis,
      balancer,
      replicas: list,
      /** Starts one more replica and adds it to the balancer. */
      async addReplica(extra) {
        const replica = await addReplica(extra);
        await balancer.setUpstreams(list.map((r) => r.port));
        return replica;
      },
      /** The variables a test process needs (the demo credentials unless configured). */
      env: {
        COBROWSE_BASE_URL: balancer.url,
        ...credentials,
        COBROWSE_MOCK_CONTROL_URL: `${balancer.url}/__mock`,
        COBROWSE_MOCK_CONTROL_TOKEN: controlToken,
      },
      async stop() {
        await stopAll();
        if (!dir) rmSync(root, { recursive: true, force: true });
      },
    };
  } catch (error) {
    await stopAll();
    if (!dir) rmSync(root, { recursive: true, force: true });
    throw error;
  }
}
