// The reference as data, read from the spec through @cec-cobrowse/spec and nothing else: each
// operation's headers, body fields (types, limits, required), documented statuses with their
// headers, fields and examples, the order of checks, the samples, and for each of these whether
// the vendor documents it or the spec decides it (`x-cobrowse-provenance`). The HTML page and the
// Markdown pages are two renderings of this one model, so they cannot say different things.
import { STATUS_CODES } from "node:http";
import {
  deref,
  document,
  escapeSegment,
  isReference,
  type JsonSchema,
  locationOf,
  type Operation,
  type ProvenanceKind,
  specValidator,
} from "@cec-cobrowse/spec";
import { type CodeSample, codeSamples, LANGUAGES } from "../samples.js";

const spec = specValidator();

/** Where a rule comes from: the vendor's reference, or a decision of this spec where the vendor is silent. */
export interface Mark {
  kind: ProvenanceKind;
  /** The `x-cobrowse-provenance` entry's note. */
  note: string;
  /** The entry (a JSON pointer) that marks it. */
  entry: string;
}

/** One rule of a value (a length, a range, a pattern…), with its own mark when it has one. */
export interface Constraint {
  text: string;
  mark: Mark | undefined;
}

export interface Field {
  /** The field's path from the body's root: `role`, `data.roomId`, `details[].name`. */
  name: string;
  depth: number;
  type: string;
  required: boolean;
  description: string | undefined;
  constraints: Constraint[];
  example: unknown;
  mark: Mark | undefined;
}

export interface Header {
  name: string;
  required: boolean;
  type: string;
  description: string | undefined;
  constraints: Constraint[];
  example: unknown;
  mark: Mark | undefined;
  /** For security headers: the statuses a missing, malformed or unknown value answers. */
  failures?: { missing: number; malformed: number; unknown: number; mark: Mark | undefined };
}

export interface ExampleModel {
  name: string;
  summary: string | undefined;
  description: string | undefined;
  json: string;
  mark: Mark | undefined;
}

export interface Body {
  mediaTypes: string[];
  required: boolean;
  /** The component schema's name, when the body is one. */
  schemaName: string | undefined;
  fields: Field[];
  /** Rules of the object itself (no other fields…). */
  constraints: Constraint[];
  examples: ExampleModel[];
}

export interface ResponseModel {
  status: string;
  reason: string;
  description: string;
  /** Whether the status itself is documented by the vendor (the operation's `responses/<status>`). */
  mark: Mark | undefined;
  /** Where the answer's body and headers are defined (a shared error response, say), when that differs. */
  bodyMark: Mark | undefined;
  headers: Header[];
  body: Body | undefined;
  /** The link to a next request (`links`), described. */
  links: Array<{ name: string; operationId: string; description: string | undefined }>;
}

export interface CheckModel {
  id: string;
  status: number;
  description: string;
  /** The check's parameters (`maxBytes: 1048576`) and the security failures it answers. */
  details: string[];
}

export interface OperationModel {
  id: string;
  method: string;
  path: string;
  summary: string;
  description: string;
  tag: string;
  /** The HTML anchor (`operation/<operationId>`). */
  anchor: string;
  mark: Mark | undefined;
  headers: Header[];
  body: Body | undefined;
  responses: ResponseModel[];
  checks: { order: CheckModel[]; mark: Mark | undefined };
  samples: Array<CodeSample & { file: string; highlight: string }>;
}

export interface TagGroup {
  name: string;
  tags: Array<{ name: string; description: string | undefined; operations: OperationModel[] }>;
}

export interface ReferenceModel {
  title: string;
  version: string;
  summary: string;
  description: string;
  servers: Array<{
    url: string;
    description: string | undefined;
    variables: Array<{ name: string; default: string; description: string | undefined }>;
  }>;
  groups: TagGroup[];
  operations: OperationModel[];
}

export function markOf(at: string): Mark | undefined {
  const p = spec.provenanceOf(at);
  return p ? { kind: p.provenance, note: p.note, entry: p.entry } : undefined;
}

