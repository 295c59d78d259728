// SARIF output validated against the official SARIF 2.1.0 schema (test/fixtures), with Ajv.
import { readFileSync } from "node:fs";
import { join } from "node:path";
import Ajv04 from "ajv-draft-04";
import addFormats from "ajv-formats";
import { packageDir } from "./servers.js";

const schema = JSON.parse(
  readFileSync(join(packageDir, "test", "fixtures", "sarif-schema-2.1.0.json"), "utf8"),
) as Record<string, unknown>;
const ajv = new Ajv04({ allErrors: true, strict: false });
addFormats(ajv);
const validate = ajv.compile(schema);

/** The schema's errors for a SARIF log ([] when it validates). */
export function sarifErrors(log: unknown): string[] {
  return validate(log) ? [] : (validate.errors ?? []).map((e) => `${e.instancePath} ${e.message ?? e.keyword}`);
}
