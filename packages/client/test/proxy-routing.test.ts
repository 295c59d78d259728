// The proxy routing of the Node transport on its own (src/internal/proxy-routing.ts): which agent
// a request to a URL takes, for each source of a proxy. No network: the agents are only made,
// never used (test/proxy.test.ts sends through a real proxy).
import http from "node:http";
import { HttpProxyAgent } from "http-proxy-agent";
import { HttpsProxyAgent } from "https-proxy-agent";
import { afterEach, describe, expect, it, vi } from "vitest";
import { ConfigurationError } from "../src/errors.js";
import { type ProxyRoutingOptions, parseProxy, proxyRouting, type Route } from "../src/internal/proxy-routing.js";
import { renderings } from "./helpers/render.js";

afterEach(() => {
  vi.unstubAllEnvs();
});

const directHttp = new http.Agent();
const directHttps = new http.Agent();
const routing = (options: Partial<ProxyRoutingOptions> = {}) =>
  proxyRouting({ proxy: undefined, direct: (secure) => (secure ? directHttps : directHttp), ...options });
const routeOf = (r: ReturnType<typeof routing>, url: string): Promise<Route> =>
  r.route(new URL(url), url.startsWith("https:"));
/** Where a request to `url` goes: "direct", or the proxy's origin and the kind of agent. */
async function where(r: ReturnType<typeof routing>, url: string): Promise<string> {
  const { agent, proxy } = await routeOf(r, url);
  if (!proxy) {
    expect(agent).toBe(url.startsWith("https:") ? directHttps : directHttp);
    return "direct";
  }
  return `${agent instanceof HttpsProxyAgent ? "connect" : agent instanceof HttpProxyAgent ? "forward" : "?"} ${proxy}`;
}

describe("without a proxy", () => {
  it("is not proxying, and routes every request to the direct agent of its scheme", async () => {
    const r = routing();
    expect(r.proxying).toBe(false);
    expect(await where(r, "http://127.0.0.1:8080/a")).toBe("direct");
    expect(await where(r, "https://cobrowse.example.com/a")).toBe("direct");
  });

  it("reads the environment when it is made, not later", async () => {
    const r = routing();
    vi.stubEnv("HTTPS_PROXY", "http://proxy.example:3128");
    expect(r.proxying).toBe(false);
    expect(await where(r, "https://cobrowse.example.com/")).toBe("direct");
    expect(routing().proxying).toBe(true);
  });

  it("proxy: false goes direct whatever the environment says", async () => {
    vi.stubEnv("HTTP_PROXY", "http://proxy.example:3128");
    vi.stubEnv("HTTPS_PROXY", "http://proxy.example:3128");
    const r = routing({ proxy: false });
    expect(r.proxying).toBe(false);
    expect(await where(r, "http://cobrowse.example.com/")).toBe("direct");
    expect(await where(r, "https://cobrowse.example.com/")).toBe("direct");
  });
});

describe("from the environment", () => {
  it("HTTPS_PROXY tunnels https:// URLs, HTTP_PROXY forwards http:// URLs", async () => {
    vi.stubEnv("HTTPS_PROXY", "http://tunnel.example:3128");
    vi.stubEnv("HTTP_PROXY", "http://forward.example:8080");
    const r = routing();
    expect(r.proxying).toBe(true);
    expect(await where(r, "https://cobrowse.example.com/")).toBe("connect http://tunnel.example:3128");
    expect(await where(r, "http://cobrowse.example.com/")).toBe("forward http://forward.example:8080");
  });

  it("a scheme without its variable goes direct", async () => {
    vi.stubEnv("HTTP_PROXY", "http://forward.example:8080");
    const r = routing();
    expect(await where(r, "https://cobrowse.example.com/")).toBe("direct");
    expect(await where(r, "http://cobrowse.example.com/")).toBe("forward http://forward.example:8080");
  });

  it("the lower-case name wins; ALL_PROXY serves both schemes", async () => {
    vi.stubEnv("https_proxy", "http://lower.example:1");
    vi.stubEnv("HTTPS_PROXY", "http://upper.example:2");
    vi.stubEnv("ALL_PROXY", "http://all.example:3");
    const r = routing();
    expect(await where(r, "https://cobrowse.example.com/")).toBe("connect http://lower.example:1");
    expect(await where(r, "http://cobrowse.example.com/")).toBe("forward http://all.example:3");
  });

  it("NO_PROXY: an exact host, a host with a port, a suffix; other hosts still go through the proxy", async () => {
    vi.stubEnv("HTTP_PROXY", "http://proxy.example:3128");
    vi.stubEnv("no_proxy", "127.0.0.1, localhost:8080,.internal.example");
    const r = routing();
    expect(await where(r, "http://127.0.0.1:9000/")).toBe("direct");
    expect(await where(r, "http://localhost:8080/")).toBe("direct");
    expect(await where(r, "http://localhost:8081/")).toBe("forward http://proxy.example:3128");
    expect(await where(r, "http://api.internal.example/")).toBe("direct");
    expect(await where(r, "http://api.external.example/")).toBe("forward http://proxy.example:3128");
  });

  it("NO_PROXY=* sends everything direct", async () => {
    vi.stubEnv("HTTP_PROXY", "http://proxy.example:3128");
    vi.stubEnv("HTTPS_PROXY", "http://proxy.example:3128");
    vi.stubEnv("NO_PROXY", "*");
    const r = routing();
    expect(await where(r, "http://cobrowse.example.com/")).toBe("direct");
    expect(await where(r, "https://cobrowse.example.com/")).toBe("direct");
  });

  it("a proxy URL that is not valid rejects the route, naming the variable and not its value", async () => {
    vi.stubEnv("ALL_PROXY", "http://agent:hunter2-secret@[not-a-host]:3128");
    const r = routing();
    const e = (await routeOf(r, "https://cobrowse.example.com/").then(
      () => undefined,
      (x: unknown) => x,
    )) as Error & { code?: string };
    expect(e).toBeInstanceOf(Error);
    expect(e.code).toBe("ERR_INVALID_PROXY");
    expect(e.message).toMatch(/^ALL_PROXY is not a valid proxy URL/);
    expect(renderings(e).join("\n")).not.toContain("hunter2");
  });
});

