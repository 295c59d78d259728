// The API's flow: a token, then connection information for both sides of one room; and the
// token's lifetime. Which fields hold the token, its lifetime, the room, the side and the
// outcome is the spec's (`x-cobrowse-token`, `x-cobrowse-room`, `x-cobrowse-outcome`).
import { createdRoomProblems, perRoleProblems, roomEchoProblems, tokenAnswerProblems, webSocketUrlProblems } from "../answer-rules.js";
import { CheckAborted, type CheckContext } from "../context.js";
import type { Exchange } from "../http.js";
import type { SuiteRules } from "../rules.js";
import { responsePointer } from "../spec.js";
import type { CheckDefinition } from "./check.js";
import { connect, freshRoomId, isCreatedRoomId, joinBody, roomBody, sidesOf, type Data } from "./support/rooms.js";

/** The URL fields of a connection must be WebSocket URLs: ws: or wss:. */
function expectWebSocketUrls(ctx: CheckContext, x: Exchange, data: Data): void {
  for (const p of webSocketUrlProblems(ctx.rules, data)) ctx.fail(`${x.label}: ${p.message}`, p.at, x, p.rule);
}

function expectEcho(ctx: CheckContext, x: Exchange, data: Data, roomId: string): void {
  for (const p of roomEchoProblems(ctx.rules, data, roomId)) ctx.fail(`${x.label}: ${p.message}`, p.at, x, p.rule);
}

function expectDistinctParams(ctx: CheckContext, sides: Array<{ role: string; x: Exchange; data: Data }>): void {
  const { room } = ctx.rules.connection;
  for (const side of sides) for (const p of perRoleProblems(ctx.rules, side.data)) ctx.fail(`${side.x.label}: ${p.message}`, p.at, side.x, p.rule);
  for (const field of room.perRole) {
    const values = new Set(sides.map((s) => s.data[field]));
    if (sides.length > 1 && values.size < sides.length) {
      ctx.fail(`the ${sides.map((s) => s.role).join(" and ")} sides of one room got the same ${field}; it must be valid for one room and role only`, `${room.at}/perRole`, sides[sides.length - 1]!.x, "connect-param");
    }
  }
}

