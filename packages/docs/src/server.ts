// The docs server (`pnpm docs:serve`): the static portal from dist/, the embedded mock server beside it
// under the same origin (the API's paths and its WebSocket rooms are forwarded to the mock, so the
// reference's console and the playground need no CORS), and the playground's two routes: its
// configuration and its token route, which holds the app secret and answers only a token, and
// only to the portal's own pages. Every request and upgrade passes one guard first
// (server/guard.ts): its target and Host checked, any throw answered, never a crash.
import { existsSync } from "node:fs";
import http from "node:http";
import type net from "node:net";
import type { AddressInfo } from "node:net";
import { join, normalize } from "node:path";
import type { Duplex } from "node:stream";
import { fileURLToPath } from "node:url";
import { type CobrowseClient, createCobrowseClient, createNodeFetch, type Role } from "@cec-cobrowse/client";
import { type MockServer, type MockServerOptions, optionsFromEnv, startMockServer } from "@cec-cobrowse/mock-server";
import { specValidator } from "@cec-cobrowse/spec";
import { CONFIG_PATH, type PlaygroundConfig, TOKEN_PATH } from "./playground/routes.js";
import { refuseSocket, sendError, sendJson } from "./server/answers.js";
import { forwardRequest, forwardUpgrade, handshakeProblem } from "./server/forward.js";
import { guard } from "./server/guard.js";
import { crossSiteProblem, ServedHosts } from "./server/hosts.js";
import { staticHandler } from "./server/static.js";

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
  /**
   * More names the portal is served under (`docs.example.com`: any port; `docs.example.com:8443`:
   * that port), beside its loopback names and the address it listens on. Any other Host is
   * refused (421): a page of another site rebound to this address gets nothing.
   */
  allowedHosts?: string[];
  /** Notes for people (an internal error); default: stderr. */
  log?: (line: string) => void;
}

export interface DocsServer {
  url: string;
  host: string;
  port: number;
  mock: MockServer;
  server: http.Server;
  close(): Promise<void>;
}

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
  const roleOf = (name: string) =>
    (op?.requestExamples.find((e) => e.name === name)?.value as Record<string, unknown> | undefined)?.[field ?? ""];
  const customer = roleOf("customer");
  const agent = roleOf("agent");
  if (typeof customer !== "string" || typeof agent !== "string")
    throw new Error("docs: the spec's room operation has no customer and agent request examples");
  return { customer: customer as Role, agent: agent as Role };
}

/** The paths the mock answers for the page: the API's operations and the rooms' WebSocket path. */
function forwarded(): { exact: Set<string>; prefix: string | undefined } {
  const spec = specValidator();
  return { exact: new Set([...spec.operations.values()].map((o) => o.path)), prefix: spec.rules.websocket?.path };
}

