// Property-based checks: requests generated from the spec's schemas with fast-check.
// Valid ones must get 200 and a schema-valid answer; one-rule-broken ones must get the
// documented 400. Seeded per check from the run's seed, so a failure replays exactly.
import { formatIssues } from "@cec-cobrowse/spec";
import fc from "fast-check";
import type { CheckContext } from "../context.js";
import { type Mutation, mutationArbitrary, validArbitrary } from "../generate.js";
import type { Exchange } from "../http.js";
import { namesFieldIn, provenanceAt, succeeded } from "../judge.js";
import type { SuiteRules } from "../rules.js";
import { responsePointer } from "../spec.js";
import type { CheckDefinition } from "./check.js";
import { isCreatedRoomId } from "./support/rooms.js";

interface Broken {
  message: string;
  at: string;
  exchange: Exchange;
  rule: string;
}

/**
 * Runs a fast-check property whose runs report a broken promise (or undefined). A broken vendor
 * fact fails the property (shrunk to a small counterexample); a broken decision of the spec is
 * recorded (the first one) and the property goes on, so vendor facts are still looked for and
 * both profiles see the same failures.
 */
async function runProperty<T>(
  ctx: CheckContext,
  arb: fc.Arbitrary<T>,
  probe: (value: T) => Promise<Broken | undefined>,
): Promise<void> {
  let last: Broken | undefined;
  let divergence: Broken | undefined;
  const details = await fc.check(
    fc.asyncProperty(arb, async (value) => {
      ctx.cases++;
      const broken = await probe(value);
      if (broken && provenanceAt(ctx.spec, broken.at) === "decision") {
        divergence ??= broken;
        return true;
      }
      if (broken) last = broken;
      return broken === undefined;
    }),
    { seed: ctx.seed, numRuns: ctx.options.cases },
  );
  if (divergence)
    ctx.fail(
      `${divergence.message} (the first of the property's cases to break a decision of the spec; fast-check seed ${details.seed})`,
      divergence.at,
      divergence.exchange,
      divergence.rule,
    );
  if (details.failed) {
    if (last) {
      ctx.fail(
        `${last.message} (counterexample after ${details.numRuns} runs and ${details.numShrinks} shrinks; fast-check seed ${details.seed}, path ${details.counterexamplePath ?? "-"})`,
        last.at,
        last.exchange,
        last.rule,
      );
    } else {
      ctx.fail(`property failed: ${String(details.errorInstance ?? "unknown error")}`, "#/paths");
    }
  }
}

function responseIssues(ctx: CheckContext, x: Exchange): Broken | undefined {
  if (!x.response || !x.operationId) return undefined;
  const op = ctx.spec.operation(x.operationId);
  if (!ctx.spec.documentedResponse(op.operationId, x.response.status)) {
    return {
      message: `${x.label}: status ${x.response.status} is not documented`,
      at: responsePointer(op, x.response.status),
      exchange: x,
      rule: "response.schema",
    };
  }
  const issues = ctx.spec.responseViolations(x.operationId, x.response.status, x.response.json);
  if (issues.length === 0) return undefined;
  // a broken vendor fact first, so its provenance is the failure's
  const first = issues.find((i) => provenanceAt(ctx.spec, i.at) === "vendor") ?? issues[0]!;
  return {
    message: `${x.label}: the ${x.response.status} answer breaks its schema: ${formatIssues(issues)}`,
    at: first.at,
    exchange: x,
    rule: "response.schema",
  };
}