export function flowChecks(suite: SuiteRules): CheckDefinition[] {
  const { operation: tokenOp, fields, lifetimeHeader: expire, lifetime } = suite.token;
  const { op, room, roles } = suite.connection;
  const bearer = suite.schemeOf("token")!;
  const lifetimeAt = `${suite.token.at}/lifetime`;
  return [
    {
      id: "token.issue",
      title: `${tokenOp.operationId} with the configured credentials issues a Bearer token; ${fields.lifetime} is the documented default without ${expire.name}`,
      specLocations: [responsePointer(tokenOp, 200), `${expire.at}/schema/default`, ...(fields.appKey ? [`${suite.token.at}/appKey`] : [])],
      phase: "requests",
      async run(ctx) {
        ctx.cases++;
        const { exchange, body } = await ctx.newToken({ label: `token without ${expire.name}` });
        for (const p of tokenAnswerProblems(ctx.rules, body, { appKey: ctx.options.appKey, nowMs: Date.now() })) ctx.fail(p.message, p.at, exchange, p.rule);
      },
    },
    {
      id: "token.expire-header",
      title: `${expire.name} at its documented minimum and maximum is honoured: ${fields.lifetime} echoes it`,
      specLocations: [`${expire.at}/schema`],
      phase: "requests",
      async run(ctx) {
        // The range is this spec's decision (the vendor documents only that the header asks for a lifetime).
        const bounds = [["minimum", lifetime.minimum], ["maximum", lifetime.maximum]] as const;
        for (const [bound, value] of bounds) {
          if (value === undefined) continue;
          const at = `${expire.at}/schema/${bound}`;
          ctx.cases++;
          const exchange = await ctx.call(tokenOp, { label: `${expire.name}: ${value}`, body: ctx.rules.credentialsBody(ctx.options.appKey, ctx.options.appSecret), headers: { [expire.name]: String(value) } });
          if (!ctx.expectStatus(exchange, 200, at, `${expire.name}: ${value} is the range's ${bound}`)) continue;
          const body = exchange.response!.json as Record<string, unknown> | undefined;
          if (body?.[fields.lifetime] !== String(value)) {
            ctx.fail(`${expire.name}: ${value} answered ${fields.lifetime} ${JSON.stringify(body?.[fields.lifetime])}, expected "${value}"`, at, exchange, "expiry");
          }
        }
      },
    },
    {
      id: "flow.both-roles",
      title: `token → ${op.operationId} for every role in one room: 200, success, room id echoed, WebSocket URLs, ${room.perRole.join(", ")} differ`,
      specLocations: [responsePointer(op, 200), room.at, suite.connection.outcome.at, ...(suite.connection.join ? [suite.connection.join.link.at] : [])],
      phase: "requests",
      async run(ctx) {
        const roomId = freshRoomId(ctx, "room");
        const { openers, joiner } = sidesOf(ctx);
        const sides: Array<{ role: string; x: Exchange; data: Data }> = [];
        for (const role of openers) {
          ctx.cases++;
          const { x, data } = await connect(ctx, `${role} joins room ${roomId}`, roomBody(ctx, roomId, role));
          if (!data) continue;
          expectEcho(ctx, x, data, roomId);
          expectWebSocketUrls(ctx, x, data);
          sides.push({ role, x, data });
        }
        // the other side follows the spec's link from the first side's answer
        if (joiner !== undefined && sides[0]) {
          const body = joinBody(ctx, sides[0].x, roomId, joiner);
          if (body) {
            ctx.cases++;
            const { x, data } = await connect(ctx, `${joiner} joins room ${roomId} (the spec's link ${ctx.rules.connection.join!.link.name})`, body);
            if (data) {
              expectEcho(ctx, x, data, roomId);
              expectWebSocketUrls(ctx, x, data);
              sides.push({ role: joiner, x, data });
            }
          }
        }
        if (sides.length === roles.length) expectDistinctParams(ctx, sides);
      },
    },
    {
      id: "flow.room-created",
      title: `Without ${room.roomId} the server creates a room: a new id in the format ${room.createdFormat} each time, which the other side then joins`,
      specLocations: [`${room.at}/createdFormat`, `${room.at}/roomId`, ...(suite.connection.join ? [suite.connection.join.link.at] : [])],
      phase: "requests",
      async run(ctx) {
        const { openers, joiner } = sidesOf(ctx);
        const first = openers[0]!;
        const second = joiner ?? openers.find((r) => r !== first) ?? first;
        ctx.cases++;
        const a = await connect(ctx, `${first} without ${room.roomId}`, roomBody(ctx, undefined, first));
        const b = await connect(ctx, `${first} without ${room.roomId}, again`, roomBody(ctx, undefined, first));
        for (const side of [a, b]) {
          for (const p of side.data ? createdRoomProblems(ctx.rules, side.data) : []) ctx.fail(`${side.x.label}: ${p.message}`, p.at, side.x, p.rule);
        }
        const created = a.data?.[room.roomId];
        if (b.data && typeof created === "string" && created === b.data[room.roomId]) {
          ctx.fail(`two rooms created without ${room.roomId} got the same id ${created}; each call creates a room`, `${room.at}/createdFormat`, b.x, "room-uuid");
        }
        if (a.data && isCreatedRoomId(ctx, created)) {
          const body = joinBody(ctx, a.x, created, second);
          if (!body) return;
          ctx.cases++;
          const join = await connect(ctx, `${second} joins the created room`, body);
          if (join.data) {
            expectEcho(ctx, join.x, join.data, created);
            expectDistinctParams(ctx, [{ role: first, x: a.x, data: a.data }, { role: second, x: join.x, data: join.data }]);
          }
        }
      },
    },
    {
      id: "token.lifetime",
      title: `A token asked with the minimum ${expire.name} is refused (${bearer.unknown.value}) once it has expired (a longer-lived control token is accepted)`,
      specLocations: [lifetimeAt, bearer.unknown.at, `${expire.at}/schema/minimum`],
      stateful: "needs a server that remembers when each token it issued expires (a static mock cannot)",
      phase: "requests",
      async run(ctx) {
        const min = lifetime.minimum ?? 1;
        // control: a fresh token with some life left is accepted, so a refusal below is the expiry's doing
        ctx.cases++;
        const control = await ctx.newToken({ label: `control token, ${expire.name}: 120`, expire: "120", abortAt: `${expire.at}/schema` });
        await connect(ctx, "the control token is accepted", roomBody(ctx, freshRoomId(ctx, "life"), roles[0]!), control.token);
        ctx.cases++;
        const short = await ctx.newToken({ label: `short token, ${expire.name}: ${min}`, expire: String(min), abortAt: `${expire.at}/schema/minimum` });
        const seconds = Number(short.body[fields.lifetime]);
        if (!Number.isFinite(seconds) || seconds > 5) {
          // the minimum lifetime is this spec's decision
          throw new CheckAborted(`asked ${expire.name}: ${min} and got ${fields.lifetime} ${JSON.stringify(short.body[fields.lifetime])}; cannot wait that long`, `${expire.at}/schema/minimum`, short.exchange);
        }
        await new Promise((r) => setTimeout(r, (seconds + 1) * 1000 + 250));
        const x = await ctx.call(op, { label: `the ${seconds}-second token, ${seconds + 1.25} s later`, body: roomBody(ctx, freshRoomId(ctx, "life"), roles[0]!), token: short.token });
        // a replay runs the whole check again: the token it would send is a fresh one
        ctx.expectStatus(x, bearer.unknown.value, bearer.unknown.at, "an expired token is refused", []);
      },
    },
    {
      id: "token.wrong-credentials",
      title: `${tokenOp.operationId} with a wrong secret, or an unknown app key, answers ${suite.check(tokenOp, "credentials").value}`,
      specLocations: [suite.check(tokenOp, "credentials").at, responsePointer(tokenOp, suite.check(tokenOp, "credentials").value)],
      stateful: "needs a server that knows the real credentials (a static mock accepts any)",
      phase: "requests",
      async run(ctx) {
        const credentials = ctx.rules.check(tokenOp, "credentials");
        const wrongSecret = `wrong-secret-${(ctx.seed >>> 0).toString(36)}-${Math.random().toString(36).slice(2)}`;
        ctx.secret(wrongSecret, "wrong-secret");
        ctx.state.sentSecrets.add(wrongSecret);
        const cases = [
          { label: `a wrong ${suite.token.credentials.appSecret}`, body: ctx.rules.credentialsBody(ctx.options.appKey, wrongSecret) },
          { label: `an unknown ${suite.token.credentials.appKey}`, body: ctx.rules.credentialsBody(`unknown-app-${(ctx.seed >>> 0).toString(36)}`, ctx.options.appSecret) },
        ];
        for (const c of cases) {
          ctx.cases++;
          const x = await ctx.call(tokenOp, { label: c.label, body: c.body });
          // the status is this spec's; that wrong credentials get no token is the vendor's
          ctx.expectRejected(x, { status: credentials.value, at: credentials.at, why: "wrong credentials", breaks: [`${suite.token.at}/credentials`] });
        }
      },
    },
    {
      id: "token.expire-out-of-range",
      title: `${expire.name} outside its schema (below the minimum, above the maximum, not a whole number) answers ${suite.check(tokenOp, "validation").value} naming the header`,
      specLocations: [`${expire.at}/schema`, suite.check(tokenOp, "validation").at],
      phase: "requests",
      async run(ctx) {
        const validation = ctx.rules.check(tokenOp, "validation");
        const candidates = [
          lifetime.minimum !== undefined ? String(lifetime.minimum - 1) : undefined,
          lifetime.maximum !== undefined ? String(lifetime.maximum + 1) : undefined,
          "1.5",
          "ten",
          "-5",
          "", // present but empty: not absent, and not a whole number
        ].filter((v): v is string => v !== undefined);
        for (const value of candidates) {
          // the spec's own validator decides that the value is out of range
          if (ctx.spec.validateRequestHeaders(tokenOp.operationId, { [expire.name]: value }).length === 0) continue;
          ctx.cases++;
          const x = await ctx.call(tokenOp, {
            label: `${expire.name}: ${JSON.stringify(value)}`,
            body: ctx.rules.credentialsBody(ctx.options.appKey, ctx.options.appSecret),
            headers: { [expire.name]: value },
          });
          if (ctx.expectStatus(x, validation.value, validation.at, `${expire.name} out of range`) && ctx.rules.namesField.value) {
            if (!JSON.stringify(x.response!.json ?? "").toLowerCase().includes(expire.name.toLowerCase())) {
              ctx.fail(`${x.label}: the ${validation.value} answer does not name ${expire.name}`, ctx.rules.namesField.at, x, "error-names-field");
            }
          }
        }
      },
    },
  ];
}

