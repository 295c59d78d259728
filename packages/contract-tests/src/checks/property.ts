// Property-based checks: requests generated from the spec's schemas with fast-check.
// Valid ones must get 200 and a schema-valid answer; one-rule-broken ones must get the
// documented 400. Seeded per check from the run's seed, so a failure replays exactly.
import { formatIssues } from "@cec-cobrowse/spec";
import fc from "fast-check";
import { tokenOperation, type CheckContext } from "../context.js";
import type { Exchange } from "../http.js";
import { mutationArbitrary, validArbitrary, type Mutation } from "../generate.js";
import { PROSE } from "../rules.js";
import { bodySchemaPointer, operationPointer, pointer, spec } from "../spec.js";
import type { CheckDefinition } from "./check.js";
import { connectionOp, namesField, UUID } from "./util.js";

interface Broken {
  message: string;
  at: string;
  exchange: Exchange;
  rule: string;
}

/** Runs a fast-check property whose runs report a broken promise (or undefined). */
async function runProperty<T>(ctx: CheckContext, arb: fc.Arbitrary<T>, probe: (value: T) => Promise<Broken | undefined>): Promise<void> {
  let last: Broken | undefined;
  const details = await fc.check(
    fc.asyncProperty(arb, async (value) => {
      ctx.cases++;
      const broken = await probe(value);
      if (broken) last = broken;
      return broken === undefined;
    }),
    { seed: ctx.seed, numRuns: ctx.options.cases },
  );
  if (details.failed) {
    if (last) {
      ctx.fail(`${last.message} (counterexample after ${details.numRuns} runs and ${details.numShrinks} shrinks; fast-check seed ${details.seed}, path ${details.counterexamplePath ?? "-"})`, last.at, last.exchange, last.rule);
    } else {
      ctx.fail(`property failed: ${String(details.errorInstance ?? "unknown error")}`, "#/paths");
    }
  }
}

function responseIssues(x: Exchange): Broken | undefined {
  if (!x.response || !x.operationId) return undefined;
  const issues = spec().validateResponse(x.operationId, x.response.status, x.response.json);
  if (issues.length === 0) return undefined;
  const op = spec().operation(x.operationId);
  return { message: `${x.label}: the ${x.response.status} answer breaks its schema: ${formatIssues(issues)}`, at: operationPointer(op, "responses", String(x.response.status)), exchange: x, rule: "response.schema" };
}

