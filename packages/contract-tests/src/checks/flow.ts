// The API's flow: a token, then connection information for both sides of one room; and the
// token's lifetime.
import { CheckAborted, tokenOperation, type CheckContext } from "../context.js";
import type { Exchange } from "../http.js";
import { PROSE, securitySchemeRules } from "../rules.js";
import { operationPointer, pointer, spec } from "../spec.js";
import type { CheckDefinition } from "./check.js";
import { connectionOp, freshRoomId, roles, UUID } from "./util.js";

interface ConnectionInfo {
  roomId?: unknown;
  connectParam?: unknown;
  [field: string]: unknown;
}

/** The URL fields of a connection must be WebSocket URLs: ws: or wss:. */
function expectWebSocketUrls(ctx: CheckContext, x: Exchange, data: ConnectionInfo): void {
  for (const field of PROSE.websocketUrl.value) {
    const value = data[field];
    if (value === undefined) continue;
    let protocol = "";
    try {
      protocol = new URL(String(value)).protocol;
    } catch {
      protocol = "";
    }
    if (protocol !== "ws:" && protocol !== "wss:") {
      ctx.fail(`${x.label}: data.${field} is ${JSON.stringify(value)}, not a WebSocket (ws: or wss:) URL`, PROSE.websocketUrl.at, x, "websocket-url");
    }
  }
}

/** Calls getConnectionInfo and checks the success shape; returns `data` or undefined. */
async function connect(ctx: CheckContext, label: string, body: Record<string, unknown>, token?: string): Promise<{ x: Exchange; data?: ConnectionInfo }> {
  const op = connectionOp();
  const x = await ctx.call(op, token ? { label, body, token } : { label, body });
  if (!ctx.expectStatus(x, 200, operationPointer(op, "responses", "200"), "valid token, headers and body")) return { x };
  const json = x.response!.json as { success?: unknown; data?: ConnectionInfo; errorCode?: unknown; errorReason?: unknown } | undefined;
  if (!json || json.success !== true || typeof json.data !== "object" || json.data === null || json.errorCode !== null || json.errorReason !== null) {
    ctx.fail(`${label}: a valid request must succeed: success true, data present, errorCode and errorReason null (got success ${JSON.stringify(json?.success)}, errorCode ${JSON.stringify(json?.errorCode)})`, PROSE.successShape.at, x, "success");
    return { x };
  }
  return { x, data: json.data };
}

function expectEcho(ctx: CheckContext, x: Exchange, data: ConnectionInfo, roomId: string): void {
  if (data.roomId !== roomId) {
    ctx.fail(`${x.label}: data.roomId is ${JSON.stringify(data.roomId)}, expected the room id sent, ${JSON.stringify(roomId)}`, PROSE.roomEchoed.at, x, "room-echo");
  }
}

function expectDistinctParams(ctx: CheckContext, sides: Array<{ role: string; x: Exchange; data: ConnectionInfo }>): void {
  for (const side of sides) {
    if (typeof side.data.connectParam !== "string" || side.data.connectParam.length === 0) {
      ctx.fail(`${side.x.label}: data.connectParam is missing or empty`, PROSE.connectParamPerRole.at, side.x, "connect-param");
    }
  }
  const params = new Set(sides.map((s) => s.data.connectParam));
  if (sides.length > 1 && params.size < sides.length) {
    ctx.fail(`the ${sides.map((s) => s.role).join(" and ")} sides of one room got the same connectParam; it must be valid for one room and role only`, PROSE.connectParamPerRole.at, sides[sides.length - 1]!.x, "connect-param");
  }
}

function tokenExpireHeader() {
  const header = tokenOperation().headers.find((h) => h.name.toLowerCase() === "x-token-expire");
  if (!header) throw new Error("contract-tests: the token operation has no X-Token-Expire header parameter");
  return header;
}

