// Pointers into the spec for the suite's reports. Everything the suite expects is read from a
// SpecValidator of `@cec-cobrowse/spec` (the shipped spec, or the one a run is given); this
// module only spells locations, with that package's pointer helpers.
import { escapeSegment, type JsonSchema, type Operation, pointer, type SpecValidator } from "@cec-cobrowse/spec";

export type { JsonSchema, Operation, SpecValidator };
export { pointer };

/** Pointer into an operation: `#/paths/<path>/<method>/...rest`. */
export function operationPointer(op: Operation, ...rest: Array<string | number>): string {
  return [op.at, ...rest.map(escapeSegment)].join("/");
}

/** Pointer to one documented response of an operation (where it is defined, following `$ref`). */
export function responsePointer(op: Operation, status: number | string): string {
  return op.responses.get(String(status))?.at ?? operationPointer(op, "responses", String(status));
}

/** The documented statuses of an operation, as numbers (`4XX`-style ranges are skipped). */
export function documentedStatuses(op: Operation): number[] {
  return [...op.responses.keys()].filter((s) => /^\d{3}$/.test(s)).map(Number);
}
