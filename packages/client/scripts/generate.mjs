#!/usr/bin/env node
// Writes src/generated/spec.ts: the spec's values the client uses (each operation's method,
// path and security schemes, the security headers, where tokens come from and the lifetime
// range, the request bodies' fields with their constraints), as `as const` data, so the client
// takes them from the spec without shipping a validator. The spec is read through
// @cec-cobrowse/spec (its own copy by default; `--spec <file>` loads another with loadSpec),
// never parsed here.
//
//   node scripts/generate.mjs [--spec <openapi.yaml|json>] [--out <file.ts>]
//
// A body field with a constraint the client's pre-send checks do not cover fails the run,
// naming it: the client never quietly skips a rule of the spec.
import { mkdir, writeFile } from "node:fs/promises";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { parseArgs } from "node:util";
import { specValidator } from "@cec-cobrowse/spec";
import { loadSpec } from "@cec-cobrowse/spec/file";

/** Keywords the client's checkBody enforces. */
const CHECKED = new Set(["type", "enum", "minLength", "maxLength", "pattern"]);
/** Keywords that assert nothing (annotations), and formats that assert nothing. */
const ANNOTATIONS = new Set(["description", "example", "examples", "title", "deprecated", "readOnly", "writeOnly", "$comment", "default"]);
const NO_OP_FORMATS = new Set(["password"]);
/** Types checkBody tells by `typeof` (an `integer` would need teaching it). */
const TYPES = new Set(["string", "number", "boolean"]);
const IDENTIFIER = /^[A-Za-z_$][\w$]*$/;

const fail = (message) => {
  throw new Error(`client generator: ${message}`);
};

/** One body field's constraints, as checkBody reads them. */
function fieldRule(spec, schema, at, required) {
  const field = spec.deref(schema);
  const rule = {};
  for (const [keyword, value] of Object.entries(field)) {
    if (ANNOTATIONS.has(keyword) || keyword === "$ref") continue;
    if (keyword === "format" && NO_OP_FORMATS.has(value)) continue;
    if (!CHECKED.has(keyword)) fail(`${at}: the client's pre-send checks do not cover "${keyword}"; teach checkBody (src/options.ts) and this generator, or drop it from the spec`);
    if (keyword === "type" && !(typeof value === "string" && TYPES.has(value))) fail(`${at}/type: the client checks one of ${[...TYPES].join(", ")}, got ${JSON.stringify(value)}`);
    rule[keyword] = value;
  }
  if (rule.type === undefined && rule.enum === undefined) fail(`${at}: states neither a type nor an enum; the client checks typed fields`);
  if (rule.pattern !== undefined) {
    try {
      new RegExp(rule.pattern, "u");
    } catch (error) {
      fail(`${at}/pattern: ${error.message}`);
    }
  }
  if (required) rule.required = true;
  // No example for a secret (writeOnly), not even a demo one; none outside the enum.
  const example = field.enum && !field.enum.includes(field.example) ? field.enum[0] : field.example;
  return { rule, example: field.writeOnly ? undefined : example };
}

/** An operation's JSON body: its fields, whether others are allowed, and a minimal example. */
function bodyOf(spec, op) {
  const schema = spec.deref(op.bodySchema);
  if (schema.type !== "object") fail(`${op.bodySchemaAt}: the client checks object bodies only`);
  const required = new Set(schema.required ?? []);
  const fields = {};
  const example = {};
  for (const [name, property] of Object.entries(schema.properties ?? {})) {
    const { rule, example: sample } = fieldRule(spec, property, `${op.bodySchemaAt}/properties/${name}`, required.has(name));
    fields[name] = rule;
    if (required.has(name) && sample !== undefined) example[name] = sample;
  }
  for (const name of required) if (!(name in fields)) fail(`${op.bodySchemaAt}: requires ${name}, which is not among its properties`);
  return { fields, additionalProperties: schema.additionalProperties !== false, example };
}

