// Loading another copy of the spec (an edited or extended one) from a file. Node only.
import { readFile } from "node:fs/promises";
import { parse } from "yaml";
import type { OpenApiDocument } from "./document-types.js";
import { SpecValidator } from "./validator.js";

/** Reads an OpenAPI document (YAML or JSON) and compiles its validator; throws naming the file. */
export async function loadSpec(path: string): Promise<SpecValidator> {
  let document: OpenApiDocument;
  try {
    document = parse(await readFile(path, "utf8")) as OpenApiDocument;
  } catch (error) {
    throw new Error(`${path}: cannot read the spec (${(error as Error).message})`);
  }
  if (typeof document !== "object" || document === null || typeof document.openapi !== "string") {
    throw new Error(`${path}: is not an OpenAPI document (no "openapi" field)`);
  }
  try {
    return new SpecValidator(document);
  } catch (error) {
    throw new Error(`${path}: ${(error as Error).message}`);
  }
}
