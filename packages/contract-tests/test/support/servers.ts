// Servers for the suite's own tests: the project's mock, a proxy in front of it that breaks
// exactly one promise, and Prism. Every server binds 127.0.0.1 on port 0 (or a free port)
// and is closed by the test that started it.
import { type ChildProcess, spawn } from "node:child_process";
import { createServer, type IncomingMessage, request, type Server, type ServerResponse } from "node:http";
import { createRequire } from "node:module";
import { type AddressInfo, connect } from "node:net";
import { fileURLToPath } from "node:url";
import { type MockServer, type MockServerOptions, startMockServer } from "@cec-cobrowse/mock-server";
import type { ContractOptions } from "../../src/index.js";

export type Target = Pick<ContractOptions, "baseUrl" | "appKey" | "appSecret" | "tenantSpaceId">;

/** The test mocks' fault-control token (their control API is on, behind it, as in a sandbox). */
export const CONTROL_TOKEN = "contract-test-control-token-7d1e";

export async function mock(
  options: MockServerOptions = {},
): Promise<{ target: Target; mock: MockServer; close: () => Promise<void> }> {
  const server = await startMockServer({
    host: "127.0.0.1",
    port: 0,
    credentials: { appSecret: "contract-test-secret-9f2c" },
    control: true,
    controlToken: CONTROL_TOKEN,
    ...options,
  });
  return {
    mock: server,
    target: {
      baseUrl: server.url,
      appKey: server.credentials.appKey,
      appSecret: server.credentials.appSecret,
      tenantSpaceId: server.credentials.tenantSpaceId,
    },
    close: () => server.close(),
  };
}

export interface ProxiedRequest {
  method: string;
  path: string;
  headers: Record<string, string | string[] | undefined>;
  body: Buffer;
}

export interface ProxiedResponse {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  body: Buffer;
}

export interface Breakage {
  /** Sees every request (WebSocket upgrades included) as it arrives. */
  observe?: (req: { method: string; path: string; headers: IncomingMessage["headers"]; at: number }) => void;
  /** Rewrites the request before it reaches the mock. */
  request?: (req: ProxiedRequest, upstream: string) => ProxiedRequest | Promise<ProxiedRequest>;
  /** Rewrites the mock's response before it reaches the suite. */
  response?: (res: ProxiedResponse, req: ProxiedRequest) => ProxiedResponse;
}

/** A JSON body rewritten by `fn` (content-length fixed up). */
export function editJson(res: ProxiedResponse, fn: (body: any) => unknown): ProxiedResponse {
  let parsed: unknown;
  try {
    parsed = JSON.parse(res.body.toString("utf8"));
  } catch {
    return res;
  }
  const body = Buffer.from(JSON.stringify(fn(parsed) ?? parsed));
  return { ...res, body, headers: { ...res.headers, "content-length": String(body.length) } };
}

export function editRequestJson(req: ProxiedRequest, fn: (body: any) => unknown): ProxiedRequest {
  let parsed: unknown;
  try {
    parsed = JSON.parse(req.body.toString("utf8"));
  } catch {
    return req;
  }
  const body = Buffer.from(JSON.stringify(fn(parsed) ?? parsed));
  return { ...req, body, headers: { ...req.headers, "content-length": String(body.length) } };
}

