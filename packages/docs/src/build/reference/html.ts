// The reference model as static HTML: the page reads whole with no script (the samples' tabs are
// an enhancement, the responses' examples open natively), and every fact carries its mark, the
// vendor's or the spec's decision, with the provenance note on it.
import { Marked } from "marked";
import { highlight } from "../highlight.js";
import { escapeHtml } from "../layout.js";
import { slugify } from "../markdown.js";
import { renderTabs } from "../tabs.js";
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

export const MARK_LABELS: Record<Mark["kind"], { short: string; long: string }> = {
  vendor: { short: "vendor", long: "Documented by the vendor" },
  decision: { short: "spec decision", long: "Decided by this spec where the vendor is silent" },
};

/** Markdown of the spec (descriptions) to HTML; `headingLevel` shifts its headings under the page's. */
export function md(text: string | undefined, headingLevel = 0, idPrefix = ""): string {
  if (!text) return "";
  const marked = new Marked({ gfm: true });
  if (headingLevel) {
    marked.use({
      renderer: {
        heading({ tokens, depth }) {
          const inner = this.parser.parseInline(tokens);
          const level = Math.min(6, depth + headingLevel);
          return `<h${level} id="${idPrefix}${slugify(inner)}">${inner}</h${level}>\n`;
        },
      },
    });
  }
  return marked.parse(text, { async: false });
}

const inline = (text: string) => new Marked({ gfm: true }).parseInline(text, { async: false });

export function markBadge(mark: Mark | undefined): string {
  if (!mark) return "";
  return `<span class="mark mark-${mark.kind}" title="${escapeHtml(mark.note)}">${MARK_LABELS[mark.kind].short}</span>`;
}

/** A rule of a value, with its mark when it differs from the value's own. */
function constraint(c: Constraint, owner: Mark | undefined): string {
  return `<li>${inline(c.text)}${c.mark && c.mark.kind !== owner?.kind ? ` ${markBadge(c.mark)}` : ""}</li>`;
}

const constraints = (list: Constraint[], owner: Mark | undefined) =>
  list.length ? `<ul class="rules">${list.map((c) => constraint(c, owner)).join("")}</ul>` : "";
const example = (v: unknown) =>
  v === undefined
    ? ""
    : `<p class="example">Example: <code>${escapeHtml(typeof v === "string" ? v : JSON.stringify(v))}</code></p>`;

function headersTable(headers: Header[], caption: string, idPrefix: string): string {
  if (!headers.length) return "";
  const rows = headers.map(
    (h) =>
      `<tr id="${idPrefix}${escapeHtml(h.name.toLowerCase())}"><th scope="row"><code>${escapeHtml(h.name)}</code>${h.required ? ' <span class="required">required</span>' : ""} ${markBadge(h.mark)}</th>` +
      `<td><code>${escapeHtml(h.type)}</code>${constraints(h.constraints, h.mark)}</td>` +
      `<td>${md(h.description)}${example(h.example)}${
        h.failures
          ? `<p class="failures">Missing: <strong>${h.failures.missing}</strong>; malformed: <strong>${h.failures.malformed}</strong>; unknown: <strong>${h.failures.unknown}</strong> ${markBadge(h.failures.mark)}</p>`
          : ""
      }</td></tr>`,
  );
  return `<table class="params"><caption>${escapeHtml(caption)}</caption><thead><tr><th scope="col">Header</th><th scope="col">Type and rules</th><th scope="col">Description</th></tr></thead><tbody>${rows.join("")}</tbody></table>`;
}

function fieldsTable(fields: Field[], caption: string, idPrefix: string): string {
  const rows = fields.map(
    (f) =>
      `<tr id="${idPrefix}${escapeHtml(f.name)}" class="depth-${f.depth}"><th scope="row"><code>${escapeHtml(f.name)}</code>${f.required ? ' <span class="required">required</span>' : ""} ${markBadge(f.mark)}</th>` +
      `<td><code>${escapeHtml(f.type)}</code>${constraints(f.constraints, f.mark)}</td><td>${md(f.description)}${example(f.example)}</td></tr>`,
  );
  return `<table class="params"><caption>${escapeHtml(caption)}</caption><thead><tr><th scope="col">Field</th><th scope="col">Type and rules</th><th scope="col">Description</th></tr></thead><tbody>${rows.join("")}</tbody></table>`;
}

function examples(list: ExampleModel[], heading: number): string {
  return list
    .map(
      (e) =>
        `<div class="example-block"><h${heading}>Example: ${escapeHtml(e.summary ?? e.name)} ${markBadge(e.mark)}</h${heading}>${md(e.description)}` +
        `<pre tabindex="0"><code class="hljs language-json">${highlight(e.json, "json")}</code></pre></div>`,
    )
    .join("");
}

