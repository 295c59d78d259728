// A connection's answers stay in the order of its requests, upgrades included. Node stops
// parsing a connection at an upgrade request and hands its socket over while an answer to an
// earlier pipelined request may still be being written: whatever the upgrade answers (a
// refusal, a 101, or the request served as plain HTTP) waits for that answer, or it would be
// written before it, or lost when the refusal closes the socket.
import type { IncomingMessage, Server, ServerResponse } from "node:http";
import type { Duplex } from "node:stream";

/** Runs `next` once every answer to the requests before the upgrade on `socket` is written (at once when there are none). */
export function whenAnswered(socket: Duplex, next: () => void): void {
  const pending = (socket as Duplex & { _httpMessage?: ServerResponse | null })._httpMessage;
  if (!pending || pending.writableFinished) {
    next();
    return;
  }
  const resume = (): void => {
    pending.off("finish", resume).off("close", resume);
    if (socket.destroyed) return;
    // Node hands the socket to the next queued answer when one finishes: check again.
    whenAnswered(socket, next);
  };
  pending.once("finish", resume).once("close", resume);
}

/**
 * Serves a request that offered an upgrade the server does not take (`Upgrade: h2c`) as plain
 * HTTP/1.1, as RFC 9110 lets a server ignore the offer: the request is rebuilt minus its upgrade
 * headers and handed back to the HTTP parser, after the answers before it.
 */
export function declineUpgrade(server: Server, req: IncomingMessage, socket: Duplex, head: Buffer): void {
  whenAnswered(socket, () => {
    const lines = [`${req.method ?? "GET"} ${req.url ?? "/"} HTTP/1.1`];
    for (let i = 0; i + 1 < req.rawHeaders.length; i += 2) {
      const name = req.rawHeaders[i]!;
      if (/^(upgrade|connection|http2-settings)$/i.test(name)) continue;
      lines.push(`${name}: ${req.rawHeaders[i + 1]!}`);
    }
    socket.unshift(Buffer.concat([Buffer.from(`${lines.join("\r\n")}\r\n\r\n`, "latin1"), head]));
    server.emit("connection", socket);
  });
}
