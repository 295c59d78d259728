// The relaying part of `cobrowse-contract proxy`: a reverse proxy that forwards every request as
// the client sent it (method, target, header names, order and values, body bytes; Host too with
// `preserveHost`, else the target's) and every answer as the target sent it, streaming both ways
// as the bytes come, so no request waits on the proxy; WebSocket upgrades are tunnelled byte for
// byte. A copy of each exchange goes to `onExchange` once its answer has ended, for the judge.
import {
  createServer,
  request as httpRequest,
  type IncomingMessage,
  type Server,
  type ServerResponse,
  STATUS_CODES,
} from "node:http";
import { request as httpsRequest } from "node:https";
import type { AddressInfo, Socket } from "node:net";
import type { Duplex } from "node:stream";
import type { TrafficExchange } from "../traffic/exchange.js";
import { Capture } from "./capture.js";
import { mapOf, pairsOf, setHeadersAsSent } from "./headers.js";

export interface RelayOptions {
  /** The deployment: an http(s) URL; a path in it is prefixed to every request's. */
  target: string;
  host?: string;
  /** 0 (the default) takes a free port. */
  port?: number;
  /** Forward the client's Host header (the target then builds its URLs, the room's WebSocket URLs included, on the proxy's address). Default: the target's host. */
  preserveHost?: boolean;
  /** Told of each exchange once its answer has ended (or failed), in that order. */
  onExchange: (exchange: TrafficExchange) => void;
}

export interface Relay {
  /** `http://HOST:PORT` */
  url: string;
  server: Server;
  /** Exchanges still in flight. */
  readonly inFlight: number;
  /** Stops accepting connections; waits up to `graceMs` for the exchanges in flight, then cuts them. */
  close(graceMs?: number): Promise<void>;
}

/** Errors of the target's connection that mean the target is not there (answered 502 by the proxy). */
const UNREACHABLE = new Set([
  "ECONNREFUSED",
  "ENOTFOUND",
  "EAI_AGAIN",
  "EHOSTUNREACH",
  "ENETUNREACH",
  "ETIMEDOUT",
  "CERT_HAS_EXPIRED",
  "DEPTH_ZERO_SELF_SIGNED_CERT",
  "UNABLE_TO_VERIFY_LEAF_SIGNATURE",
  "ERR_TLS_CERT_ALTNAME_INVALID",
]);