function bodyHtml(body: Body, caption: string, idPrefix: string, heading: number, withExamples = true): string {
  const objectRules = body.constraints.length
    ? `<p class="object-rules">${body.constraints.map((c) => `${inline(c.text)} ${markBadge(c.mark)}`).join("; ")}</p>`
    : "";
  return (
    fieldsTable(body.fields, caption, idPrefix) + objectRules + (withExamples ? examples(body.examples, heading) : "")
  );
}

const statusClass = (status: string) => `status-${status[0]}xx`;

function responseHtml(op: OperationModel, r: ResponseModel, sharedBody: boolean): string {
  const id = `${op.anchor}/${r.status}`;
  const bodyNote = r.bodyMark ? `<p class="body-mark">Its body and headers: ${markBadge(r.bodyMark)}</p>` : "";
  const headers = headersTable(r.headers, `Headers of the ${r.status} answer`, `${id}/header/`);
  const body = r.body
    ? sharedBody
      ? examples(r.body.examples, 6)
      : bodyHtml(r.body, `Fields of the ${r.status} answer (${r.body.schemaName ?? "JSON"})`, `${id}/`, 6)
    : "";
  const links = r.links.length
    ? `<ul class="links">${r.links.map((l) => `<li>Link <code>${escapeHtml(l.name)}</code> to <a href="#operation/${escapeHtml(l.operationId)}"><code>${escapeHtml(l.operationId)}</code></a>: ${inline(l.description ?? "")}</li>`).join("")}</ul>`
    : "";
  return (
    `<section class="response" id="${escapeHtml(id)}" aria-labelledby="${escapeHtml(id)}-title">` +
    `<h5 id="${escapeHtml(id)}-title"><span class="status ${statusClass(r.status)}">${escapeHtml(r.status)}</span> ${escapeHtml(r.reason)} ${markBadge(r.mark)}</h5>` +
    `${md(r.description)}${bodyNote}${headers}${body}${links}</section>`
  );
}

/** The responses: each success in full; answers sharing one body schema (the errors) under that schema's fields, once. */
function responsesHtml(op: OperationModel): string {
  const bySchema = new Map<string, ResponseModel[]>();
  for (const r of op.responses)
    if (r.body?.schemaName && !r.status.startsWith("2"))
      bySchema.set(r.body.schemaName, [...(bySchema.get(r.body.schemaName) ?? []), r]);
  const shared = new Set([...bySchema.values()].filter((list) => list.length > 1).flat());
  const out: string[] = [];
  for (const r of op.responses) if (!shared.has(r)) out.push(responseHtml(op, r, false));
  for (const [schema, list] of bySchema) {
    if (list.length < 2) continue;
    const first = list[0]!;
    out.push(
      `<section class="response-group"><h5>${list.map((r) => r.status).join(", ")}: the <code>${escapeHtml(schema)}</code> body ${markBadge(first.bodyMark)}</h5>` +
        bodyHtml(
          first.body!,
          `Fields of the ${list.map((r) => r.status).join(", ")} answers (${schema})`,
          `${op.anchor}/${schema}/`,
          6,
          false,
        ) +
        list.map((r) => responseHtml(op, r, true)).join("") +
        `</section>`,
    );
  }
  return out.join("");
}

export function operationHtml(op: OperationModel, consoleHref: string): string {
  const id = escapeHtml(op.anchor);
  const request =
    headersTable(op.headers, "Request headers", `${op.anchor}/header/`) +
    (op.body
      ? `<h4 id="${id}/body">Request body</h4><p><code>${op.body.mediaTypes.map(escapeHtml).join("</code>, <code>")}</code>${op.body.required ? ", required" : ""}${op.body.schemaName ? ` (<code>${escapeHtml(op.body.schemaName)}</code>)` : ""}</p>` +
        bodyHtml(op.body, `Request body fields (${op.body.schemaName ?? "JSON"})`, `${op.anchor}/body/`, 5)
      : "");
  const checks =
    `<h4 id="${id}/checks">Order of checks ${markBadge(op.checks.mark)}</h4><p>A server checks, in this order; the first failing check answers.</p><ol class="checks">` +
    op.checks.order
      .map(
        (c) =>
          `<li><code>${escapeHtml(c.id)}</code> → <strong>${c.status}</strong>: ${inline(c.description)}${c.details.length ? ` (${c.details.map((d) => escapeHtml(d)).join("; ")})` : ""}</li>`,
      )
      .join("") +
    `</ol>`;
  return (
    `<section class="operation" id="${id}" aria-labelledby="${id}-title">` +
    `<h3 id="${id}-title">${escapeHtml(op.summary)}</h3>` +
    `<p class="endpoint"><span class="method method-${op.method.toLowerCase()}">${escapeHtml(op.method)}</span> <code class="path">${escapeHtml(op.path)}</code> ${markBadge(op.mark)}</p>` +
    `<p class="operation-actions"><a class="try-it" href="${escapeHtml(consoleHref)}">Try it<span class="visually-hidden">: ${escapeHtml(op.summary)}</span> in the console</a> <a href="reference/${escapeHtml(op.id)}.md">Markdown</a> <span class="operation-id">operationId <code>${escapeHtml(op.id)}</code></span></p>` +
    md(op.description) +
    `<h4 id="${id}/samples">Samples</h4>` +
    renderTabs(
      op.samples.map((s) => ({
        language: s.file.split("/")[0]!,
        label: s.label,
        highlight: s.highlight,
        source: s.source,
        file: s.file,
      })),
    ) +
    `<h4 id="${id}/request">Request</h4>${request}` +
    `<h4 id="${id}/responses">Responses</h4>${responsesHtml(op)}` +
    checks +
    `</section>`
  );
}