export async function startDocsServer(options: DocsServerOptions = {}): Promise<DocsServer> {
  const root = normalize(options.root ?? DEFAULT_ROOT);
  if (!existsSync(join(root, "index.html")))
    throw new Error(`docs: ${root} has no index.html; run pnpm docs:build first`);
  const mock = await startMockServer({ ...options.mock, host: "127.0.0.1", port: 0 });
  // The token route's client: the only holder of the app secret on the docs server's side.
  const backend: CobrowseClient = createCobrowseClient({
    baseUrl: mock.url,
    ...mock.credentials,
    fetch: createNodeFetch({ proxy: false }),
  });
  const config = {
    appKey: mock.credentials.appKey,
    tenantSpaceId: mock.credentials.tenantSpaceId,
    roles: roles(),
    tokenPath: TOKEN_PATH,
  } satisfies PlaygroundConfig;
  const paths = forwarded();
  const serveStatic = staticHandler(root, options.contentSecurityPolicy ?? CONTENT_SECURITY_POLICY);
  const sockets = new Set<net.Socket | Duplex>();
  const track = (s: net.Socket | Duplex) => {
    sockets.add(s);
    s.once("close", () => sockets.delete(s));
  };
  const hosts = new ServedHosts(options.host ?? "127.0.0.1", options.allowedHosts ?? []);

  // Node's own check answers a bare 400; the guard's answers an ErrorResponse naming Host.
  const server = http.createServer({ requireHostHeader: false });
  guard(
    server,
    hosts,
    {
      request(req, res, pathname) {
        if (paths.exact.has(pathname)) return forwardRequest(mock, req, res);
        if (pathname === TOKEN_PATH || pathname === CONFIG_PATH) {
          if (req.method !== "GET")
            return sendError(res, {
              status: 405,
              reason: `method ${String(req.method).slice(0, 20)}: use GET`,
              headers: { allow: "GET" },
            });
          const crossSite = crossSiteProblem(req);
          if (crossSite) return sendError(res, crossSite);
          if (pathname === CONFIG_PATH) return sendJson(res, 200, config);
          return backend.getToken().then(
            // Only the token and its lifetime: never the secret, never the client's other state.
            ({ accessToken, expiresIn }) => sendJson(res, 200, { accessToken, expiresIn }),
            (error: Error) => sendError(res, { status: 502, reason: `no token: ${error.message}` }),
          );
        }
        if (req.method !== "GET" && req.method !== "HEAD")
          return sendError(res, {
            status: 405,
            reason: `method ${String(req.method).slice(0, 20)}: use GET or HEAD`,
            headers: { allow: "GET, HEAD" },
          });
        serveStatic(req, res, pathname);
      },
      // A WebSocket handshake to the rooms' path goes to the mock (its answer, 101 or a refusal, comes back as is).
      upgrade(req, socket, head, pathname) {
        track(socket);
        if (!paths.prefix || !pathname.startsWith(paths.prefix))
          return refuseSocket(socket, {
            status: 404,
            reason: `path: no WebSocket endpoint here; rooms are at ${paths.prefix ?? "(none)"}<roomId>`,
          });
        const problem = handshakeProblem(req);
        if (problem) return refuseSocket(socket, problem);
        forwardUpgrade(mock, req, socket, head, track);
      },
    },
    options.log ?? ((line) => process.stderr.write(`docs: ${line}\n`)),
  );

  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(options.port ?? 0, options.host ?? "127.0.0.1", () => resolve());
  });
  const address = server.address() as AddressInfo;
  hosts.listening(address.port);
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

/**
 * The docs server's options from the environment: HOST, PORT (0 = any free port),
 * DOCS_ALLOWED_HOSTS (names, comma-separated, each `name` or `name:port`), and the mock's
 * COBROWSE_* variables.
 */
export function docsOptionsFromEnv(env: Record<string, string | undefined> = process.env): DocsServerOptions {
  const port = env.PORT ?? "4000";
  if (!/^\d+$/.test(port) || Number(port) > 65535)
    throw new Error(`PORT: must be a whole number from 0 to 65535, got ${JSON.stringify(port)}`);
  const allowedHosts = (env.DOCS_ALLOWED_HOSTS ?? "")
    .split(",")
    .map((h) => h.trim())
    .filter((h) => h !== "");
  for (const name of allowedHosts) {
    if (!/^(?:[A-Za-z0-9.-]{1,253}|\[[0-9A-Fa-f:.]{2,45}\])(?::\d{1,5})?$/.test(name))
      throw new Error(
        `DOCS_ALLOWED_HOSTS: ${JSON.stringify(name.slice(0, 100))} is not a host name or name:port; list them comma-separated, e.g. docs.example.com,docs.example.com:8443`,
      );
  }
  const { host: _host, port: _port, ...mock } = optionsFromEnv({ ...env, HOST: undefined, PORT: undefined });
  return {
    host: env.HOST ?? "127.0.0.1",
    port: Number(port),
    mock,
    ...(allowedHosts.length > 0 ? { allowedHosts } : {}),
  };
}
