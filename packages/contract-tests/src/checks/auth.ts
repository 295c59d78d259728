// Negative cases generated from each secured operation's security requirement: every
// security header missing, malformed, or well-formed but not the deployment's.
import type { CheckContext } from "../context.js";
import { forge, nonCanonical, tamper } from "../forge.js";
import type { SecretLabel } from "../redact.js";
import type { SuiteRules } from "../rules.js";
import { type JsonSchema, type Operation, responsePointer } from "../spec.js";
import type { CheckDefinition } from "./check.js";
import { freshRoomId, roomBody } from "./support/rooms.js";

function validBody(ctx: CheckContext): Record<string, unknown> {
  return roomBody(ctx, freshRoomId(ctx, "auth"), ctx.rules.connection.roles[0]!);
}

function bearer(op: Operation) {
  return op.securityHeaders.find((h) => h.kind === "bearer");
}

export function authChecks(suite: SuiteRules): CheckDefinition[] {
  const ops = suite.secured();
  const schemes = suite.securitySchemes;
  /** A numeric keyword of a value schema (`$ref`s followed), when it states one. */
  const limit = (schema: JsonSchema | undefined, keyword: "maxLength" | "minLength"): number | undefined => {
    const value = schema ? suite.spec.deref(schema)[keyword] : undefined;
    return typeof value === "number" ? value : undefined;
  };
  const bearerRules = suite.schemeOf("token");
  if (!bearerRules) throw new Error("contract-tests: no security scheme of the spec carries the bearer token");
  const appKeyRules = suite.schemeOf("appKey");
  const missingStatuses = Object.values(schemes)
    .map((r) => `${r.missing.value} for ${r.header}`)
    .join(", ");
  const tokenMax = limit(bearerRules.schema?.value, "maxLength");
  const appKeyMax = limit(appKeyRules?.schema?.value, "maxLength");
  const tenantRules = suite.schemeOf("tenantSpaceId");
  return [
    {
      id: "auth.missing-header",
      title: `Each security header left out answers the status the spec's x-cobrowse-failures gives it (${missingStatuses}), naming the header`,
      specLocations: [
        ...ops.map((op) => `${op.at}/security`),
        ...Object.values(schemes).map((r) => r.missing.at),
      ].filter((v, i, a) => a.indexOf(v) === i),
      phase: "requests",
      async run(ctx) {
        for (const op of ops) {
          for (const h of op.securityHeaders) {
            const rules = schemes[h.scheme]!;
            ctx.cases++;
            const x = await ctx.call(op, {
              label: `${op.operationId} without ${h.header}`,
              body: validBody(ctx),
              headers: { [h.header]: undefined },
            });
            // the header is required (the scheme): a request without it must not succeed, whatever the status
            ctx.expectRejected(x, {
              status: rules.missing.value,
              at: rules.missing.at,
              why: `${h.header} missing`,
              field: h.header,
              breaks: [h.at],
            });
          }
        }
      },
    },
    {
      id: "auth.malformed-token",
      title: `A malformed bearer token (not token-shaped, empty${tokenMax === undefined ? "" : `, over the value schema's maxLength ${tokenMax}`}) answers ${bearerRules.malformed.value}`,
      specLocations: [bearerRules.at, bearerRules.malformed.at, ...(bearerRules.schema ? [bearerRules.schema.at] : [])],
      phase: "requests",
      async run(ctx) {
        for (const op of ops) {
          const h = bearer(op);
          if (!h) continue;
          // Not a token at all: any server's authentication fails (401). Over the value schema's
          // length: the limit is this spec's, so is the status of that case.
          const cases: Array<readonly [string, string, string]> = [
            ["garbage", "Bearer %%%not a token%%%", bearerRules.malformed.at],
            ["empty", "Bearer ", bearerRules.malformed.at],
            ["scheme only", "Bearer", bearerRules.malformed.at],
          ];
          if (tokenMax !== undefined)
            cases.push([
              `over the maxLength ${tokenMax}`,
              `Bearer ${"A".repeat(tokenMax + 1)}`,
              bearerRules.schema!.at,
            ]);
          for (const [name, value, at] of cases) {
            ctx.cases++;
            const x = await ctx.call(op, {
              label: `${op.operationId} with a malformed token (${name})`,
              body: validBody(ctx),
              headers: { [h.header]: value },
            });
            ctx.expectRejected(x, {
              status: bearerRules.malformed.value,
              at,
              why: "malformed token",
              breaks: [bearerRules.at],
            });
          }
        }
      },
    },
    {
      id: "auth.missing-bearer-prefix",
      title: `A real token sent without the \`Bearer \` prefix (bare, or under another scheme) answers ${bearerRules.malformed.value}`,
      specLocations: [bearerRules.at, bearerRules.malformed.at],
      phase: "requests",
      async run(ctx) {
        for (const op of ops) {
          const h = bearer(op);
          if (!h) continue;
          const token = await ctx.state.sharedToken(ctx);
          for (const [name, value] of [
            ["bare token", token],
            ["Basic scheme", `Basic ${token}`],
            ["Token scheme", `Token ${token}`],
          ] as const) {
            ctx.cases++;
            const x = await ctx.call(op, {
              label: `${op.operationId} with ${name}`,
              body: validBody(ctx),
              headers: { [h.header]: value },
            });
            ctx.expectRejected(x, {
              status: bearerRules.malformed.value,
              at: bearerRules.malformed.at,
              why: "Authorization without the Bearer prefix",
              breaks: [bearerRules.at],
            });
          }
        }
      },
    },
    {
      id: "auth.unknown-token",
      title: `A forged token of the right shape, a real token with its signature tampered with, and one re-spelled with its last base64url character's spare bits flipped (same decoded bytes) answer ${bearerRules.unknown.value}`,
      specLocations: [bearerRules.unknown.at],
      stateful: "needs a server that knows the tokens it issued (a static mock accepts any token)",
      phase: "requests",
      async run(ctx) {
        const token = await ctx.state.sharedToken(ctx);
        for (const op of ops) {
          const h = bearer(op);
          if (!h) continue;
          const cases: Array<readonly [string, string, SecretLabel]> = [
            ["forged token", forge(token, ctx.seed), `token|forge:${ctx.seed}`],
            ["tampered token", tamper(token), "token|tamper"],
          ];
          const respelled = nonCanonical(token);
          if (respelled !== undefined)
            cases.push([
              "token re-spelled in non-canonical base64url (spare bits of its last character flipped)",
              respelled,
              "token|respell",
            ]);
          for (const [name, value, label] of cases) {
            ctx.secret(value, label);
            ctx.cases++;
            const x = await ctx.call(op, {
              label: `${op.operationId} with a ${name}`,
              body: validBody(ctx),
              token: value,
            });
            ctx.expectRejected(x, {
              status: bearerRules.unknown.value,
              at: bearerRules.unknown.at,
              why: "unknown token",
              breaks: [bearerRules.unknown.at],
            });
          }
        }
      },
    },
    {
      id: "auth.wrong-app-key",
      title: `An ${appKeyRules?.header ?? "app key header"} that is not the app the token was issued to answers ${appKeyRules?.unknown.value ?? "the spec's status"}`,
      specLocations: appKeyRules ? [appKeyRules.at, appKeyRules.unknown.at] : [],
      stateful: "needs a server that remembers which app each token was issued to",
      phase: "requests",
      async run(ctx) {
        if (!appKeyRules) return;
        for (const op of ops) {
          const h = op.securityHeaders.find((s) => s.scheme === appKeyRules.scheme);
          if (!h) continue;
          ctx.cases++;
          const x = await ctx.call(op, {
            label: `${op.operationId} with another app's ${h.header}`,
            body: validBody(ctx),
            headers: { [h.header]: `${ctx.options.appKey}-other` },
          });
          ctx.expectRejected(x, {
            status: appKeyRules.unknown.value,
            at: appKeyRules.unknown.at,
            why: `${h.header} not the token's app`,
            breaks: [appKeyRules.unknown.at],
          });
        }
      },
    },
    {
      id: "auth.malformed-app-key",
      title: `An ${appKeyRules?.header ?? "app key header"} outside its x-cobrowse-value-schema (over its maxLength${appKeyMax === undefined ? "" : ` ${appKeyMax}`}) answers ${appKeyRules?.malformed.value ?? "the spec's status"}`,
      specLocations: appKeyRules
        ? [appKeyRules.malformed.at, ...(appKeyRules.schema ? [appKeyRules.schema.at] : [])]
        : [],
      phase: "requests",
      async run(ctx) {
        if (!appKeyRules?.schema || appKeyMax === undefined) return;
        for (const op of ops) {
          const h = op.securityHeaders.find((s) => s.scheme === appKeyRules.scheme);
          if (!h) continue;
          const value = `${ctx.options.appKey}${"k".repeat(Math.max(1, appKeyMax + 1 - ctx.options.appKey.length))}`;
          if (ctx.spec.validateSecurityHeader(op.operationId, h.header, value).length === 0) continue;
          ctx.cases++;
          const x = await ctx.call(op, {
            label: `${op.operationId} with a ${value.length}-character ${h.header}`,
            body: validBody(ctx),
            headers: { [h.header]: value },
          });
          // the length is this spec's decision; that another app key must not succeed is the vendor's
          ctx.expectRejected(x, {
            status: appKeyRules.malformed.value,
            at: appKeyRules.schema.at,
            why: `${h.header} malformed`,
            breaks: [h.at],
          });
        }
      },
    },
    {
      id: "tenant.malformed",
      title: `An X-TenantSpaceID outside its x-cobrowse-value-schema${tenantRules?.valueDescription ? ` (${tenantRules.valueDescription})` : ""} answers ${tenantRules?.malformed.value ?? "the spec's status"} naming the header`,
      specLocations: tenantRules
        ? [...(tenantRules.schema ? [tenantRules.schema.at] : []), tenantRules.malformed.at]
        : [],
      phase: "requests",
      async run(ctx) {
        if (!tenantRules?.schema) return;
        const max = limit(tenantRules.schema.value, "maxLength");
        // a tab is the one control character a header value can carry
        const candidates = [
          "has space",
          "bad/tenant",
          "dot.ted",
          "tab\there",
          ...(max === undefined ? [] : ["t".repeat(max + 1)]),
        ];
        for (const op of ops) {
          const h = op.securityHeaders.find((s) => s.scheme === tenantRules.scheme);
          if (!h) continue;
          for (const value of candidates) {
            // the spec's validator decides what is malformed, not this list
            if (ctx.spec.validateSecurityHeader(op.operationId, h.header, value).length === 0) continue;
            ctx.cases++;
            const x = await ctx.call(op, {
              label: `${op.operationId} with ${h.header}: ${JSON.stringify(value.length > 20 ? `${value.slice(0, 8)}…(${value.length})` : value)}`,
              body: validBody(ctx),
              headers: { [h.header]: value },
            });
            ctx.expectRejected(x, {
              status: tenantRules.malformed.value,
              at: tenantRules.malformed.at,
              why: `${h.header} malformed`,
              field: h.header,
              breaks: [tenantRules.schema.at],
            });
          }
        }
      },
    },
    {
      id: "tenant.unknown",
      title: `A well-formed X-TenantSpaceID the deployment does not know answers ${tenantRules?.unknown.value ?? "the spec's status"}`,
      specLocations: tenantRules
        ? [tenantRules.unknown.at, ...ops.map((op) => responsePointer(op, tenantRules.unknown.value))]
        : [],
      stateful: "needs a server that knows its tenant spaces",
      phase: "requests",
      async run(ctx) {
        if (!tenantRules) return;
        for (const op of ops) {
          const h = op.securityHeaders.find((s) => s.scheme === tenantRules.scheme);
          if (!h) continue;
          const rules = tenantRules;
          const value = `unknown-tenant-${(ctx.seed >>> 0).toString(36)}`;
          ctx.cases++;
          const x = await ctx.call(op, {
            label: `${op.operationId} with ${h.header}: ${value}`,
            body: validBody(ctx),
            headers: { [h.header]: value },
          });
          ctx.expectRejected(x, {
            status: rules.unknown.value,
            at: rules.unknown.at,
            why: `${h.header} unknown`,
            field: h.header,
          });
        }
      },
    },
  ];
}
