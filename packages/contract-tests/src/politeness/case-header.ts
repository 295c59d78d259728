// Every request the suite sends names its check and case in one header, so a gateway's access
// logs can be matched to a report line: `X-Cobrowse-Contract-Case: body.enum-violation; getConnectionInfo: /role …`.

export const CASE_HEADER = "X-Cobrowse-Contract-Case";
const MAX_CHARS = 240;

/** The header's value: the check id and the case label, anything but visible ASCII percent-encoded, cut to 240 characters. */
export function caseHeaderValue(checkId: string, label: string): string {
  const text = `${checkId}; ${label}`.replace(/[^\x20-\x24\x26-\x7E]/gu, (c) =>
    [...Buffer.from(c, "utf8")].map((b) => `%${b.toString(16).toUpperCase().padStart(2, "0")}`).join(""),
  );
  return text.length > MAX_CHARS ? `${text.slice(0, MAX_CHARS - 1)}~` : text;
}
