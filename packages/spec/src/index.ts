export type * from "./document-types.js";
export { document } from "./generated/document.js";
export type { EvaluatedLink, LinkContext, ResolvedLink } from "./links.js";
export { evaluateExpression, evaluateLink, evaluateLinkValue } from "./links.js";
export type {
  Example,
  FailureKind,
  Operation,
  OperationCheck,
  ResolvedHeader,
  ResolvedResponse,
  SecurityCheck,
  SecurityHeader,
} from "./operations.js";
export { FAILURE_KINDS } from "./operations.js";
export {
  deref,
  escapeSegment,
  isReference,
  locationOf,
  pointer,
  resolvePointer,
  segmentsOf,
  unescapeSegment,
} from "./pointer.js";
export type { Provenance, ProvenanceKind } from "./provenance.js";
export { PROVENANCE_KINDS, ProvenanceMap } from "./provenance.js";
export type {
  CheckRule,
  ClientHeadersRule,
  OutcomeRule,
  RequestIdRule,
  RoomRule,
  SpecRules,
  TokenSource,
  WebSocketRule,
} from "./rules.js";
export { readRules } from "./rules.js";
export type { Issue, ResolvedTokenSource, Violation } from "./validator.js";
export { formatIssues, SpecValidator } from "./validator.js";

import { document } from "./generated/document.js";
import { SpecValidator } from "./validator.js";

let shared: SpecValidator | undefined;

/** The validator for this package's spec, compiled on first use and shared after. */
export function specValidator(): SpecValidator {
  shared ??= new SpecValidator(document);
  return shared;
}
