// JUnit XML: one <testcase> per check; a failure carries every broken promise with its
// request and response (secrets redacted); skipped checks say why.
import type { Report } from "../types.js";
import { formatFailure } from "./pretty.js";

function xml(text: string): string {
  return text
    .replace(/[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]/g, "\uFFFD")
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
    `      <property name="spec" value="${xml(`${report.spec.title} ${report.spec.version}`)}"/>`,
    `      <property name="replay" value="${xml(report.replay)}"/>`,
    "    </properties>",
  ];
  for (const r of report.results) {
    const [area] = r.id.split(".");
    const open = `    <testcase classname="${xml(`contract.${area}`)}" name="${xml(r.id)}" time="${seconds(r.durationMs)}"`;
    if (r.status === "passed") {
      out.push(`${open}/>`);
    } else if (r.status === "skipped") {
      out.push(`${open}>`, `      <skipped message="${xml(r.skipReason ?? "skipped")}"/>`, "    </testcase>");
    } else {
      const first = r.failures[0];
      const body = r.failures.map((f) => formatFailure(f)).join("\n\n") + (r.failureCount > r.failures.length ? `\n\n… and ${r.failureCount - r.failures.length} more` : "");
      out.push(
        `${open}>`,
        `      <failure message="${xml(`${r.failureCount} failure(s): ${first?.message ?? ""}`.slice(0, 500))}" type="${xml(first?.rule ?? "contract")}">${xml(`${r.title}\nspec: ${r.specLocations.join(", ")}\n\n${body}`)}</failure>`,
        "    </testcase>",
      );
    }
  }
  out.push("  </testsuite>", "</testsuites>", "");
  return out.join("\n");
}
