// A failure's request as a curl command a person can run: the token as $COBROWSE_TOKEN, the app
// secret as $COBROWSE_APP_SECRET, nothing secret in it; and the command that puts a token in
// $COBROWSE_TOKEN, from the spec's token rules.
import type { ResolvedTokenSource } from "@cec-cobrowse/spec";
import type { HttpRequest } from "../http.js";
import { PLACEHOLDER, placeholder, type Redactor } from "../redact.js";
import { meaning, withPlaceholders } from "./record.js";

/** One shell word: literal text single-quoted, placeholders as the shell variables (or stand-ins) they are. */
function shellWord(text: string, notes: Set<string>): string {
  const quote = (s: string) => (s === "" ? "" : `'${s.replace(/'/g, `'\\''`)}'`);
  let out = "";
  let last = 0;
  for (const m of text.matchAll(PLACEHOLDER)) {
    out += quote(text.slice(last, m.index));
    const marker = m[0];
    if (marker === "{{secret}}") out += '"$COBROWSE_APP_SECRET"';
    else if (marker.startsWith("{{token")) {
      out += '"$COBROWSE_TOKEN"';
      if (marker !== "{{token}}")
        notes.add(
          `the suite sent ${meaning(marker)}; this command sends the token as is (cobrowse-contract --replay re-derives it)`,
        );
    } else if (marker === "{{wrong-secret}}") out += quote("wrong-secret-for-replay");
    else {
      out += quote("[REDACTED]");
      notes.add(
        "a value the report redacts is shown as [REDACTED]; cobrowse-contract --replay runs the check again instead",
      );
    }
    last = m.index! + marker.length;
  }
  out += quote(text.slice(last));
  return out === "" ? "''" : out;
}

/** A curl command that sends a request again; secrets as $COBROWSE_TOKEN and $COBROWSE_APP_SECRET. */
export function curlOf(redactor: Redactor, baseUrl: string, request: HttpRequest): string {
  const r = withPlaceholders(redactor, request);
  const notes = new Set<string>();
  const args = [`curl -sS -i -X ${r.method} ${shellWord(`${baseUrl}${r.path}`, notes)}`];
  for (const [name, value] of Object.entries(r.headers)) {
    // curl sets these itself (Host from the URL): a recorded request's would be the proxy's
    if (/^(content-length|host|connection|keep-alive|transfer-encoding)$/i.test(name)) continue;
    args.push(`-H ${shellWord(`${name}: ${value}`, notes)}`);
  }
  let feed = "";
  if (r.body) {
    // curl sends a form media type with a body unless told: a request without one says so.
    if (!Object.keys(r.headers).some((k) => k.toLowerCase() === "content-type")) args.push("-H 'Content-Type:'");
    const simple = r.body.length === 1 && "text" in r.body[0]! && !r.gzip;
    if (simple) args.push(`--data-raw ${shellWord((r.body[0] as { text: string }).text, notes)}`);
    else {
      const parts = r.body.map((s) =>
        "text" in s
          ? `printf '%s' ${shellWord(s.text, notes)}`
          : `head -c ${s.times} /dev/zero | tr '\\0' ${shellWord(s.repeat, notes)}`,
      );
      feed = `${parts.length === 1 ? parts[0] : `{ ${parts.join("; ")}; }`} | ${r.gzip ? "gzip -c | " : ""}`;
      args.push("--data-binary @-");
    }
  }
  const command = feed + args.join(" \\\n  ");
  return [...[...notes].map((n) => `# ${n}`), command].join("\n");
}

/** The shell command that puts a token for the configured credentials in $COBROWSE_TOKEN (`token`: the spec's token rules). */
export function tokenCommand(token: ResolvedTokenSource, target: { baseUrl: string; appKey: string }): string {
  const { operation, credentials, fields } = token;
  const body = JSON.stringify({ [credentials.appKey]: target.appKey, [credentials.appSecret]: placeholder("secret") });
  const notes = new Set<string>();
  const curl = `curl -sS -X ${operation.method} ${shellWord(`${target.baseUrl}${operation.path}`, notes)} -H 'Content-Type: application/json' --data-raw ${shellWord(body, notes)}`;
  return `export COBROWSE_TOKEN="$(${curl} | node -pe 'JSON.parse(require("fs").readFileSync(0, "utf8"))[${JSON.stringify(fields.token)}]')"`;
}