/** A schema node with its `$ref` chain followed, and where it is. */
function resolved(node: unknown, at: string): { schema: JsonSchema; at: string; name: string | undefined } {
  let current = node;
  let where = at;
  let name: string | undefined;
  for (let hops = 0; isReference(current) && hops < 32; hops++) {
    where = locationOf(current, where);
    name = /^#\/components\/schemas\/([^/]+)$/.exec(where)?.[1];
    current = deref(document, current);
  }
  return { schema: (current ?? {}) as JsonSchema, at: where, name };
}

const code = (v: unknown) => `\`${typeof v === "string" ? v : JSON.stringify(v)}\``;

function typeOf(schema: JsonSchema, name: string | undefined): string {
  const types = ([] as string[]).concat((schema.type as string | string[] | undefined) ?? []);
  if (types.includes("array")) {
    const items = resolved(schema.items, "");
    return `array of ${items.name ?? typeOf(items.schema, undefined)}`;
  }
  const base = types.length ? types.join(" or ") : "any";
  return name && types.includes("object") ? `object (${name})` : base;
}

/** A value's rules, each with its mark (that of its keyword's place in the spec). */
function constraintsOf(schema: JsonSchema, at: string): Constraint[] {
  const out: Constraint[] = [];
  const has = (k: string) => schema[k] !== undefined;
  const mark = (k: string) => markOf(`${at}/${k}`);
  if (has("minLength") || has("maxLength")) {
    const text =
      has("minLength") && has("maxLength")
        ? `${schema.minLength} to ${schema.maxLength} characters`
        : has("maxLength")
          ? `at most ${schema.maxLength} characters`
          : `at least ${schema.minLength} characters`;
    out.push({ text, mark: mark(has("maxLength") ? "maxLength" : "minLength") });
  }
  if (has("minimum") || has("maximum")) {
    const text =
      has("minimum") && has("maximum")
        ? `from ${schema.minimum} to ${schema.maximum}`
        : has("maximum")
          ? `at most ${schema.maximum}`
          : `at least ${schema.minimum}`;
    out.push({ text, mark: mark(has("maximum") ? "maximum" : "minimum") });
  }
  if (has("enum")) out.push({ text: `one of ${(schema.enum as unknown[]).map(code).join(", ")}`, mark: mark("enum") });
  if (has("const")) out.push({ text: `always ${code(schema.const)}`, mark: mark("const") });
  if (has("pattern")) out.push({ text: `matches ${code(schema.pattern)}`, mark: mark("pattern") });
  if (has("format")) out.push({ text: `format ${code(schema.format)}`, mark: mark("format") });
  if (has("default")) out.push({ text: `default ${code(schema.default)}`, mark: mark("default") });
  if (schema.writeOnly === true) out.push({ text: "sent only, never answered", mark: mark("writeOnly") });
  if (schema.readOnly === true) out.push({ text: "answered only, never sent", mark: mark("readOnly") });
  return out;
}

/** The fields of a body schema, depth first: nested objects and arrays of objects flattened with dotted names. */
function fieldsOf(
  node: unknown,
  at: string,
  prefix = "",
  depth = 0,
  seen = new Set<string>(),
): { fields: Field[]; constraints: Constraint[] } {
  const root = resolved(node, at);
  const fields: Field[] = [];
  const constraints: Constraint[] = [];
  if (root.schema.additionalProperties === false)
    constraints.push({ text: "no fields besides these", mark: markOf(`${root.at}/additionalProperties`) });
  if (seen.has(root.at)) return { fields, constraints };
  const required = new Set((root.schema.required as string[] | undefined) ?? []);
  for (const [name, raw] of Object.entries((root.schema.properties ?? {}) as Record<string, unknown>)) {
    const own = `${root.at}/properties/${escapeSegment(name)}`;
    const prop = resolved(raw, own);
    const description = (raw as JsonSchema).description ?? prop.schema.description;
    const example = (raw as JsonSchema).example ?? prop.schema.example;
    fields.push({
      name: `${prefix}${name}`,
      depth,
      type: typeOf(prop.schema, prop.name),
      required: required.has(name),
      description: typeof description === "string" ? description.trim() : undefined,
      constraints: constraintsOf(prop.schema, prop.at),
      example,
      mark: markOf(own),
    });
    const types = ([] as unknown[]).concat(prop.schema.type ?? []);
    if (types.includes("object") && prop.schema.properties) {
      fields.push(...fieldsOf(raw, own, `${prefix}${name}.`, depth + 1, new Set([...seen, root.at])).fields);
    } else if (types.includes("array") && prop.schema.items) {
      fields.push(
        ...fieldsOf(
          prop.schema.items,
          `${prop.at}/items`,
          `${prefix}${name}[].`,
          depth + 1,
          new Set([...seen, root.at]),
        ).fields,
      );
    }
  }
  return { fields, constraints };
}