/** The side navigation: the tag groups, each tag's operations with their method. */
export function referenceNav(model: ReferenceModel): string {
  return (
    `<nav class="sidebar reference-nav" aria-label="Reference"><ul><li><a href="#introduction">Introduction</a></li>` +
    model.groups
      .map(
        (g) =>
          `<li class="nav-group"><span class="nav-group-name">${escapeHtml(g.name)}</span><ul>` +
          g.tags
            .map(
              (t) =>
                `<li><a class="nav-tag" href="#tag/${slugify(t.name)}">${escapeHtml(t.name)}</a><ul>` +
                t.operations
                  .map(
                    (o) =>
                      `<li><a href="#${escapeHtml(o.anchor)}"><span class="method method-${o.method.toLowerCase()}">${escapeHtml(o.method)}</span> <span>${escapeHtml(o.summary)}</span></a></li>`,
                  )
                  .join("") +
                `</ul></li>`,
            )
            .join("") +
          `</ul></li>`,
      )
      .join("") +
    `</ul></nav>`
  );
}

export interface ReferenceLinks {
  /** The console's address of an operation. */
  console: (op: OperationModel) => string;
  /** Downloads named in the introduction: [label, href]. */
  downloads: Array<[string, string]>;
}

export function referenceBody(model: ReferenceModel, links: ReferenceLinks): string {
  const servers = model.servers
    .map(
      (s) =>
        `<li><code>${escapeHtml(s.url)}</code>: ${inline(s.description ?? "")}${s.variables.map((v) => ` <code>${escapeHtml(v.name)}</code> defaults to <code>${escapeHtml(v.default)}</code>${v.description ? ` (${inline(v.description)})` : ""}.`).join("")}</li>`,
    )
    .join("");
  const legend =
    `<dl class="legend"><dt>${markBadge({ kind: "vendor", note: MARK_LABELS.vendor.long, entry: "" })}</dt><dd>${MARK_LABELS.vendor.long}: the vendor's reference pages state it.</dd>` +
    `<dt>${markBadge({ kind: "decision", note: MARK_LABELS.decision.long, entry: "" })}</dt><dd>${MARK_LABELS.decision.long} (<code>x-cobrowse-provenance</code>); hover a mark for its note. A rule's limits carry their own mark when it differs from the field's.</dd></dl>`;
  const intro =
    `<section id="introduction" aria-labelledby="introduction-title"><h2 id="introduction-title">Introduction</h2>` +
    `<p class="lead">${inline(model.summary)}</p>${md(model.description, 1, "intro-")}` +
    `<h3 id="servers">Servers</h3><ul>${servers}</ul>` +
    `<h3 id="marks">Vendor facts and spec decisions</h3>${legend}` +
    `<h3 id="downloads">Downloads</h3><ul>${links.downloads.map(([label, href]) => `<li><a href="${escapeHtml(href)}">${escapeHtml(label)}</a></li>`).join("")}</ul></section>`;
  const tags = model.groups
    .flatMap((g) => g.tags)
    .map(
      (t) =>
        `<section class="tag" id="tag/${slugify(t.name)}" aria-labelledby="tag/${slugify(t.name)}-title"><h2 id="tag/${slugify(t.name)}-title">${escapeHtml(t.name)}</h2>${md(t.description)}` +
        t.operations.map((o) => operationHtml(o, links.console(o))).join("") +
        `</section>`,
    )
    .join("");
  return `<article class="reference-doc"><h1>${escapeHtml(model.title)} <span class="version">${escapeHtml(model.version)}</span></h1>${intro}${tags}</article>`;
}
