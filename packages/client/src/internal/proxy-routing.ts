// Proxy routing of the Node transport: which agent carries a request to a URL, directly or
// through a proxy. Node only.
//
// The proxy comes from the `proxy` option (a URL: every request goes through it; false: none) or
// from HTTP(S)_PROXY / ALL_PROXY / NO_PROXY, which proxy-from-env reads. Requests through a
// proxy go over TooTallNate's http-proxy-agent (absolute-URI forwarding, http:// targets) and
// https-proxy-agent (CONNECT tunnel, TLS end to end, https:// targets); both are loaded on first
// use, so a transport without a proxy never loads them.
import type http from "node:http";
import { getProxyForUrl } from "proxy-from-env";
import { ConfigurationError } from "../errors.js";

/** How requests to one origin go: directly, or through a proxy agent. */
export interface Route {
  agent: http.Agent;
  /** The proxy's origin (no credentials), when the route goes through one. */
  proxy?: string;
}

/** The variables that name a proxy (proxy-from-env reads the lower-case name first). */
const PROXY_VARS = ["https_proxy", "HTTPS_PROXY", "http_proxy", "HTTP_PROXY", "all_proxy", "ALL_PROXY"];

/** Routes kept at most; past this many origins they are forgotten (and decided again). */
const MAX_ROUTES = 1000;

/** A proxy URL, parsed: its address without credentials, and the credentials as a header. */
export interface ProxyAddress {
  url: URL;
  authorization: string | undefined;
}

/**
 * Parses a proxy URL; `fail` makes the error, which never repeats the URL (it may carry
 * credentials). Credentials move out of the URL into a Proxy-Authorization header, so the
 * agents (and their debug output) only ever see the proxy's address.
 */
export function parseProxy(raw: string, fail: (message: string) => Error): ProxyAddress {
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    throw fail("is not a valid proxy URL (such as http://proxy.example:3128)");
  }
  if (url.protocol !== "http:" && url.protocol !== "https:")
    throw fail(`names a ${url.protocol} proxy; only http:// and https:// proxies are supported`);
  let authorization: string | undefined;
  if (url.username || url.password) {
    try {
      authorization = `Basic ${Buffer.from(`${decodeURIComponent(url.username)}:${decodeURIComponent(url.password)}`).toString("base64")}`;
    } catch {
      throw fail("has credentials that are not valid percent-encoding");
    }
    url.username = "";
    url.password = "";
  }
  return { url, authorization };
}

/** The failure of a request whose proxy, from the environment, is not valid (the transport makes it the `cause` of its `TypeError("fetch failed")`). */
const invalidProxy = (message: string): Error => Object.assign(new Error(message), { code: "ERR_INVALID_PROXY" });

/** The variable proxy-from-env takes a proxy URL from, for errors (its value is never shown). */
export function proxyVar(secure: boolean): string {
  const names = secure ? ["https_proxy", "HTTPS_PROXY"] : ["http_proxy", "HTTP_PROXY"];
  return [...names, "all_proxy", "ALL_PROXY"].find((v) => process.env[v]) ?? names[1]!;
}

/** What the routing needs of the transport. */
export interface ProxyRoutingOptions {
  /** The `proxy` option: a URL, false (never a proxy), or undefined (from the environment). */
  proxy: string | false | undefined;
  /** Certificates to trust, for an https:// proxy and for https:// targets through a tunnel. */
  ca?: string | Buffer | Array<string | Buffer> | undefined;
  /** The agent of a request that goes direct. */
  direct: (secure: boolean) => http.Agent;
}

/** The routing of one transport. */
export interface ProxyRouting {
  /**
   * Whether any request may go through a proxy, decided when the routing is made: when false,
   * every request goes direct and `route` need not be asked (the cost per request is this test).
   */
  readonly proxying: boolean;
  /**
   * The route of a request to `url` (`secure`: an https:// URL), decided on the origin's first
   * request and kept. Rejects with a failure coded ERR_INVALID_PROXY when the environment names a
   * proxy that is not a valid URL (naming the variable, not its value).
   */
  route(url: URL, secure: boolean): Promise<Route>;
}

/**
 * The routing of a transport. The proxy environment variables are read here, once: a routing
 * made while none is set never uses a proxy; otherwise each origin's proxy (or none, for
 * `NO_PROXY` hosts) is decided by proxy-from-env on the first request to that origin, and kept.
 * Throws a ConfigurationError (field `proxy`) for a `proxy` option that is not a valid proxy URL.
 */
export function proxyRouting({ proxy, ca, direct }: ProxyRoutingOptions): ProxyRouting {
  if (proxy !== undefined && proxy !== false && typeof proxy !== "string") {
    throw new ConfigurationError("proxy", "must be a proxy URL, false, or unset (from the environment)");
  }
  const explicit = typeof proxy === "string" ? parseProxy(proxy, (m) => new ConfigurationError("proxy", m)) : undefined;
  const proxying = explicit !== undefined || (proxy === undefined && PROXY_VARS.some((v) => process.env[v]));

  /** One agent per proxy URL and kind of target: forwarding for http://, a CONNECT tunnel for https://. */
  const agents = new Map<string, Promise<Route>>();
  const viaProxy = (raw: string, secure: boolean): Promise<Route> => {
    const key = `${secure ? "connect" : "forward"} ${raw}`;
    let r = agents.get(key);
    if (!r) {
      r = (async () => {
        const { url, authorization } = explicit ?? parseProxy(raw, (m) => invalidProxy(`${proxyVar(secure)} ${m}`));
        const agentOptions = {
          keepAlive: true,
          headers: authorization ? { "Proxy-Authorization": authorization } : {},
          ...(ca !== undefined ? { ca } : {}),
        };
        const agent = secure
          ? new (await import("https-proxy-agent")).HttpsProxyAgent(url, agentOptions)
          : new (await import("http-proxy-agent")).HttpProxyAgent(url, agentOptions);
        return { agent, proxy: url.origin };
      })();
      agents.set(key, r);
    }
    return r;
  };

  /** Each origin's route, decided on its first request and kept (forgotten past MAX_ROUTES origins). */
  const routes = new Map<string, Promise<Route>>();
  const route = (url: URL, secure: boolean): Promise<Route> => {
    const origin = `${url.protocol}//${url.host}`;
    let r = routes.get(origin);
    if (!r) {
      const raw = explicit ? (proxy as string) : proxying ? getProxyForUrl(url) : "";
      r = raw ? viaProxy(raw, secure) : Promise.resolve({ agent: direct(secure) });
      if (routes.size >= MAX_ROUTES) routes.clear();
      routes.set(origin, r);
    }
    return r;
  };

  return { proxying, route };
}