export function propertyChecks(suite: SuiteRules): CheckDefinition[] {
  const { operation: tokenOp, lifetimeHeader: expire, lifetime, fields } = suite.token;
  const { op, room, outcome } = suite.connection;
  const validation = (o: typeof op) => suite.check(o, "validation");
  return [
    {
      id: "property.valid-requests",
      title:
        "Valid requests generated from the schemas (--cases of them) get 200 and a schema-valid, successful answer",
      specLocations: [op.bodySchemaAt!, responsePointer(op, 200), `${expire.at}/schema`, responsePointer(tokenOp, 200)],
      phase: "requests",
      async run(ctx) {
        await ctx.state.sharedToken(ctx);
        type Case = { kind: "token"; expire: number | undefined } | { kind: "connect"; body: Record<string, unknown> };
        const arb: fc.Arbitrary<Case> = fc.oneof(
          {
            weight: 1,
            arbitrary: fc
              .option(validArbitrary(ctx.spec, expire.schema) as fc.Arbitrary<number>, { nil: undefined })
              .map((e) => ({ kind: "token" as const, expire: e })),
          },
          {
            weight: 3,
            arbitrary: (validArbitrary(ctx.spec, op.bodySchema!) as fc.Arbitrary<Record<string, unknown>>).map(
              (body) => ({ kind: "connect" as const, body }),
            ),
          },
        );
        await runProperty(ctx, arb, async (c) => {
          if (c.kind === "token") {
            const headers: Record<string, string> = {};
            if (c.expire !== undefined) headers[expire.name] = String(c.expire);
            const x = await ctx.call(tokenOp, {
              label: `${tokenOp.operationId}${c.expire !== undefined ? ` with ${expire.name}: ${c.expire}` : ""}`,
              body: ctx.rules.credentialsBody(ctx.options.appKey, ctx.options.appSecret),
              headers,
            });
            // with a lifetime asked, the range (and so the answer) is this spec's decision; without, a token is the vendor's
            const at = c.expire === undefined ? responsePointer(tokenOp, 200) : `${expire.at}/schema`;
            if (x.response?.status !== 200)
              return {
                message: `${x.label}: expected 200, got ${x.response?.status ?? x.error}`,
                at,
                exchange: x,
                rule: "status",
              };
            const broken = responseIssues(ctx, x);
            if (broken) return broken;
            const want = String(c.expire ?? lifetime.default);
            const got = (x.response.json as Record<string, unknown>)[fields.lifetime];
            if (got !== want)
              return {
                message: `${x.label}: ${fields.lifetime} is ${JSON.stringify(got)}, expected "${want}"`,
                at: `${expire.at}/schema${c.expire === undefined ? "/default" : ""}`,
                exchange: x,
                rule: "expiry",
              };
            return undefined;
          }
          // the spec's own validator must agree the generated body is valid
          const issues = ctx.spec.validateRequestBody(op.operationId, c.body);
          if (issues.length > 0)
            throw new Error(`contract-tests generator bug: generated an invalid body (${formatIssues(issues)})`);
          const x = await ctx.call(op, {
            label: `${op.operationId} ${JSON.stringify(c.body).slice(0, 120)}`,
            body: c.body,
          });
          if (x.response?.status !== 200)
            return {
              message: `${x.label}: a valid request got ${x.response?.status ?? x.error}, expected 200`,
              at: responsePointer(op, 200),
              exchange: x,
              rule: "status",
            };
          const broken = responseIssues(ctx, x);
          if (broken) return broken;
          const json = x.response.json as Record<string, unknown>;
          if (json[outcome.success] !== true)
            return {
              message: `${x.label}: ${outcome.success} is ${JSON.stringify(json[outcome.success])}`,
              at: outcome.at,
              exchange: x,
              rule: "success",
            };
          const sent = c.body[room.roomId];
          const roomId = (json[outcome.data] as Record<string, unknown> | undefined)?.[room.roomId];
          if (typeof sent === "string" ? roomId !== sent : !isCreatedRoomId(ctx, roomId)) {
            return {
              message: `${x.label}: data.${room.roomId} is ${JSON.stringify(roomId)}, expected ${typeof sent === "string" ? JSON.stringify(sent) : `a created room's id (format ${room.createdFormat})`}`,
              at: `${room.at}/roomId`,
              exchange: x,
              rule: "room-echo",
            };
          }
          return undefined;
        });
      },
    },
    {
      id: "property.invalid-requests",
      title: `Requests with one rule broken, generated from the schemas (--cases of them), get the documented ${[...new Set([validation(op).value, validation(tokenOp).value])].join(" or ")} naming the field`,
      specLocations: [
        op.bodySchemaAt!,
        tokenOp.bodySchemaAt!,
        `${expire.at}/schema`,
        ...new Set([validation(op).at, validation(tokenOp).at]),
      ],
      phase: "requests",
      async run(ctx) {
        await ctx.state.sharedToken(ctx);
        const creds = ctx.rules.credentialsBody(ctx.options.appKey, ctx.options.appSecret);
        type Case = { kind: "body"; operationId: string; mutation: Mutation } | { kind: "header"; value: string };
        const headerValue = fc
          .oneof(
            fc.integer({ max: (lifetime.minimum ?? 1) - 1, min: -1e9 }).map(String),
            fc.integer({ min: (lifetime.maximum ?? 2 ** 30) + 1, max: 2 ** 31 }).map(String),
            fc
              .double({
                noNaN: true,
                noDefaultInfinity: true,
                min: lifetime.minimum ?? 1,
                max: lifetime.maximum ?? 2 ** 30,
              })
              .filter((d) => !Number.isInteger(d))
              .map(String),
            fc.string({ minLength: 1, maxLength: 12, unit: "grapheme-ascii" }),
          )
          .map((s) => s.trim())
          .filter(
            (s) =>
              s.length > 0 && ctx.spec.validateRequestHeaders(tokenOp.operationId, { [expire.name]: s }).length > 0,
          );
        const arb: fc.Arbitrary<Case> = fc.oneof(
          {
            weight: 3,
            arbitrary: mutationArbitrary(ctx.spec, op.bodySchema!).map((mutation) => ({
              kind: "body" as const,
              operationId: op.operationId,
              mutation,
            })),
          },
          {
            weight: 1,
            arbitrary: mutationArbitrary(ctx.spec, tokenOp.bodySchema!, fc.constant(creds)).map((mutation) => ({
              kind: "body" as const,
              operationId: tokenOp.operationId,
              mutation,
            })),
          },
          { weight: 1, arbitrary: headerValue.map((value) => ({ kind: "header" as const, value })) },
        );
        await runProperty(ctx, arb, async (c) => {
          if (c.kind === "header") {
            const x = await ctx.call(tokenOp, {
              label: `${tokenOp.operationId} with ${expire.name}: ${JSON.stringify(c.value)}`,
              body: creds,
              headers: { [expire.name]: c.value },
            });
            const want = validation(tokenOp);
            if (x.response?.status !== want.value)
              return {
                message: `${x.label}: expected ${want.value}, got ${x.response?.status ?? x.error}`,
                at: want.at,
                exchange: x,
                rule: "status",
              };
            return responseIssues(ctx, x);
          }
          const target = ctx.spec.operation(c.operationId);
          if (ctx.spec.validateRequestBody(target.operationId, c.mutation.body).length === 0) return undefined; // not invalid after all: nothing to expect
          const x = await ctx.call(target, {
            label: `${target.operationId}: ${c.mutation.description}`,
            body: c.mutation.body,
          });
          const want = validation(target);
          if (x.response?.status !== want.value) {
            // breaking a vendor fact, the request must not succeed whatever the status; the status is this spec's
            const vendor = ctx.spec
              .requestBodyViolations(target.operationId, c.mutation.body)
              .find((v) => provenanceAt(ctx.spec, v.at) === "vendor");
            if (vendor && succeeded(ctx.spec, x))
              return {
                message: `${x.label}: the request breaks ${vendor.at} but succeeded (${x.response?.status})`,
                at: vendor.at,
                exchange: x,
                rule: "invalid-accepted",
              };
            return {
              message: `${x.label}: expected ${want.value}, got ${x.response?.status ?? x.error}`,
              at: want.at,
              exchange: x,
              rule: "status",
            };
          }
          const broken = responseIssues(ctx, x);
          if (broken) return broken;
          if (c.mutation.field && ctx.rules.namesField.value && !namesFieldIn(x, c.mutation.field)) {
            return {
              message: `${x.label}: the ${want.value} answer does not name ${c.mutation.field}`,
              at: ctx.rules.namesField.at,
              exchange: x,
              rule: "error-names-field",
            };
          }
          return undefined;
        });
      },
    },
  ];
}
