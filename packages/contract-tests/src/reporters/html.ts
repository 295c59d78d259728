// One self-contained HTML file: the summary, every check with its provenance, each failure with
// its request, answer, curl command and replay file, and the coverage matrix. No script, no
// external asset (a Content-Security-Policy forbids loading any), so it opens offline.
import type { Coverage, CoverageCell } from "../coverage.js";
import type { CheckResult, Failure, Report } from "../types.js";
import { countsLine, formatExchange } from "./pretty.js";

// biome-ignore lint/suspicious/noControlCharactersInRegex: replacing the control characters HTML cannot carry is the point.
const UNSAFE = /[\u0000-\u0008\u000B\u000C\u000E-\u001F]/g;
const esc = (text: string) =>
  text
    .replace(UNSAFE, "\uFFFD")
    .replace(/&/g, "&amp;")
    .replace(/</g, "&lt;")
    .replace(/>/g, "&gt;")
    .replace(/"/g, "&quot;");

const STYLE = `
:root { color-scheme: light; --vendor: #0b5cad; --decision: #7a4bb0; --pass: #1a7f37; --fail: #c62828; --div: #9a6700; --skip: #6e7781; --line: #d0d7de; }
* { box-sizing: border-box; }
body { margin: 0; font: 14px/1.45 system-ui, -apple-system, "Segoe UI", Roboto, sans-serif; color: #1f2328; background: #f6f8fa; }
header { background: #24292f; color: #fff; padding: 18px 28px; }
header h1 { margin: 0 0 4px; font-size: 20px; }
header p { margin: 0; color: #d0d7de; }
main { padding: 20px 28px 40px; max-width: 1400px; }
h2 { font-size: 17px; margin: 28px 0 10px; }
.cards { display: flex; flex-wrap: wrap; gap: 12px; }
.card { background: #fff; border: 1px solid var(--line); border-radius: 8px; padding: 12px 16px; min-width: 150px; }
.card b { display: block; font-size: 26px; }
.card.pass b { color: var(--pass); } .card.fail b { color: var(--fail); } .card.div b { color: var(--div); } .card.skip b { color: var(--skip); }
.counts { font-family: ui-monospace, SFMono-Regular, Menlo, monospace; background: #fff; border: 1px solid var(--line); border-radius: 6px; padding: 8px 12px; margin-top: 12px; }
table { border-collapse: collapse; width: 100%; background: #fff; border: 1px solid var(--line); }
th, td { text-align: left; padding: 6px 10px; border-bottom: 1px solid var(--line); vertical-align: top; }
th { background: #f0f3f6; font-weight: bold; }
code, pre { font-family: ui-monospace, SFMono-Regular, Menlo, monospace; font-size: 12.5px; }
pre { background: #f6f8fa; border: 1px solid var(--line); border-radius: 6px; padding: 8px 10px; overflow-x: auto; white-space: pre-wrap; word-break: break-all; margin: 6px 0; }
.badge { display: inline-block; border-radius: 10px; padding: 0 8px; font-size: 12px; color: #fff; margin-right: 4px; }
.badge.vendor { background: var(--vendor); } .badge.decision { background: var(--decision); }
.status { font-weight: bold; }
.status.passed { color: var(--pass); } .status.failed { color: var(--fail); } .status.diverged { color: var(--div); } .status.skipped { color: var(--skip); }
.failure { background: #fff; border: 1px solid var(--line); border-left: 4px solid var(--fail); border-radius: 6px; padding: 10px 14px; margin: 10px 0; }
.failure.decision { border-left-color: var(--div); }
.failure h3 { margin: 0 0 4px; font-size: 14px; }
.muted { color: #57606a; }
td.no { color: var(--fail); font-weight: bold; }
details summary { cursor: pointer; }
`;

function badges(kinds: readonly string[]): string {
  return kinds.map((k) => `<span class="badge ${esc(k)}">${esc(k)}</span>`).join("");
}

function failureHtml(r: CheckResult, f: Failure, profile: Report["profile"]): string {
  const kind = f.baselined
    ? "accepted by the baseline"
    : f.provenance === "decision" && profile === "vendor"
      ? "divergence"
      : "failure";
  return `<div class="failure ${esc(f.provenance)}">
<h3>${badges([f.provenance])}<code>${esc(r.id)}</code>${f.rule ? ` <span class="muted">[${esc(f.rule)}]</span>` : ""} — ${esc(kind)}</h3>
<p>${esc(f.message)}</p>
<p class="muted">spec: <code>${esc(f.specLocation)}</code>${f.provenanceEntry ? ` (${esc(f.provenance)}: <code>${esc(f.provenanceEntry)}</code>)` : ""}</p>
${f.exchange ? `<details><summary>request and answer (secrets redacted)</summary><pre>${esc(formatExchange(f.exchange))}</pre></details>` : ""}
${f.curl ? `<p>Reproduce:</p><pre>${esc(f.curl)}</pre>` : ""}
${f.replayFile ? `<p>Replay: <code>cobrowse-contract --replay ${esc(f.replayFile)}</code>${f.replay.mode === "check" ? " (runs the check again)" : ""}</p>` : ""}
</div>`;
}

function coverageRows(cells: CoverageCell[]): string {
  return cells
    .map(
      (c) =>
        `<tr><td><code>${esc(c.operationId)}</code></td><td>${esc(c.kind)}</td><td><code>${esc(c.label)}</code></td><td>${badges([c.provenance])}</td>${c.exercisedBy.length > 0 ? `<td>${c.exercisedBy.map((id) => `<code>${esc(id)}</code>`).join(", ")}</td>` : `<td class="no">not exercised</td>`}</tr>`,
    )
    .join("\n");
}

function coverageHtml(coverage: Coverage): string {
  return `<table><thead><tr><th>operation</th><th>kind</th><th>what the spec documents</th><th>provenance</th><th>exercised by</th></tr></thead>
<tbody>
${coverageRows(coverage.cells)}
</tbody></table>`;
}

function baselineHtml(report: Report): string {
  const b = report.baseline;
  if (!b) return "";
  const rows = [...b.new.map((e) => ["new", e] as const), ...b.disappeared.map((e) => ["disappeared", e] as const)]
    .map(
      ([state, e]) =>
        `<tr><td>${esc(state)}</td><td><code>${esc(e.check)}</code></td><td>${esc(e.operation ?? "")}</td><td>${badges([e.provenance])}</td><td><code>${esc(e.fingerprint)}</code></td><td>${esc(e.message)}</td></tr>`,
    )
    .join("\n");
  return `<h2 id="baseline">Baseline${b.file ? ` <code>${esc(b.file)}</code>` : ""}</h2>
<p>${b.accepted.entries} known kind(s) of failure accepted (${b.accepted.failures} failure(s)), ${b.new.length} new, ${b.disappeared.length} disappeared.</p>
${rows ? `<table><thead><tr><th>state</th><th>check</th><th>operation</th><th>provenance</th><th>fingerprint</th><th>message</th></tr></thead><tbody>\n${rows}\n</tbody></table>` : ""}
`;
}

/** The report as one self-contained HTML page. */
export function htmlReport(report: Report): string {
  const s = report.summary;
  const failing = report.results.filter((r) => r.failures.length > 0);
  const title = `cobrowse-contract: ${report.traffic ? `${report.traffic.mode} ${report.traffic.source}` : report.target}`;
  const checks = report.results
    .map(
      (r) =>
        `<tr><td><code>${esc(r.id)}</code></td><td>${badges(r.provenance)}</td><td class="status ${esc(r.status)}">${esc(r.status)}${r.status === "skipped" && r.skipReason ? `<div class="muted">${esc(r.skipReason)}</div>` : ""}</td><td>${esc(r.title)}</td><td>${r.cases}</td><td>${r.requests}</td><td>${r.durationMs} ms</td></tr>`,
    )
    .join("\n");
  return `<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'; img-src data:">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${esc(title)}</title>
<style>${STYLE}</style>
</head>
<body>
<header>
<h1>${esc(title)}</h1>
<p>${esc(`${report.spec.title} ${report.spec.version}`)} · profile <b>${esc(report.profile)}</b> · seed ${report.seed} · ${report.cases} cases per property · ${esc(report.startedAt)} · ${(report.durationMs / 1000).toFixed(1)} s${report.websocket ? " · websocket" : ""}${report.stateless ? " · stateless" : ""}</p>
</header>
<main>
<h2 id="summary">Summary</h2>
<div class="cards">
<div class="card pass"><b>${s.passed}</b>passed</div>
<div class="card ${s.vendor > 0 ? "fail" : "pass"}"><b>${s.vendor}</b>vendor failures</div>
<div class="card ${s.decision === 0 ? "pass" : report.profile === "vendor" ? "div" : "fail"}"><b>${s.decision}</b>decision ${report.profile === "vendor" ? "divergences" : "failures"}</div>
<div class="card skip"><b>${s.skipped}</b>skipped</div>
<div class="card"><b>${report.coverage.percent.toFixed(1)}%</b>coverage (${report.coverage.exercised} of ${report.coverage.total})</div>
<div class="card"><b>${s.requests}</b>requests</div>
</div>
<div class="counts">${esc(countsLine(report))}${report.minCoverage ? esc(`; --min-coverage ${report.minCoverage.percent}: ${report.minCoverage.met ? "met" : "NOT met"}`) : ""}</div>
<p class="muted">${report.profile === "vendor" ? "Vendor profile: only a broken vendor fact fails the run; a broken decision of the spec is a divergence, listed, not failed." : "Spec profile: a broken vendor fact and a broken decision of the spec both fail the run."} Replay this run: <code>${esc(report.replay)}</code></p>
<h2 id="failures">Failures and divergences (${failing.reduce((n, r) => n + r.failureCount, 0)})</h2>
${failing.length === 0 ? "<p>None.</p>" : `<p class="muted">The curl commands send the token as <code>$COBROWSE_TOKEN</code> and the secret as <code>$COBROWSE_APP_SECRET</code>; get a token with:</p><pre>${esc(report.tokenCommand)}</pre>${failing.map((r) => r.failures.map((f) => failureHtml(r, f, report.profile)).join("\n")).join("\n")}`}
${baselineHtml(report)}<h2 id="checks">Checks (${s.total})</h2>
<table><thead><tr><th>id</th><th>provenance</th><th>result</th><th>what it checks</th><th>cases</th><th>requests</th><th>time</th></tr></thead>
<tbody>
${checks}
</tbody></table>
<h2 id="coverage">Coverage matrix: ${report.coverage.percent.toFixed(1)}%</h2>
<p class="muted">Each documented status (answered), security failure (sent) and request constraint (broken) of each operation, and the checks that exercised it.</p>
${coverageHtml(report.coverage)}
</main>
</body>
</html>
`;
}
