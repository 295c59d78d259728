// A vendor-faithful server: written from the vendor's pages alone (/work/shared/api), making
// none of the spec's own decisions. It answers only the vendor's statuses (200, 401, 404, 500),
// with error bodies of its own shape; it has no length limits or patterns, no body size limit,
// no content-type or content-coding checks, ignores unknown fields, refuses a bad body with a
// 200 and success: false, a malformed tenant space with a 404, any wrong method or path with a
// 404, and gives a token 3600 seconds unless asked otherwise. The suite's vendor profile must
// pass it; its spec profile must fail it on decisions only.
import { randomBytes, randomUUID } from "node:crypto";
import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";

export interface VendorServer {
  url: string;
  target: { baseUrl: string; appKey: string; appSecret: string; tenantSpaceId: string };
  close(): Promise<void>;
}

const APP_KEY = "vendor-app";
const APP_SECRET = "vendor-secret-7d1e";
const TENANT = "tenant-0001";
const TOKEN_PATH = "/apigovernance/api/oauth/tokenByAkSk";
const INFO_PATH = "/apiaccess/api/cobrowse/getConnectionInfo";
const ROLES = ["recorder", "replayer"];

function json(res: ServerResponse, status: number, body: unknown): void {
  const text = JSON.stringify(body);
  res.writeHead(status, {
    "content-type": "application/json;charset=UTF-8",
    "content-length": Buffer.byteLength(text),
  });
  res.end(text);
}

/** The gateway's own error body (not the spec's ErrorResponse). */
const gatewayError = (res: ServerResponse, status: number, code: string, msg: string) =>
  json(res, status, { error_code: code, error_msg: msg, request_id: randomUUID() });

function read(req: IncomingMessage): Promise<string> {
  return new Promise((resolve) => {
    const chunks: Buffer[] = [];
    req.on("data", (c: Buffer) => chunks.push(c));
    req.on("end", () => resolve(Buffer.concat(chunks).toString("utf8")));
  });
}

export async function startVendorServer(): Promise<VendorServer> {
  const tokens = new Map<string, { appKey: string; expires: number }>();
  const server: Server = createServer((req, res) => {
    void (async () => {
      const body = await read(req);
      const path = (req.url ?? "/").split("?")[0];
      if (req.method !== "POST" || (path !== TOKEN_PATH && path !== INFO_PATH))
        return gatewayError(
          res,
          404,
          "APIGW.0101",
          "The API does not exist or has not been published in the environment.",
        );
      let parsed: unknown;
      try {
        parsed = JSON.parse(body);
      } catch {
        parsed = undefined;
      }
      const fields =
        typeof parsed === "object" && parsed !== null && !Array.isArray(parsed)
          ? (parsed as Record<string, unknown>)
          : undefined;
      if (path === TOKEN_PATH) {
        if (fields?.app_key !== APP_KEY || fields?.app_secret !== APP_SECRET)
          return gatewayError(res, 401, "APIGW.0301", "Incorrect app authentication information.");
        const asked = Number(req.headers["x-token-expire"]);
        const lifetime = Number.isInteger(asked) && asked > 0 ? asked : 3600;
        const token = randomBytes(24).toString("hex");
        const now = Math.floor(Date.now() / 1000);
        tokens.set(token, { appKey: APP_KEY, expires: Date.now() + lifetime * 1000 });
        return json(res, 200, {
          AccessToken: token,
          ApplyType: "Bearer",
          CreateTime: String(now),
          Expires: String(lifetime),
          Scope: "default",
          AppKey: APP_KEY,
          UserID: "Anonymous",
        });
      }
      const auth = String(req.headers.authorization ?? "");
      const issued = auth.startsWith("Bearer ") ? tokens.get(auth.slice(7)) : undefined;
      if (!issued || issued.expires <= Date.now() || req.headers["x-app-key"] !== issued.appKey)
        return gatewayError(res, 401, "APIGW.0307", "The token must be updated.");
      if (req.headers["x-tenantspaceid"] !== TENANT)
        return gatewayError(res, 404, "APIGW.0404", "The tenant space does not exist.");
      const strings = ["roomId", "userId", "userName", "workNo"].every(
        (k) => fields?.[k] === undefined || typeof fields[k] === "string",
      );
      if (!fields || !strings || typeof fields.role !== "string" || !ROLES.includes(fields.role)) {
        return json(res, 200, { success: false, errorCode: 10001, errorReason: "Invalid parameter." });
      }
      const roomId = typeof fields.roomId === "string" ? fields.roomId : randomUUID();
      const host = req.headers.host ?? "127.0.0.1";
      const wss = `wss://${host}/ws/cobrowse/${encodeURIComponent(roomId)}`;
      return json(res, 200, {
        success: true,
        data: { roomId, wssUrl: wss, wssUrlOut: wss, connectParam: randomBytes(16).toString("hex") },
        errorCode: null,
        errorReason: null,
      });
    })().catch(() => gatewayError(res, 500, "APIGW.0500", "Internal error."));
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  const url = `http://127.0.0.1:${port}`;
  return {
    url,
    target: { baseUrl: url, appKey: APP_KEY, appSecret: APP_SECRET, tenantSpaceId: TENANT },
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