export function flowChecks(): CheckDefinition[] {
  const tokenOp = tokenOperation();
  const op = connectionOp();
  const expire = tokenExpireHeader();
  const expireAt = pointer("components", "parameters", "TokenExpire");
  return [
    {
      id: "token.issue",
      title: "tokenByAkSk with the configured credentials issues a Bearer token; Expires is the documented default without X-Token-Expire",
      specLocations: [operationPointer(tokenOp, "responses", "200"), `${expireAt}/schema/default`, PROSE.tokenAppKey.at],
      phase: "requests",
      async run(ctx) {
        ctx.cases++;
        const { exchange, body } = await ctx.newToken({ label: "token without X-Token-Expire" });
        const fallback = expire.schema.default;
        if (fallback !== undefined && body.Expires !== String(fallback)) {
          ctx.fail(`Expires is ${JSON.stringify(body.Expires)}; without X-Token-Expire the spec's default is ${JSON.stringify(String(fallback))}`, `${expireAt}/schema/default`, exchange, "default-expiry");
        }
        if (body.AppKey !== undefined && body.AppKey !== ctx.options.appKey) {
          ctx.fail(`AppKey is ${JSON.stringify(body.AppKey)}, not the app key the token was issued to`, PROSE.tokenAppKey.at, exchange, "app-key");
        }
        const created = Number(body.CreateTime);
        if (Number.isFinite(created) && Math.abs(created - Date.now() / 1000) > 900) {
          ctx.fail(`CreateTime ${String(body.CreateTime)} is more than 15 minutes away from this machine's clock`, PROSE.tokenLifetime.at, exchange, "create-time");
        }
      },
    },
    {
      id: "token.expire-header",
      title: "X-Token-Expire at its documented minimum and maximum is honoured: Expires echoes it",
      specLocations: [`${expireAt}/schema`],
      phase: "requests",
      async run(ctx) {
        const values = [expire.schema.minimum, expire.schema.maximum].filter((v): v is number => typeof v === "number");
        for (const value of values) {
          ctx.cases++;
          const { exchange, body } = await ctx.newToken({ label: `X-Token-Expire: ${value}`, expire: String(value) });
          if (body.Expires !== String(value)) {
            ctx.fail(`X-Token-Expire: ${value} answered Expires ${JSON.stringify(body.Expires)}, expected "${value}"`, PROSE.tokenLifetime.at, exchange, "expiry");
          }
        }
      },
    },
    {
      id: "flow.both-roles",
      title: "token → getConnectionInfo for every role in one room: 200, success, room id echoed, WebSocket URLs, connectParams differ",
      specLocations: [operationPointer(op, "responses", "200"), PROSE.roomEchoed.at, PROSE.connectParamPerRole.at, PROSE.successShape.at, PROSE.websocketUrl.at, pointer("components", "schemas", "Role")],
      phase: "requests",
      async run(ctx) {
        const roomId = freshRoomId(ctx, "room");
        const sides: Array<{ role: string; x: Exchange; data: ConnectionInfo }> = [];
        for (const role of roles()) {
          ctx.cases++;
          const { x, data } = await connect(ctx, `${role} joins room ${roomId}`, { roomId, role });
          if (!data) continue;
          expectEcho(ctx, x, data, roomId);
          expectWebSocketUrls(ctx, x, data);
          sides.push({ role, x, data });
        }
        if (sides.length === roles().length) expectDistinctParams(ctx, sides);
      },
    },
    {
      id: "flow.room-created",
      title: "Without roomId the server creates a room: a new UUID each time, which the other side then joins",
      specLocations: [PROSE.createdRoomIsUuid.at, PROSE.roomEchoed.at],
      phase: "requests",
      async run(ctx) {
        const [first, second] = roles() as [string, string];
        ctx.cases++;
        const a = await connect(ctx, `${first} without roomId`, { role: first });
        const b = await connect(ctx, `${first} without roomId, again`, { role: first });
        for (const side of [a, b]) {
          if (side.data && (typeof side.data.roomId !== "string" || !UUID.test(side.data.roomId))) {
            ctx.fail(`${side.x.label}: data.roomId is ${JSON.stringify(side.data.roomId)}, expected a created room's UUID`, PROSE.createdRoomIsUuid.at, side.x, "room-uuid");
          }
        }
        if (a.data && b.data && typeof a.data.roomId === "string" && a.data.roomId === b.data.roomId) {
          ctx.fail(`two rooms created without roomId got the same id ${a.data.roomId}; each call creates a room`, PROSE.createdRoomIsUuid.at, b.x, "room-uuid");
        }
        if (a.data && typeof a.data.roomId === "string" && UUID.test(a.data.roomId)) {
          ctx.cases++;
          const join = await connect(ctx, `${second} joins the created room`, { roomId: a.data.roomId, role: second });
          if (join.data) {
            expectEcho(ctx, join.x, join.data, a.data.roomId);
            expectDistinctParams(ctx, [{ role: first, x: a.x, data: a.data }, { role: second, x: join.x, data: join.data }]);
          }
        }
      },
    },
    {
      id: "token.lifetime",
      title: "A token asked with the minimum X-Token-Expire is refused (401) once it has expired (a longer-lived control token is accepted)",
      specLocations: [PROSE.tokenLifetime.at, securitySchemeRules().bearerAuth!.unknown.at, `${expireAt}/schema/minimum`],
      stateful: "needs a server that remembers when each token it issued expires (a static mock cannot)",
      phase: "requests",
      async run(ctx) {
        const min = typeof expire.schema.minimum === "number" ? expire.schema.minimum : 1;
        // control: a fresh token with some life left is accepted, so a refusal below is the expiry's doing
        ctx.cases++;
        const control = await ctx.newToken({ label: "control token, X-Token-Expire: 120", expire: "120" });
        await connect(ctx, "the control token is accepted", { roomId: freshRoomId(ctx, "life"), role: roles()[0] }, control.token);
        ctx.cases++;
        const short = await ctx.newToken({ label: `short token, X-Token-Expire: ${min}`, expire: String(min) });
        const lifetime = Number(short.body.Expires);
        if (!Number.isFinite(lifetime) || lifetime > 5) {
          throw new CheckAborted(`asked X-Token-Expire: ${min} and got Expires ${JSON.stringify(short.body.Expires)}; cannot wait that long`, PROSE.tokenLifetime.at, short.exchange);
        }
        await new Promise((r) => setTimeout(r, (lifetime + 1) * 1000 + 250));
        const x = await ctx.call(op, { label: `the ${lifetime}-second token, ${lifetime + 1.25} s later`, body: { roomId: freshRoomId(ctx, "life"), role: roles()[0] }, token: short.token });
        ctx.expectStatus(x, securitySchemeRules().bearerAuth!.unknown.value, securitySchemeRules().bearerAuth!.unknown.at, "an expired token is refused");
      },
    },
    {
      id: "token.wrong-credentials",
      title: "tokenByAkSk with a wrong secret, or an unknown app key, answers 401",
      specLocations: [PROSE.wrongCredentials.at, operationPointer(tokenOp, "responses", "401")],
      stateful: "needs a server that knows the real credentials (a static mock accepts any)",
      phase: "requests",
      async run(ctx) {
        const wrongSecret = `wrong-secret-${(ctx.seed >>> 0).toString(36)}-${Math.random().toString(36).slice(2)}`;
        ctx.state.redactor.add(wrongSecret);
        ctx.state.sentSecrets.add(wrongSecret);
        const cases = [
          { label: "a wrong app_secret", body: { app_key: ctx.options.appKey, app_secret: wrongSecret } },
          { label: "an unknown app_key", body: { app_key: `unknown-app-${(ctx.seed >>> 0).toString(36)}`, app_secret: ctx.options.appSecret } },
        ];
        for (const c of cases) {
          ctx.cases++;
          const x = await ctx.call(tokenOp, { label: c.label, body: c.body });
          ctx.expectStatus(x, PROSE.wrongCredentials.value, PROSE.wrongCredentials.at, "wrong credentials");
          if (x.response?.status === 200) {
            const token = (x.response.json as { AccessToken?: unknown })?.AccessToken;
            if (typeof token === "string") ctx.state.redactor.add(token);
          }
        }
      },
    },
    {
      id: "token.expire-out-of-range",
      title: "X-Token-Expire outside its schema (below the minimum, above the maximum, not a whole number) answers 400 naming the header",
      specLocations: [`${expireAt}/schema`, PROSE.headerOutOfRange.at],
      phase: "requests",
      async run(ctx) {
        const { minimum, maximum } = expire.schema as { minimum?: number; maximum?: number };
        const candidates = [
          minimum !== undefined ? String(minimum - 1) : undefined,
          maximum !== undefined ? String(maximum + 1) : undefined,
          "1.5",
          "ten",
          "-5",
          "", // present but empty: not absent, and not a whole number
        ].filter((v): v is string => v !== undefined);
        for (const value of candidates) {
          // the spec's own validator decides that the value is out of range
          if (spec().validateRequestHeaders(tokenOp.operationId, { [expire.name]: value }).length === 0) continue;
          ctx.cases++;
          const x = await ctx.call(tokenOp, {
            label: `${expire.name}: ${JSON.stringify(value)}`,
            body: { app_key: ctx.options.appKey, app_secret: ctx.options.appSecret },
            headers: { [expire.name]: value },
          });
          if (x.response?.status === 200) {
            const token = (x.response.json as { AccessToken?: unknown })?.AccessToken;
            if (typeof token === "string") ctx.state.redactor.add(token);
          }
          if (ctx.expectStatus(x, PROSE.headerOutOfRange.value, PROSE.headerOutOfRange.at, "X-Token-Expire out of range")) {
            const body = x.response!.json as { errorReason?: unknown } | undefined;
            if (typeof body?.errorReason !== "string" || !body.errorReason.toLowerCase().includes(expire.name.toLowerCase())) {
              if (!JSON.stringify(body ?? "").toLowerCase().includes(expire.name.toLowerCase())) {
                ctx.fail(`${x.label}: the 400 answer does not name ${expire.name}`, PROSE.reasonNamesField.at, x, "error-names-field");
              }
            }
          }
        }
      },
    },
  ];
}
