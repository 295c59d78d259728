// Header lists as they travel: Node gives the raw list (names as sent, in order); a relayed
// request sets them again name by name (repeated names together, in their order), and the
// judge reads them as a map.
import type { OutgoingMessage } from "node:http";

/** Pairs from Node's flat raw list (`[name, value, name, value...]`). */
export function pairsOf(raw: readonly string[]): Array<[string, string]> {
  const out: Array<[string, string]> = [];
  for (let i = 0; i + 1 < raw.length; i += 2) out.push([raw[i]!, raw[i + 1]!]);
  return out;
}

/** Name → value, names as first sent, repeated ones joined with ", ". */
export function mapOf(pairs: ReadonlyArray<[string, string]>, lower = false): Record<string, string> {
  const out: Record<string, string> = {};
  const names = new Map<string, string>();
  for (const [name, value] of pairs) {
    const key = lower ? name.toLowerCase() : (names.get(name.toLowerCase()) ?? name);
    names.set(name.toLowerCase(), key);
    out[key] = key in out ? `${out[key]}, ${value}` : value;
  }
  return out;
}

/**
 * Sets a request's headers exactly as the pairs say: no header of Node's own is added (no
 * `Connection`, `Content-Length` or `Transfer-Encoding` the client did not send). Repeated names
 * keep their values' order; `host` is replaced when given.
 */
export function setHeadersAsSent(
  message: OutgoingMessage,
  pairs: ReadonlyArray<[string, string]>,
  host?: string,
): void {
  const groups = new Map<string, { name: string; values: string[] }>();
  for (const [name, value] of pairs) {
    const key = name.toLowerCase();
    const group = groups.get(key) ?? { name, values: [] };
    group.values.push(key === "host" && host !== undefined ? host : value);
    groups.set(key, group);
  }
  for (const { name, values } of groups.values()) message.setHeader(name, values.length === 1 ? values[0]! : values);
  for (const name of ["connection", "content-length", "transfer-encoding", "date"])
    if (!groups.has(name)) message.removeHeader(name);
}
