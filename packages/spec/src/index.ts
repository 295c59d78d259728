export { document } from "./generated/document.js";
export type * from "./document-types.js";
export { SpecValidator, formatIssues, resolvePointer } from "./validator.js";
export type { Issue, Operation, ResolvedHeader, ResolvedResponse, SecurityHeader } from "./validator.js";

import { document } from "./generated/document.js";
import { SpecValidator } from "./validator.js";

let shared: SpecValidator | undefined;

/** The validator for this package's spec, compiled on first use and shared after. */
export function specValidator(): SpecValidator {
  shared ??= new SpecValidator(document);
  return shared;
}
