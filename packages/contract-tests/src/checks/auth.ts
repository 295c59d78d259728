// Negative cases generated from each secured operation's security requirement: every
// security header missing, malformed, or well-formed but not the deployment's.
import { securedOperations, type CheckContext } from "../context.js";
import { SECURITY_SCHEME_RULES } from "../rules.js";
import { operationPointer, pointer, type Operation } from "../spec.js";
import type { CheckDefinition } from "./check.js";
import { expectRejected, freshRoomId, roles } from "./util.js";

const schemePointer = (name: string) => pointer("components", "securitySchemes", name);

function validBody(ctx: CheckContext): Record<string, unknown> {
  return { roomId: freshRoomId(ctx, "auth"), role: roles()[0] };
}

function bearer(op: Operation) {
  return op.securityHeaders.find((h) => h.kind === "bearer");
}

/** A token of the same shape as a real one (same length, same separators), but forged. */
function forge(token: string, seed: number): string {
  const alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
  let state = seed >>> 0 || 1;
  let out = "";
  for (const ch of token) {
    if (!/[A-Za-z0-9_-]/.test(ch)) {
      out += ch;
      continue;
    }
    state = (state * 1103515245 + 12345) >>> 0;
    out += alphabet[state % alphabet.length];
  }
  return out === token ? `${token}x` : out;
}

/**
 * The real token with one signature character changed. The first character after the last
 * `.` is used, not the last one: in base64url the last character of a 32-byte signature
 * carries 2 padding bits, so changing only those leaves the decoded bytes as they were.
 */
function tamper(token: string): string {
  const at = token.lastIndexOf(".") + 1 < token.length ? token.lastIndexOf(".") + 1 : token.length - 1;
  const ch = token[at] ?? "A";
  return token.slice(0, at) + (ch === "A" ? "B" : "A") + token.slice(at + 1);
}

