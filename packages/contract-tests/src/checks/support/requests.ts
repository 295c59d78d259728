// What the checks send: valid bodies to start from (the spec's examples, the configured
// credentials), the rules a body breaks as the spec's validator locates them, and the methods
// tried where a path lacks them. Shared by the check modules, which never import each other.
import type { CheckContext } from "../../context.js";
import type { Operation } from "../../spec.js";
import { freshRoomId } from "./rooms.js";

/** Methods tried on a path that does not document them (405 and the check order). */
export const HTTP_METHODS = ["GET", "PUT", "PATCH", "DELETE", "POST"];

/** The spec's request examples of an operation, valid ones only. */
export function requestExamples(ctx: CheckContext, op: Operation): Array<Record<string, unknown>> {
  return op.requestExamples
    .map((e) => e.value)
    .filter(
      (v): v is Record<string, unknown> =>
        typeof v === "object" && v !== null && ctx.spec.validateRequestBody(op.operationId, v).length === 0,
    );
}

/** A valid body to break: the real credentials for the token operation, else a spec example. */
export function validBase(ctx: CheckContext, op: Operation): Record<string, unknown> {
  if (op.operationId === ctx.rules.token.operation.operationId)
    return ctx.rules.credentialsBody(ctx.options.appKey, ctx.options.appSecret);
  const example = requestExamples(ctx, op)[0];
  if (!example) throw new Error(`contract-tests: ${op.operationId} has no valid request example to start from`);
  const base = { ...example };
  const { room } = ctx.rules.connection;
  if (op.operationId === ctx.rules.connection.op.operationId && room.roomId in base)
    base[room.roomId] = freshRoomId(ctx, "body");
  return base;
}

/** The rules a body breaks, as the spec's validator locates them (the pointers of the keywords). */
export function bodyBreaks(ctx: CheckContext, operationId: string, body: unknown): string[] {
  return ctx.spec.requestBodyViolations(operationId, body).map((v) => v.at);
}
