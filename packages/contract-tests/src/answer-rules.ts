// The rules one successful answer can show of the token and room flow, read from the spec
// (x-cobrowse-token, x-cobrowse-room, x-cobrowse-rules.websocket): the suite's flow checks judge
// their own exchanges with them, and `proxy` / `validate` every exchange they see.
import type { SpecValidator } from "@cec-cobrowse/spec";
import type { SuiteRules } from "./rules.js";
import { connectUrlField } from "./websocket-url.js";

/** One broken rule of an answer: what (without the case's label), where the spec states it, and the rule's name. */
export interface RuleProblem {
  message: string;
  at: string;
  rule: string;
}

type Data = Record<string, unknown>;

/** The answer's WebSocket URL fields (x-cobrowse-room's webSocketUrls) must be ws: or wss: URLs. */
export function webSocketUrlProblems(rules: SuiteRules, data: Data): RuleProblem[] {
  const { room } = rules.connection;
  const out: RuleProblem[] = [];
  for (const field of room.webSocketUrls) {
    const value = data[field];
    if (value === undefined) continue;
    let protocol = "";
    try {
      protocol = new URL(String(value)).protocol;
    } catch {
      protocol = "";
    }
    if (protocol !== "ws:" && protocol !== "wss:")
      out.push({
        message: `data.${field} is ${JSON.stringify(value)}, not a WebSocket (ws: or wss:) URL`,
        at: `${room.at}/webSocketUrls`,
        rule: "websocket-url",
      });
  }
  return out;
}

/** The room id sent comes back as sent. */
export function roomEchoProblems(rules: SuiteRules, data: Data, roomId: string): RuleProblem[] {
  const { room } = rules.connection;
  if (data[room.roomId] === roomId) return [];
  return [
    {
      message: `data.${room.roomId} is ${JSON.stringify(data[room.roomId])}, expected the room id sent, ${JSON.stringify(roomId)}`,
      at: `${room.at}/roomId`,
      rule: "room-echo",
    },
  ];
}

/** Whether a value is a room id the server created: a string in the spec's `createdFormat`. */
export function isCreatedRoomId(rules: SuiteRules, value: unknown): value is string {
  return (
    typeof value === "string" &&
    rules.spec.validateValue({ type: "string", format: rules.connection.room.createdFormat }, value).length === 0
  );
}

/** Without a room id sent, the answer's is a created room's. */
export function createdRoomProblems(rules: SuiteRules, data: Data): RuleProblem[] {
  const { room } = rules.connection;
  if (isCreatedRoomId(rules, data[room.roomId])) return [];
  return [
    {
      message: `data.${room.roomId} is ${JSON.stringify(data[room.roomId])}, expected a created room's id (format ${room.createdFormat})`,
      at: `${room.at}/createdFormat`,
      rule: "room-uuid",
    },
  ];
}

/** Each per-role field (connectParam) is there and not empty. */
export function perRoleProblems(rules: SuiteRules, data: Data): RuleProblem[] {
  const { room } = rules.connection;
  return room.perRole
    .filter((field) => typeof data[field] !== "string" || data[field] === "")
    .map((field) => ({
      message: `data.${field} is missing or empty`,
      at: `${room.at}/perRole`,
      rule: "connect-param",
    }));
}

/** The WebSocket URL's path is the spec's path and the percent-encoded room id. */
export function webSocketPathProblems(
  rules: SuiteRules,
  spec: SpecValidator,
  data: Data,
  roomId: string,
): RuleProblem[] {
  const ws = spec.rules.websocket;
  const url = data[connectUrlField(rules)];
  if (!ws || typeof url !== "string") return [];
  let path: string;
  try {
    path = new URL(url).pathname;
  } catch {
    return []; // not a URL: webSocketUrlProblems says so
  }
  const want = `${ws.path}${encodeURIComponent(roomId)}`;
  if (path === want) return [];
  return [
    {
      message: `${connectUrlField(rules)}'s path is ${JSON.stringify(path)}, not ${ws.path} and the percent-encoded room id (${JSON.stringify(want)})`,
      at: `${ws.at}/path`,
      rule: "websocket-path",
    },
  ];
}

/**
 * A token answer: the lifetime asked for (or the spec's default when none was asked), the app
 * key the token was issued to, and a creation time near `nowMs` (when known).
 */
export function tokenAnswerProblems(
  rules: SuiteRules,
  body: Data,
  asked: { appKey?: string; expire?: string; nowMs?: number },
): RuleProblem[] {
  const { fields, lifetimeHeader: expire, lifetime } = rules.token;
  const out: RuleProblem[] = [];
  if (asked.expire === undefined) {
    if (lifetime.default !== undefined && body[fields.lifetime] !== String(lifetime.default)) {
      out.push({
        message: `${fields.lifetime} is ${JSON.stringify(body[fields.lifetime])}; without ${expire.name} the spec's default is ${JSON.stringify(String(lifetime.default))}`,
        at: `${expire.at}/schema/default`,
        rule: "default-expiry",
      });
    }
  } else if (body[fields.lifetime] !== asked.expire.trim()) {
    out.push({
      message: `${expire.name}: ${asked.expire} answered ${fields.lifetime} ${JSON.stringify(body[fields.lifetime])}, expected "${asked.expire.trim()}"`,
      at: `${expire.at}/schema`,
      rule: "expiry",
    });
  }
  if (
    fields.appKey &&
    asked.appKey !== undefined &&
    body[fields.appKey] !== undefined &&
    body[fields.appKey] !== asked.appKey
  ) {
    out.push({
      message: `${fields.appKey} is ${JSON.stringify(body[fields.appKey])}, not the app key the token was issued to`,
      at: `${rules.token.at}/appKey`,
      rule: "app-key",
    });
  }
  const created = Number(body[fields.createTime]);
  if (asked.nowMs !== undefined && Number.isFinite(created) && Math.abs(created - asked.nowMs / 1000) > 900) {
    out.push({
      message: `${fields.createTime} ${String(body[fields.createTime])} is more than 15 minutes away from this machine's clock`,
      at: `${rules.token.at}/createTime`,
      rule: "create-time",
    });
  }
  return out;
}
