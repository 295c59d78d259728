// Rules every response must keep, whatever the request: checked over every exchange the
// run made (each failure names the check and case whose request showed it). Each rule is
// judged one exchange at a time by judge.ts, which `--replay` uses too.
import type { CheckContext } from "../context.js";
import {
  type Answered,
  judgeAnswer,
  type ResponseRule,
  type ResponseRuleDefinition,
  responseRuleDefinitions,
} from "../judge.js";
import type { SuiteRules } from "../rules.js";
import type { Operation } from "../spec.js";
import type { CheckDefinition } from "./check.js";

function answered(ctx: CheckContext, all: boolean): Array<{ x: Answered; op: Operation | undefined }> {
  const out: Array<{ x: Answered; op: Operation | undefined }> = [];
  for (const x of ctx.state.exchanges) {
    if (!x.response || (!all && !x.operationId)) continue;
    out.push({ x: x as Answered, op: x.operationId ? ctx.spec.operation(x.operationId) : undefined });
  }
  return out;
}

function ruleCheck(
  id: ResponseRule,
  definitions: Record<ResponseRule, ResponseRuleDefinition>,
  all = false,
  counts: (x: Answered, op: Operation | undefined, ctx: CheckContext) => boolean = () => true,
): CheckDefinition {
  const { title, specLocations } = definitions[id];
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
        for (const problem of judgeAnswer(ctx.spec, x, op, id, secrets))
          ctx.fail(problem.message, problem.at, x, undefined, [{ type: "response", rule: id }]);
      }
    },
  };
}

export function responseChecks(suite: SuiteRules): CheckDefinition[] {
  const definitions = responseRuleDefinitions(suite);
  const documented = (ctx: CheckContext, x: Answered, op: Operation | undefined) =>
    op !== undefined && ctx.spec.documentedResponse(op.operationId, x.response.status);
  return [
    ruleCheck("status-documented", definitions),
    // each failure names the exact status's schema; the check covers every documented response
    ruleCheck("schema", definitions, false, (x, op, ctx) =>
      Boolean(documented(ctx, x, op) && ctx.spec.documentedResponse(op!.operationId, x.response.status)?.schema),
    ),
    ruleCheck(
      "content-type",
      definitions,
      false,
      (x, op, ctx) => (ctx.spec.documentedResponse(op!.operationId, x.response.status)?.mediaTypes.length ?? 0) > 0,
    ),
    ruleCheck(
      "error-code",
      definitions,
      false,
      (x) =>
        x.response.status >= 400 &&
        x.response.isJson &&
        typeof (x.response.json as { errorCode?: unknown } | null)?.errorCode === "number",
    ),
    ruleCheck(
      "headers",
      definitions,
      false,
      (x, op, ctx) => (ctx.spec.documentedResponse(op!.operationId, x.response.status)?.headers.length ?? 0) > 0,
    ),
    ruleCheck("no-5xx", definitions, true, (x) => !x.injected),
    ruleCheck("secret-not-echoed", definitions, true),
  ];
}
