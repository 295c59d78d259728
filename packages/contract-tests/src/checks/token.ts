// The token: issued with the configured credentials for the lifetime asked (or the default),
// and refused once expired, for wrong credentials and for a lifetime outside the spec's range.
// Which fields hold the token and its lifetime, and the lifetime header, are the spec's
// (`x-cobrowse-token`).
import { tokenAnswerProblems } from "../answer-rules.js";
import { CheckAborted } from "../context.js";
import type { SuiteRules } from "../rules.js";
import { responsePointer } from "../spec.js";
import type { CheckDefinition } from "./check.js";
import { connect, freshRoomId, roomBody } from "./support/rooms.js";

/** The token is issued: with the configured credentials, for the lifetime asked. */
export function tokenIssueChecks(suite: SuiteRules): CheckDefinition[] {
  const { operation: tokenOp, fields, lifetimeHeader: expire, lifetime } = suite.token;
  return [
    {
      id: "token.issue",
      title: `${tokenOp.operationId} with the configured credentials issues a Bearer token; ${fields.lifetime} is the documented default without ${expire.name}`,
      specLocations: [
        responsePointer(tokenOp, 200),
        `${expire.at}/schema/default`,
        ...(fields.appKey ? [`${suite.token.at}/appKey`] : []),
      ],
      phase: "requests",
      async run(ctx) {
        ctx.cases++;
        const { exchange, body } = await ctx.newToken({ label: `token without ${expire.name}` });
        for (const p of tokenAnswerProblems(ctx.rules, body, { appKey: ctx.options.appKey, nowMs: Date.now() }))
          ctx.fail(p.message, p.at, exchange, p.rule);
      },
    },
    {
      id: "token.expire-header",
      title: `${expire.name} at its documented minimum and maximum is honoured: ${fields.lifetime} echoes it`,
      specLocations: [`${expire.at}/schema`],
      phase: "requests",
      async run(ctx) {
        // The range is this spec's decision (the vendor documents only that the header asks for a lifetime).
        const bounds = [
          ["minimum", lifetime.minimum],
          ["maximum", lifetime.maximum],
        ] as const;
        for (const [bound, value] of bounds) {
          if (value === undefined) continue;
          const at = `${expire.at}/schema/${bound}`;
          ctx.cases++;
          const exchange = await ctx.call(tokenOp, {
            label: `${expire.name}: ${value}`,
            body: ctx.rules.credentialsBody(ctx.options.appKey, ctx.options.appSecret),
            headers: { [expire.name]: String(value) },
          });
          if (!ctx.expectStatus(exchange, 200, at, `${expire.name}: ${value} is the range's ${bound}`)) continue;
          const body = exchange.response!.json as Record<string, unknown> | undefined;
          if (body?.[fields.lifetime] !== String(value)) {
            ctx.fail(
              `${expire.name}: ${value} answered ${fields.lifetime} ${JSON.stringify(body?.[fields.lifetime])}, expected "${value}"`,
              at,
              exchange,
              "expiry",
            );
          }
        }
      },
    },
  ];
}

