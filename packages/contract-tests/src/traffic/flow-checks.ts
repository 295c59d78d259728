// The checks of the token and room flow, within one answer (the rules of answer-rules.ts, the
// suite's own) and across exchanges: a token used after it expired or with another app's key, a
// replayer joining a room no recorder created, both sides of a room given the same connectParam.
import {
  createdRoomProblems,
  isCreatedRoomId,
  perRoleProblems,
  roomEchoProblems,
  tokenAnswerProblems,
  webSocketPathProblems,
  webSocketUrlProblems,
} from "../answer-rules.js";
import { succeeded } from "../judge.js";
import type { SuiteRules } from "../rules.js";
import type { TrafficCheck } from "./check.js";
import { headerOf } from "./exchange.js";
import { bearerToken, GRACE_MS } from "./flow.js";

const seconds = (ms: number) => `${(ms / 1000).toFixed(1)} s`;

export function flowChecks(rules: SuiteRules): TrafficCheck[] {
  const { operation: tokenOp, fields, credentials, lifetimeHeader } = rules.token;
  const { op: roomOp, room, outcome, roles, join } = rules.connection;
  const bearer = rules.schemeOf("token")!;
  const appKey = rules.schemeOf("appKey");
  const joiner = join?.role;
  return [
    {
      id: "traffic.token",
      title: `${tokenOp.operationId}'s answers give the lifetime asked (${lifetimeHeader.name}) or the default, the app key asked with and a current ${fields.createTime}; no token is used after it expired, or with another app's ${appKey?.header ?? "app key"}, and none is accepted then`,
      specLocations: [
        `${lifetimeHeader.at}/schema`,
        `${rules.token.at}/lifetime`,
        bearer.unknown.at,
        ...(appKey ? [appKey.unknown.at] : []),
      ],
      judge(ctx, v, flow) {
        const { x, t } = v;
        if (v.op?.operationId === tokenOp.operationId && x.response?.status === 200 && v.answer) {
          const expire = headerOf(t.request.headers, lifetimeHeader.name);
          // an out-of-range lifetime is traffic.request's finding; the answer is judged against what was validly asked
          const asked =
            expire !== undefined &&
            !v.breaches.some((b) => b.field?.toLowerCase() === lifetimeHeader.name.toLowerCase())
              ? expire
              : undefined;
          const key = v.body?.[credentials.appKey];
          for (const p of tokenAnswerProblems(rules, v.answer, {
            ...(typeof key === "string" ? { appKey: key } : {}),
            ...(asked !== undefined ? { expire: asked } : {}),
            ...(t.endedMs !== undefined ? { nowMs: t.endedMs } : {}),
          })) {
            ctx.fail(`${x.label}: ${p.message}`, p.at, x, p.rule);
          }
        }
        if (!v.op?.securityHeaders.some((h) => h.kind === "bearer")) return;
        const token = bearerToken(headerOf(t.request.headers, bearer.header));
        const info = token === undefined ? undefined : flow.tokens.get(token);
        if (!info) return;
        const expiresBy = flow.tokenExpiresBy(token);
        if (expiresBy !== undefined && t.startedMs !== undefined && t.startedMs > expiresBy + GRACE_MS) {
          const late = seconds(t.startedMs - expiresBy);
          ctx.fail(
            `${x.label}: the client sent a token ${late} after it expired (it was issued for ${info.lifetimeSeconds} s)`,
            `${rules.token.at}/lifetime`,
            x,
            "expired-token-sent",
          );
          if (succeeded(rules.spec, x))
            ctx.fail(
              `${x.label}: a token that had expired ${late} before was accepted (${x.response!.status}); expected ${bearer.unknown.value}`,
              bearer.unknown.at,
              x,
              "expired-token-accepted",
            );
        }
        const sent = appKey ? headerOf(t.request.headers, appKey.header) : undefined;
        if (appKey && info.appKey !== undefined && sent !== undefined && sent !== info.appKey) {
          ctx.fail(
            `${x.label}: the client sent ${appKey.header} ${JSON.stringify(sent)} with a token issued to ${JSON.stringify(info.appKey)}`,
            appKey.at,
            x,
            "other-app-key-sent",
          );
          if (succeeded(rules.spec, x))
            ctx.fail(
              `${x.label}: a token issued to another app was accepted with ${appKey.header} ${JSON.stringify(sent)} (${x.response!.status}); expected ${appKey.unknown.value}`,
              appKey.unknown.at,
              x,
              "other-app-key-accepted",
            );
        }
      },
    },
    {
      id: "traffic.room",
      title: `${roomOp.operationId}'s successful answers have ${outcome.data} and null ${outcome.nullOnSuccess.join(" and ")}, echo the ${room.roomId} sent (or create one in the format ${room.createdFormat}), give WebSocket URLs and a ${room.perRole.join(", ")} of each side's own; ${joiner ? `a ${joiner} joins only a room a ${roles.filter((r) => r !== joiner).join(" or ")} created` : "every side joins its room"}`,
      specLocations: [room.at, outcome.at, ...(join ? [join.link.at] : []), `${room.at}/perRole`],
      judge(ctx, v, flow) {
        const { x } = v;
        if (
          v.op?.operationId !== roomOp.operationId ||
          x.response?.status !== 200 ||
          !v.answer ||
          v.answer[outcome.success] !== true
        )
          return;
        const data = v.answer[outcome.data];
        const nulls = outcome.nullOnSuccess.filter((f) => v.answer![f] !== null);
        if (typeof data !== "object" || data === null || Array.isArray(data) || nulls.length > 0) {
          ctx.fail(
            `${x.label}: a successful answer has ${outcome.data} present and ${outcome.nullOnSuccess.join(" and ")} null (got ${outcome.data} ${JSON.stringify(data)}${nulls.map((f) => `, ${f} ${JSON.stringify(v.answer![f])}`).join("")})`,
            outcome.at,
            x,
            "success",
          );
          return;
        }
        const d = data as Record<string, unknown>;
        const sent = v.body?.[room.roomId];
        const problems = [
          ...(typeof sent === "string" ? roomEchoProblems(rules, d, sent) : createdRoomProblems(rules, d)),
          ...webSocketUrlProblems(rules, d),
          ...perRoleProblems(rules, d),
          ...(typeof d[room.roomId] === "string"
            ? webSocketPathProblems(rules, rules.spec, d, typeof sent === "string" ? sent : (d[room.roomId] as string))
            : []),
        ];
        for (const p of problems) ctx.fail(`${x.label}: ${p.message}`, p.at, x, p.rule);
        const roomId = d[room.roomId];
        const role = v.body?.[room.role];
        if (typeof roomId !== "string" || typeof role !== "string") return;
        if (join && role === joiner) {
          if (typeof sent !== "string")
            ctx.fail(
              `${x.label}: the ${role} sent no ${room.roomId}, so the server created room ${roomId}, a room no ${roles.filter((r) => r !== role).join(" or ")} is in; it joins the room the other side's answer names (the spec's link ${join.link.name})`,
              join.link.at,
              x,
              "room-not-created",
            );
          else if (isCreatedRoomId(rules, roomId) && !flow.rooms.get(roomId)?.opened) {
            ctx.fail(
              `${x.label}: the ${role} joined room ${roomId}, a created room's id that no ${roles.filter((r) => r !== role).join(" or ")} created (no answer in this traffic named it; the spec's link ${join.link.name})`,
              join.link.at,
              x,
              "room-not-created",
            );
          }
        }
        const known = flow.rooms.get(roomId)?.perRole;
        for (const field of room.perRole) {
          const value = d[field];
          const other = typeof value === "string" ? known?.get(value) : undefined;
          if (other !== undefined && other !== role) {
            ctx.fail(
              `${x.label}: the ${other} and ${role} sides of room ${roomId} got the same ${field}; it must be valid for one room and role only`,
              `${room.at}/perRole`,
              x,
              "connect-param",
            );
          }
        }
      },
    },
  ];
}
