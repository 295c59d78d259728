// Routing: the spec module's matcher (`SpecValidator.match`) finds the operation of a method and
// path, the same matcher the tests and every other server of ours use; what it finds no operation
// for is answered here: an unknown path (404, naming the operations) or a wrong method (the
// status of the spec's `method` check, with `Allow`).
import type { Operation, SpecValidator } from "@cec-cobrowse/spec";
import type { Exchange, Responder } from "./http/respond.js";

/** The operation `x` is for, or undefined once `x` is answered with why there is none. */
export type Route = (x: Exchange, path: string) => Operation | undefined;

/** The router of `spec`; throws at startup when an operation of the spec has no handler in `handlers`. */
export function router(spec: SpecValidator, respond: Responder, handlers: Record<string, unknown>): Route {
  const operations = [...spec.operations.values()];
  for (const op of operations) {
    if (!(op.operationId in handlers))
      throw new Error(`the spec's operation ${op.operationId} has no handler in the mock`);
  }
  const known = operations.map((o) => `${o.method} ${o.path}`).join(" and ");
  const methodCheck = spec.rules.checks.get("method");
  return (x, path) => {
    const found = spec.match(x.req.method ?? "", path);
    if ("operation" in found) return found.operation;
    if (found.status === 404) {
      respond.fail(x, {
        status: 404,
        reason: `path ${JSON.stringify(path.slice(0, 200))}: not found; the operations are ${known}`,
      });
      return undefined;
    }
    const allow = found.allow.join(", ");
    respond.fail(x, {
      status: methodCheck?.status ?? found.status,
      reason: `method ${x.req.method}: not allowed on ${path}; use ${allow}`,
      headers: { Allow: allow },
    });
    return undefined;
  };
}
