// A real forwarding proxy (TooTallNate's `proxy`: absolute-URI requests and CONNECT tunnels) on
// 127.0.0.1:0, recording what it was asked.
import http from "node:http";
import https from "node:https";
import type { AddressInfo, Socket } from "node:net";
import { createProxy } from "proxy";
import type { KeyPair } from "./tls.js";

export interface TestProxy {
  /** `http://127.0.0.1:port` (`https://localhost:port` when it speaks TLS). */
  url: string;
  port: number;
  /** Absolute URLs of the plain requests it forwarded (or refused). */
  requests: string[];
  /** `host:port` of each CONNECT it was asked for. */
  connects: string[];
  /** The Proxy-Authorization header of each request and CONNECT (undefined when absent). */
  authorizations: (string | undefined)[];
  /** TCP connections clients opened to it. */
  connections: number;
  close(): Promise<void>;
}

export interface ProxyOptions {
  /** Require Basic credentials `user:pass` (anything else gets 407). */
  credentials?: string;
  /** Refuse (407) what this matches, before connecting anywhere (the URL, or `host:port` of a CONNECT). */
  refuse?: (target: string) => boolean;
  /** Speak TLS to clients. */
  tls?: KeyPair;
}

export async function startProxy(options: ProxyOptions = {}): Promise<TestProxy> {
  const server = createProxy(options.tls ? https.createServer(options.tls) : http.createServer());
  const sockets = new Set<Socket>();
  const record = (list: string[]) => (req: http.IncomingMessage) => {
    list.push(req.url ?? "");
    proxy.authorizations.push(req.headers["proxy-authorization"]);
  };
  const expected = options.credentials ? `Basic ${Buffer.from(options.credentials).toString("base64")}` : undefined;
  server.authenticate = (req) =>
    !options.refuse?.(req.url ?? "") && (!expected || req.headers["proxy-authorization"] === expected);
  server.on("connection", (s: Socket) => {
    proxy.connections++;
    sockets.add(s);
    s.on("close", () => sockets.delete(s));
  });
  await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
  const port = (server.address() as AddressInfo).port;
  const proxy: TestProxy = {
    url: options.tls ? `https://localhost:${port}` : `http://127.0.0.1:${port}`,
    port,
    requests: [],
    connects: [],
    authorizations: [],
    connections: 0,
    close: () =>
      new Promise<void>((resolve) => {
        for (const s of sockets) s.destroy();
        server.close(() => resolve());
      }),
  };
  // Listeners added after the proxy's own: they run after it has seen the request.
  server.on("request", record(proxy.requests));
  server.on("connect", record(proxy.connects));
  return proxy;
}
