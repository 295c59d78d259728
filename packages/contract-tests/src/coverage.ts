// The coverage matrix: what the spec documents, per operation, and which checks exercised it —
// each documented status (answered), each security header's failure kinds (sent), each request
// constraint (broken, as the spec's validator locates it), and the body's JSON syntax.
import type { FailureKind, Operation, ProvenanceKind, SpecValidator } from "@cec-cobrowse/spec";
import { escapeSegment, FAILURE_KINDS, locationOf } from "@cec-cobrowse/spec";
import type { Exchange } from "./http.js";
import { provenanceAt } from "./judge.js";
import type { SuiteRules } from "./rules.js";
import { documentedStatuses, operationPointer } from "./spec.js";

export type CoverageKind = "status" | "security" | "constraint";

/** One cell of the matrix. */
export interface CoverageCell {
  kind: CoverageKind;
  operationId: string;
  /** `200`; `Authorization missing`; `body /roomId maxLength`; `header X-Token-Expire minimum`. */
  label: string;
  /** Where the spec documents it. */
  at: string;
  provenance: ProvenanceKind;
  /** The checks that exercised it (answered the status, sent the failure, broke the constraint). */
  exercisedBy: string[];
}

export interface Coverage {
  /** Exercised cells over all cells, in percent (one decimal). */
  percent: number;
  exercised: number;
  total: number;
  cells: CoverageCell[];
}

/** The constraint keywords a request can break (format is left out: the request fields' formats take any string). */
const CONSTRAINTS = ["type", "enum", "const", "minLength", "maxLength", "pattern", "minimum", "maximum"];

interface Cell extends Omit<CoverageCell, "exercisedBy"> {
  by: Set<string>;
  /** For `required`: the field. */
  field?: string;
}

/** The constraint cells of a schema (each `$ref` followed), at their keywords' places in the spec. */
function schemaCells(
  spec: SpecValidator,
  op: Operation,
  where: "body" | "header",
  name: string,
  at: string,
  schema: Record<string, unknown>,
  cells: Cell[],
): void {
  let node = schema;
  let place = at;
  for (let hops = 0; typeof node.$ref === "string" && hops < 32; hops++) {
    place = locationOf(node, place);
    node = spec.resolve<Record<string, unknown>>(node.$ref);
  }
  const cell = (keyword: string, label: string, field?: string) =>
    cells.push({
      kind: "constraint",
      operationId: op.operationId,
      label,
      at: `${place}/${keyword}`,
      provenance: provenanceAt(spec, `${place}/${keyword}`),
      by: new Set(),
      ...(field ? { field } : {}),
    });
  const display = `${where} ${name === "" ? "(the body)" : name}`;
  for (const keyword of CONSTRAINTS) if (node[keyword] !== undefined) cell(keyword, `${display} ${keyword}`);
  if (node.additionalProperties === false) cell("additionalProperties", `${display} additionalProperties: false`);
  for (const field of (node.required ?? []) as string[]) cell("required", `${where} /${field} required`, `/${field}`);
  for (const [prop, sub] of Object.entries((node.properties ?? {}) as Record<string, Record<string, unknown>>)) {
    schemaCells(spec, op, where, `${name}/${prop}`, `${place}/properties/${escapeSegment(prop)}`, sub, cells);
  }
}

/** The matrix's cells for a spec, nothing exercised yet. */
function cellsOf(rules: SuiteRules): Cell[] {
  const spec = rules.spec;
  const cells: Cell[] = [];
  for (const op of rules.operations) {
    for (const status of documentedStatuses(op)) {
      const at = operationPointer(op, "responses", String(status));
      cells.push({
        kind: "status",
        operationId: op.operationId,
        label: String(status),
        at,
        provenance: provenanceAt(spec, at),
        by: new Set(),
      });
    }
    for (const h of op.securityHeaders) {
      if (!h.failures) continue;
      for (const kind of FAILURE_KINDS) {
        const at = `${h.at}/x-cobrowse-failures/${kind}`;
        cells.push({
          kind: "security",
          operationId: op.operationId,
          label: `${h.header} ${kind}`,
          at,
          provenance: provenanceAt(spec, at),
          by: new Set(),
        });
      }
    }
    if (op.bodySchema && op.bodySchemaAt) {
      const json =
        op.requestMediaTypes.find((t) => t === "application/json") ?? op.requestMediaTypes[0] ?? "application/json";
      const at = operationPointer(op, "requestBody", "content", json);
      cells.push({
        kind: "constraint",
        operationId: op.operationId,
        label: "body is JSON",
        at,
        provenance: provenanceAt(spec, at),
        by: new Set(),
      });
      schemaCells(spec, op, "body", "", op.bodySchemaAt, op.bodySchema, cells);
    }
    for (const header of op.headers)
      schemaCells(spec, op, "header", header.name, `${header.at}/schema`, header.schema, cells);
  }
  return cells;
}