/** Everything the generated module holds, read from `spec` (a SpecValidator). */
export function constantsOf(spec) {
  const operations = {};
  const securitySchemes = {};
  const bodies = {};
  for (const op of spec.operations.values()) {
    if (!IDENTIFIER.test(op.operationId)) fail(`${op.at}: operationId ${JSON.stringify(op.operationId)} is not a JavaScript identifier`);
    operations[op.operationId] = {
      operationId: op.operationId,
      // Lower case, as openapi-fetch's request() takes it.
      method: op.method.toLowerCase(),
      path: op.path,
      security: op.securityHeaders.map((h) => h.scheme),
      // What a usable answer carries (x-cobrowse-room): every perRole field and one WebSocket URL.
      ...(op.room ? { connectWith: { all: op.room.perRole, oneOf: op.room.webSocketUrls } } : {}),
    };
    for (const h of op.securityHeaders) {
      securitySchemes[h.scheme] = h.kind === "bearer" ? { header: h.header, kind: h.kind, prefix: "Bearer " } : { header: h.header, kind: h.kind };
    }
    if (op.bodySchema) bodies[op.operationId] = bodyOf(spec, op);
  }
  const source = spec.tokenSource();
  const answer = source.operation.responses.get("200")?.schema;
  const properties = answer ? (spec.deref(answer).properties ?? {}) : {};
  const patternOf = (key) => {
    const pattern = spec.deref(properties[source.fields[key]] ?? {}).pattern;
    if (typeof pattern !== "string") fail(`${source.operation.at}: the 200 body's ${source.fields[key]} states no pattern; the client reads ${key} by it`);
    return pattern;
  };
  const { minimum, maximum, default: fallback } = source.lifetime;
  if (minimum === undefined || maximum === undefined) fail(`${source.lifetimeHeader.at}: the lifetime header's schema needs a minimum and a maximum`);
  return {
    operations,
    securitySchemes,
    tokenSource: { operationId: source.operation.operationId, scheme: spec.rules.token.scheme },
    tokenAnswer: { ...source.fields, patterns: { createTime: patternOf("createTime"), lifetime: patternOf("lifetime") } },
    tokenLifetime: { header: source.lifetimeHeader.name, minimum, maximum, ...(fallback === undefined ? {} : { default: fallback }) },
    bodies,
  };
}

const json = (value) => JSON.stringify(value, null, 2);

/** The TypeScript module for `spec`; `from` names the spec in the header. */
export function render(spec, from) {
  const { operations, securitySchemes, tokenSource, tokenAnswer, tokenLifetime, bodies } = constantsOf(spec);
  // One export per operation and per body (not one object of them all), so that a bundle keeps
  // only what its entry uses: the browser build never carries the token operation's body.
  const parts = [
    `// Code generated by packages/client/scripts/generate.mjs from ${from} (read through @cec-cobrowse/spec). DO NOT EDIT.`,
    "// Regenerate with `pnpm generate` at the repository root.",
    "// The spec's values the client uses, as plain data: no validator ships with the client.",
  ];
  for (const [operationId, op] of Object.entries(operations)) {
    parts.push(
      "",
      `/** ${operationId}: its method (lower case, as openapi-fetch's \`request()\` takes it), path, the security schemes it needs, and (an operation naming a room) the \`data\` fields a usable answer carries. */`,
      `export const ${operationId} = ${json(op)} as const;`,
    );
  }
  parts.push(
    "",
    "/** Each security scheme's header: its name and kind (`bearer`: the value is `prefix` + the token). */",
    `export const securitySchemes = ${json(securitySchemes)} as const;`,
    "",
    "/** Where tokens come from (the bearer scheme's `x-cobrowse-token`): the operation that issues them and the scheme that carries them. */",
    `export const tokenSource = ${json(tokenSource)} as const;`,
    "",
    "/** The token operation's answer: the fields holding the token, its creation time and its lifetime, and the patterns of the last two. */",
    `export const tokenAnswer = ${json(tokenAnswer)} as const;`,
    "",
    "/** The request header that asks for a token lifetime, with its range and default (seconds). */",
    `export const tokenLifetime = ${json(tokenLifetime)} as const;`,
  );
  for (const [operationId, body] of Object.entries(bodies)) {
    parts.push(
      "",
      `/** ${operationId}'s JSON body: each field's constraints, whether other fields are allowed, and an example of the required ones. */`,
      `export const ${operationId}Body = ${json(body)} as const;`,
    );
  }
  return `${parts.join("\n")}\n`;
}

async function main() {
  const here = path.dirname(fileURLToPath(import.meta.url));
  const { values } = parseArgs({ options: { spec: { type: "string" }, out: { type: "string" } } });
  const spec = values.spec ? await loadSpec(values.spec) : specValidator();
  const out = path.resolve(values.out ?? path.join(here, "../src/generated/spec.ts"));
  await mkdir(path.dirname(out), { recursive: true });
  await writeFile(out, render(spec, values.spec ? path.basename(values.spec) : "spec/openapi.yaml"));
  console.log(`client: wrote ${path.relative(process.cwd(), out) || out}`);
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  main().catch((error) => {
    console.error(error.message);
    process.exit(1);
  });
}
