// The reference model as Markdown, for AI assistants and for reading as text: the introduction
// (reference/index.md) and one page per operation (reference/<operationId>.md), each saying what
// the HTML page says — path, method, headers, body fields with types, limits and required flags,
// every documented status with its fields and examples, the order of checks, the samples — and
// the mark of each rule, the vendor's or the spec's decision.

import { fence } from "../markdown.js";
import { MARK_LABELS } from "./html.js";
import type {
  Body,
  Constraint,
  ExampleModel,
  Field,
  Header,
  Mark,
  OperationModel,
  ReferenceModel,
  ResponseModel,
} from "./model.js";

const mark = (m: Mark | undefined) => (m ? ` [${MARK_LABELS[m.kind].short}]` : "");
/** A table cell: no newline, no unescaped pipe. */
const cell = (s: string | undefined) =>
  (s ?? "")
    .replace(/\s*\n\s*/g, " ")
    .replace(/\|/g, "\\|")
    .trim();
const value = (v: unknown) => (typeof v === "string" ? v : JSON.stringify(v));
const rules = (list: Constraint[], owner: Mark | undefined) =>
  list.map((c) => `${c.text}${c.mark && c.mark.kind !== owner?.kind ? mark(c.mark) : ""}`).join("; ");
function headersTable(headers: Header[]): string {
  const rows = headers.map((h) => {
    const failures = h.failures
      ? ` Missing: ${h.failures.missing}; malformed: ${h.failures.malformed}; unknown: ${h.failures.unknown}${mark(h.failures.mark)}.`
      : "";
    const example = h.example === undefined ? "" : ` Example: \`${value(h.example)}\`.`;
    return `| \`${h.name}\` | ${h.required ? "yes" : "no"} | ${h.type} | ${cell(rules(h.constraints, h.mark))} | ${h.mark ? MARK_LABELS[h.mark.kind].short : ""} | ${cell(h.description)}${cell(failures)}${cell(example)} |`;
  });
  return [
    "| header | required | type | rules | provenance | description |",
    "| --- | --- | --- | --- | --- | --- |",
    ...rows,
  ].join("\n");
}

function fieldsTable(fields: Field[]): string {
  const rows = fields.map((f) => {
    const example = f.example === undefined ? "" : ` Example: \`${value(f.example)}\`.`;
    return `| \`${f.name}\` | ${f.required ? "yes" : "no"} | ${f.type} | ${cell(rules(f.constraints, f.mark))} | ${f.mark ? MARK_LABELS[f.mark.kind].short : ""} | ${cell(f.description)}${cell(example)} |`;
  });
  return [
    "| field | required | type | rules | provenance | description |",
    "| --- | --- | --- | --- | --- | --- |",
    ...rows,
  ].join("\n");
}

const examples = (list: ExampleModel[], level: string) =>
  list.map(
    (e) =>
      `${level} Example: ${e.summary ?? e.name}${mark(e.mark)}\n\n${e.description ? `${e.description}\n\n` : ""}${fence(e.json, "json")}`,
  );

function body(b: Body, level: string, withExamples = true): string[] {
  const objectRules = b.constraints.length
    ? [`The object: ${b.constraints.map((c) => `${c.text}${mark(c.mark)}`).join("; ")}.`]
    : [];
  return [fieldsTable(b.fields), ...objectRules, ...(withExamples ? examples(b.examples, level) : [])];
}

function response(r: ResponseModel, sharedBody: boolean, operationMd: (id: string) => string): string[] {
  const out = [`### ${r.status} ${r.reason}${mark(r.mark)}`, r.description];
  if (r.bodyMark) out.push(`Its body and headers:${mark(r.bodyMark)}.`);
  if (r.headers.length) out.push(`Response headers:\n\n${headersTable(r.headers)}`);
  if (r.body)
    out.push(
      ...(sharedBody
        ? examples(r.body.examples, "####")
        : [
            `Body (\`${r.body.mediaTypes.join("`, `")}\`${r.body.schemaName ? `, \`${r.body.schemaName}\`` : ""}):`,
            ...body(r.body, "####"),
          ]),
    );
  for (const l of r.links)
    out.push(`Link \`${l.name}\` to [\`${l.operationId}\`](${operationMd(l.operationId)}): ${l.description ?? ""}`);
  return out;
}

