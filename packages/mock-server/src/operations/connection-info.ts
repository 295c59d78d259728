// getConnectionInfo, once its checks passed: the room (the one asked for, or a new UUID), its
// WebSocket URLs, and a connectParam signed for this room and role.
import { randomUUID } from "node:crypto";
import type { IncomingMessage } from "node:http";
import type { AddressInfo } from "node:net";
import type { GetConnectionInfoRequest, GetConnectionInfoResponse } from "@cec-cobrowse/types";
import type { CheckedRequest } from "../checks.js";
import type { Config } from "../config.js";
import type { Responder } from "../respond.js";
import type { Signer } from "../signing.js";

/** The claims of a connectParam: room, role, app key, tenant space, expiry (Unix seconds). */
export interface ConnectClaims {
  r: string;
  o: string;
  a: string;
  t: string;
  e: number;
}

// A Host header worth echoing into a URL: a name or an IP literal, with an optional port.
const HOST_PATTERN = /^(?:[A-Za-z0-9.-]{1,253}|\[[0-9A-Fa-f:.]{2,45}\])(?::\d{1,5})?$/;

export function connectionInfoHandler(
  config: Config,
  respond: Responder,
  connectParams: Signer,
  address: () => AddressInfo,
): (request: CheckedRequest) => void {
  const ownHost = (): string => {
    const { family, address: ip, port } = address();
    return `${family === "IPv6" ? `[${ip}]` : ip}:${port}`;
  };
  /** ws://<the Host the request reached>/ws/cobrowse/ (the listening address when Host is unusable). */
  const wsBase = (req: IncomingMessage): string => {
    const host = req.headers.host;
    return `ws://${host !== undefined && HOST_PATTERN.test(host) ? host : ownHost()}${config.websocket.path}`;
  };
  return (request) => {
    const body = request.json as GetConnectionInfoRequest;
    const roomId = body.roomId ?? randomUUID();
    if (request.record) request.record.roomId = roomId;
    const claims: ConnectClaims = {
      r: roomId,
      o: body.role,
      a: config.credentials.appKey,
      t: config.credentials.tenantSpaceId,
      e: Math.floor(config.now() / 1000) + config.connectParamTtlSeconds,
    };
    const path = encodeURIComponent(roomId);
    const wssUrl = wsBase(request.req) + path;
    const answer: GetConnectionInfoResponse = {
      success: true,
      data: { roomId, wssUrl, wssUrlOut: config.publicBase === undefined ? wssUrl : config.publicBase + path, connectParam: connectParams.sign(claims) },
      errorCode: null,
      errorReason: null,
    };
    respond.send(request, 200, JSON.stringify(answer));
  };
}
