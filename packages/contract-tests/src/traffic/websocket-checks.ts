// The room's WebSocket handshakes (x-cobrowse-rules.websocket), as far as the traffic shows: a
// connectParam the traffic saw issued is used for its own room and side, before its token
// expired (the client's part), and one that is not is refused, never admitted (the server's);
// every refusal has one of the spec's statuses and an ErrorResponse body.
import { formatIssues, type WebSocketRule } from "@cec-cobrowse/spec";
import type { SuiteRules } from "../rules.js";
import { pointer } from "../spec.js";
import type { TrafficCheck } from "./check.js";
import { roomSocket } from "./exchange.js";
import { GRACE_MS } from "./flow.js";

type Reason = keyof WebSocketRule["refusals"];

/** The refusals that may come whatever the connectParam (server state, the handshake itself). */
const ANY_TIME: Reason[] = [
  "roomFull",
  "capacity",
  "unavailable",
  "handshake",
  "method",
  "otherApp",
  "forged",
  "malformed",
];

export function websocketChecks(rules: SuiteRules): TrafficCheck[] {
  const ws = rules.spec.rules.websocket;
  if (!ws) return [];
  const at = (...rest: string[]) => [ws.at, ...rest].join("/");
  return [
    {
      id: "traffic.websocket",
      title: `A room's WebSocket is opened with the ${ws.connectParam} of its own room and side, before its token expired (the client's part); one that is not is refused with refusals' status, never admitted, and every refusal has one of refusals' statuses and an ErrorResponse body`,
      specLocations: [at("refusals"), at("expiresWithToken"), at("connectParam")],
      judge(ctx, v, flow) {
        const { x, t } = v;
        if (!t.upgrade) return;
        const socket = roomSocket(ws, t.request.path);
        if (!socket) return;
        const param = socket.query.get(ws.connectParam);
        const role = socket.query.get(ws.role);
        const reasons: Array<[Reason, string, string]> = [];
        if (param === null || param === "")
          reasons.push(["missing", `no ${ws.connectParam}`, at("refusals", "missing")]);
        const info = param ? flow.params.get(param) : undefined;
        if (info) {
          if (info.roomId !== socket.roomId)
            reasons.push(["otherRoom", `the ${ws.connectParam} of room ${info.roomId}`, at("refusals", "otherRoom")]);
          if (role !== null && role !== info.role)
            reasons.push([
              "otherRole",
              `the ${info.role}'s ${ws.connectParam} with ${ws.role}=${role}`,
              at("refusals", "otherRole"),
            ]);
          if (
            ws.expiresWithToken &&
            info.tokenExpiresBy !== undefined &&
            t.startedMs !== undefined &&
            t.startedMs > info.tokenExpiresBy + GRACE_MS
          ) {
            reasons.push([
              "expired",
              `a ${ws.connectParam} whose token had expired ${((t.startedMs - info.tokenExpiresBy) / 1000).toFixed(1)} s before`,
              at("expiresWithToken"),
            ]);
          }
        }
        for (const [, what, where] of reasons)
          ctx.fail(`${x.label}: the client opened the room's WebSocket with ${what}`, where, x, "connect-param-sent");
        const status = x.response?.status;
        if (status === undefined) return;
        if (status === 101) {
          if (reasons.length > 0) {
            const [reason, what] = reasons[0]!;
            ctx.fail(
              `${x.label}: admitted (101) with ${what}; expected ${reasons.map(([r]) => ws.refusals[r]).join(" or ")} (${reasons.map(([r]) => r).join(", ")})`,
              at("refusals", reason),
              x,
              "websocket-admitted",
            );
          }
          return;
        }
        const documented = new Set(Object.values(ws.refusals));
        if (!documented.has(status)) {
          ctx.fail(
            `${x.label}: refused with ${status}, which is not one of refusals' statuses (${[...documented].sort().join(", ")})`,
            at("refusals"),
            x,
            "websocket-refusal",
          );
        } else if (
          reasons.length > 0 &&
          ![...reasons.map(([r]) => r), ...ANY_TIME].some((r) => ws.refusals[r] === status)
        ) {
          ctx.fail(
            `${x.label}: refused with ${status}; with ${reasons.map(([, what]) => what).join(" and ")} the spec's status is ${reasons.map(([r]) => ws.refusals[r]).join(" or ")}`,
            at("refusals", reasons[0]![0]),
            x,
            "websocket-refusal",
          );
        }
        const issues = x.response!.isJson
          ? rules.spec.validateSchema("ErrorResponse", x.response!.json)
          : [{ in: "body" as const, name: "", message: "is not JSON" }];
        if (issues.length > 0)
          ctx.fail(
            `${x.label}: the ${status} refusal is not an ErrorResponse: ${formatIssues(issues)}`,
            pointer("components", "schemas", "ErrorResponse"),
            x,
            "websocket-refusal",
          );
      },
    },
  ];
}
