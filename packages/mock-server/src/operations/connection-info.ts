// getConnectionInfo, once its checks passed: the room (the one asked for, or a new UUID), its
// WebSocket URLs, and a connectParam signed for this room and role; any other property of the
// answer or its data (one added to the spec) is the spec's example.
import { randomUUID } from "node:crypto";
import type { IncomingMessage } from "node:http";
import type { AddressInfo } from "node:net";
import { locationOf } from "@cec-cobrowse/spec";
import type { GetConnectionInfoRequest, GetConnectionInfoResponse } from "@cec-cobrowse/types";
import type { CheckedRequest } from "../checks/checks.js";
import type { Config } from "../config.js";
import type { Responder } from "../http/respond.js";
import type { Signer } from "../tokens/signing.js";
import { examplesBesides, fill } from "./examples.js";

/** The claims of a connectParam: room, role, app key, tenant space, expiry (Unix seconds). */
export interface ConnectClaims {
  r: string;
  o: string;
  a: string;
  t: string;
  e: number;
}

const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g;

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
  // With the spec's expiresWithToken, a connectParam lives no longer than the bearer token that obtained it.
  const bearer = config.websocket.expiresWithToken
    ? [...config.spec.operations.values()].flatMap((op) => op.securityHeaders).find((h) => h.kind === "bearer")?.header
    : undefined;
  // What the mock computes: the outcome fields of the answer, the room's fields of its data (the spec's rules).
  const { room, responses } = [...config.spec.operations.values()].find((op) => op.room)!;
  const ok = responses.get("200");
  const outcome = ok?.outcome;
  const answerAt = `${ok?.at}/content/application~1json/schema`;
  const answerExamples = examplesBesides(
    config.spec,
    ok?.schema,
    outcome ? [outcome.success, outcome.data, ...outcome.nullOnSuccess] : [],
    answerAt,
  );
  const dataSchema = outcome ? config.spec.properties(ok?.schema)[outcome.data] : undefined;
  const dataExamples = examplesBesides(
    config.spec,
    dataSchema,
    room ? [room.roomId, ...room.perRole, ...room.webSocketUrls] : [],
    locationOf(dataSchema, `${answerAt}/properties/data`),
  );
  return (request) => {
    const body = request.json as GetConnectionInfoRequest;
    const roomId = body.roomId ?? randomUUID();
    if (request.record) request.record.roomId = roomId;
    const ttl = Math.floor(config.now() / 1000) + config.connectParamTtlSeconds;
    const tokenExpiry = bearer === undefined ? undefined : request.verdicts.get(bearer)?.expiresAt;
    const claims: ConnectClaims = {
      r: roomId,
      o: body.role,
      a: config.credentials.appKey,
      t: config.credentials.tenantSpaceId,
      e: tokenExpiry === undefined ? ttl : Math.min(ttl, Math.floor(tokenExpiry / 1000)),
    };
    // Any room id the schema takes (`/`, `#`, `%`, spaces, any script) travels percent-encoded in
    // the path; a lone surrogate, which has no UTF-8 form, as U+FFFD.
    const path = encodeURIComponent(roomId.replace(LONE_SURROGATE, "\uFFFD"));
    const wssUrl = wsBase(request.req) + path;
    const answer: GetConnectionInfoResponse = {
      success: true,
      data: {
        roomId,
        wssUrl,
        wssUrlOut: config.publicBase === undefined ? wssUrl : config.publicBase + path,
        connectParam: connectParams.sign(claims),
      },
      errorCode: null,
      errorReason: null,
    };
    fill(answer.data!, dataExamples);
    fill(answer, answerExamples);
    respond.send(request, 200, JSON.stringify(answer));
  };
}
