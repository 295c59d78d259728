// The docs server's own answers: JSON bodies, and every error as the spec's ErrorResponse
// (`{ success: false, errorCode, errorReason }`, errorCode by the spec's rule), on a response or,
// for an upgrade that has none, written raw on its socket.
import { type ServerResponse, STATUS_CODES } from "node:http";
import type { Duplex } from "node:stream";
import { specValidator } from "@cec-cobrowse/spec";

/** One refusal: its status, a reason naming what to fix, and extra headers (`Allow`). */
export interface Refusal {
  status: number;
  reason: string;
  headers?: Record<string, string>;
}

export function errorBody(status: number, reason: string): string {
  return JSON.stringify({ success: false, errorCode: specValidator().errorCode(status), errorReason: reason });
}

export function sendJson(res: ServerResponse, status: number, body: unknown, extra: Record<string, string> = {}): void {
  if (res.headersSent || res.destroyed) return;
  const text = typeof body === "string" ? body : JSON.stringify(body);
  res.writeHead(status, {
    "content-type": "application/json; charset=utf-8",
    "cache-control": "no-store",
    "content-length": Buffer.byteLength(text),
    ...extra,
  });
  res.end(text);
}

export function sendError(res: ServerResponse, refusal: Refusal): void {
  sendJson(res, refusal.status, errorBody(refusal.status, refusal.reason), refusal.headers);
}

/** Answers an upgrade's socket with an ErrorResponse and closes it (nothing after it is read). */
export function refuseSocket(socket: Duplex, refusal: Refusal): void {
  if (!socket.writable) return void socket.destroy();
  const body = errorBody(refusal.status, refusal.reason);
  const extra = Object.entries(refusal.headers ?? {})
    .map(([name, value]) => `${name}: ${value}\r\n`)
    .join("");
  socket.end(
    `HTTP/1.1 ${refusal.status} ${STATUS_CODES[refusal.status] ?? "Error"}\r\ncontent-type: application/json; charset=utf-8\r\n` +
      `cache-control: no-store\r\ncontent-length: ${Buffer.byteLength(body)}\r\nconnection: close\r\n${extra}\r\n${body}`,
  );
  socket.once("finish", () => socket.destroy());
}
