import type { CheckDefinition } from "./checks/check.js";

/** The check list as a Markdown table (the README's table is generated from this). */
export function checksMarkdown(checks: CheckDefinition[]): string {
  const cell = (s: string) => s.replace(/\|/g, "\\|");
  const rows = checks.map((c) => `| \`${c.id}\` | ${cell(c.title)}${c.stateful ? ` *(stateful: ${cell(c.stateful)})*` : ""} | ${c.specLocations.map((l) => `\`${cell(l)}\``).join("<br>")} |`);
  return ["| id | what it checks | spec location |", "| --- | --- | --- |", ...rows, ""].join("\n");
}
