// Transport-level rules the spec states: media type and content coding, body size, method,
// and the order in which a server checks a request.
import { gzipSync } from "node:zlib";
import { formatIssues } from "@cec-cobrowse/spec";
import { tokenOperation, type CheckContext } from "../context.js";
import type { Exchange } from "../http.js";
import { PROSE } from "../rules.js";
import { operationPointer, operations, requestMediaTypes, spec, type Operation } from "../spec.js";
import type { CheckDefinition } from "./check.js";
import { validBase } from "./body.js";

const HTTP_METHODS = ["GET", "PUT", "PATCH", "DELETE", "POST"];

/** Off-spec errors (405) must still carry the spec's ErrorResponse JSON body. */
function expectErrorBody(ctx: CheckContext, x: Exchange): void {
  if (!x.response) return;
  const type = (x.response.headers["content-type"] ?? "").split(";")[0]!.trim().toLowerCase();
  if (type !== "application/json") {
    ctx.fail(`${x.label}: Content-Type is ${JSON.stringify(x.response.headers["content-type"] ?? "(none)")}; every error answer carries an ErrorResponse JSON body`, "#/info/description", x, "content-type");
    return;
  }
  const issues = spec().validateSchema("ErrorResponse", x.response.json);
  if (issues.length > 0) ctx.fail(`${x.label}: the body is not an ErrorResponse: ${formatIssues(issues)}`, "#/components/schemas/ErrorResponse", x, "schema");
}

/** A token a 200 of the token operation carries is a secret of the run: redact it. */
function redactIssued(ctx: CheckContext, x: Exchange): void {
  const token = x.response?.status === 200 ? (x.response.json as { AccessToken?: unknown } | undefined)?.AccessToken : undefined;
  if (typeof token === "string") ctx.state.redactor.add(token);
}

