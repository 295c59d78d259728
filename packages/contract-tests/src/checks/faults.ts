// Documented statuses no request can cause (429, 500 and 503; a 404 of an operation with no
// tenant space): injected through a sandbox's fault control (the reference mock's
// /__mock/faults), so that their answers are checked like every other one by the response
// rules (schema, Content-Type, errorCode, headers such as Retry-After). The fault control speaks
// the reference mock's protocol: a Bearer control token, and a scope (X-Mock-Scope) that the
// fault and the requests it should catch both name, so a shared sandbox's other callers never
// meet this run's faults.
import type { CheckContext } from "../context.js";
import { send } from "../http.js";
import type { SuiteRules } from "../rules.js";
import { documentedStatuses, type Operation, responsePointer } from "../spec.js";
import type { CheckDefinition } from "./check.js";
import { validBase } from "./support/requests.js";

/** The header naming the caller's scope at the reference mock's fault control. */
export const FAULT_SCOPE_HEADER = "X-Mock-Scope";

/** The documented statuses of an operation that none of its checks answers (nor a success). */
export function uncausedStatuses(op: Operation): number[] {
  const caused = new Set<number>([200]);
  for (const check of op.checkOrder) {
    caused.add(check.status);
    for (const s of check.securityChecks) caused.add(s.status);
  }
  return documentedStatuses(op).filter((status) => !caused.has(status) && status >= 400);
}

export function faultChecks(suite: SuiteRules): CheckDefinition[] {
  const statuses = suite.operations
    .map((op) => `${op.operationId}: ${uncausedStatuses(op).join(", ") || "none"}`)
    .join("; ");
  return [
    {
      id: "fault.uncaused-statuses",
      title: `Each documented status no request can cause (${statuses}), injected through --fault-control, is answered as documented (the response rules judge it)`,
      specLocations: suite.operations.flatMap((op) =>
        uncausedStatuses(op).map((status) => responsePointer(op, status)),
      ),
      stateful: "needs a server that injects faults (a sandbox's fault control)",
      needs: (o) =>
        o.faultControl
          ? undefined
          : "no --fault-control: the target injects no faults (the embedded mock's /__mock/faults does)",
      phase: "requests",
      async run(ctx) {
        for (const op of ctx.rules.operations) {
          for (const status of uncausedStatuses(op)) {
            ctx.cases++;
            await inject(ctx, op, status);
            const x = await ctx.call(op, {
              label: `${op.operationId} with a ${status} injected`,
              body: validBase(ctx, op),
              noRetry: true,
              injected: true,
              headers: { [FAULT_SCOPE_HEADER]: ctx.options.faultScope },
            });
            ctx.expectStatus(x, status, responsePointer(op, status), "the fault injected", []);
          }
        }
      },
    },
  ];
}

/** Queues one fault for the operation at the fault control. */
async function inject(ctx: CheckContext, op: Operation, status: number): Promise<void> {
  const url = new URL(ctx.options.faultControl!);
  await ctx.politely();
  const res = await send(
    url.origin,
    {
      method: "POST",
      path: `${url.pathname}${url.search}`,
      headers: {
        "Content-Type": "application/json",
        Accept: "application/json",
        [FAULT_SCOPE_HEADER]: ctx.options.faultScope,
        ...ctx.caseHeaders(`inject ${status} for ${op.operationId}`),
        ...(ctx.options.faultControlToken ? { Authorization: `Bearer ${ctx.options.faultControlToken}` } : {}),
      },
      body: JSON.stringify({ count: 1, status, operationId: op.operationId }),
    },
    ctx.options.timeoutMs,
  ).catch((error: Error) => error);
  if (res instanceof Error || res.status < 200 || res.status > 299) {
    const why = ctx.state.redactor.text(
      res instanceof Error ? res.message : `status ${res.status}: ${res.text.slice(0, 200)}`,
    );
    throw new Error(`the fault control ${ctx.options.faultControl} did not take a fault (${why})`);
  }
}
