// A plain target server for transport tests (http or https, 127.0.0.1:0), recording what it got.
import http from "node:http";
import https from "node:https";
import type { AddressInfo, Socket } from "node:net";
import zlib from "node:zlib";

export interface Target {
  port: number;
  /** Host, url and headers of each request it got. */
  seen: { host?: string; url?: string; headers: http.IncomingHttpHeaders }[];
  close(): Promise<void>;
}

/** Answers /ok, /size/N (N bytes), /chunked/N (N bytes, no content-length) and /bomb/ENC/N. */
function answer(req: http.IncomingMessage, res: http.ServerResponse) {
  const [, kind, a, b] = (req.url ?? "").split("/");
  if (kind === "ok") return res.writeHead(200, { "content-type": "application/json" }).end('{"ok":true}');
  if (kind === "size") return res.writeHead(200, { "content-length": Number(a) }).end(Buffer.alloc(Number(a), 120));
  if (kind === "chunked") {
    res.writeHead(200);
    const chunk = Buffer.alloc(64 * 1024, 120);
    let left = Number(a);
    const more = () => {
      while (left > 0) {
        const part = chunk.subarray(0, Math.min(left, chunk.length));
        left -= part.length;
        if (!res.write(part)) return res.once("drain", more);
      }
      res.end();
    };
    return more();
  }
  if (kind === "bomb") return res.writeHead(200, { "content-encoding": a! }).end(bomb(a!, Number(b)));
  res.writeHead(404).end();
}

const bombs = new Map<string, Buffer>();
/** N zero bytes, compressed with gzip, deflate or br (a few kB for megabytes). */
export function bomb(encoding: string, n: number): Buffer {
  const key = `${encoding}/${n}`;
  let z = bombs.get(key);
  if (!z) {
    const zeros = Buffer.alloc(n);
    z =
      encoding === "gzip"
        ? zlib.gzipSync(zeros)
        : encoding === "br"
          ? zlib.brotliCompressSync(zeros)
          : zlib.deflateSync(zeros);
    bombs.set(key, z);
  }
  return z;
}

/** Serves https when given a key and certificate. */
export async function startTarget(tls?: { key: string; cert: string }): Promise<Target> {
  const seen: Target["seen"] = [];
  const handler: http.RequestListener = (req, res) => {
    seen.push({ host: req.headers.host, url: req.url, headers: req.headers });
    req.resume();
    req.on("end", () => answer(req, res));
  };
  const server = tls ? https.createServer(tls, handler) : http.createServer(handler);
  const sockets = new Set<Socket>();
  server.on("connection", (s: Socket) => {
    sockets.add(s);
    s.on("close", () => sockets.delete(s));
  });
  await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
  return {
    port: (server.address() as AddressInfo).port,
    seen,
    close: () =>
      new Promise<void>((r) => {
        for (const s of sockets) s.destroy();
        server.close(() => r());
      }),
  };
}

/** A port nothing listens on (one the system just gave out and took back). */
export async function closedPort(): Promise<number> {
  const s = http.createServer();
  await new Promise<void>((r) => s.listen(0, "127.0.0.1", r));
  const port = (s.address() as AddressInfo).port;
  await new Promise<void>((r) => s.close(() => r()));
  return port;
}

type NodeFetch = (input: Request) => Promise<Response>;
export const get = (f: NodeFetch, url: string) => f(new Request(url));
/** The body of a 200 answer. */
export const text = async (f: NodeFetch, url: string) => {
  const res = await get(f, url);
  if (res.status !== 200) throw new Error(`${url}: HTTP ${res.status}`);
  return res.text();
};
/** The rejection of `p` (failing when it resolves). */
export const failure = (p: Promise<unknown>) =>
  p.then(
    () => {
      throw new Error("should have failed");
    },
    (e: unknown) => e as Error & { cause?: Error & { code?: string; cause?: Error & { code?: string } } },
  );