export async function startRelay(options: RelayOptions): Promise<Relay> {
  const target = new URL(options.target);
  if (target.protocol !== "http:" && target.protocol !== "https:")
    throw new Error(`--target must be an http(s) URL (got ${JSON.stringify(options.target)})`);
  const prefix = target.pathname.replace(/\/+$/, "");
  const send = target.protocol === "https:" ? httpsRequest : httpRequest;
  const sockets = new Set<Duplex>();
  let sequence = 0;
  let inFlight = 0;
  const settled = new Set<() => void>();

  /** The upstream request, its headers exactly the client's (Host aside unless preserved). */
  const upstream = (req: IncomingMessage) => {
    const out = send({
      protocol: target.protocol,
      hostname: target.hostname,
      port: target.port,
      method: req.method,
      path: `${prefix}${req.url ?? "/"}`,
      setHost: false,
      agent: false,
      ...(target.protocol === "https:" ? { servername: target.hostname } : {}),
    });
    setHeadersAsSent(out, pairsOf(req.rawHeaders), options.preserveHost ? undefined : target.host);
    return out;
  };

  /** One exchange's record, handed to onExchange exactly once. */
  const track = (req: IncomingMessage, upgrade: boolean) => {
    inFlight++;
    const t: TrafficExchange = {
      n: ++sequence,
      startedMs: Date.now(),
      request: {
        method: req.method ?? "GET",
        path: req.url ?? "/",
        headers: mapOf(pairsOf(req.rawHeaders)),
        headerList: pairsOf(req.rawHeaders),
      },
      ...(upgrade ? { upgrade: true } : {}),
    };
    const body = new Capture();
    let done = false;
    const finish = (update: Partial<TrafficExchange> = {}) => {
      if (done) return;
      done = true;
      inFlight--;
      Object.assign(t, update);
      t.endedMs = Date.now();
      t.request.body = body.body;
      if (body.truncated) t.request.bodySize = body.size;
      for (const wake of settled) wake();
      try {
        options.onExchange(t);
      } catch {
        // the judge's problem must never stop the relay
      }
    };
    return { t, body, finish };
  };

  const responseRecord = (res: IncomingMessage, captured: Capture) => ({
    status: res.statusCode ?? 0,
    headers: mapOf(pairsOf(res.rawHeaders), true),
    headerList: pairsOf(res.rawHeaders),
    body: captured.body,
    ...(captured.truncated ? { bodySize: captured.size } : {}),
  });

  const relay = (req: IncomingMessage, res: ServerResponse) => {
    const { body, finish } = track(req, false);
    const out = upstream(req);
    let answered = false;
    req.on("data", (chunk: Buffer) => body.add(chunk));
    req.pipe(out);
    // The client gave up (or its connection broke) before the answer ended: so does the target's request.
    res.on("close", () => {
      if (!res.writableFinished) {
        out.destroy();
        finish({ error: "the client closed the connection before the answer ended" });
      }
    });
    out.on("continue", () => res.writeContinue());
    out.on("response", (up) => {
      answered = true;
      const captured = new Capture();
      const raw = up.rawHeaders;
      const has = (name: string) => pairsOf(raw).some(([k]) => k.toLowerCase() === name);
      res.sendDate = false;
      for (const name of ["connection", "content-length", "transfer-encoding"]) if (!has(name)) res.removeHeader(name);
      try {
        res.writeHead(up.statusCode ?? 502, up.statusMessage, raw);
      } catch (error) {
        req.socket.destroy();
        finish({
          error: `the target's answer could not be relayed: ${(error as Error).message}`,
          malformedAnswer: true,
        });
        return;
      }
      up.on("data", (chunk: Buffer) => {
        captured.add(chunk);
        if (!res.write(chunk)) up.pause();
      });
      res.on("drain", () => up.resume());
      up.on("end", () => {
        if (up.rawTrailers.length > 0) res.addTrailers(pairsOf(up.rawTrailers));
        res.end();
        finish({ response: responseRecord(up, captured) });
      });
      up.on("error", (error) => {
        res.destroy();
        finish({ response: responseRecord(up, captured), error: `the target's answer broke off: ${error.message}` });
      });
    });
    out.on("error", (error: NodeJS.ErrnoException) => {
      if (answered) return;
      const code = error.code ?? "";
      if (UNREACHABLE.has(code)) {
        // The proxy's own answer: the target is not there (recorded as no answer, not judged).
        if (!res.headersSent)
          res
            .writeHead(502, { "content-type": "text/plain; charset=utf-8", connection: "close" })
            .end(`cobrowse-contract proxy: the target ${target.origin} is unreachable (${code})\n`);
        finish({ error: `the target is unreachable (${code})` });
      } else if (code.startsWith("HPE_")) {
        if (!res.headersSent)
          res
            .writeHead(502, { "content-type": "text/plain; charset=utf-8", connection: "close" })
            .end(`cobrowse-contract proxy: the target's answer is not HTTP (${code})\n`);
        finish({ error: `the target's answer is not HTTP (${code})`, malformedAnswer: true });
      } else {
        // A reset or a hang-up: the client meets the same (a client retries as it would against the target).
        req.socket.destroy();
        finish({ error: `the target closed the connection without an answer (${code || error.message})` });
      }
    });
  };

  const tunnel = (req: IncomingMessage, socket: Duplex, head: Buffer) => {
    const { finish } = track(req, true);
    const out = upstream(req);
    socket.on("error", () => out.destroy());
    const raw = (status: number, message: string | undefined, rawHeaders: string[]) =>
      `HTTP/1.1 ${status} ${message ?? STATUS_CODES[status] ?? ""}\r\n${pairsOf(rawHeaders)
        .map(([k, v]) => `${k}: ${v}\r\n`)
        .join("")}\r\n`;
    out.on("upgrade", (up, upSocket, upHead) => {
      socket.write(raw(up.statusCode ?? 101, up.statusMessage, up.rawHeaders));
      if (upHead.length > 0) socket.write(upHead);
      if (head.length > 0) upSocket.write(head);
      sockets.add(upSocket);
      upSocket.on("close", () => sockets.delete(upSocket));
      upSocket.pipe(socket).on("error", () => upSocket.destroy());
      socket.pipe(upSocket).on("error", () => socket.destroy());
      upSocket.on("error", () => socket.destroy());
      upSocket.on("close", () => socket.destroy());
      socket.on("close", () => upSocket.destroy());
      finish({
        response: {
          status: up.statusCode ?? 101,
          headers: mapOf(pairsOf(up.rawHeaders), true),
          headerList: pairsOf(up.rawHeaders),
          body: Buffer.alloc(0),
        },
      });
    });
    out.on("response", (up) => {
      // A refused upgrade: the answer as the target sent it, then the connection ends.
      const captured = new Capture();
      const chunked = pairsOf(up.rawHeaders).some(
        ([k, v]) => k.toLowerCase() === "transfer-encoding" && /chunked/i.test(v),
      );
      socket.write(raw(up.statusCode ?? 502, up.statusMessage, up.rawHeaders));
      up.on("data", (chunk: Buffer) => {
        captured.add(chunk);
        socket.write(
          chunked
            ? Buffer.concat([Buffer.from(`${chunk.length.toString(16)}\r\n`), chunk, Buffer.from("\r\n")])
            : chunk,
        );
      });
      up.on("end", () => {
        socket.end(chunked ? "0\r\n\r\n" : undefined);
        finish({ response: responseRecord(up, captured) });
      });
      up.on("error", () => {
        socket.destroy();
        finish({ response: responseRecord(up, captured), error: "the target's answer broke off" });
      });
    });
    out.on("error", (error: NodeJS.ErrnoException) => {
      socket.destroy();
      finish({
        error: `the target closed the connection without an answer (${error.code ?? error.message})`,
        ...(error.code?.startsWith("HPE_") ? { malformedAnswer: true } : {}),
      });
    });
    out.end();
  };

  const server = createServer({ requestTimeout: 0, keepAliveTimeout: 5000 });
  server.on("request", relay);
  // An `Expect: 100-continue` is the target's to answer: forwarded, its 100 relayed.
  server.on("checkContinue", relay);
  server.on("upgrade", tunnel);
  server.on("connection", (socket: Socket) => {
    sockets.add(socket);
    socket.on("close", () => sockets.delete(socket));
  });
  // A message that is not HTTP at all never reaches the target: 400, that connection closed, the proxy goes on.
  server.on("clientError", (_error, socket: Duplex) => {
    if (socket.writable)
      socket.end(
        "HTTP/1.1 400 Bad Request\r\nConnection: close\r\nContent-Type: text/plain\r\nContent-Length: 49\r\n\r\ncobrowse-contract proxy: the request is not HTTP\n",
      );
    else socket.destroy();
  });
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(options.port ?? 0, options.host ?? "127.0.0.1", () => {
      server.off("error", reject);
      resolve();
    });
  });
  const address = server.address() as AddressInfo;
  const host = address.family === "IPv6" ? `[${address.address}]` : address.address;
  return {
    url: `http://${host}:${address.port}`,
    server,
    get inFlight() {
      return inFlight;
    },
    async close(graceMs = 2000) {
      const closed = new Promise<void>((resolve) => server.close(() => resolve()));
      server.closeIdleConnections();
      const deadline = Date.now() + graceMs;
      while (inFlight > 0 && Date.now() < deadline) {
        await new Promise<void>((resolve) => {
          const wake = () => {
            settled.delete(wake);
            resolve();
          };
          settled.add(wake);
          setTimeout(wake, Math.max(0, deadline - Date.now()));
        });
      }
      for (const socket of sockets) socket.destroy();
      server.closeAllConnections();
      await closed;
    },
  };
}