function examplesOf(examples: Operation["requestExamples"]): ExampleModel[] {
  return examples.map((e) => {
    const objectAt = e.at.replace(/\/value$/, "");
    const object = spec.resolve<{ summary?: string; description?: string }>(objectAt);
    return {
      name: e.name,
      summary: object.summary,
      description: object.description?.trim(),
      json: JSON.stringify(e.value, null, 2),
      mark: markOf(objectAt),
    };
  });
}

function headerModel(
  name: string,
  required: boolean,
  raw: { description?: string; example?: unknown; schema?: JsonSchema },
  schemaAt: string,
  at: string,
): Header {
  const s = resolved(raw.schema ?? {}, schemaAt);
  return {
    name,
    required,
    type: typeOf(s.schema, s.name),
    description: raw.description?.trim(),
    constraints: constraintsOf(s.schema, s.at),
    example: raw.example ?? s.schema.example,
    mark: markOf(at),
  };
}

function operationModel(op: Operation): OperationModel {
  const raw = op.raw;
  const headers: Header[] = [];
  for (const h of op.securityHeaders) {
    const scheme = document.components.securitySchemes![h.scheme]!;
    const valueAt = `${h.at}/x-cobrowse-value-schema`;
    const value = resolved(scheme["x-cobrowse-value-schema"] ?? {}, valueAt);
    headers.push({
      name: h.header,
      required: true,
      type: "string",
      description: scheme.description?.trim(),
      // For a bearer scheme the value schema is the token's (after `Bearer `).
      constraints: constraintsOf(value.schema, value.at).map((c) =>
        h.kind === "bearer" ? { ...c, text: `token ${c.text}` } : c,
      ),
      example: h.kind === "bearer" ? "Bearer <AccessToken>" : value.schema.example,
      mark: markOf(h.at),
      ...(h.failures ? { failures: { ...h.failures, mark: markOf(`${h.at}/x-cobrowse-failures`) } } : {}),
    });
  }
  (raw.parameters ?? []).forEach((p, i) => {
    const at = locationOf(p, `${op.at}/parameters/${i}`);
    const param = deref(document, p);
    if (param.in !== "header") return;
    headers.push(headerModel(param.name, param.required === true, param, `${at}/schema`, at));
  });

  let body: Body | undefined;
  if (op.bodySchemaAt) {
    const content = (deref(document, raw.requestBody!) as { content: Record<string, { schema: unknown }> }).content[
      "application/json"
    ]!;
    const { fields, constraints } = fieldsOf(content.schema, op.bodySchemaAt);
    body = {
      mediaTypes: op.requestMediaTypes,
      required: op.bodyRequired,
      schemaName: resolved(content.schema, op.bodySchemaAt).name,
      fields,
      constraints,
      examples: examplesOf(op.requestExamples),
    };
  }

  const responses: ResponseModel[] = [...op.responses.values()].map((r) => {
    const own = `${op.at}/responses/${escapeSegment(r.status)}`;
    const mark = markOf(own);
    const bodyMark = r.at !== own ? markOf(r.at) : undefined;
    const rawResponse = deref(document, raw.responses[r.status]!);
    const media = rawResponse.content?.["application/json"];
    let responseBody: Body | undefined;
    if (media?.schema) {
      const schemaAt = `${r.at}/content/application~1json/schema`;
      const { fields, constraints } = fieldsOf(media.schema, schemaAt);
      responseBody = {
        mediaTypes: r.mediaTypes,
        required: true,
        schemaName: resolved(media.schema, schemaAt).name,
        fields,
        constraints,
        examples: examplesOf(r.examples),
      };
    }
    const headerList = Object.entries(rawResponse.headers ?? {}).map(([name, h]) => {
      const at = locationOf(h, `${r.at}/headers/${escapeSegment(name)}`);
      const header = deref(document, h);
      return headerModel(name, header.required === true, header, `${at}/schema`, at);
    });
    return {
      status: r.status,
      reason: STATUS_CODES[Number(r.status)] ?? r.status,
      description: r.description.trim(),
      mark,
      bodyMark: bodyMark && bodyMark.entry !== mark?.entry ? bodyMark : undefined,
      headers: headerList,
      body: responseBody,
      links: r.links.map((l) => ({ name: l.name, operationId: l.operationId, description: l.description?.trim() })),
    };
  });

  return {
    id: op.operationId,
    method: op.method,
    path: op.path,
    summary: raw.summary ?? op.operationId,
    description: (raw.description ?? "").trim(),
    tag: (raw.tags ?? [])[0] ?? "default",
    anchor: `operation/${op.operationId}`,
    mark: markOf(op.at),
    headers,
    body,
    responses,
    checks: {
      order: op.checkOrder.map((c) => ({
        id: c.id,
        status: c.status,
        description: (c.description ?? "").trim(),
        details: checkDetails(c),
      })),
      mark: markOf(`${op.at}/x-cobrowse-check-order`),
    },
    samples: samplesOf(op.operationId),
  };
}

