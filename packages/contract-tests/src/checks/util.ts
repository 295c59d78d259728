import type { CheckContext } from "../context.js";
import type { Exchange } from "../http.js";
import { PROSE } from "../rules.js";
import { deref, resolve, spec, type JsonSchema, type Operation } from "../spec.js";

export const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export const connectionOp = (): Operation => spec().operation("getConnectionInfo");

/** The properties of an operation's body schema, each with `$ref`s followed. */
export function bodyProperties(op: Operation): Record<string, JsonSchema> {
  if (!op.bodySchema) return {};
  const props = (deref(op.bodySchema).properties ?? {}) as Record<string, JsonSchema>;
  return Object.fromEntries(Object.entries(props).map(([k, v]) => [k, deref(v)]));
}

/** The roles of a co-browsing room: the enum of getConnectionInfo's `role`. */
export function roles(): string[] {
  const role = bodyProperties(connectionOp()).role;
  const values = role?.enum as string[] | undefined;
  if (!values || values.length < 2) throw new Error("contract-tests: the spec's getConnectionInfo body has no `role` enum of two or more values");
  return values;
}

/** The spec's request examples of an operation, valid ones only. */
export function requestExamples(op: Operation): Array<Record<string, unknown>> {
  const body = op.raw.requestBody;
  if (!body) return [];
  const resolved = "$ref" in body ? resolve<{ content: Record<string, { examples?: Record<string, unknown> }> }>(body.$ref) : body;
  const examples = Object.values(resolved.content["application/json"]?.examples ?? {}) as Array<{ $ref?: string; value?: unknown }>;
  return examples
    .map((e) => (e.$ref ? resolve<{ value?: unknown }>(e.$ref).value : e.value))
    .filter((v): v is Record<string, unknown> => typeof v === "object" && v !== null && spec().validateRequestBody(op.operationId, v).length === 0);
}

/** A room id valid against the spec's roomId schema, unique to this run. */
export function freshRoomId(ctx: CheckContext, tag: string): string {
  const id = `ct-${tag}-${(ctx.seed >>> 0).toString(36)}-${Date.now().toString(36)}-${Math.random().toString(36).slice(2, 8)}`;
  const issues = spec().validateRequestBody("getConnectionInfo", { roomId: id, role: roles()[0] });
  if (issues.length > 0) throw new Error(`contract-tests: generated room id ${id} breaks the spec's roomId schema`);
  return id;
}

/** Whether an error answer names the field (`/role`) or header (`X-Token-Expire`) at fault. */
export function namesField(x: Exchange, field: string): boolean {
  const body = x.response?.json as { errorReason?: unknown; details?: Array<{ name?: unknown }> } | undefined;
  if (!body || typeof body !== "object") return false;
  const bare = field.replace(/^\//, "").toLowerCase();
  const reason = typeof body.errorReason === "string" ? body.errorReason.toLowerCase() : "";
  if (bare !== "" && reason.includes(bare)) return true;
  return (Array.isArray(body.details) ? body.details : []).some((d) => {
    const name = typeof d?.name === "string" ? d.name.toLowerCase() : "";
    return name === field.toLowerCase() || name.replace(/^\//, "") === bare;
  });
}

/** Expects a 4xx that names the field or header at fault (the spec's errorReason rule). */
export function expectRejected(ctx: CheckContext, x: Exchange, status: number, at: string, why: string, field?: string): void {
  if (!ctx.expectStatus(x, status, at, why)) return;
  if (field && !namesField(x, field)) {
    ctx.fail(`${x.label}: the ${status} answer does not name ${field} in errorReason or details`, PROSE.reasonNamesField.at, x, "error-names-field");
  }
}
