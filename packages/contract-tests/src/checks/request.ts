// Transport-level rules the spec states: media type and content coding, body size, method,
// and the order in which a server checks a request.
import { gzipSync } from "node:zlib";
import { formatIssues } from "@cec-cobrowse/spec";
import type { CheckContext } from "../context.js";
import type { Exchange } from "../http.js";
import { mediaType } from "../judge.js";
import type { SuiteRules } from "../rules.js";
import { type Operation, operationPointer, pointer } from "../spec.js";
import type { CheckDefinition } from "./check.js";
import { HTTP_METHODS, validBase } from "./support/requests.js";

/** Off-spec errors (a wrong method) must still carry the spec's ErrorResponse JSON body. */
function expectErrorBody(ctx: CheckContext, x: Exchange): void {
  if (!x.response) return;
  if (mediaType(x.response.headers["content-type"]) !== "application/json") {
    ctx.fail(
      `${x.label}: Content-Type is ${JSON.stringify(x.response.headers["content-type"] ?? "(none)")}; every error answer carries an ErrorResponse JSON body`,
      pointer("components", "schemas", "ErrorResponse"),
      x,
      "content-type",
    );
    return;
  }
  const issues = ctx.spec.validateSchema("ErrorResponse", x.response.json);
  if (issues.length > 0)
    ctx.fail(
      `${x.label}: the body is not an ErrorResponse: ${formatIssues(issues)}`,
      pointer("components", "schemas", "ErrorResponse"),
      x,
      "schema",
    );
}

export function requestChecks(suite: SuiteRules): CheckDefinition[] {
  const withBody = suite.withBody();
  const at = (id: string) => [
    ...new Set(
      suite.operations.filter((op) => op.checkOrder.some((c) => c.id === id)).map((op) => suite.check(op, id).at),
    ),
  ];
  const bodySize = suite.spec.rules.checks.get("bodySize");
  const statusOf = (id: string) => suite.spec.rules.checks.get(id)?.status ?? "the spec's status";
  const accepted = suite.spec.rules.checks.get("contentEncoding")?.accept?.join(", ") ?? "identity";
  return [
    {
      id: "request.content-type",
      title: `A body sent as anything but the documented media type answers ${statusOf("contentType")}, and one with a Content-Encoding outside ${accepted} (gzip) ${statusOf("contentEncoding")}; media-type parameters (charset) and Content-Encoding ${accepted} are accepted`,
      specLocations: [
        ...at("contentType"),
        ...at("contentEncoding"),
        ...withBody.map((op) => operationPointer(op, "requestBody", "content")),
      ],
      phase: "requests",
      async run(ctx) {
        for (const op of withBody) {
          const contentType = ctx.rules.check(op, "contentType");
          const contentEncoding = ctx.rules.check(op, "contentEncoding");
          const accepted = op.requestMediaTypes;
          const body = JSON.stringify(validBase(ctx, op));
          for (const type of ["text/plain", "application/x-www-form-urlencoded", "application/xml", undefined]) {
            if (type && accepted.includes(type)) continue;
            ctx.cases++;
            const x = await ctx.call(op, {
              label: `${op.operationId} with Content-Type ${type ?? "(none)"}`,
              rawBody: body,
              headers: { "Content-Type": type },
            });
            ctx.expectStatus(x, contentType.value, contentType.at, "a media type the spec does not accept");
          }
          for (const type of accepted) {
            ctx.cases++;
            const x = await ctx.call(op, {
              label: `${op.operationId} with Content-Type ${type}; charset=utf-8`,
              rawBody: body,
              headers: { "Content-Type": `${type}; charset=utf-8` },
            });
            ctx.expectStatus(x, 200, contentType.at, `${type} with a charset parameter is still ${type}`);
          }
          // A content coding: the same body gzip-compressed, sent as such, is refused...
          ctx.cases++;
          const gzip = await ctx.call(op, {
            label: `${op.operationId} with Content-Encoding gzip (a gzip-compressed body)`,
            rawBody: gzipSync(body),
            headers: { "Content-Encoding": "gzip" },
          });
          ctx.expectStatus(
            gzip,
            contentEncoding.value,
            contentEncoding.at,
            `a Content-Encoding other than ${contentEncoding.rule.accept?.join(", ")}`,
          );
          // ...while each accepted coding (identity: no coding at all) is taken
          for (const coding of contentEncoding.rule.accept ?? []) {
            ctx.cases++;
            const accepted = await ctx.call(op, {
              label: `${op.operationId} with Content-Encoding ${coding}`,
              rawBody: body,
              headers: { "Content-Encoding": coding },
            });
            ctx.expectStatus(accepted, 200, `${contentEncoding.at}/accept`, `Content-Encoding: ${coding} is accepted`);
          }
        }
      },
    },
    {
      id: "request.body-too-large",
      title: `A body over the documented limit (${bodySize?.maxBytes ?? "?"} bytes) answers ${bodySize?.status ?? "the spec's status"}`,
      specLocations: at("bodySize").flatMap((p) => [p, `${p}/maxBytes`]),
      phase: "requests",
      async run(ctx) {
        for (const op of withBody) {
          const size = ctx.rules.check(op, "bodySize");
          ctx.cases++;
          const base = validBase(ctx, op);
          // valid JSON, padded past the limit in a string field
          const padding = "a".repeat(size.rule.maxBytes! + 1024);
          const raw = JSON.stringify({ ...base, padding });
          const x = await ctx.call(op, { label: `${op.operationId} with a ${raw.length}-byte body`, rawBody: raw });
          ctx.expectStatus(x, size.value, size.at, `bodies over ${size.rule.maxBytes} bytes`);
        }
      },
    },
    {
      id: "request.method-not-allowed",
      title: `A method a path does not have answers ${statusOf("method")} with Allow listing the documented methods, and an ErrorResponse body`,
      specLocations: [...at("method"), "#/paths"],
      phase: "requests",
      async run(ctx) {
        const byPath = new Map<string, Operation[]>();
        for (const op of ctx.rules.operations) byPath.set(op.path, [...(byPath.get(op.path) ?? []), op]);
        for (const [path, ops] of byPath) {
          const documented = ops.map((o) => o.method);
          const rule = ctx.rules.check(ops[0]!, "method");
          for (const method of HTTP_METHODS.filter((m) => !documented.includes(m)).slice(0, 2)) {
            ctx.cases++;
            const x = await ctx.call(ops[0]!, { label: `${method} ${path}`, method, noSecurity: true, headers: {} });
            if (!ctx.expectStatus(x, rule.value, rule.at, "a method the path does not have")) continue;
            const allow = (x.response!.headers.allow ?? "").split(",").map((s) => s.trim().toUpperCase());
            for (const m of documented) {
              if (!allow.includes(m))
                ctx.fail(
                  `${x.label}: Allow is ${JSON.stringify(x.response!.headers.allow ?? "(none)")}, must list ${m}`,
                  rule.at,
                  x,
                  "allow",
                );
            }
            expectErrorBody(ctx, x);
          }
        }
      },
    },
  ];
}
