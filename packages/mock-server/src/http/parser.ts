// The answers Node's HTTP layer would give on its own, without a body or a request id, given
// instead as ErrorResponses with X-Request-Id: a request the parser refuses (400, oversized
// headers 431, too slow 408), an `Expect` other than 100-continue (417) and an HTTP/1.1 request
// without `Host` (400; Node's own check is turned off for this, see `requireHostHeader`); and a
// request target that is no path (400; target.ts).
import type { IncomingMessage, Server, ServerResponse } from "node:http";
import type { Duplex } from "node:stream";
import { refuseSocket } from "../rooms/websocket.js";
import { describeError, guard } from "./guard.js";
import type { Exchange, Failure, Responder } from "./respond.js";
import { normalizeTarget } from "./target.js";

/**
 * The path to route the request by (its target read by target.ts, an absolute-form one rewritten
 * to origin-form), and why it cannot be routed, if it cannot: a malformed target, or no Host on
 * HTTP/1.1.
 */
export function routable(req: IncomingMessage): { path: string; failure?: Failure } {
  const target = normalizeTarget(req);
  if ("problem" in target)
    return { path: (req.url ?? "").slice(0, 200), failure: { status: 400, reason: target.problem } };
  if (req.headers.host !== undefined || req.httpVersionMajor !== 1 || req.httpVersionMinor < 1)
    return { path: target.path };
  return {
    path: target.path,
    failure: { status: 400, reason: "Host: is missing; an HTTP/1.1 request must send a Host header" },
  };
}

export function answerParserErrors(server: Server, respond: Responder, log: (line: string) => void): void {
  server.on("clientError", (error: NodeJS.ErrnoException, socket: Duplex) =>
    guard(
      () => {
        if (!socket.writable || (socket as Duplex & { _httpMessage?: ServerResponse })._httpMessage?.headersSent)
          return void socket.destroy();
        const code = error.code ?? "";
        const [status, reason] =
          code === "HPE_HEADER_OVERFLOW"
            ? [431, "headers: are too large; send fewer or shorter headers"]
            : code === "ERR_HTTP_REQUEST_TIMEOUT"
              ? [408, "request: not received in time; send the whole request promptly"]
              : [400, `request: is not valid HTTP (${code || "parse error"}); send a well-formed HTTP/1.1 request`];
        refuseSocket(respond, socket, respond.newRequestId(), status, reason);
      },
      (failure) => {
        log(describeError("a client error", failure));
        socket.destroy();
      },
    ),
  );

  server.on("checkExpectation", (req: IncomingMessage, res: ServerResponse) => {
    const x: Exchange = { req, res, requestId: "" };
    guard(
      () => {
        x.requestId = respond.requestIdOf(req);
        const expect = String(req.headers.expect).slice(0, 60);
        // The body was never asked for: the connection closes after the answer rather than read it as a request.
        respond.fail(x, {
          status: 417,
          reason: `Expect: ${JSON.stringify(expect)} is not supported; send Expect: 100-continue, or none`,
          headers: { Connection: "close" },
        });
      },
      (error) => {
        log(describeError("an Expect header", error));
        res.destroy();
      },
    );
  });
}