export function operationMarkdown(
  op: OperationModel,
  links: { html: string; console: string; operationMd: (operationId: string) => string },
): string {
  const out: string[] = [
    `# ${op.summary}`,
    `\`${op.method} ${op.path}\`${mark(op.mark)}`,
    `- operationId: \`${op.id}\`\n- method: \`${op.method}\`\n- path: \`${op.path}\`\n- tag: ${op.tag}\n- on the web: ${links.html}\n- try it: ${links.console} (the console; it answers from the embedded mock where \`pnpm docs:serve\` serves the portal)`,
    `Marks: [vendor] = ${MARK_LABELS.vendor.long.toLowerCase()}; [spec decision] = ${MARK_LABELS.decision.long.toLowerCase()} (\`x-cobrowse-provenance\`).`,
    op.description,
    `## Request headers`,
    op.headers.length ? headersTable(op.headers) : "None.",
  ];
  if (op.body) {
    out.push(
      `## Request body`,
      `\`${op.body.mediaTypes.join("`, `")}\`${op.body.required ? ", required" : ""}${op.body.schemaName ? ` (\`${op.body.schemaName}\`)` : ""}.`,
      ...body(op.body, "###"),
    );
  }
  out.push(`## Responses`, `Statuses: ${op.responses.map((r) => r.status).join(", ")}.`);
  const bySchema = new Map<string, ResponseModel[]>();
  for (const r of op.responses)
    if (r.body?.schemaName && !r.status.startsWith("2"))
      bySchema.set(r.body.schemaName, [...(bySchema.get(r.body.schemaName) ?? []), r]);
  const shared = new Set([...bySchema.values()].filter((l) => l.length > 1).flat());
  for (const r of op.responses) if (!shared.has(r)) out.push(...response(r, false, links.operationMd));
  for (const [schema, list] of bySchema) {
    if (list.length < 2) continue;
    out.push(
      `### ${list.map((r) => r.status).join(", ")}: the \`${schema}\` body${mark(list[0]!.bodyMark)}`,
      ...body(list[0]!.body!, "####", false),
    );
    for (const r of list) out.push(...response(r, true, links.operationMd));
  }
  out.push(
    `## Order of checks${mark(op.checks.mark)}`,
    "A server checks, in this order; the first failing check answers.",
    op.checks.order
      .map(
        (c, i) =>
          `${i + 1}. \`${c.id}\` → ${c.status}: ${c.description.replace(/\s*\n\s*/g, " ")}${c.details.length ? ` (${c.details.join("; ")})` : ""}`,
      )
      .join("\n"),
    `## Samples`,
    "Each sample is a file of the repository (`packages/docs/samples/`) that `pnpm test` runs against the mock.",
  );
  for (const s of op.samples) out.push(`### ${s.label}\n\n\`samples/${s.file}\`\n\n${fence(s.source, s.highlight)}`);
  return `${out.filter((p) => p.trim()).join("\n\n")}\n`;
}

export function introductionMarkdown(
  model: ReferenceModel,
  links: { html: string; operation: (op: OperationModel) => string; downloads: Array<[string, string]> },
): string {
  const out = [
    `# ${model.title} ${model.version}: reference`,
    `> ${model.summary}`,
    `On the web: ${links.html}`,
    model.description,
    `## Operations`,
    model.groups
      .flatMap((g) => g.tags)
      .map(
        (t) =>
          `### ${t.name}\n\n${t.description ?? ""}\n\n${t.operations.map((o) => `- [${o.summary}](${links.operation(o)}): \`${o.method} ${o.path}\``).join("\n")}`,
      )
      .join("\n\n"),
    `## Servers`,
    model.servers
      .map(
        (s) =>
          `- \`${s.url}\`: ${cell(s.description)}${s.variables.map((v) => ` \`${v.name}\` defaults to \`${v.default}\`.`).join("")}`,
      )
      .join("\n"),
    `## Downloads`,
    links.downloads.map(([label, href]) => `- [${label}](${href})`).join("\n"),
  ];
  return `${out.filter((p) => p.trim()).join("\n\n")}\n`;
}
