import { inspect } from "node:util";

/**
 * Every way an error or a client can be turned into text: String, message, stack, a deep
 * inspect (hidden properties and getters too), JSON with and without own property names, a
 * structured clone, and the same for each error of its cause chain.
 */
export function renderings(value: unknown): string[] {
  let cloned: unknown;
  try {
    cloned = structuredClone(value);
  } catch (e) {
    cloned = e;
  }
  const parts = [
    String(value),
    (value as Error).message ?? "",
    (value as Error).stack ?? "",
    inspect(value, { depth: Infinity, showHidden: true, getters: true }),
    JSON.stringify(value) ?? "",
    JSON.stringify(value, Object.getOwnPropertyNames(value)) ?? "",
    inspect(cloned, { depth: Infinity, showHidden: true }),
  ];
  for (let cause: unknown = (value as Error)?.cause; cause; cause = (cause as Error).cause)
    parts.push(String(cause), (cause as Error).message ?? "", (cause as Error).stack ?? "");
  return parts;
}