/** A node:http proxy in front of the real mock that breaks one promise. */
export async function brokenServer(breakage: Breakage): Promise<{ target: Target; close: () => Promise<void> }> {
  const upstream = await mock();
  const up = new URL(upstream.target.baseUrl);
  const server: Server = createServer((incoming: IncomingMessage, outgoing: ServerResponse) => {
    breakage.observe?.({
      method: incoming.method ?? "GET",
      path: incoming.url ?? "/",
      headers: incoming.headers,
      at: performance.now(),
    });
    const chunks: Buffer[] = [];
    incoming.on("data", (c: Buffer) => chunks.push(c));
    incoming.on(
      "end",
      () =>
        void forward().catch((error: unknown) => {
          outgoing.writeHead(502, { "content-type": "text/plain" }).end(`test proxy failed: ${String(error)}`);
        }),
    );
    const forward = async () => {
      let req: ProxiedRequest = {
        method: incoming.method ?? "GET",
        path: incoming.url ?? "/",
        headers: { ...incoming.headers },
        body: Buffer.concat(chunks),
      };
      if (breakage.request) req = await breakage.request(req, upstream.target.baseUrl);
      const headers: Record<string, string | string[] | undefined> = { ...req.headers, host: up.host };
      if (req.body.length > 0 || headers["content-length"] !== undefined)
        headers["content-length"] = String(req.body.length);
      const proxied = request(
        { host: up.hostname, port: up.port, method: req.method, path: req.path, headers },
        (res) => {
          const body: Buffer[] = [];
          res.on("data", (c: Buffer) => body.push(c));
          res.on("end", () => {
            let out: ProxiedResponse = {
              status: res.statusCode ?? 502,
              headers: { ...res.headers },
              body: Buffer.concat(body),
            };
            if (breakage.response) out = breakage.response(out, req);
            out.headers["content-length"] = String(out.body.length);
            delete out.headers["transfer-encoding"];
            delete out.headers.connection;
            outgoing.writeHead(out.status, out.headers as Record<string, string>);
            outgoing.end(out.body);
          });
        },
      );
      proxied.on("error", () => {
        outgoing.writeHead(502).end();
      });
      proxied.end(req.body);
    };
  });
  // WebSocket upgrades pass to the mock untouched, byte for byte.
  server.on("upgrade", (req: IncomingMessage, socket, head: Buffer) => {
    breakage.observe?.({
      method: req.method ?? "GET",
      path: req.url ?? "/",
      headers: req.headers,
      at: performance.now(),
    });
    const out = connect(Number(up.port), up.hostname, () => {
      const lines = [`${req.method} ${req.url} HTTP/1.1`];
      for (let i = 0; i + 1 < req.rawHeaders.length; i += 2)
        lines.push(`${req.rawHeaders[i]}: ${req.rawHeaders[i + 1]}`);
      out.write(`${lines.join("\r\n")}\r\n\r\n`);
      if (head.length > 0) out.write(head);
      out.pipe(socket);
      socket.pipe(out);
    });
    out.on("error", () => socket.destroy());
    socket.on("error", () => out.destroy());
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  return {
    target: { ...upstream.target, baseUrl: `http://127.0.0.1:${port}` },
    close: async () => {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
      await upstream.close();
    },
  };
}

/** A free TCP port on 127.0.0.1 (for servers, like Prism, that cannot bind port 0 and report it). */
export async function freePort(): Promise<number> {
  const probe = createServer();
  await new Promise<void>((resolve) => probe.listen(0, "127.0.0.1", resolve));
  const { port } = probe.address() as AddressInfo;
  await new Promise<void>((resolve) => probe.close(() => resolve()));
  return port;
}

export const packageDir = fileURLToPath(new URL("../..", import.meta.url));

/** Prism 5 mocking the spec this package ships; resolves once it listens. */
export async function prism(): Promise<{ target: Target; close: () => Promise<void> }> {
  const port = await freePort();
  const specPath = createRequire(import.meta.url).resolve("@cec-cobrowse/spec/openapi.yaml");
  const bin = `${packageDir}node_modules/.bin/prism`;
  const child: ChildProcess = spawn(bin, ["mock", specPath, "-p", String(port), "-h", "127.0.0.1"], {
    stdio: ["ignore", "pipe", "pipe"],
  });
  let output = "";
  await new Promise<void>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`prism did not start in 60 s:\n${output}`)), 60_000);
    const onData = (chunk: Buffer) => {
      output += chunk.toString();
      if (/Prism is listening/.test(output)) {
        clearTimeout(timer);
        resolve();
      }
    };
    child.stdout!.on("data", onData);
    child.stderr!.on("data", onData);
    child.on("exit", (code) => {
      clearTimeout(timer);
      reject(new Error(`prism exited with ${code}:\n${output}`));
    });
  });
  child.removeAllListeners("exit");
  return {
    target: {
      baseUrl: `http://127.0.0.1:${port}`,
      appKey: "demo-app-key",
      appSecret: "demo-app-secret",
      tenantSpaceId: "demo-tenant",
    },
    close: () =>
      new Promise<void>((resolve) => {
        if (child.exitCode !== null) return resolve();
        child.once("exit", () => resolve());
        child.kill("SIGTERM");
      }),
  };
}
