// The proxy's live output: one line per violation as it is found, secrets redacted.
import type { Profile } from "../profile.js";
import type { FailureNote } from "../types.js";

const paint = (on: boolean, code: number, s: string) => (on ? `\u001b[${code}m${s}\u001b[0m` : s);

/**
 * `✗ response.schema [vendor] #12 POST /…: tokenByAkSk 200: body /Expires: must be of type string (spec #/components/…)`;
 * `≠` for a divergence under the vendor profile, `~` for a failure the baseline accepts.
 */
export function liveLine(
  note: FailureNote,
  options: { profile: Profile; accepted?: ReadonlySet<string>; color?: boolean },
): string {
  const c = options.color ?? false;
  const accepted = options.accepted?.has(note.fingerprint) ?? false;
  const diverges = note.provenance === "decision" && options.profile === "vendor";
  const mark = accepted ? paint(c, 2, "~") : diverges ? paint(c, 35, "≠") : paint(c, 31, "✗");
  const message = note.message.replace(/\s*\n\s*/g, " ");
  return `${mark} ${note.check} [${note.provenance}]${note.rule ? ` [${note.rule}]` : ""} ${message} ${paint(c, 2, `(spec ${note.specLocation}${accepted ? "; in the baseline" : ""})`)}\n`;
}