export function requestChecks(): CheckDefinition[] {
  const withBody = operations().filter((op) => op.bodySchema);
  return [
    {
      id: "request.content-type",
      title: "A body sent as anything but the documented media type, or with a Content-Encoding other than identity (gzip), answers 415; media-type parameters (charset) and Content-Encoding: identity are accepted",
      specLocations: [PROSE.unsupportedMediaType.at, PROSE.unsupportedEncoding.at, ...withBody.map((op) => operationPointer(op, "requestBody", "content")), ...withBody.map((op) => operationPointer(op, "responses", "415"))],
      phase: "requests",
      async run(ctx) {
        for (const op of withBody) {
          const accepted = requestMediaTypes(op);
          const body = JSON.stringify(validBase(ctx, op));
          for (const type of ["text/plain", "application/x-www-form-urlencoded", "application/xml", undefined]) {
            if (type && accepted.includes(type)) continue;
            ctx.cases++;
            const x = await ctx.call(op, { label: `${op.operationId} with Content-Type ${type ?? "(none)"}`, rawBody: body, headers: { "Content-Type": type } });
            ctx.expectStatus(x, PROSE.unsupportedMediaType.value, PROSE.unsupportedMediaType.at, "a media type the spec does not accept");
          }
          for (const type of accepted) {
            ctx.cases++;
            const x = await ctx.call(op, { label: `${op.operationId} with Content-Type ${type}; charset=utf-8`, rawBody: body, headers: { "Content-Type": `${type}; charset=utf-8` } });
            redactIssued(ctx, x);
            ctx.expectStatus(x, 200, operationPointer(op, "requestBody", "content"), `${type} with a charset parameter is still ${type}`);
          }
          // A content coding: the same body gzip-compressed, sent as such, is refused...
          ctx.cases++;
          const gzip = await ctx.call(op, { label: `${op.operationId} with Content-Encoding gzip (a gzip-compressed body)`, rawBody: gzipSync(body), headers: { "Content-Encoding": "gzip" } });
          ctx.expectStatus(gzip, PROSE.unsupportedEncoding.value, PROSE.unsupportedEncoding.at, "a Content-Encoding other than identity");
          // ...while identity is no coding at all
          ctx.cases++;
          const identity = await ctx.call(op, { label: `${op.operationId} with Content-Encoding identity`, rawBody: body, headers: { "Content-Encoding": "identity" } });
          redactIssued(ctx, identity);
          ctx.expectStatus(identity, 200, PROSE.unsupportedEncoding.at, "Content-Encoding: identity is no coding");
        }
      },
    },
    {
      id: "request.body-too-large",
      title: "A body over the documented limit (1 MiB) answers 413",
      specLocations: [PROSE.tooLarge.at, ...withBody.map((op) => operationPointer(op, "responses", "413"))],
      phase: "requests",
      async run(ctx) {
        for (const op of withBody) {
          ctx.cases++;
          const base = validBase(ctx, op);
          // valid JSON, padded past the limit in a string field
          const padding = "a".repeat(PROSE.maxBodyBytes.value + 1024);
          const raw = JSON.stringify({ ...base, padding });
          const x = await ctx.call(op, { label: `${op.operationId} with a ${raw.length}-byte body`, rawBody: raw });
          ctx.expectStatus(x, PROSE.tooLarge.value, PROSE.tooLarge.at, `bodies over ${PROSE.maxBodyBytes.value} bytes`);
        }
      },
    },
    {
      id: "request.method-not-allowed",
      title: "A method a path does not have answers 405 with Allow listing the documented methods, and an ErrorResponse body",
      specLocations: [PROSE.methodNotAllowed.at, "#/paths"],
      phase: "requests",
      async run(ctx) {
        const byPath = new Map<string, Operation[]>();
        for (const op of operations()) byPath.set(op.path, [...(byPath.get(op.path) ?? []), op]);
        for (const [path, ops] of byPath) {
          const documented = ops.map((o) => o.method);
          for (const method of HTTP_METHODS.filter((m) => !documented.includes(m)).slice(0, 2)) {
            ctx.cases++;
            const x = await ctx.call(ops[0]!, { label: `${method} ${path}`, method, noSecurity: true, headers: {} });
            if (!ctx.expectStatus(x, PROSE.methodNotAllowed.value, PROSE.methodNotAllowed.at, "a method the path does not have")) continue;
            const allow = (x.response!.headers.allow ?? "").split(",").map((s) => s.trim().toUpperCase());
            for (const m of documented) {
              if (!allow.includes(m)) ctx.fail(`${x.label}: Allow is ${JSON.stringify(x.response!.headers.allow ?? "(none)")}, must list ${m}`, PROSE.methodNotAllowed.at, x, "allow");
            }
            expectErrorBody(ctx, x);
          }
        }
      },
    },
    {
      id: "request.check-order",
      title: "When a request breaks several rules, the first in the spec's order answers (size, media type, content coding, authentication, schema, tenant; tokenByAkSk's credentials after its header and body)",
      specLocations: [PROSE.order.at, PROSE.credentialsAfterSchema.at].filter((v, i, a) => a.indexOf(v) === i),
      phase: "requests",
      async run(ctx) {
        for (const op of withBody.filter((o) => o.securityHeaders.length > 0)) {
          const base = validBase(ctx, op);
          const noAuth = Object.fromEntries(op.securityHeaders.map((h) => [h.header, undefined]));
          const bad = { ...base, role: 42 };
          const cases: Array<{ label: string; expect: number; why: string; call: Parameters<CheckContext["call"]>[1] }> = [
            { label: "too large and the wrong media type", expect: PROSE.tooLarge.value, why: "size before media type",
              call: { label: "", rawBody: "a".repeat(PROSE.maxBodyBytes.value + 1024), headers: { "Content-Type": "text/plain" } } },
            { label: "wrong media type and no credentials", expect: PROSE.unsupportedMediaType.value, why: "media type before authentication",
              call: { label: "", rawBody: JSON.stringify(base), headers: { "Content-Type": "text/plain", ...noAuth } } },
            { label: "a gzip-encoded body and no credentials", expect: PROSE.unsupportedEncoding.value, why: "content coding before authentication",
              call: { label: "", rawBody: gzipSync(JSON.stringify(base)), headers: { "Content-Encoding": "gzip", ...noAuth } } },
            { label: "no Authorization and a body that breaks its schema", expect: 401, why: "authentication before schema",
              call: { label: "", body: bad, headers: { Authorization: undefined } } },
            { label: "a body that breaks its schema and an unknown tenant space", expect: PROSE.badBody.value, why: "schema before tenant space",
              call: { label: "", body: bad, headers: { "X-TenantSpaceID": `unknown-tenant-${(ctx.seed >>> 0).toString(36)}` } } },
          ];
          for (const c of cases) {
            ctx.cases++;
            const x = await ctx.call(op, { ...c.call, label: `${op.operationId}: ${c.label}` });
            ctx.expectStatus(x, c.expect, PROSE.order.at, c.why);
          }
        }
        // The token operation's credentials are in its body: checked after the header and body rules.
        const tokenOp = tokenOperation();
        const wrongSecret = `wrong-secret-${(ctx.seed >>> 0).toString(36)}-${Math.random().toString(36).slice(2)}`;
        ctx.state.redactor.add(wrongSecret);
        ctx.state.sentSecrets.add(wrongSecret);
        const wrong = { ...validBase(ctx, tokenOp), app_secret: wrongSecret };
        const header = tokenOp.headers.find((h) => typeof h.schema.minimum === "number");
        const cases: Array<{ label: string; call: Parameters<CheckContext["call"]>[1] }> = [
          { label: "a wrong secret and an unknown body field", call: { label: "", body: { ...wrong, unexpectedField: true } } },
        ];
        if (header) {
          cases.push({ label: `a wrong secret and ${header.name} below its minimum`, call: { label: "", body: wrong, headers: { [header.name]: String((header.schema.minimum as number) - 1) } } });
        }
        for (const c of cases) {
          ctx.cases++;
          const x = await ctx.call(tokenOp, { ...c.call, label: `${tokenOp.operationId}: ${c.label}` });
          redactIssued(ctx, x);
          ctx.expectStatus(x, PROSE.badBody.value, PROSE.credentialsAfterSchema.at, "tokenByAkSk checks its header and body (400) before its credentials (401)");
        }
      },
    },
  ];
}