function checkDetails(c: Operation["checkOrder"][number]): string[] {
  const out: string[] = [];
  if (c.maxBytes !== undefined) out.push(`maxBytes: ${c.maxBytes}`);
  if (c.accept) out.push(`accept: ${c.accept.join(", ")}`);
  const byHeader = new Map<string, string[]>();
  for (const s of c.securityChecks) byHeader.set(s.header.header, [...(byHeader.get(s.header.header) ?? []), s.kind]);
  for (const [header, kinds] of byHeader)
    out.push(`${header} ${kinds.length > 1 ? `${kinds.slice(0, -1).join(", ")} or ${kinds.at(-1)}` : kinds[0]}`);
  return out;
}

let samplesDir: string | undefined;
/** Where the sample files are (samples/ of this package); set once by the build. */
export function useSamples(dir: string): void {
  samplesDir = dir;
}

function samplesOf(operationId: string): OperationModel["samples"] {
  if (!samplesDir) throw new Error("reference model: call useSamples(dir) first");
  return codeSamples(samplesDir, operationId).map((s, i) => ({
    ...s,
    file: LANGUAGES[i]!.file(operationId),
    highlight: LANGUAGES[i]!.highlight,
  }));
}

/**
 * The navigation: `x-tagGroups` of the bundle. The spec declares its tags (in order) but no groups,
 * so the portal makes one group of every tag; an operation whose tag is not declared fails here.
 */
export function tagGroups(): Array<{ name: string; tags: string[] }> {
  const declared = (document.tags as Array<{ name: string }> | undefined)?.map((t) => t.name) ?? [];
  for (const op of spec.operations.values()) {
    for (const tag of op.raw.tags ?? []) {
      if (!declared.includes(tag))
        throw new Error(
          `the spec's ${op.at}/tags: "${tag}" is not declared in the root tags (${declared.join(", ")}); declare it so the navigation can group it`,
        );
    }
  }
  return [{ name: document.info.title, tags: declared }];
}

export function referenceModel(): ReferenceModel {
  const operations = [...spec.operations.values()].map(operationModel);
  const tagDescriptions = new Map(
    ((document.tags as Array<{ name: string; description?: string }> | undefined) ?? []).map((t) => [
      t.name,
      t.description,
    ]),
  );
  const groups = tagGroups().map((g) => ({
    name: g.name,
    tags: g.tags.map((name) => ({
      name,
      description: tagDescriptions.get(name),
      operations: operations.filter((o) => o.tag === name),
    })),
  }));
  const info = document.info as { title: string; version: string; summary?: string; description?: string };
  return {
    title: info.title,
    version: info.version,
    summary: info.summary ?? "",
    description: (info.description ?? "").trim(),
    servers: (document.servers ?? []).map((s) => ({
      url: s.url,
      description: s.description?.trim(),
      variables: Object.entries(s.variables ?? {}).map(([name, v]) => ({
        name,
        default: v.default,
        description: v.description,
      })),
    })),
    groups,
    operations,
  };
}
