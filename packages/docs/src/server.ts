// The docs server (`pnpm docs`): the static portal from dist/, the embedded mock server beside it
// under the same origin (the API's paths and its WebSocket rooms are forwarded to the mock, so the
// reference's console and the playground need no CORS), and the playground's two routes: its
// configuration and its token route, which holds the app secret and answers only a token.
import { createReadStream, existsSync, readFileSync, statSync } from "node:fs";
import http, { type IncomingMessage, type ServerResponse } from "node:http";
import net, { type AddressInfo } from "node:net";
import { extname, join, normalize, sep } from "node:path";
import { fileURLToPath } from "node:url";
import { gzipSync } from "node:zlib";
import { createCobrowseClient, createNodeFetch, type CobrowseClient, type Role } from "@cec-cobrowse/client";
import { optionsFromEnv, startMockServer, type MockServer, type MockServerOptions } from "@cec-cobrowse/mock-server";
import { specValidator } from "@cec-cobrowse/spec";
import { CONFIG_PATH, TOKEN_PATH, type PlaygroundConfig } from "./playground/routes.js";

export const DEFAULT_ROOT = fileURLToPath(new URL("../dist", import.meta.url));
export { CONFIG_PATH, TOKEN_PATH } from "./playground/routes.js";

export interface DocsServerOptions {
  host?: string;
  /** 0 (the default) = any free port. */
  port?: number;
  /** The static site (default: the package's dist/). */
  root?: string;
  /** Options of the embedded mock (its credentials, limits…); it always binds 127.0.0.1 on a free port. */
  mock?: MockServerOptions;
  /** The pages' Content-Security-Policy (default CONTENT_SECURITY_POLICY); false sends none (the bench's Redoc page inlines its script). */
  contentSecurityPolicy?: string | false;
}

export interface DocsServer {
  url: string;
  host: string;
  port: number;
  mock: MockServer;
  server: http.Server;
  close(): Promise<void>;
}

const TYPES: Record<string, string> = {
  ".html": "text/html; charset=utf-8",
  ".js": "text/javascript; charset=utf-8",
  ".css": "text/css; charset=utf-8",
  ".json": "application/json; charset=utf-8",
  ".svg": "image/svg+xml",
  ".png": "image/png",
  ".txt": "text/plain; charset=utf-8",
  ".md": "text/markdown; charset=utf-8",
  ".xml": "application/xml; charset=utf-8",
  ".yaml": "application/yaml; charset=utf-8",
};

/**
 * Every page may load only from this origin: the browser itself refuses a font, script or
 * request to any other host. Scalar styles with inline style attributes ('unsafe-inline' styles).
 */
export const CONTENT_SECURITY_POLICY =
  "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; font-src 'self' data:; connect-src 'self'; frame-ancestors 'none'; base-uri 'self'; form-action 'self'";

/** The spec's sides by the request examples that send them: the customer's and the agent's. */
function roles(): { customer: Role; agent: Role } {
  const op = [...specValidator().operations.values()].find((o) => o.room);
  const field = op?.room?.role;
  const roleOf = (name: string) => (op?.requestExamples.find((e) => e.name === name)?.value as Record<string, unknown> | undefined)?.[field ?? ""];
  const customer = roleOf("customer");
  const agent = roleOf("agent");
  if (typeof customer !== "string" || typeof agent !== "string") throw new Error("docs: the spec's room operation has no customer and agent request examples");
  return { customer: customer as Role, agent: agent as Role };
}

/** The paths the mock answers for the page: the API's operations and the rooms' WebSocket path. */
function forwarded(): { exact: Set<string>; prefix: string | undefined } {
  const spec = specValidator();
  return { exact: new Set([...spec.operations.values()].map((o) => o.path)), prefix: spec.rules.websocket?.path };
}

function sendJson(res: ServerResponse, status: number, body: unknown, extra: Record<string, string> = {}): void {
  const text = JSON.stringify(body);
  res.writeHead(status, { "content-type": "application/json; charset=utf-8", "cache-control": "no-store", "content-length": Buffer.byteLength(text), ...extra });
  res.end(text);
}

/** Static files, gzipped once each when the browser takes gzip. */
function staticHandler(root: string, csp: string | false) {
  const policy: Record<string, string> = csp === false ? {} : { "content-security-policy": csp };
  const gz = new Map<string, Buffer>();
  return (req: IncomingMessage, res: ServerResponse, pathname: string): void => {
    let rel: string;
    try {
      rel = decodeURIComponent(pathname);
    } catch {
      sendJson(res, 400, { error: "bad path" });
      return;
    }
    if (rel.endsWith("/")) rel += "index.html";
    const file = normalize(join(root, rel));
    const stat = file.startsWith(root + sep) ? statSync(file, { throwIfNoEntry: false }) : undefined;
    if (!stat?.isFile()) {
      res.writeHead(404, { "content-type": "text/plain; charset=utf-8", ...policy });
      res.end("not found\n");
      return;
    }
    const type = TYPES[extname(file)] ?? "application/octet-stream";
    const headers: Record<string, string> = {
      "content-type": type,
      "cache-control": extname(file) === ".html" ? "no-cache" : "public, max-age=300",
      ...policy,
      "x-content-type-options": "nosniff",
      "referrer-policy": "no-referrer",
      vary: "accept-encoding",
    };
    const compressible = /^(text\/|application\/(json|xml|yaml)|image\/svg)/.test(type);
    if (compressible && /\bgzip\b/.test(String(req.headers["accept-encoding"] ?? ""))) {
      let body = gz.get(file);
      if (!body) gz.set(file, (body = gzipSync(readFileSync(file), { level: 9 })));
      res.writeHead(200, { ...headers, "content-encoding": "gzip", "content-length": body.length });
      res.end(req.method === "HEAD" ? undefined : body);
      return;
    }
    res.writeHead(200, { ...headers, "content-length": stat.size });
    if (req.method === "HEAD") res.end();
    else createReadStream(file).pipe(res);
  };
}

