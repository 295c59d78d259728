import type { Report } from "../types.js";

/** The report as JSON (everything in it is already redacted). */
export function jsonReport(report: Report): string {
  return `${JSON.stringify(report, null, 2)}\n`;
}
