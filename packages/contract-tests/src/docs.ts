import type { SpecValidator } from "@cec-cobrowse/spec";
import type { CheckDefinition } from "./checks/check.js";
import { checkProvenance } from "./runner.js";

/** The check list as a Markdown table, with the provenance of the rules each enforces (the README's table is generated from this). */
export function checksMarkdown(checks: CheckDefinition[], spec?: SpecValidator): string {
  const cell = (s: string) => s.replace(/\|/g, "\\|");
  const rows = checks.map(
    (c) =>
      `| \`${c.id}\` | ${checkProvenance(c, spec).join(" + ")} | ${cell(c.title)}${c.stateful ? ` *(stateful: ${cell(c.stateful)})*` : ""} | ${c.specLocations.map((l) => `\`${cell(l)}\``).join("<br>")} |`,
  );
  return ["| id | provenance | what it checks | spec location |", "| --- | --- | --- | --- |", ...rows, ""].join("\n");
}