/** The token is refused: once it has expired, for wrong credentials, for a lifetime outside the spec's range. */
export function tokenRefusalChecks(suite: SuiteRules): CheckDefinition[] {
  const { operation: tokenOp, fields, lifetimeHeader: expire, lifetime } = suite.token;
  const { op, roles } = suite.connection;
  const bearer = suite.schemeOf("token")!;
  const lifetimeAt = `${suite.token.at}/lifetime`;
  return [
    {
      id: "token.lifetime",
      title: `A token asked with the minimum ${expire.name} is refused (${bearer.unknown.value}) once it has expired (a longer-lived control token is accepted)`,
      specLocations: [lifetimeAt, bearer.unknown.at, `${expire.at}/schema/minimum`],
      stateful: "needs a server that remembers when each token it issued expires (a static mock cannot)",
      phase: "requests",
      async run(ctx) {
        const min = lifetime.minimum ?? 1;
        // control: a fresh token with some life left is accepted, so a refusal below is the expiry's doing
        ctx.cases++;
        const control = await ctx.newToken({
          label: `control token, ${expire.name}: 120`,
          expire: "120",
          abortAt: `${expire.at}/schema`,
        });
        await connect(
          ctx,
          "the control token is accepted",
          roomBody(ctx, freshRoomId(ctx, "life"), roles[0]!),
          control.token,
        );
        ctx.cases++;
        const short = await ctx.newToken({
          label: `short token, ${expire.name}: ${min}`,
          expire: String(min),
          abortAt: `${expire.at}/schema/minimum`,
        });
        const seconds = Number(short.body[fields.lifetime]);
        if (!Number.isFinite(seconds) || seconds > 5) {
          // the minimum lifetime is this spec's decision
          throw new CheckAborted(
            `asked ${expire.name}: ${min} and got ${fields.lifetime} ${JSON.stringify(short.body[fields.lifetime])}; cannot wait that long`,
            `${expire.at}/schema/minimum`,
            short.exchange,
          );
        }
        await new Promise((r) => setTimeout(r, (seconds + 1) * 1000 + 250));
        const x = await ctx.call(op, {
          label: `the ${seconds}-second token, ${seconds + 1.25} s later`,
          body: roomBody(ctx, freshRoomId(ctx, "life"), roles[0]!),
          token: short.token,
        });
        // a replay runs the whole check again: the token it would send is a fresh one
        ctx.expectStatus(x, bearer.unknown.value, bearer.unknown.at, "an expired token is refused", []);
      },
    },
    {
      id: "token.wrong-credentials",
      title: `${tokenOp.operationId} with a wrong secret, or an unknown app key, answers ${suite.check(tokenOp, "credentials").value}`,
      specLocations: [
        suite.check(tokenOp, "credentials").at,
        responsePointer(tokenOp, suite.check(tokenOp, "credentials").value),
      ],
      stateful: "needs a server that knows the real credentials (a static mock accepts any)",
      phase: "requests",
      async run(ctx) {
        const credentials = ctx.rules.check(tokenOp, "credentials");
        const wrongSecret = `wrong-secret-${(ctx.seed >>> 0).toString(36)}-${Math.random().toString(36).slice(2)}`;
        ctx.secret(wrongSecret, "wrong-secret");
        ctx.state.sentSecrets.add(wrongSecret);
        const cases = [
          {
            label: `a wrong ${suite.token.credentials.appSecret}`,
            body: ctx.rules.credentialsBody(ctx.options.appKey, wrongSecret),
          },
          {
            label: `an unknown ${suite.token.credentials.appKey}`,
            body: ctx.rules.credentialsBody(`unknown-app-${(ctx.seed >>> 0).toString(36)}`, ctx.options.appSecret),
          },
        ];
        for (const c of cases) {
          ctx.cases++;
          const x = await ctx.call(tokenOp, { label: c.label, body: c.body });
          // the status is this spec's; that wrong credentials get no token is the vendor's
          ctx.expectRejected(x, {
            status: credentials.value,
            at: credentials.at,
            why: "wrong credentials",
            breaks: [`${suite.token.at}/credentials`],
          });
        }
      },
    },
    {
      id: "token.expire-out-of-range",
      title: `${expire.name} outside its schema (below the minimum, above the maximum, not a whole number) answers ${suite.check(tokenOp, "validation").value} naming the header`,
      specLocations: [`${expire.at}/schema`, suite.check(tokenOp, "validation").at],
      phase: "requests",
      async run(ctx) {
        const validation = ctx.rules.check(tokenOp, "validation");
        const candidates = [
          lifetime.minimum !== undefined ? String(lifetime.minimum - 1) : undefined,
          lifetime.maximum !== undefined ? String(lifetime.maximum + 1) : undefined,
          "1.5",
          "ten",
          "-5",
          "", // present but empty: not absent, and not a whole number
        ].filter((v): v is string => v !== undefined);
        for (const value of candidates) {
          // the spec's own validator decides that the value is out of range
          if (ctx.spec.validateRequestHeaders(tokenOp.operationId, { [expire.name]: value }).length === 0) continue;
          ctx.cases++;
          const x = await ctx.call(tokenOp, {
            label: `${expire.name}: ${JSON.stringify(value)}`,
            body: ctx.rules.credentialsBody(ctx.options.appKey, ctx.options.appSecret),
            headers: { [expire.name]: value },
          });
          if (
            ctx.expectStatus(x, validation.value, validation.at, `${expire.name} out of range`) &&
            ctx.rules.namesField.value
          ) {
            if (
              !JSON.stringify(x.response!.json ?? "")
                .toLowerCase()
                .includes(expire.name.toLowerCase())
            ) {
              ctx.fail(
                `${x.label}: the ${validation.value} answer does not name ${expire.name}`,
                ctx.rules.namesField.at,
                x,
                "error-names-field",
              );
            }
          }
        }
      },
    },
  ];
}
