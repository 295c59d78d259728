// Rooms as the checks open them: a room id of the run's own, the room operation's body for one
// side, the sides that open a room and the one that joins it by the spec's link, and a call of
// the room operation that must succeed. Shared by the check modules, which never import each other.
import { evaluateLink } from "@cec-cobrowse/spec";
import { isCreatedRoomId as isCreated } from "../../answer-rules.js";
import type { CheckContext } from "../../context.js";
import type { Exchange } from "../../http.js";
import { responsePointer } from "../../spec.js";

/** An answer's `data`. */
export type Data = Record<string, unknown>;

/** A room id valid against the spec's room id schema, unique to this run. */
export function freshRoomId(ctx: CheckContext, tag: string): string {
  const { op, room, roles } = ctx.rules.connection;
  const id = `ct-${tag}-${(ctx.seed >>> 0).toString(36)}-${Date.now().toString(36)}-${Math.random().toString(36).slice(2, 8)}`;
  const issues = ctx.spec.validateRequestBody(op.operationId, { [room.roomId]: id, [room.role]: roles[0] });
  if (issues.length > 0)
    throw new Error(`contract-tests: generated room id ${id} breaks the spec's ${room.roomId} schema`);
  return id;
}

/** A valid request body of the room operation: this room, this side. */
export function roomBody(ctx: CheckContext, roomId: string | undefined, role: string): Record<string, unknown> {
  const { room } = ctx.rules.connection;
  return roomId === undefined ? { [room.role]: role } : { [room.roomId]: roomId, [room.role]: role };
}

/** Whether a value is a room id the server created: a string in the spec's `createdFormat`. */
export function isCreatedRoomId(ctx: CheckContext, value: unknown): value is string {
  return isCreated(ctx.rules, value);
}

/**
 * The roles that open a room, then the role that joins it by the spec's link (the link's role
 * last); every role opens when the spec has no link that names one.
 */
export function sidesOf(ctx: CheckContext): { openers: string[]; joiner: string | undefined } {
  const { roles, join } = ctx.rules.connection;
  const joiner = join?.role;
  return { openers: roles.filter((r) => r !== joiner), joiner };
}

/**
 * The joining side's request body, from the spec's link on the opening side's answer (its
 * runtime expressions read the answer), or built from x-cobrowse-room's fields when the spec
 * has no link. Undefined (and a failure) when the link reads nothing in the answer.
 */
export function joinBody(
  ctx: CheckContext,
  opened: Exchange,
  roomId: string | undefined,
  role: string,
): Record<string, unknown> | undefined {
  const { join } = ctx.rules.connection;
  if (!join || join.role !== role) return roomBody(ctx, roomId, role);
  let body: unknown;
  try {
    const sent = typeof opened.request.body === "string" ? (JSON.parse(opened.request.body) as unknown) : undefined;
    body = evaluateLink(join.link, {
      statusCode: opened.response?.status,
      request: { headers: opened.request.headers, body: sent },
      response: { headers: opened.response?.headers, body: opened.response?.json },
    }).requestBody;
  } catch (error) {
    ctx.fail(
      `${opened.label}: the spec's link ${join.link.name} cannot be followed: ${(error as Error).message}`,
      join.link.at,
      opened,
      "link",
    );
    return undefined;
  }
  if (typeof body !== "object" || body === null || Array.isArray(body)) {
    ctx.fail(
      `${opened.label}: the spec's link ${join.link.name} gives no request body to follow`,
      join.link.at,
      opened,
      "link",
    );
    return undefined;
  }
  return body as Record<string, unknown>;
}

/** Calls the room operation and checks the success outcome; returns its data or undefined. */
export async function connect(
  ctx: CheckContext,
  label: string,
  body: Record<string, unknown>,
  token?: string,
): Promise<{ x: Exchange; data?: Data }> {
  const { op, outcome } = ctx.rules.connection;
  const x = await ctx.call(op, token ? { label, body, token } : { label, body });
  if (!ctx.expectStatus(x, 200, responsePointer(op, 200), "valid token, headers and body")) return { x };
  const json = x.response!.json as Record<string, unknown> | undefined;
  const data = json?.[outcome.data];
  const nulls = outcome.nullOnSuccess.filter((field) => json?.[field] !== null);
  if (json?.[outcome.success] !== true || typeof data !== "object" || data === null || nulls.length > 0) {
    ctx.fail(
      `${label}: a valid request must succeed: ${outcome.success} true, ${outcome.data} present, ${outcome.nullOnSuccess.join(" and ")} null (got ${outcome.success} ${JSON.stringify(json?.[outcome.success])}${nulls.map((f) => `, ${f} ${JSON.stringify(json?.[f])}`).join("")})`,
      outcome.at,
      x,
      "success",
    );
    return { x };
  }
  return { x, data: data as Data };
}