export function authChecks(): CheckDefinition[] {
  const ops = securedOperations();
  const bearerRules = SECURITY_SCHEME_RULES.bearerAuth!;
  return [
    {
      id: "auth.missing-header",
      title: "Each security header left out answers the status the spec gives it (401 for Authorization and x-app-key, 400 for X-TenantSpaceID), naming the header",
      specLocations: [
        ...ops.map((op) => operationPointer(op, "security")),
        ...Object.keys(SECURITY_SCHEME_RULES).map((name) => SECURITY_SCHEME_RULES[name]!.missing.at),
      ].filter((v, i, a) => a.indexOf(v) === i),
      phase: "requests",
      async run(ctx) {
        for (const op of ops) {
          for (const h of op.securityHeaders) {
            const rules = SECURITY_SCHEME_RULES[h.scheme]!;
            ctx.cases++;
            const x = await ctx.call(op, { label: `${op.operationId} without ${h.header}`, body: validBody(ctx), headers: { [h.header]: undefined } });
            expectRejected(ctx, x, rules.missing.value, rules.missing.at, `${h.header} missing`, h.header);
          }
        }
      },
    },
    {
      id: "auth.malformed-token",
      title: "A malformed bearer token (not token-shaped, empty, over the maximum length) answers 401",
      specLocations: [schemePointer("bearerAuth"), bearerRules.malformed.at, pointer("components", "schemas", "TokenResponse", "properties", "AccessToken")],
      phase: "requests",
      async run(ctx) {
        for (const op of ops) {
          const h = bearer(op);
          if (!h) continue;
          const cases = [
            ["garbage", "Bearer %%%not a token%%%"],
            ["empty", "Bearer "],
            ["scheme only", "Bearer"],
            ["over the AccessToken maxLength", `Bearer ${"A".repeat(4097)}`],
          ] as const;
          for (const [name, value] of cases) {
            ctx.cases++;
            const x = await ctx.call(op, { label: `${op.operationId} with a malformed token (${name})`, body: validBody(ctx), headers: { [h.header]: value } });
            ctx.expectStatus(x, bearerRules.malformed.value, bearerRules.malformed.at, "malformed token");
          }
        }
      },
    },
    {
      id: "auth.missing-bearer-prefix",
      title: "A real token sent without the `Bearer ` prefix (bare, or under another scheme) answers 401",
      specLocations: [schemePointer("bearerAuth"), bearerRules.malformed.at],
      phase: "requests",
      async run(ctx) {
        for (const op of ops) {
          const h = bearer(op);
          if (!h) continue;
          const token = await ctx.state.sharedToken(ctx);
          for (const [name, value] of [["bare token", token], ["Basic scheme", `Basic ${token}`], ["Token scheme", `Token ${token}`]] as const) {
            ctx.cases++;
            const x = await ctx.call(op, { label: `${op.operationId} with ${name}`, body: validBody(ctx), headers: { [h.header]: value } });
            ctx.expectStatus(x, bearerRules.malformed.value, bearerRules.malformed.at, "Authorization without the Bearer prefix");
          }
        }
      },
    },
    {
      id: "auth.unknown-token",
      title: "A forged token of the right shape, and a real token with its signature tampered with, answer 401",
      specLocations: [bearerRules.unknown.at],
      stateful: "needs a server that knows the tokens it issued (a static mock accepts any token)",
      phase: "requests",
      async run(ctx) {
        const token = await ctx.state.sharedToken(ctx);
        for (const op of ops) {
          const h = bearer(op);
          if (!h) continue;
          for (const [name, value] of [["forged token", forge(token, ctx.seed)], ["tampered token", tamper(token)]] as const) {
            ctx.state.redactor.add(value);
            ctx.cases++;
            const x = await ctx.call(op, { label: `${op.operationId} with a ${name}`, body: validBody(ctx), token: value });
            ctx.expectStatus(x, bearerRules.unknown.value, bearerRules.unknown.at, "unknown token");
          }
        }
      },
    },
    {
      id: "auth.wrong-app-key",
      title: "An x-app-key that is not the app the token was issued to answers 401",
      specLocations: [schemePointer("appKey"), SECURITY_SCHEME_RULES.appKey!.unknown.at],
      stateful: "needs a server that remembers which app each token was issued to",
      phase: "requests",
      async run(ctx) {
        for (const op of ops) {
          const h = op.securityHeaders.find((s) => SECURITY_SCHEME_RULES[s.scheme]?.credential === "appKey");
          if (!h) continue;
          ctx.cases++;
          const x = await ctx.call(op, { label: `${op.operationId} with another app's x-app-key`, body: validBody(ctx), headers: { [h.header]: `${ctx.options.appKey}-other` } });
          ctx.expectStatus(x, SECURITY_SCHEME_RULES.appKey!.unknown.value, SECURITY_SCHEME_RULES.appKey!.unknown.at, "x-app-key not the token's app");
        }
      },
    },
    {
      id: "tenant.malformed",
      title: "An X-TenantSpaceID outside its documented shape (1-64 letters, digits, _ and -) answers 400 naming the header",
      specLocations: [SECURITY_SCHEME_RULES.tenantSpaceId!.malformed.at],
      phase: "requests",
      async run(ctx) {
        for (const op of ops) {
          for (const h of op.securityHeaders) {
            const rules = SECURITY_SCHEME_RULES[h.scheme]!;
            if (!rules.shape) continue;
            const shape = rules.shape.value;
            for (const value of ["has space", "bad/tenant", "t".repeat(65), "dot.ted"]) {
              if (shape.test(value)) continue;
              ctx.cases++;
              const x = await ctx.call(op, { label: `${op.operationId} with ${h.header}: ${JSON.stringify(value.length > 20 ? `${value.slice(0, 8)}…(${value.length})` : value)}`, body: validBody(ctx), headers: { [h.header]: value } });
              expectRejected(ctx, x, rules.malformed.value, rules.malformed.at, `${h.header} malformed`, h.header);
            }
          }
        }
      },
    },
    {
      id: "tenant.unknown",
      title: "A well-formed X-TenantSpaceID the deployment does not know answers 404",
      specLocations: [SECURITY_SCHEME_RULES.tenantSpaceId!.unknown.at, ...ops.map((op) => operationPointer(op, "responses", "404"))],
      stateful: "needs a server that knows its tenant spaces",
      phase: "requests",
      async run(ctx) {
        for (const op of ops) {
          const h = op.securityHeaders.find((s) => SECURITY_SCHEME_RULES[s.scheme]?.credential === "tenantSpaceId");
          if (!h) continue;
          const rules = SECURITY_SCHEME_RULES[h.scheme]!;
          const value = `unknown-tenant-${(ctx.seed >>> 0).toString(36)}`;
          ctx.cases++;
          const x = await ctx.call(op, { label: `${op.operationId} with ${h.header}: ${value}`, body: validBody(ctx), headers: { [h.header]: value } });
          expectRejected(ctx, x, rules.unknown.value, rules.unknown.at, `${h.header} unknown`, h.header);
        }
      },
    },
  ];
}