describe("the proxy option", () => {
  it("a URL routes every request through it, NO_PROXY or not, whatever the environment says", async () => {
    vi.stubEnv("NO_PROXY", "*");
    vi.stubEnv("HTTPS_PROXY", "http://env.example:1");
    const r = routing({ proxy: "https://option.example:8443" });
    expect(r.proxying).toBe(true);
    expect(await where(r, "https://cobrowse.example.com/")).toBe("connect https://option.example:8443");
    expect(await where(r, "http://127.0.0.1/")).toBe("forward https://option.example:8443");
  });

  it("refuses what is not a proxy URL when made, as a ConfigurationError that does not repeat it", () => {
    for (const bad of [
      "http://agent:hunter2-secret@exa mple:3128",
      "socks5://agent:hunter2-secret@127.0.0.1:1080",
      "hunter2-secret",
      "http://a:%E0%A4%A@proxy.example:1",
    ]) {
      let e: unknown;
      try {
        routing({ proxy: bad });
      } catch (x) {
        e = x;
      }
      expect(e).toBeInstanceOf(ConfigurationError);
      expect((e as ConfigurationError).field).toBe("proxy");
      expect(renderings(e).join("\n")).not.toContain("hunter2");
    }
    expect(() => routing({ proxy: 3128 as never })).toThrow(/must be a proxy URL, false, or unset/);
  });
});

describe("credentials and agents", () => {
  it("moves the credentials out of the URL into a Proxy-Authorization header (percent-decoded)", async () => {
    expect(parseProxy("http://agent%40acme:p%3Ass@proxy.example:3128", (m) => new Error(m))).toEqual({
      url: new URL("http://proxy.example:3128"),
      authorization: `Basic ${Buffer.from("agent@acme:p:ss").toString("base64")}`,
    });
    expect(parseProxy("http://proxy.example:3128", (m) => new Error(m)).authorization).toBeUndefined();
    const r = routing({ proxy: "http://agent:s3cret@proxy.example:3128" });
    const { agent, proxy } = await routeOf(r, "https://cobrowse.example.com/");
    expect(proxy).toBe("http://proxy.example:3128");
    const tunnel = agent as HttpsProxyAgent<string>;
    expect(tunnel.proxy.href).toBe("http://proxy.example:3128/");
    expect(tunnel.proxyHeaders).toEqual({
      "Proxy-Authorization": `Basic ${Buffer.from("agent:s3cret").toString("base64")}`,
    });
  });

  it("gives the proxy agents the certificates to trust", async () => {
    const r = routing({ proxy: "https://proxy.example:8443", ca: "PEM" });
    const tunnel = (await routeOf(r, "https://cobrowse.example.com/")).agent as HttpsProxyAgent<string>;
    const forward = (await routeOf(r, "http://cobrowse.example.com/")).agent as HttpProxyAgent<string>;
    expect(tunnel.connectOpts.ca).toBe("PEM");
    expect(forward.connectOpts.ca).toBe("PEM");
  });

  it("decides each origin once, with one agent per proxy and kind of target for every origin", async () => {
    vi.stubEnv("HTTPS_PROXY", "http://proxy.example:3128");
    vi.stubEnv("HTTP_PROXY", "http://proxy.example:3128");
    vi.stubEnv("NO_PROXY", "direct.example");
    const r = routing();
    const direct = routeOf(r, "https://direct.example/x");
    expect(routeOf(r, "https://direct.example/y")).toBe(direct);
    const a = await routeOf(r, "https://a.example/");
    const b = await routeOf(r, "https://b.example/");
    expect(b.agent).toBe(a.agent);
    const forward = await routeOf(r, "http://a.example/");
    expect(forward.agent).toBeInstanceOf(HttpProxyAgent);
    expect(forward.agent).not.toBe(a.agent);
  });

  it("keeps at most 1000 origins' routes, then decides again", async () => {
    vi.stubEnv("HTTPS_PROXY", "http://proxy.example:3128");
    vi.stubEnv("NO_PROXY", "*");
    const r = routing();
    const first = routeOf(r, "https://origin-0.example/");
    for (let i = 1; i < 1000; i++) await routeOf(r, `https://origin-${i}.example/`);
    expect(routeOf(r, "https://origin-0.example/")).toBe(first);
    await routeOf(r, "https://origin-1000.example/");
    const again = routeOf(r, "https://origin-0.example/");
    expect(again).not.toBe(first);
    expect((await again).agent).toBe((await first).agent);
  });
});
