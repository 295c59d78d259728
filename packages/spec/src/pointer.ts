// JSON pointers (RFC 6901) into an OpenAPI document, and `$ref` resolution: the one copy of
// this machinery in the project; every package that points into the spec uses these.
import type { OpenApiDocument, Reference } from "./document-types.js";

/** Escapes one JSON pointer segment: `~` → `~0`, `/` → `~1`. */
export function escapeSegment(segment: string | number): string {
  return String(segment).replace(/~/g, "~0").replace(/\//g, "~1");
}

/** Unescapes one JSON pointer segment: `~1` → `/`, `~0` → `~`. */
export function unescapeSegment(segment: string): string {
  return segment.replace(/~1/g, "/").replace(/~0/g, "~");
}

/** The unescaped segments of a pointer or URI fragment: `#/paths/~1a~1b/post` → `["paths", "/a/b", "post"]`; `#` or `#/` → `[]`. */
export function segmentsOf(pointer: string): string[] {
  const path = pointer.slice(pointer.indexOf("#") + 1).replace(/^\//, "");
  return path === "" ? [] : path.split("/").map(unescapeSegment);
}

/** A JSON pointer as a URI fragment: `pointer("paths", "/a/b", "post")` → `#/paths/~1a~1b/post`. */
export function pointer(...segments: Array<string | number>): string {
  return `#/${segments.map(escapeSegment).join("/")}`;
}

export const isReference = (value: unknown): value is Reference =>
  typeof value === "object" && value !== null && typeof (value as { $ref?: unknown }).$ref === "string";

/**
 * The node a local reference names: `#/components/schemas/Role`, or the fragment of a rebased
 * one (`urn:…#/components/…`, as the validator's schemas spell them). Throws naming the
 * reference when nothing is there.
 */
export function resolvePointer<T = unknown>(document: OpenApiDocument, ref: string): T {
  const hash = ref.indexOf("#");
  if (hash < 0 || ref[hash + 1] !== "/") throw new Error(`only local references (#/...) are supported: ${ref}`);
  let node: unknown = document;
  for (const key of segmentsOf(ref.slice(hash))) {
    node = (node as Record<string, unknown> | undefined)?.[key];
    if (node === undefined) throw new Error(`unresolved reference ${ref}`);
  }
  return node as T;
}

/** Follows `value`'s `$ref` chain (if any) to the node it names; nested references stay. */
export function deref<T>(document: OpenApiDocument, value: T | Reference): T {
  let current: unknown = value;
  for (let hops = 0; isReference(current); hops++) {
    if (hops > 32) throw new Error(`reference cycle at ${(value as Reference).$ref}`);
    current = resolvePointer(document, current.$ref);
  }
  return current as T;
}

/** The pointer a value sits at: its own `$ref` target when it is a reference, else `fallback`. */
export function locationOf(value: unknown, fallback: string): string {
  return isReference(value) ? `#${value.$ref.slice(value.$ref.indexOf("#") + 1)}` : fallback;
}