function headerOf(x: Exchange, name: string): string | undefined {
  const key = Object.keys(x.request.headers).find((k) => k.toLowerCase() === name.toLowerCase());
  return key === undefined ? undefined : x.request.headers[key];
}

/** The failure kind of one security header in a request, or `ok`. */
function securityKind(
  rules: SuiteRules,
  op: Operation,
  header: Operation["securityHeaders"][number],
  x: Exchange,
  known: { issued: ReadonlySet<string>; credentials: Record<string, string> },
): FailureKind | "ok" {
  const value = headerOf(x, header.header);
  if (value === undefined || value === "") return "missing";
  if (rules.spec.validateSecurityHeader(op.operationId, header.header, value).length > 0) return "malformed";
  const credential = rules.securitySchemes[header.scheme]?.credential;
  if (header.kind === "bearer" || credential === "token")
    return known.issued.has(value.replace(/^Bearer /, "")) ? "ok" : "unknown";
  return credential !== undefined && value === known.credentials[credential] ? "ok" : "unknown";
}

/** The body as JSON, or why not: undefined when there is none, `invalid` when it is not JSON text (a compressed body is neither). */
function jsonBody(x: Exchange): { value: unknown } | "invalid" | undefined {
  const body = x.request.body;
  if (body === undefined) return undefined;
  const coding = headerOf(x, "Content-Encoding");
  if (coding !== undefined && coding.toLowerCase() !== "identity") return undefined;
  try {
    return { value: JSON.parse(Buffer.isBuffer(body) ? body.toString("utf8") : body) as unknown };
  } catch {
    return "invalid";
  }
}

/** The coverage of a run's exchanges. */
export function coverageOf(
  rules: SuiteRules,
  exchanges: readonly Exchange[],
  known: { issued: ReadonlySet<string>; credentials: Record<string, string> },
): Coverage {
  const spec = rules.spec;
  const cells = cellsOf(rules);
  const byOp = new Map<string, Cell[]>();
  for (const cell of cells) byOp.set(cell.operationId, [...(byOp.get(cell.operationId) ?? []), cell]);
  for (const x of exchanges) {
    if (!x.operationId) continue;
    const op = spec.operation(x.operationId);
    const mine = byOp.get(op.operationId) ?? [];
    const mark = (match: (c: Cell) => boolean) => {
      for (const c of mine) if (match(c)) c.by.add(x.checkId);
    };
    if (x.response) mark((c) => c.kind === "status" && c.label === String(x.response!.status));
    for (const h of op.securityHeaders) {
      const kind = securityKind(rules, op, h, x, known);
      if (kind !== "ok") mark((c) => c.kind === "security" && c.label === `${h.header} ${kind}`);
    }
    const body = jsonBody(x);
    if (body === "invalid") mark((c) => c.kind === "constraint" && c.label === "body is JSON");
    else if (body) {
      for (const v of spec.requestBodyViolations(op.operationId, body.value))
        mark((c) => c.kind === "constraint" && c.at === v.at && (v.keyword !== "required" || c.field === v.name));
    }
    for (const v of spec.requestHeaderViolations(op.operationId, x.request.headers))
      mark((c) => c.kind === "constraint" && c.at === v.at);
  }
  const out: CoverageCell[] = cells.map(({ by, field: _field, ...cell }) => ({ ...cell, exercisedBy: [...by].sort() }));
  const exercised = out.filter((c) => c.exercisedBy.length > 0).length;
  return {
    percent: out.length === 0 ? 100 : Math.floor((exercised / out.length) * 1000) / 10,
    exercised,
    total: out.length,
    cells: out,
  };
}
