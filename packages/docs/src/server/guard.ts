// One guard in front of the docs server's request and upgrade handlers. Before either runs, the
// request target is read without `new URL()` (which throws on `//[`; an absolute-form target
// gives its authority as Host, RFC 9112 section 3.2.2) and the Host checked against the names
// the server is served under; a malformed target or Host answers a 4xx ErrorResponse. A throw
// or a rejection of a handler answers a 500 ErrorResponse (or cuts the connection when the answer
// has begun) and is logged: no request stops the server. Node's own bare answers to requests it
// cannot parse are ErrorResponses too.
import type { IncomingMessage, Server, ServerResponse } from "node:http";
import type { Duplex } from "node:stream";
import { declineUpgrade, parseRequestTarget, whenAnswered } from "@cec-cobrowse/mock-server";
import { type Refusal, refuseSocket, sendError } from "./answers.js";
import type { ServedHosts } from "./hosts.js";

export interface Handlers {
  request(req: IncomingMessage, res: ServerResponse, path: string): void | Promise<void>;
  /** A WebSocket upgrade (any other upgrade offer is served as a plain request). */
  upgrade(req: IncomingMessage, socket: Duplex, head: Buffer, path: string): void | Promise<void>;
}

const INTERNAL: Refusal = { status: 500, reason: "internal error of the docs server; retry" };

/** The path of `req` once its target and Host are acceptable (the target rewritten to origin-form), or why they are not. */
function admit(req: IncomingMessage, hosts: ServedHosts): { path: string } | { refusal: Refusal } {
  const target = parseRequestTarget(req.url ?? "/");
  if ("problem" in target) return { refusal: { status: 400, reason: target.problem } };
  if (target.authority !== undefined) {
    req.url = target.query === "" ? target.path : `${target.path}?${target.query}`;
    req.headers.host = target.authority;
  }
  const host = hosts.problem(req);
  return host ? { refusal: host } : { path: target.path };
}

/** Runs `work`; a throw or a rejection becomes `onError(error)` (itself never allowed to throw). */
function attempt(work: () => unknown, onError: (error: unknown) => void): void {
  const fallback = (error: unknown) => {
    try {
      onError(error);
    } catch {
      // nothing may escape
    }
  };
  try {
    const result = work();
    if (result instanceof Promise) result.catch(fallback);
  } catch (error) {
    fallback(error);
  }
}

/** Attaches `handlers` to `server` behind the guard. */
export function guard(server: Server, hosts: ServedHosts, handlers: Handlers, log: (line: string) => void): void {
  const logged = (phase: string, error: unknown) =>
    log(`internal error in ${phase}: ${(error instanceof Error ? error.message : String(error)).slice(0, 300)}`);
  server.on("request", (req: IncomingMessage, res: ServerResponse) =>
    attempt(
      () => {
        const admitted = admit(req, hosts);
        if ("refusal" in admitted) return sendError(res, admitted.refusal);
        return handlers.request(req, res, admitted.path);
      },
      (error) => {
        logged(`${req.method} ${String(req.url).slice(0, 100)}`, error);
        if (res.headersSent) return void res.destroy();
        sendError(res, INTERNAL);
      },
    ),
  );
  server.on("upgrade", (req: IncomingMessage, socket: Duplex, head: Buffer) => {
    socket.on("error", () => socket.destroy());
    // After the answers to the requests pipelined before it, as the mock does (its pipeline.ts).
    whenAnswered(socket, () =>
      attempt(
        () => {
          if (String(req.headers.upgrade ?? "").toLowerCase() !== "websocket")
            return declineUpgrade(server, req, socket, head);
          const admitted = admit(req, hosts);
          if ("refusal" in admitted) return refuseSocket(socket, admitted.refusal);
          return handlers.upgrade(req, socket, head, admitted.path);
        },
        (error) => {
          logged("a WebSocket upgrade", error);
          refuseSocket(socket, INTERNAL);
        },
      ),
    );
  });
  server.on("clientError", (error: NodeJS.ErrnoException, socket: Duplex) => {
    if (!socket.writable || (socket as Duplex & { _httpMessage?: ServerResponse })._httpMessage?.headersSent)
      return void socket.destroy();
    const refusal: Refusal =
      error.code === "HPE_HEADER_OVERFLOW"
        ? { status: 431, reason: "headers: are too large; send fewer or shorter headers" }
        : error.code === "ERR_HTTP_REQUEST_TIMEOUT"
          ? { status: 408, reason: "request: not received in time; send the whole request promptly" }
          : {
              status: 400,
              reason: `request: is not valid HTTP (${error.code ?? "parse error"}); send a well-formed HTTP/1.1 request`,
            };
    attempt(
      () => refuseSocket(socket, refusal),
      () => socket.destroy(),
    );
  });
}
