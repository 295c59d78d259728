// Rules every response must keep, whatever the request: checked over every exchange the
// run made (each failure names the check and case whose request showed it). Each rule is
// judged one exchange at a time by judge.ts, which `--replay` uses too.
import type { CheckContext } from "../context.js";
import { judgeAnswer, writeOnlyPointers, type Answered, type ResponseRule } from "../judge.js";
import type { SuiteRules } from "../rules.js";
import { operationPointer, pointer, type Operation } from "../spec.js";
import type { CheckDefinition } from "./check.js";


function answered(ctx: CheckContext, all: boolean): Array<{ x: Answered; op: Operation | undefined }> {
  const out: Array<{ x: Answered; op: Operation | undefined }> = [];
  for (const x of ctx.state.exchanges) {
    if (!x.response || (!all && !x.operationId)) continue;
    out.push({ x: x as Answered, op: x.operationId ? ctx.spec.operation(x.operationId) : undefined });
  }
  return out;
}

function ruleCheck(id: ResponseRule, title: string, specLocations: string[], all = false, counts: (x: Answered, op: Operation | undefined, ctx: CheckContext) => boolean = () => true): CheckDefinition {
  return {
    id: `response.${id}`,
    title,
    specLocations,
    phase: "responses",
    async run(ctx) {
      const secrets = id === "secret-not-echoed" ? [...ctx.state.sentSecrets].filter((s) => s.length >= 6) : [];
      for (const { x, op } of answered(ctx, all)) {
        if (!counts(x, op, ctx)) continue;
        ctx.cases++;
        for (const problem of judgeAnswer(ctx.spec, x, op, id, secrets)) ctx.fail(problem.message, problem.at, x, undefined, [{ type: "response", rule: id }]);
      }
    },
  };
}

export function responseChecks(suite: SuiteRules): CheckDefinition[] {
  const ops = suite.operations;
  const documented = (ctx: CheckContext, x: Answered, op: Operation | undefined) => op !== undefined && ctx.spec.documentedResponse(op.operationId, x.response.status);
  return [
    ruleCheck("status-documented", "Every response's status is documented for its operation", ops.map((op) => operationPointer(op, "responses"))),
    // each failure names the exact status's schema; the check covers every documented response
    ruleCheck("schema", "Every JSON body validates against the schema documented for its status", ops.map((op) => operationPointer(op, "responses")), false, (x, op, ctx) => Boolean(documented(ctx, x, op) && ctx.spec.documentedResponse(op!.operationId, x.response.status)?.schema)),
    ruleCheck("content-type", "Content-Type is application/json wherever the spec documents a JSON body", ops.map((op) => operationPointer(op, "responses")), false, (x, op, ctx) => (ctx.spec.documentedResponse(op!.operationId, x.response.status)?.mediaTypes.length ?? 0) > 0),
    ruleCheck("error-code", `Every error body's errorCode is the HTTP status times ${suite.errorCode.value}`, [suite.errorCode.at], false, (x) => x.response.status >= 400 && x.response.isJson && typeof (x.response.json as { errorCode?: unknown } | null)?.errorCode === "number"),
    ruleCheck("headers", "Documented response headers, when sent, match their schemas (X-Request-Id, Retry-After)", [...ops.map((op) => operationPointer(op, "responses")), pointer("components", "headers")], false, (x, op, ctx) => (ctx.spec.documentedResponse(op!.operationId, x.response.status)?.headers.length ?? 0) > 0),
    ruleCheck("no-5xx", "No input, however bad, gets a 5xx (an injected fault aside)", ops.map((op) => `${op.at}/x-cobrowse-check-order`), true, (x) => !x.injected),
    ruleCheck("secret-not-echoed", "The app secret (writeOnly) never comes back in any response header or body", writeOnlyPointers(suite.spec), true),
  ];
}