export async function startDocsServer(options: DocsServerOptions = {}): Promise<DocsServer> {
  const root = normalize(options.root ?? DEFAULT_ROOT);
  if (!existsSync(join(root, "index.html"))) throw new Error(`docs: ${root} has no index.html; run pnpm docs:build first`);
  const mock = await startMockServer({ ...options.mock, host: "127.0.0.1", port: 0 });
  // The token route's client: the only holder of the app secret on the docs server's side.
  const backend: CobrowseClient = createCobrowseClient({ baseUrl: mock.url, ...mock.credentials, fetch: createNodeFetch({ proxy: false }) });
  const config = { appKey: mock.credentials.appKey, tenantSpaceId: mock.credentials.tenantSpaceId, roles: roles(), tokenPath: TOKEN_PATH } satisfies PlaygroundConfig;
  const paths = forwarded();
  const serveStatic = staticHandler(root, options.contentSecurityPolicy ?? CONTENT_SECURITY_POLICY);
  const sockets = new Set<net.Socket>();

  const forward = (req: IncomingMessage, res: ServerResponse): void => {
    const upstream = http.request({ host: mock.host, port: mock.port, method: req.method, path: req.url, headers: req.headers }, (answer) => {
      res.writeHead(answer.statusCode ?? 502, answer.headers);
      answer.pipe(res);
    });
    upstream.on("error", () => {
      if (!res.headersSent) sendJson(res, 502, { success: false, errorCode: specValidator().errorCode(502), errorReason: "the embedded mock server did not answer" });
      else res.destroy();
    });
    req.pipe(upstream);
  };

  const server = http.createServer((req, res) => {
    const pathname = new URL(req.url ?? "/", "http://docs.invalid").pathname;
    if (paths.exact.has(pathname)) return forward(req, res);
    if (pathname === TOKEN_PATH || pathname === CONFIG_PATH) {
      if (req.method !== "GET") return sendJson(res, 405, { error: "GET only" }, { allow: "GET" });
      if (pathname === CONFIG_PATH) return sendJson(res, 200, config);
      backend.getToken().then(
        // Only the token and its lifetime: never the secret, never the client's other state.
        ({ accessToken, expiresIn }) => sendJson(res, 200, { accessToken, expiresIn }),
        (error: Error) => sendJson(res, 502, { error: `no token: ${error.message}` }),
      );
      return;
    }
    if (req.method !== "GET" && req.method !== "HEAD") return sendJson(res, 405, { error: "GET or HEAD" }, { allow: "GET, HEAD" });
    serveStatic(req, res, pathname);
  });

  // WebSocket upgrades of the rooms' path go to the mock as they came (its answer, 101 or a refusal, comes back as is).
  server.on("upgrade", (req: IncomingMessage, socket: net.Socket, head: Buffer) => {
    const pathname = new URL(req.url ?? "/", "http://docs.invalid").pathname;
    if (!paths.prefix || !pathname.startsWith(paths.prefix)) {
      socket.end("HTTP/1.1 404 Not Found\r\nContent-Length: 0\r\nConnection: close\r\n\r\n");
      return;
    }
    const upstream = net.connect(mock.port, mock.host, () => {
      const lines = [`${req.method} ${req.url} HTTP/${req.httpVersion}`];
      for (let i = 0; i < req.rawHeaders.length; i += 2) lines.push(`${req.rawHeaders[i]}: ${req.rawHeaders[i + 1]}`);
      upstream.write(`${lines.join("\r\n")}\r\n\r\n`);
      if (head.length > 0) upstream.write(head);
      socket.pipe(upstream).pipe(socket);
    });
    for (const s of [socket, upstream]) {
      sockets.add(s);
      s.on("close", () => sockets.delete(s));
    }
    upstream.on("error", () => socket.destroy());
    socket.on("error", () => upstream.destroy());
  });

  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(options.port ?? 0, options.host ?? "127.0.0.1", () => resolve());
  });
  const address = server.address() as AddressInfo;
  const host = options.host ?? "127.0.0.1";
  const urlHost = host.includes(":") ? `[${host}]` : host;
  return {
    url: `http://${urlHost}:${address.port}`,
    host,
    port: address.port,
    mock,
    server,
    async close() {
      for (const s of sockets) s.destroy();
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
      await mock.close();
    },
  };
}

/** The docs server's options from the environment: HOST, PORT (0 = any free port), and the mock's COBROWSE_* variables. */
export function docsOptionsFromEnv(env: Record<string, string | undefined> = process.env): DocsServerOptions {
  const port = env.PORT ?? "4000";
  if (!/^\d+$/.test(port) || Number(port) > 65535) throw new Error(`PORT: must be a whole number from 0 to 65535, got ${JSON.stringify(port)}`);
  const { host: _host, port: _port, ...mock } = optionsFromEnv({ ...env, HOST: undefined, PORT: undefined });
  return { host: env.HOST ?? "127.0.0.1", port: Number(port), mock };
}
