// The mock server: routes each request to its operation (or the control API), runs the faults
// and checks the spec gives it, and hands it to the operation's handler; serves the rooms'
// WebSockets; listens and closes. Every rule it keeps comes from the spec it serves.
import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import type { Duplex } from "node:stream";
import type { operations } from "@cec-cobrowse/types";
import type { MockServer, MockServerOptions } from "./api.js";
import { attemptHandler } from "./attempt.js";
import { chaosHandle } from "./chaos/store.js";
import { SecurityHeaders } from "./checks/auth.js";
import { type CheckedRequest, Checks } from "./checks/checks.js";
import { resolveConfig } from "./config.js";
import { CONTROL_PREFIX, controlHandler } from "./control/control.js";
import { SCOPE_HEADER } from "./faults/model.js";
import { describeError, guard } from "./http/guard.js";
import { answerParserErrors, routable } from "./http/parser.js";
import { whenAnswered } from "./http/pipeline.js";
import { type Exchange, Responder, reportWhenAnswered } from "./http/respond.js";
import { noter } from "./log/notes.js";
import { RequestLog } from "./log/requests.js";
import { connectionInfoHandler } from "./operations/connection-info.js";
import { tokenHandler } from "./operations/token.js";
import { refuseSocket, upgradeHandler } from "./rooms/websocket.js";
import { router } from "./route.js";
import { openStores } from "./stores/stores.js";
import { scanTexts } from "./tokens/scan.js";
import { Signer, signingKeyFrom } from "./tokens/signing.js";

/** Starts the mock server; resolves once it listens. */
export async function startMockServer(options: MockServerOptions = {}): Promise<MockServer> {
  const config = resolveConfig(options);
  const { spec, log } = config;
  const signing = signingKeyFrom(config.signingKey);
  const tokens = new Signer(signing.key, "token", config.maxSignedLength);
  const connectParams = new Signer(signing.key, "connectParam", config.maxSignedLength);
  if (signing.random)
    log(
      "signing key: random for this process (set COBROWSE_MOCK_SIGNING_KEY so replicas and restarts accept the same tokens)",
    );

  const respond = new Responder(spec, { cors: config.cors, extraRequestHeaders: config.control ? [SCOPE_HEADER] : [] });
  const stores = await openStores(config, respond);
  if (config.chaos) {
    // A replica joining others leaves their running schedule (and its count) as it is.
    const status = await Promise.resolve(stores.chaos.start(config.chaos, "", true)).catch(async (error: unknown) => {
      await stores.close();
      throw error;
    });
    log(
      `chaos: on in the default scope (seed ${status.settings?.seed}, rate ${status.settings?.rate}); GET /__mock/chaos shows its counters`,
    );
  }
  const { faults, rooms } = stores;
  const { registry } = stores.tokens;
  const checks = new Checks(
    config,
    new SecurityHeaders(spec, config.credentials, tokens, config.now, (token, now) => registry.isRevoked(token, now)),
  );
  const notes = noter(spec, config.credentials.appSecret);
  const requests = new RequestLog(notes.names);
  const chaos = chaosHandle(stores.chaos, stores.chaosChecker);
  const scan = (texts: readonly string[] | unknown) => scanTexts(registry, texts, config.credentials.appSecret);
  const control = controlHandler(
    respond,
    stores,
    { enabled: config.control, token: config.controlToken },
    requests,
    scan,
  );
  let address: AddressInfo | undefined;
  const handlers: Record<keyof operations, (request: CheckedRequest) => void | Promise<void>> = {
    tokenByAkSk: tokenHandler(config, respond, tokens, stores.tokens),
    getConnectionInfo: connectionInfoHandler(config, respond, connectParams, () => address!),
  };
  const route = router(spec, respond, handlers);

  const internalError =
    (x: Exchange) =>
    (error: unknown): void => {
      log(describeError(`${x.req.method} ${(x.req.url ?? "").slice(0, 100)}`, error));
      if (x.res.headersSent) return void x.res.destroy();
      x.req.resume();
      respond.fail(x, { status: 500, reason: "internal error; retry later" });
    };
  const attempt = attemptHandler({
    config,
    respond,
    requests,
    notes,
    stores,
    checks,
    tokens,
    handlers,
    internalError,
    port: () => address!.port,
  });

  const handle = (x: Exchange, path: string): void | Promise<void> => {
    // The control API first: no CORS preflight of the API ever opens it to a page.
    if (path.startsWith(CONTROL_PREFIX)) return control(x, path);
    if (respond.preflight(x)) return;
    const op = route(x, path);
    if (op) return attempt(x, op);
  };

  const onRequest = (req: IncomingMessage, res: ServerResponse): void => {
    const x: Exchange = { req, res, requestId: "" };
    guard(() => {
      x.requestId = respond.requestIdOf(req);
      const { path, failure } = routable(req);
      if (config.onResponse) reportWhenAnswered(x, path, config.onResponse, log);
      if (failure) return respond.fail(x, failure);
      return handle(x, path);
    }, internalError(x));
  };

  const server = createServer(
    {
      requestTimeout: config.requestTimeoutMs,
      headersTimeout: Math.min(config.requestTimeoutMs, 20_000),
      connectionsCheckingInterval: Math.max(50, Math.min(1000, Math.floor(config.requestTimeoutMs / 4))),
      keepAliveTimeout: 5_000,
      // Answered by routable() with an ErrorResponse, not by Node with an empty 400.
      requireHostHeader: false,
    },
    onRequest,
  );

  answerParserErrors(server, respond, log);

  const upgrade = upgradeHandler(config, server, respond, rooms, connectParams);
  server.on("upgrade", (req: IncomingMessage, socket: Duplex, head: Buffer) => {
    socket.on("error", () => socket.destroy());
    whenAnswered(socket, () =>
      guard(
        () => upgrade(req, socket, head),
        (error) => {
          log(describeError("a WebSocket upgrade", error));
          refuseSocket(respond, socket, respond.newRequestId(), 500, "internal error; retry later");
        },
      ),
    );
  });

  await new Promise<void>((resolve, reject) => {
    const failed = (error: Error) => void stores.close().finally(() => reject(error));
    server.once("error", failed);
    server.listen(config.port, config.host, () => {
      server.off("error", failed);
      resolve();
    });
  });
  address = server.address() as AddressInfo;
  const urlHost = address.family === "IPv6" ? `[${address.address}]` : address.address;
  const url = `http://${config.host === "localhost" ? "localhost" : urlHost}:${address.port}`;
  if (config.control)
    log(
      `fault injection: POST/GET/DELETE ${url}${CONTROL_PREFIX}faults (${config.controlToken ? "with the control token" : "loopback callers only: no control token set"}; scope with ${SCOPE_HEADER})`,
    );

  let closing: Promise<void> | undefined;
  return {
    url,
    host: address.address,
    port: address.port,
    credentials: { ...config.credentials },
    faults,
    chaos,
    scan,
    rooms,
    requests,
    signingKeyRandom: signing.random,
    server,
    close() {
      closing ??= (async () => {
        faults.clear();
        await rooms.close();
        await new Promise<void>((resolve) => {
          server.close(() => resolve());
          server.closeAllConnections();
        });
        await stores.close();
      })();
      return closing;
    },
  };
}
