// The API's flow: a token, then connection information for both sides of one room. Which
// fields hold the room, the side and the outcome is the spec's (`x-cobrowse-room`,
// `x-cobrowse-outcome`), and so is the link the joining side follows.
import { createdRoomProblems, perRoleProblems, roomEchoProblems, webSocketUrlProblems } from "../answer-rules.js";
import type { CheckContext } from "../context.js";
import type { Exchange } from "../http.js";
import type { SuiteRules } from "../rules.js";
import { responsePointer } from "../spec.js";
import type { CheckDefinition } from "./check.js";
import { connect, type Data, freshRoomId, isCreatedRoomId, joinBody, roomBody, sidesOf } from "./support/rooms.js";

/** The URL fields of a connection must be WebSocket URLs: ws: or wss:. */
function expectWebSocketUrls(ctx: CheckContext, x: Exchange, data: Data): void {
  for (const p of webSocketUrlProblems(ctx.rules, data)) ctx.fail(`${x.label}: ${p.message}`, p.at, x, p.rule);
}

function expectEcho(ctx: CheckContext, x: Exchange, data: Data, roomId: string): void {
  for (const p of roomEchoProblems(ctx.rules, data, roomId)) ctx.fail(`${x.label}: ${p.message}`, p.at, x, p.rule);
}

function expectDistinctParams(ctx: CheckContext, sides: Array<{ role: string; x: Exchange; data: Data }>): void {
  const { room } = ctx.rules.connection;
  for (const side of sides)
    for (const p of perRoleProblems(ctx.rules, side.data))
      ctx.fail(`${side.x.label}: ${p.message}`, p.at, side.x, p.rule);
  for (const field of room.perRole) {
    const values = new Set(sides.map((s) => s.data[field]));
    if (sides.length > 1 && values.size < sides.length) {
      ctx.fail(
        `the ${sides.map((s) => s.role).join(" and ")} sides of one room got the same ${field}; it must be valid for one room and role only`,
        `${room.at}/perRole`,
        sides[sides.length - 1]!.x,
        "connect-param",
      );
    }
  }
}

export function flowChecks(suite: SuiteRules): CheckDefinition[] {
  const { op, room, roles } = suite.connection;
  return [
    {
      id: "flow.both-roles",
      title: `token → ${op.operationId} for every role in one room: 200, success, room id echoed, WebSocket URLs, ${room.perRole.join(", ")} differ`,
      specLocations: [
        responsePointer(op, 200),
        room.at,
        suite.connection.outcome.at,
        ...(suite.connection.join ? [suite.connection.join.link.at] : []),
      ],
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
            const { x, data } = await connect(
              ctx,
              `${joiner} joins room ${roomId} (the spec's link ${ctx.rules.connection.join!.link.name})`,
              body,
            );
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
      specLocations: [
        `${room.at}/createdFormat`,
        `${room.at}/roomId`,
        ...(suite.connection.join ? [suite.connection.join.link.at] : []),
      ],
      phase: "requests",
      async run(ctx) {
        const { openers, joiner } = sidesOf(ctx);
        const first = openers[0]!;
        const second = joiner ?? openers.find((r) => r !== first) ?? first;
        ctx.cases++;
        const a = await connect(ctx, `${first} without ${room.roomId}`, roomBody(ctx, undefined, first));
        const b = await connect(ctx, `${first} without ${room.roomId}, again`, roomBody(ctx, undefined, first));
        for (const side of [a, b]) {
          for (const p of side.data ? createdRoomProblems(ctx.rules, side.data) : [])
            ctx.fail(`${side.x.label}: ${p.message}`, p.at, side.x, p.rule);
        }
        const created = a.data?.[room.roomId];
        if (b.data && typeof created === "string" && created === b.data[room.roomId]) {
          ctx.fail(
            `two rooms created without ${room.roomId} got the same id ${created}; each call creates a room`,
            `${room.at}/createdFormat`,
            b.x,
            "room-uuid",
          );
        }
        if (a.data && isCreatedRoomId(ctx, created)) {
          const body = joinBody(ctx, a.x, created, second);
          if (!body) return;
          ctx.cases++;
          const join = await connect(ctx, `${second} joins the created room`, body);
          if (join.data) {
            expectEcho(ctx, join.x, join.data, created);
            expectDistinctParams(ctx, [
              { role: first, x: a.x, data: a.data },
              { role: second, x: join.x, data: join.data },
            ]);
          }
        }
      },
    },
  ];
}
