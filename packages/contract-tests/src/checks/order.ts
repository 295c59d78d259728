// The order of checks: for each operation, every two neighbours of its `x-cobrowse-check-order`
// are broken at once, and the earlier one must answer. The request that breaks each check is
// built from the spec too (the limit, the media types, the codings, the security failures the
// check answers, the body's schema), so an edited order or rule is followed as it is.
import { gzipSync } from "node:zlib";
import type { OperationCheck, SecurityCheck } from "@cec-cobrowse/spec";
import type { CallOptions, CheckContext } from "../context.js";
import { forge } from "../forge.js";
import { enumerateMutations } from "../generate.js";
import type { SuiteRules } from "../rules.js";
import type { Operation } from "../spec.js";
import type { CheckDefinition } from "./check.js";
import { HTTP_METHODS, validBase } from "./support/requests.js";

type Call = CallOptions & { body: unknown; headers: Record<string, string | undefined> };

/** The checks broken through the body or transport; any other is broken through the security failures it answers. */
const BY_BODY = new Set(["credentials", "validation", "bodySize"]);
const KNOWN = new Set([...BY_BODY, "contentType", "contentEncoding", "method"]);

/** A value of a security header that fails it in the way `failure` names, or undefined when the suite knows none. */
async function failingValue(
  ctx: CheckContext,
  op: Operation,
  failure: SecurityCheck,
): Promise<{ header: string; value: string | undefined; token?: string } | undefined> {
  const { header, kind } = failure;
  if (kind === "missing") return { header: header.header, value: undefined };
  const credential = ctx.rules.securitySchemes[header.scheme]!.credential;
  if (kind === "malformed") {
    const max = header.schema ? ctx.spec.deref(header.schema).maxLength : undefined;
    const tooLong = typeof max === "number" ? ["x".repeat(max + 1)] : [];
    const candidates = header.kind === "bearer" ? ["Bearer %%%", "Basic x"] : ["has space", "bad/value", ...tooLong];
    const value = candidates.find((v) => ctx.spec.validateSecurityHeader(op.operationId, header.header, v).length > 0);
    return value === undefined ? undefined : { header: header.header, value };
  }
  const tag = (ctx.seed >>> 0).toString(36);
  if (credential === "token") {
    const forged = forge(await ctx.state.sharedToken(ctx), ctx.seed);
    ctx.secret(forged, `token|forge:${ctx.seed}`);
    return { header: header.header, value: `Bearer ${forged}`, token: forged };
  }
  const value = credential === "appKey" ? `${ctx.options.appKey}-other` : `unknown-${tag}`;
  return ctx.spec.validateSecurityHeader(op.operationId, header.header, value).length === 0
    ? { header: header.header, value }
    : undefined;
}

/** A call that breaks each of `checks` (and, as far as it can tell, nothing else), or the reason it cannot. */
async function breaking(ctx: CheckContext, op: Operation, checks: OperationCheck[]): Promise<Call | string> {
  const ids = new Set(checks.map((c) => c.id));
  const call: Call = { label: "", body: validBase(ctx, op), headers: {} };
  // The body first (credentials, then schema, then size), then headers, then the coding of the body.
  if (ids.has("credentials")) {
    const field = ctx.rules.token.credentials.appSecret;
    const wrong = `wrong-secret-${(ctx.seed >>> 0).toString(36)}-${Math.random().toString(36).slice(2)}`;
    ctx.secret(wrong, "wrong-secret");
    ctx.state.sentSecrets.add(wrong);
    call.body = { ...(call.body as object), [field]: wrong };
  }
  if (ids.has("validation")) {
    const mutations = enumerateMutations(ctx.spec, op.bodySchema!, call.body as Record<string, unknown>);
    const mutation =
      mutations.find((m) => m.kind === "unknown-field") ?? mutations.find((m) => m.kind !== "not-object");
    if (!mutation) return "no way to break the body's schema";
    call.body = mutation.body;
  }
  if (ids.has("bodySize")) {
    const max = checks.find((c) => c.id === "bodySize")!.maxBytes!;
    call.rawBody = JSON.stringify({ ...(call.body as object), padding: "a".repeat(max + 1024) });
  }
  if (ids.has("contentType"))
    call.headers["Content-Type"] = ["text/plain", "application/xml"].find((t) => !op.requestMediaTypes.includes(t));
  // A check of security headers (but validation, broken by the body above) is broken by one of the failures it answers.
  for (const check of checks.filter((c) => c.securityChecks.length > 0 && !BY_BODY.has(c.id))) {
    const failure = check.securityChecks.find((f) => f.kind === "missing") ?? check.securityChecks[0]!;
    const value = await failingValue(ctx, op, failure);
    if (!value) return `no value known that makes ${failure.header.header} ${failure.kind}`;
    if (value.token) call.token = value.token;
    else call.headers[value.header] = value.value;
  }
  if (ids.has("contentEncoding")) {
    call.headers["Content-Encoding"] = "gzip";
    // Compressed, a body over the limit would be small again: then the header alone says it.
    if (!ids.has("bodySize")) call.rawBody = gzipSync(call.rawBody ?? JSON.stringify(call.body));
  }
  if (ids.has("method")) {
    const documented = ctx.rules.operations.filter((o) => o.path === op.path).map((o) => o.method);
    call.method = HTTP_METHODS.find((m) => !documented.includes(m));
  }
  const unknown = checks.find((c) => !KNOWN.has(c.id) && c.securityChecks.length === 0);
  return unknown ? `the suite knows no way to break the check "${unknown.id}"` : call;
}

export function orderChecks(suite: SuiteRules): CheckDefinition[] {
  const describe = (op: Operation) => op.checkOrder.map((c) => `${c.id} (${c.status})`).join(", ");
  return [
    {
      id: "request.check-order",
      title: `When a request breaks two neighbouring checks of the spec's x-cobrowse-check-order, the earlier answers (${suite.operations.map((op) => `${op.operationId}: ${describe(op)}`).join("; ")})`,
      specLocations: suite.operations.map((op) => `${op.at}/x-cobrowse-check-order`),
      phase: "requests",
      async run(ctx) {
        for (const op of ctx.rules.withBody()) {
          const order = op.checkOrder;
          for (let i = 0; i + 1 < order.length; i++) {
            const [first, second] = [order[i]!, order[i + 1]!];
            const call = await breaking(ctx, op, [first, second]);
            if (typeof call === "string") {
              ctx.fail(
                `${op.operationId}: cannot build a request breaking ${first.id} and ${second.id}: ${call}`,
                `${op.at}/x-cobrowse-check-order`,
                undefined,
                "order",
              );
              continue;
            }
            ctx.cases++;
            const x = await ctx.call(op, { ...call, label: `${op.operationId}: breaks ${first.id} and ${second.id}` });
            ctx.expectStatus(
              x,
              first.status,
              `${op.at}/x-cobrowse-check-order/${i}`,
              `${first.id} is checked before ${second.id}`,
            );
          }
        }
      },
    },
  ];
}
