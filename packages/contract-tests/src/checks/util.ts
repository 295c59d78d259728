import { isCreatedRoomId as isCreated } from "../answer-rules.js";
import { namesFieldIn, type CheckContext } from "../context.js";
import type { Exchange } from "../http.js";
import type { Operation } from "../spec.js";

/** The spec's request examples of an operation, valid ones only. */
export function requestExamples(ctx: CheckContext, op: Operation): Array<Record<string, unknown>> {
  return op.requestExamples
    .map((e) => e.value)
    .filter((v): v is Record<string, unknown> => typeof v === "object" && v !== null && ctx.spec.validateRequestBody(op.operationId, v).length === 0);
}

/** A room id valid against the spec's room id schema, unique to this run. */
export function freshRoomId(ctx: CheckContext, tag: string): string {
  const { op, room, roles } = ctx.rules.connection;
  const id = `ct-${tag}-${(ctx.seed >>> 0).toString(36)}-${Date.now().toString(36)}-${Math.random().toString(36).slice(2, 8)}`;
  const issues = ctx.spec.validateRequestBody(op.operationId, { [room.roomId]: id, [room.role]: roles[0] });
  if (issues.length > 0) throw new Error(`contract-tests: generated room id ${id} breaks the spec's ${room.roomId} schema`);
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
 * Expects a status and, when the spec's errorReason rule says so, an answer that names the field
 * or header at fault; a request breaking a vendor fact (`breaks`) must not succeed whatever its status.
 */
export function expectRejected(ctx: CheckContext, x: Exchange, status: number, at: string, why: string, field?: string, breaks?: string[]): void {
  ctx.expectRejected(x, { status, at, why, ...(field ? { field } : {}), ...(breaks ? { breaks } : {}) });
}

/** The rules a body breaks, as the spec's validator locates them (the pointers of the keywords). */
export function bodyBreaks(ctx: CheckContext, operationId: string, body: unknown): string[] {
  return ctx.spec.requestBodyViolations(operationId, body).map((v) => v.at);
}

