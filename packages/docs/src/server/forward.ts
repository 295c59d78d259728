// What the docs server hands to the embedded mock: requests to the API's operation paths, and
// WebSocket upgrades of the rooms' path. An upgrade is forwarded only when it is a real
// WebSocket handshake (GET, `Upgrade: websocket`, `Connection: upgrade`, no body), and only the
// handshake itself: the client's socket is joined to the mock's after the mock answered 101,
// so whatever a client pipelines behind the handshake reaches the mock as WebSocket frames (and
// is refused as such), never as HTTP; a refusal is passed on and the connection closed.
import http, { type IncomingMessage, type ServerResponse } from "node:http";
import type net from "node:net";
import type { Duplex } from "node:stream";
import { type Refusal, refuseSocket, sendError } from "./answers.js";

export interface Upstream {
  host: string;
  port: number;
}

const BAD_GATEWAY: Refusal = { status: 502, reason: "the embedded mock server did not answer; retry" };

/** Forwards an HTTP request to the mock and its answer back, as they are. */
export function forwardRequest(mock: Upstream, req: IncomingMessage, res: ServerResponse): void {
  const upstream = http.request(
    { host: mock.host, port: mock.port, method: req.method, path: req.url, headers: req.headers },
    (answer) => {
      res.writeHead(answer.statusCode ?? 502, answer.headers);
      answer.pipe(res);
    },
  );
  upstream.on("error", () => (res.headersSent ? res.destroy() : sendError(res, BAD_GATEWAY)));
  req.pipe(upstream);
}

/** Why `req` is not a WebSocket handshake the docs server forwards; undefined when it is. */
export function handshakeProblem(req: IncomingMessage): Refusal | undefined {
  if (req.method !== "GET")
    return {
      status: 405,
      reason: `method: a WebSocket upgrade is a GET, not ${String(req.method).slice(0, 20)}`,
      headers: { allow: "GET" },
    };
  const tokens = (name: string) =>
    String(req.headers[name] ?? "")
      .toLowerCase()
      .split(",")
      .map((t) => t.trim());
  if (!tokens("connection").includes("upgrade"))
    return { status: 400, reason: "Connection: must include upgrade for a WebSocket handshake" };
  if (req.headers["content-length"] !== undefined && req.headers["content-length"] !== "0")
    return { status: 400, reason: "Content-Length: a WebSocket handshake has no body" };
  if (req.headers["transfer-encoding"] !== undefined)
    return { status: 400, reason: "Transfer-Encoding: a WebSocket handshake has no body" };
  return undefined;
}

const rawHead = (statusLine: string, rawHeaders: string[]): string => {
  let text = `${statusLine}\r\n`;
  for (let i = 0; i + 1 < rawHeaders.length; i += 2) text += `${rawHeaders[i]}: ${rawHeaders[i + 1]}\r\n`;
  return `${text}\r\n`;
};

/**
 * Sends the handshake of `req` (already checked by handshakeProblem) to the mock. Its 101 joins
 * the two sockets (the bytes the client sent after its handshake, `head`, go first); any other
 * answer is passed on and ends the client's connection. `track` learns every socket opened.
 */
export function forwardUpgrade(
  mock: Upstream,
  req: IncomingMessage,
  socket: Duplex,
  head: Buffer,
  track: (s: net.Socket | Duplex) => void,
): void {
  const headers: string[] = [];
  for (let i = 0; i + 1 < req.rawHeaders.length; i += 2) {
    const name = req.rawHeaders[i]!;
    if (/^(host|content-length|transfer-encoding)$/i.test(name)) continue;
    headers.push(name, req.rawHeaders[i + 1]!);
  }
  headers.push("Host", req.headers.host ?? `${mock.host}:${mock.port}`);
  const upstream = http.request({
    host: mock.host,
    port: mock.port,
    method: "GET",
    path: req.url,
    headers,
    agent: false,
  });
  upstream.on("upgrade", (answer: IncomingMessage, upSocket: net.Socket, upHead: Buffer) => {
    track(upSocket);
    upSocket.on("error", () => socket.destroy());
    socket.on("close", () => upSocket.destroy());
    upSocket.on("close", () => socket.destroy());
    socket.write(rawHead(`HTTP/1.1 101 ${answer.statusMessage ?? "Switching Protocols"}`, answer.rawHeaders));
    if (upHead.length > 0) socket.write(upHead);
    if (head.length > 0) upSocket.write(head);
    upSocket.pipe(socket).pipe(upSocket);
  });
  upstream.on("response", (answer: IncomingMessage) => {
    // A refusal: passed on as it came, then the connection ends; the client's socket is never read.
    track(answer.socket);
    socket.write(rawHead(`HTTP/1.1 ${answer.statusCode} ${answer.statusMessage ?? ""}`.trimEnd(), answer.rawHeaders));
    answer.on("error", () => socket.destroy());
    answer.pipe(socket);
  });
  upstream.on("error", () => refuseSocket(socket, BAD_GATEWAY));
  upstream.end();
}
