// Who the docs server answers. DNS rebinding (a page of another site whose name is made to
// point at 127.0.0.1) reaches the server with that site's name in Host and looks same-origin
// to the browser: so every request's Host must be a name the server is served under (its
// loopback names, the address it listens on, the machine's addresses and name when it listens
// on all of them, and the names configured in `allowedHosts`). The playground's routes also
// refuse a request a browser marks as coming from another site (Origin, Sec-Fetch-Site).
import type { IncomingMessage } from "node:http";
import { hostname, networkInterfaces } from "node:os";
import type { Refusal } from "./answers.js";

const LOOPBACK = ["localhost", "127.0.0.1", "[::1]"];
const WILDCARD = new Set(["0.0.0.0", "::", "[::]"]);

/** `name` or `[v6]` as it appears in a Host header, lower-cased. */
const bracketed = (address: string): string =>
  (address.includes(":") && !address.startsWith("[") ? `[${address}]` : address).toLowerCase();

/** Splits a Host header into its name and port (80 when none is given). */
function hostParts(host: string): { name: string; port: number } | undefined {
  const match = /^(\[[0-9a-f:.]+\]|[^:[\]]+)(?::(\d{1,5}))?$/i.exec(host);
  if (!match) return undefined;
  return { name: match[1]!.toLowerCase().replace(/\.$/, ""), port: match[2] === undefined ? 80 : Number(match[2]) };
}

export class ServedHosts {
  /** Names that must come with the listening port. */
  readonly #own = new Set<string>();
  /** Configured entries: `name` (any port) or `name:port`. */
  readonly #configured = new Set<string>();
  #port = 0;

  constructor(listenHost: string, allowedHosts: readonly string[]) {
    for (const name of [...LOOPBACK, listenHost]) this.#own.add(bracketed(name));
    if (WILDCARD.has(listenHost)) {
      this.#own.add(hostname().toLowerCase());
      for (const list of Object.values(networkInterfaces()))
        for (const a of list ?? []) this.#own.add(bracketed(a.address));
    }
    for (const entry of allowedHosts) this.#configured.add(entry.trim().toLowerCase());
  }

  /** The port the server listens on, once it does. */
  listening(port: number): void {
    this.#port = port;
  }

  /** Why `req` is not for this server (no Host, or a name it is not served under); undefined when it is. */
  problem(req: IncomingMessage): Refusal | undefined {
    const host = req.headers.host;
    const fix = "open the portal by a name it is served under (127.0.0.1, localhost, or one in DOCS_ALLOWED_HOSTS)";
    if (host === undefined) return { status: 400, reason: `Host: is missing; ${fix}` };
    const parts = hostParts(host);
    const served =
      parts !== undefined &&
      ((this.#own.has(parts.name) && parts.port === this.#port) ||
        this.#configured.has(parts.name) ||
        this.#configured.has(`${parts.name}:${parts.port}`));
    return served
      ? undefined
      : {
          status: 421,
          reason: `Host: ${JSON.stringify(host.slice(0, 100))} is not a name this server is served under; ${fix}`,
        };
  }
}

/** Why a browser request to a playground route comes from another site (Origin, Sec-Fetch-Site); undefined when it does not. */
export function crossSiteProblem(req: IncomingMessage): Refusal | undefined {
  const site = req.headers["sec-fetch-site"];
  if (site !== undefined && site !== "same-origin" && site !== "none") {
    return {
      status: 403,
      reason: `Sec-Fetch-Site: ${JSON.stringify(String(site).slice(0, 40))}; the playground's routes answer only the portal's own pages`,
    };
  }
  // The page's origin names the host it was loaded from: the one this request is addressed to.
  const origin = req.headers.origin;
  if (
    origin !== undefined &&
    /^https?:\/\/(.+)$/i.exec(origin)?.[1]?.toLowerCase() !== String(req.headers.host).toLowerCase()
  ) {
    return {
      status: 403,
      reason: `Origin: ${JSON.stringify(origin.slice(0, 100))} is not the portal's origin; the playground's routes answer only the portal's own pages`,
    };
  }
  return undefined;
}
