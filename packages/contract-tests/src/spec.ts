// Access to the spec: every expectation of the suite is read from here, through
// `@cec-cobrowse/spec` (the spec as a module and validators compiled from it).
import { specValidator, type JsonSchema, type Operation, type SpecValidator } from "@cec-cobrowse/spec";

export type { JsonSchema, Operation, SpecValidator };

export function spec(): SpecValidator {
  return specValidator();
}

/** Escapes one JSON pointer segment (RFC 6901). */
export function escapeSegment(segment: string): string {
  return segment.replace(/~/g, "~0").replace(/\//g, "~1");
}

/** A JSON pointer (as a URI fragment) into the spec: `#/paths/~1a~1b/post/responses/401`. */
export function pointer(...segments: Array<string | number>): string {
  return "#/" + segments.map((s) => escapeSegment(String(s))).join("/");
}

/** Pointer to an operation: `#/paths/<path>/<method>`. */
export function operationPointer(op: Operation, ...rest: Array<string | number>): string {
  return pointer("paths", op.path, op.method.toLowerCase(), ...rest);
}

/** Pointer to one documented response of an operation. */
export function responsePointer(op: Operation, status: number | string): string {
  return operationPointer(op, "responses", String(status));
}

/** Reads the node a `#/...` pointer (or a validator-rebased `urn:...#/...` ref) names in the spec. */
export function resolve<T = unknown>(ref: string): T {
  const hash = ref.indexOf("#");
  const fragment = hash >= 0 ? ref.slice(hash + 1) : ref;
  let node: unknown = spec().document;
  for (const raw of fragment.replace(/^\//, "").split("/")) {
    if (raw === "") continue;
    const key = raw.replace(/~1/g, "/").replace(/~0/g, "~");
    node = (node as Record<string, unknown> | undefined)?.[key];
    if (node === undefined) throw new Error(`the spec has nothing at ${ref}`);
  }
  return node as T;
}

/** A schema with its top-level `$ref` chain followed (nested refs stay; see `deref`). */
export function deref(schema: JsonSchema): JsonSchema {
  let current = schema;
  for (let i = 0; i < 32 && typeof current.$ref === "string"; i++) current = resolve<JsonSchema>(current.$ref);
  return current;
}

/** Where in the spec an operation's request body schema lives (following `$ref`s for the pointer). */
export function bodySchemaPointer(op: Operation): string {
  const ref = op.bodySchema?.$ref;
  if (typeof ref === "string") return "#" + ref.slice(ref.indexOf("#") + 1);
  return operationPointer(op, "requestBody", "content", "application/json", "schema");
}

/** The operations in the spec, in document order. */
export function operations(): Operation[] {
  return [...spec().operations.values()];
}

/** The media types an operation's request body may be sent as. */
export function requestMediaTypes(op: Operation): string[] {
  const body = op.raw.requestBody;
  if (!body) return [];
  const resolved = "$ref" in body ? resolve<{ content: Record<string, unknown> }>(body.$ref) : body;
  return Object.keys(resolved.content);
}

/** The media types a documented response of an operation has. */
export function responseMediaTypes(op: Operation, status: string): string[] {
  const raw = op.raw.responses[status];
  if (!raw) return [];
  const resolved = "$ref" in raw ? resolve<{ content?: Record<string, unknown> }>(raw.$ref) : raw;
  return Object.keys(resolved.content ?? {});
}

/** The documented statuses of an operation, as numbers (`4XX`-style ranges are skipped). */
export function documentedStatuses(op: Operation): number[] {
  return [...op.responses.keys()].filter((s) => /^\d{3}$/.test(s)).map(Number);
}
