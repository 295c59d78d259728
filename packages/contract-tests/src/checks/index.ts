import { type SpecValidator, specValidator } from "@cec-cobrowse/spec";
import { SuiteRules } from "../rules.js";
import { authChecks } from "./auth.js";
import { bodyChecks } from "./body.js";
import type { CheckDefinition } from "./check.js";
import { faultChecks } from "./faults.js";
import { flowChecks } from "./flow.js";
import { orderChecks } from "./order.js";
import { propertyChecks } from "./property.js";
import { requestChecks } from "./request.js";
import { responseChecks } from "./response.js";
import { tokenIssueChecks, tokenRefusalChecks } from "./token.js";
import { websocketChecks } from "./websocket.js";

export type { CheckDefinition } from "./check.js";

const registry = new WeakMap<SpecValidator, CheckDefinition[]>();

/** Every check of the suite for a spec (default: the shipped one), in run order (the response rules last: they read every exchange). */
export function allChecks(spec: SpecValidator = specValidator()): CheckDefinition[] {
  let checks = registry.get(spec);
  if (checks) return checks;
  const rules = SuiteRules.of(spec);
  // the token is issued before the flow spends it, and refused after
  checks = [
    ...tokenIssueChecks(rules),
    ...flowChecks(rules),
    ...tokenRefusalChecks(rules),
    ...authChecks(rules),
    ...bodyChecks(rules),
    ...requestChecks(rules),
    ...orderChecks(rules),
    ...propertyChecks(rules),
    ...faultChecks(rules),
    ...websocketChecks(rules),
    ...responseChecks(rules),
  ];
  const seen = new Set<string>();
  for (const check of checks) {
    if (seen.has(check.id)) throw new Error(`contract-tests: duplicate check id ${check.id}`);
    seen.add(check.id);
  }
  registry.set(spec, checks);
  return checks;
}

/** Whether an id matches a selector: the id itself, or a prefix ending in `.` (`body.`). */
export function matches(id: string, selector: string): boolean {
  return selector.endsWith(".") ? id.startsWith(selector) : id === selector;
}

/** The checks an --only/--skip selection keeps; unknown selectors are an error naming the known ids. */
export function selectChecks(only: string[] = [], skip: string[] = [], spec?: SpecValidator): CheckDefinition[] {
  const checks = allChecks(spec);
  for (const selector of [...only, ...skip]) {
    if (!checks.some((c) => matches(c.id, selector))) {
      throw new Error(
        `unknown check id "${selector}"; known ids: ${checks.map((c) => c.id).join(", ")} (a prefix ending in "." selects a group, e.g. "body.")`,
      );
    }
  }
  return checks.filter(
    (c) => (only.length === 0 || only.some((s) => matches(c.id, s))) && !skip.some((s) => matches(c.id, s)),
  );
}