export function propertyChecks(): CheckDefinition[] {
  const tokenOp = tokenOperation();
  const op = connectionOp();
  const expire = tokenOp.headers.find((h) => h.name.toLowerCase() === "x-token-expire")!;
  return [
    {
      id: "property.valid-requests",
      title: "Valid requests generated from the schemas (--cases of them) get 200 and a schema-valid, successful answer",
      specLocations: [bodySchemaPointer(op), operationPointer(op, "responses", "200"), pointer("components", "parameters", "TokenExpire", "schema"), operationPointer(tokenOp, "responses", "200")],
      phase: "requests",
      async run(ctx) {
        await ctx.state.sharedToken(ctx);
        type Case = { kind: "token"; expire: number | undefined } | { kind: "connect"; body: Record<string, unknown> };
        const arb: fc.Arbitrary<Case> = fc.oneof(
          { weight: 1, arbitrary: fc.option(validArbitrary(expire.schema) as fc.Arbitrary<number>, { nil: undefined }).map((e) => ({ kind: "token" as const, expire: e })) },
          { weight: 3, arbitrary: (validArbitrary(op.bodySchema!) as fc.Arbitrary<Record<string, unknown>>).map((body) => ({ kind: "connect" as const, body })) },
        );
        await runProperty(ctx, arb, async (c) => {
          if (c.kind === "token") {
            const headers: Record<string, string> = {};
            if (c.expire !== undefined) headers[expire.name] = String(c.expire);
            const x = await ctx.call(tokenOp, { label: `tokenByAkSk${c.expire !== undefined ? ` with ${expire.name}: ${c.expire}` : ""}`, body: { app_key: ctx.options.appKey, app_secret: ctx.options.appSecret }, headers });
            if (x.response?.status !== 200) return { message: `${x.label}: expected 200, got ${x.response?.status ?? x.error}`, at: operationPointer(tokenOp, "responses", "200"), exchange: x, rule: "status" };
            const broken = responseIssues(x);
            if (broken) return broken;
            const want = String(c.expire ?? expire.schema.default);
            const got = (x.response.json as { Expires?: unknown }).Expires;
            if (got !== want) return { message: `${x.label}: Expires is ${JSON.stringify(got)}, expected "${want}"`, at: PROSE.tokenLifetime.at, exchange: x, rule: "expiry" };
            return undefined;
          }
          // the spec's own validator must agree the generated body is valid
          const issues = spec().validateRequestBody(op.operationId, c.body);
          if (issues.length > 0) throw new Error(`contract-tests generator bug: generated an invalid body (${formatIssues(issues)})`);
          const x = await ctx.call(op, { label: `getConnectionInfo ${JSON.stringify(c.body).slice(0, 120)}`, body: c.body });
          if (x.response?.status !== 200) return { message: `${x.label}: a valid request got ${x.response?.status ?? x.error}, expected 200`, at: operationPointer(op, "responses", "200"), exchange: x, rule: "status" };
          const broken = responseIssues(x);
          if (broken) return broken;
          const json = x.response.json as { success?: unknown; data?: { roomId?: unknown } };
          if (json.success !== true) return { message: `${x.label}: success is ${JSON.stringify(json.success)}`, at: PROSE.successShape.at, exchange: x, rule: "success" };
          const roomId = json.data?.roomId;
          if (typeof c.body.roomId === "string" ? roomId !== c.body.roomId : typeof roomId !== "string" || !UUID.test(roomId)) {
            return { message: `${x.label}: data.roomId is ${JSON.stringify(roomId)}, expected ${typeof c.body.roomId === "string" ? JSON.stringify(c.body.roomId) : "a created room's UUID"}`, at: PROSE.roomEchoed.at, exchange: x, rule: "room-echo" };
          }
          return undefined;
        });
      },
    },
    {
      id: "property.invalid-requests",
      title: "Requests with one rule broken, generated from the schemas (--cases of them), get the documented 400 naming the field",
      specLocations: [bodySchemaPointer(op), bodySchemaPointer(tokenOp), pointer("components", "parameters", "TokenExpire", "schema"), PROSE.badBody.at, PROSE.headerOutOfRange.at],
      phase: "requests",
      async run(ctx) {
        await ctx.state.sharedToken(ctx);
        const creds = { app_key: ctx.options.appKey, app_secret: ctx.options.appSecret };
        type Case = { kind: "body"; operationId: string; mutation: Mutation } | { kind: "header"; value: string };
        const headerValue = fc
          .oneof(
            fc.integer({ max: ((expire.schema.minimum as number | undefined) ?? 1) - 1, min: -1e9 }).map(String),
            fc.integer({ min: ((expire.schema.maximum as number | undefined) ?? 86400) + 1, max: 2 ** 31 }).map(String),
            fc.double({ noNaN: true, noDefaultInfinity: true, min: 1, max: 86400 }).filter((d) => !Number.isInteger(d)).map(String),
            fc.string({ minLength: 1, maxLength: 12, unit: "grapheme-ascii" }),
          )
          .map((s) => s.trim())
          .filter((s) => s.length > 0 && spec().validateRequestHeaders(tokenOp.operationId, { [expire.name]: s }).length > 0);
        const arb: fc.Arbitrary<Case> = fc.oneof(
          { weight: 3, arbitrary: mutationArbitrary(op.bodySchema!).map((mutation) => ({ kind: "body" as const, operationId: op.operationId, mutation })) },
          { weight: 1, arbitrary: mutationArbitrary(tokenOp.bodySchema!, fc.constant(creds)).map((mutation) => ({ kind: "body" as const, operationId: tokenOp.operationId, mutation })) },
          { weight: 1, arbitrary: headerValue.map((value) => ({ kind: "header" as const, value })) },
        );
        await runProperty(ctx, arb, async (c) => {
          if (c.kind === "header") {
            const x = await ctx.call(tokenOp, { label: `tokenByAkSk with ${expire.name}: ${JSON.stringify(c.value)}`, body: creds, headers: { [expire.name]: c.value } });
            if (x.response?.status === 200) {
              const token = (x.response.json as { AccessToken?: unknown })?.AccessToken;
              if (typeof token === "string") ctx.state.redactor.add(token);
            }
            if (x.response?.status !== PROSE.headerOutOfRange.value) return { message: `${x.label}: expected ${PROSE.headerOutOfRange.value}, got ${x.response?.status ?? x.error}`, at: PROSE.headerOutOfRange.at, exchange: x, rule: "status" };
            return responseIssues(x);
          }
          const target = spec().operation(c.operationId);
          if (spec().validateRequestBody(target.operationId, c.mutation.body).length === 0) return undefined; // not invalid after all: nothing to expect
          const x = await ctx.call(target, { label: `${target.operationId}: ${c.mutation.description}`, body: c.mutation.body });
          if (x.response?.status !== PROSE.badBody.value) return { message: `${x.label}: expected ${PROSE.badBody.value}, got ${x.response?.status ?? x.error}`, at: PROSE.badBody.at, exchange: x, rule: "status" };
          const broken = responseIssues(x);
          if (broken) return broken;
          if (c.mutation.field && !namesField(x, c.mutation.field)) return { message: `${x.label}: the 400 answer does not name ${c.mutation.field}`, at: PROSE.reasonNamesField.at, exchange: x, rule: "error-names-field" };
          return undefined;
        });
      },
    },
  ];
}
