import { authChecks } from "./auth.js";
import { bodyChecks } from "./body.js";
import type { CheckDefinition } from "./check.js";
import { flowChecks } from "./flow.js";
import { propertyChecks } from "./property.js";
import { requestChecks } from "./request.js";
import { responseChecks } from "./response.js";

export type { CheckDefinition } from "./check.js";

let registry: CheckDefinition[] | undefined;

/** Every check of the suite, in run order (the response rules last: they read every exchange). */
export function allChecks(): CheckDefinition[] {
  registry ??= [...flowChecks(), ...authChecks(), ...bodyChecks(), ...requestChecks(), ...propertyChecks(), ...responseChecks()];
  const seen = new Set<string>();
  for (const check of registry) {
    if (seen.has(check.id)) throw new Error(`contract-tests: duplicate check id ${check.id}`);
    seen.add(check.id);
  }
  return registry;
}

/** Whether an id matches a selector: the id itself, or a prefix ending in `.` (`body.`). */
export function matches(id: string, selector: string): boolean {
  return selector.endsWith(".") ? id.startsWith(selector) : id === selector;
}

/** The checks an --only/--skip selection keeps; unknown selectors are an error naming the known ids. */
export function selectChecks(only: string[] = [], skip: string[] = []): CheckDefinition[] {
  const checks = allChecks();
  for (const selector of [...only, ...skip]) {
    if (!checks.some((c) => matches(c.id, selector))) {
      throw new Error(`unknown check id "${selector}"; known ids: ${checks.map((c) => c.id).join(", ")} (a prefix ending in "." selects a group, e.g. "body.")`);
    }
  }
  return checks.filter((c) => (only.length === 0 || only.some((s) => matches(c.id, s))) && !skip.some((s) => matches(c.id, s)));
}
