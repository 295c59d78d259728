// The request target (RFC 9112, section 3.2) read without `new URL()`, which takes an
// origin-form path starting with `//` for an authority and throws on `//[`. Origin-form
// (`/path?query`) is split as it is; absolute-form (`http://host:port/path?query`), which a
// server must accept (section 3.2.2), gives its path and query, and its authority stands in for
// the Host header. Anything else (authority-form, asterisk-form, garbage) is a problem to answer
// with a 400, never a throw.
import type { IncomingMessage } from "node:http";

/** A request target split into its parts. */
export interface RequestTarget {
  /** The path as sent (percent-encoding kept), starting with `/`. */
  path: string;
  /** The query without its `?` ("" when there is none). */
  query: string;
  /** The authority of an absolute-form target (`host:port`), which replaces the Host header. */
  authority?: string;
}

const ABSOLUTE = /^([A-Za-z][A-Za-z0-9+.-]*):\/\/([^/?#]*)(.*)$/;
const SCHEMES = new Set(["http", "https", "ws", "wss"]);
/** A host (a name, an IPv4 address or a bracketed IPv6 literal) and an optional port. */
const AUTHORITY = /^(?:[A-Za-z0-9._~!$&'()*+,;=-]+|\[[0-9A-Fa-f:.]+\])(?::(\d{0,5}))?$/;

/** Splits `target` into path and query, or says why it is not a request target a server can serve. */
export function parseRequestTarget(target: string): RequestTarget | { problem: string } {
  const shown = JSON.stringify(target.length > 100 ? `${target.slice(0, 100)}…` : target);
  const split = (rest: string, authority?: string): RequestTarget => {
    const hash = rest.indexOf("#");
    const noFragment = hash < 0 ? rest : rest.slice(0, hash);
    const mark = noFragment.indexOf("?");
    const path = mark < 0 ? noFragment : noFragment.slice(0, mark);
    return {
      path: path === "" ? "/" : path,
      query: mark < 0 ? "" : noFragment.slice(mark + 1),
      ...(authority === undefined ? {} : { authority }),
    };
  };
  if (target.startsWith("/")) return split(target);
  const absolute = ABSOLUTE.exec(target);
  if (!absolute) return { problem: `request target ${shown}: is not a path; send /path (or http://host/path)` };
  const [, scheme, authority, rest] = absolute as unknown as [string, string, string, string];
  if (!SCHEMES.has(scheme.toLowerCase()))
    return {
      problem: `request target ${shown}: scheme ${JSON.stringify(scheme.slice(0, 20))} is not served; send /path or http://host/path`,
    };
  const port = AUTHORITY.exec(authority);
  if (!port || (port[1] !== undefined && (port[1] === "" || Number(port[1]) > 65535))) {
    return {
      problem: `request target ${shown}: the authority is not host[:port] with a port up to 65535; send /path or http://host:port/path`,
    };
  }
  if (rest !== "" && !/^[/?#]/.test(rest))
    return { problem: `request target ${shown}: is malformed; send /path or http://host/path` };
  return split(rest, authority);
}

/**
 * Reads the request's target; an absolute-form one is rewritten in place to origin-form
 * (`req.url`) with its authority as the Host header, so everything after sees one form.
 */
export function normalizeTarget(req: IncomingMessage): RequestTarget | { problem: string } {
  const target = parseRequestTarget(req.url ?? "/");
  if ("problem" in target || target.authority === undefined) return target;
  req.url = target.query === "" ? target.path : `${target.path}?${target.query}`;
  req.headers.host = target.authority;
  return target;
}
