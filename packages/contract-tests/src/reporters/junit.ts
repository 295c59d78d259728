// JUnit XML: one <testcase> per check, its provenance (vendor, decision or both) as a property;
// a failure carries every broken promise with its request, response and curl command (secrets
// redacted); a check that diverges from the spec's decisions under the vendor profile passes,
// its divergences in <system-out>; skipped checks say why.
import type { Report } from "../types.js";
import { countsLine, formatFailure } from "./pretty.js";

// biome-ignore lint/suspicious/noControlCharactersInRegex: replacing the characters XML 1.0 cannot carry is the point.
const UNSAFE = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]/g;

function xml(text: string): string {
  return text
    .replace(UNSAFE, "\uFFFD")
    .replace(/&/g, "&amp;")
    .replace(/</g, "&lt;")
    .replace(/>/g, "&gt;")
    .replace(/"/g, "&quot;");
}

export function junitReport(report: Report): string {
  const s = report.summary;
  const seconds = (ms: number) => (ms / 1000).toFixed(3);
  const out = [
    '<?xml version="1.0" encoding="UTF-8"?>',
    `<testsuites name="cobrowse-contract" tests="${s.total}" failures="${s.failed}" skipped="${s.skipped}" errors="0" time="${seconds(report.durationMs)}">`,
    `  <testsuite name="${xml(`contract: ${report.target}`)}" tests="${s.total}" failures="${s.failed}" skipped="${s.skipped}" errors="0" time="${seconds(report.durationMs)}" timestamp="${report.startedAt}">`,
    "    <properties>",
    `      <property name="seed" value="${report.seed}"/>`,
    `      <property name="cases" value="${report.cases}"/>`,
    `      <property name="stateless" value="${report.stateless}"/>`,
    `      <property name="profile" value="${report.profile}"/>`,
    `      <property name="spec" value="${xml(`${report.spec.title} ${report.spec.version}`)}"/>`,
    `      <property name="coverage" value="${report.coverage.percent.toFixed(1)}"/>`,
    `      <property name="summary" value="${xml(countsLine(report))}"/>`,
    `      <property name="replay" value="${xml(report.replay)}"/>`,
    ...(report.traffic
      ? [
          `      <property name="traffic" value="${xml(`${report.traffic.mode} ${report.traffic.source}: ${report.traffic.exchanges} exchanges judged`)}"/>`,
        ]
      : []),
    ...(report.baseline
      ? [
          `      <property name="baseline" value="${xml(`${report.baseline.file ?? ""}: ${report.baseline.accepted.entries} accepted, ${report.baseline.new.length} new, ${report.baseline.disappeared.length} disappeared`)}"/>`,
        ]
      : []),
    "    </properties>",
  ];
  for (const r of report.results) {
    const [area] = r.id.split(".");
    const open = `    <testcase classname="${xml(`contract.${area}`)}" name="${xml(r.id)}" time="${seconds(r.durationMs)}">`;
    const properties = [
      "      <properties>",
      `        <property name="provenance" value="${r.provenance.join("+")}"/>`,
      `        <property name="outcome" value="${r.status}"/>`,
      "      </properties>",
    ];
    const body =
      r.failures.map((f) => formatFailure(f)).join("\n\n") +
      (r.failureCount > r.failures.length ? `\n\n… and ${r.failureCount - r.failures.length} more` : "");
    out.push(open, ...properties);
    if (r.status === "skipped") {
      out.push(`      <skipped message="${xml(r.skipReason ?? "skipped")}"/>`);
    } else if (r.status === "failed") {
      const first = r.failures.find((f) => f.provenance === "vendor") ?? r.failures[0];
      out.push(
        `      <failure message="${xml(`${r.failureCount} failure(s): [${first?.provenance ?? "decision"}] ${first?.message ?? ""}`.slice(0, 500))}" type="${xml(first?.rule ?? "contract")}">${xml(`${r.title}\nspec: ${r.specLocations.join(", ")}\n\n${body}`)}</failure>`,
      );
    } else if (r.status === "passed" && r.failures.length > 0) {
      out.push(
        `      <system-out>${xml(`failures accepted by the baseline (listed, not failed)\n${r.title}\n\n${body}`)}</system-out>`,
      );
    } else if (r.status === "diverged") {
      out.push(
        `      <system-out>${xml(`diverges from decisions of the spec (vendor profile: listed, not failed)\n${r.title}\n\n${body}`)}</system-out>`,
      );
    }
    out.push("    </testcase>");
  }
  out.push("  </testsuite>", "</testsuites>", "");
  return out.join("\n");
}
