// The Node transport behind proxies (HTTP_PROXY / HTTPS_PROXY / NO_PROXY, the `proxy` option),
// against a real forwarding proxy on loopback.
import dns from "node:dns";
import http from "node:http";
import type { LookupFunction } from "node:net";
import { afterEach, beforeAll, beforeEach, describe, expect, it, vi } from "vitest";
import { ConfigurationError, createCobrowseClient, createNodeFetch, NetworkError } from "../src/index.js";
import { clientFor } from "./helpers/client.js";
import { INFO, startMock, type TestMock, TOKEN } from "./helpers/mock.js";
import { startProxy, type TestProxy } from "./helpers/proxy.js";
import { renderings } from "./helpers/render.js";
import { closedPort, failure, get, startTarget, type Target, text } from "./helpers/target.js";
import { type KeyPair, selfSigned } from "./helpers/tls.js";

let tls: KeyPair;
beforeAll(() => {
  tls = selfSigned();
});

let target: Target;
let proxy: TestProxy;
const cleanups: (() => Promise<void>)[] = [];
beforeEach(async () => {
  target = await startTarget();
  proxy = await startProxy();
  cleanups.push(target.close, proxy.close);
});
afterEach(async () => {
  vi.unstubAllEnvs();
  await Promise.all(cleanups.splice(0).map((c) => c()));
});
const later = <T extends { close(): Promise<void> }>(x: T) => {
  cleanups.push(() => x.close());
  return x;
};

// ---- HTTP_PROXY ------------------------------------------------------------------------------
describe("HTTP_PROXY (http:// targets)", () => {
  it("forwards through the proxy, which sees each request, over one kept-alive connection", async () => {
    vi.stubEnv("HTTP_PROXY", proxy.url);
    const f = createNodeFetch();
    const url = `http://127.0.0.1:${target.port}/ok`;
    for (let i = 0; i < 3; i++) expect(await text(f, url)).toBe('{"ok":true}');
    // 127.0.0.1 is proxied like any host: NO_PROXY decides, loopback is not special.
    expect(proxy.requests).toEqual([url, url, url]);
    expect(proxy.connections).toBe(1);
    expect(target.seen).toHaveLength(3);
    expect(target.seen[0]!.headers.via).toMatch(/proxy\//);
  });

  it("honours the lower-case http_proxy, which wins over HTTP_PROXY, and ALL_PROXY", async () => {
    vi.stubEnv("http_proxy", proxy.url);
    vi.stubEnv("HTTP_PROXY", `http://127.0.0.1:${await closedPort()}`);
    expect(await text(createNodeFetch(), `http://127.0.0.1:${target.port}/ok`)).toBe('{"ok":true}');
    expect(proxy.requests).toHaveLength(1);
    vi.unstubAllEnvs();
    vi.stubEnv("ALL_PROXY", proxy.url);
    expect(await text(createNodeFetch(), `http://localhost:${target.port}/ok`)).toBe('{"ok":true}');
    expect(proxy.requests).toEqual([`http://127.0.0.1:${target.port}/ok`, `http://localhost:${target.port}/ok`]);
  });

  it("is not used for https:// targets", async () => {
    const secure = later(await startTarget(tls));
    vi.stubEnv("HTTP_PROXY", proxy.url);
    expect(await text(createNodeFetch({ ca: tls.cert }), `https://localhost:${secure.port}/ok`)).toBe('{"ok":true}');
    expect(proxy.connections).toBe(0);
  });
});

// ---- HTTPS_PROXY -----------------------------------------------------------------------------
describe("HTTPS_PROXY (https:// targets, CONNECT)", () => {
  it("tunnels with CONNECT, TLS end to end, one tunnel kept alive for several requests", async () => {
    const secure = later(await startTarget(tls));
    vi.stubEnv("HTTPS_PROXY", proxy.url);
    const f = createNodeFetch({ ca: tls.cert });
    for (let i = 0; i < 3; i++) expect(await text(f, `https://localhost:${secure.port}/ok`)).toBe('{"ok":true}');
    expect(proxy.connects).toEqual([`localhost:${secure.port}`]);
    expect(proxy.requests).toEqual([]); // the proxy saw no request in clear
    expect(secure.seen).toHaveLength(3);
    expect(secure.seen[0]!.headers.via).toBeUndefined();
  });

  it("checks the target's certificate itself (without the CA the tunnel is refused)", async () => {
    const secure = later(await startTarget(tls));
    vi.stubEnv("HTTPS_PROXY", proxy.url);
    const e = await failure(get(createNodeFetch(), `https://localhost:${secure.port}/ok`));
    expect(e).toBeInstanceOf(TypeError);
    expect(e.message).toBe("fetch failed");
    expect(e.cause?.code).toMatch(/SELF_SIGNED/);
    expect(proxy.connects).toHaveLength(1);
    expect(secure.seen).toHaveLength(0);
  });

  it("reaches an https:// proxy (TLS to the proxy, then TLS through it)", async () => {
    const secure = later(await startTarget(tls));
    const tlsProxy = later(await startProxy({ tls }));
    vi.stubEnv("https_proxy", tlsProxy.url);
    const f = createNodeFetch({ ca: tls.cert });
    expect(await text(f, `https://127.0.0.1:${secure.port}/ok`)).toBe('{"ok":true}');
    expect(tlsProxy.connects).toEqual([`127.0.0.1:${secure.port}`]);
  });
});

// ---- NO_PROXY --------------------------------------------------------------------------------
describe("NO_PROXY", () => {
  beforeEach(() => {
    vi.stubEnv("HTTP_PROXY", proxy.url);
  });
  const direct = () => target.seen.filter((s) => !s.headers.via).length;

  it("an exact host goes direct; other hosts still go through the proxy", async () => {
    vi.stubEnv("NO_PROXY", "127.0.0.1");
    const f = createNodeFetch();
    await text(f, `http://127.0.0.1:${target.port}/ok`);
    expect(proxy.requests).toEqual([]);
    expect(direct()).toBe(1);
    await text(f, `http://localhost:${target.port}/ok`);
    expect(proxy.requests).toEqual([`http://localhost:${target.port}/ok`]);
  });

  it("a host with a port matches that port only; lower-case no_proxy is read too", async () => {
    vi.stubEnv("no_proxy", `localhost:${target.port + 1}, 127.0.0.1:${target.port}`);
    const f = createNodeFetch();
    await text(f, `http://127.0.0.1:${target.port}/ok`);
    await text(f, `http://localhost:${target.port}/ok`);
    expect(proxy.requests).toEqual([`http://localhost:${target.port}/ok`]);
    expect(direct()).toBe(1);
  });

  it("a suffix (.example) matches the hosts under it", async () => {
    // *.example resolves to 127.0.0.1 for the direct agent; the proxy refuses those hosts
    // before resolving them, so nothing leaves the machine.
    const lookup: LookupFunction = (host, opts, cb) => {
      if (!host.endsWith(".example")) return dns.lookup(host, opts, cb);
      if (opts.all)
        (cb as unknown as (e: null, a: dns.LookupAddress[]) => void)(null, [{ address: "127.0.0.1", family: 4 }]);
      else cb(null, "127.0.0.1", 4);
    };
    const refusing = later(await startProxy({ refuse: (t) => t.includes(".example") }));
    vi.stubEnv("HTTP_PROXY", refusing.url);
    const url = `http://api.cobrowse.example:${target.port}/ok`;
    vi.stubEnv("NO_PROXY", "localhost,.example");
    expect(await text(createNodeFetch({ httpAgent: new http.Agent({ lookup }) }), url)).toBe('{"ok":true}');
    expect(refusing.requests).toEqual([]);
    expect(target.seen.map((s) => s.host)).toEqual([`api.cobrowse.example:${target.port}`]);
    vi.stubEnv("NO_PROXY", ".cobrowse.other");
    const e = await failure(get(createNodeFetch({ httpAgent: new http.Agent({ lookup }) }), url));
    expect(e.cause?.code).toBe("ERR_PROXY_REFUSED");
    expect(refusing.requests).toEqual([url]);
  });

  it("* sends everything direct", async () => {
    vi.stubEnv("HTTPS_PROXY", proxy.url);
    vi.stubEnv("NO_PROXY", "*");
    const secure = later(await startTarget(tls));
    await text(createNodeFetch(), `http://127.0.0.1:${target.port}/ok`);
    await text(createNodeFetch({ ca: tls.cert }), `https://localhost:${secure.port}/ok`);
    expect(proxy.connections).toBe(0);
  });
});

// ---- the proxy option ------------------------------------------------------------------------
describe("the proxy option", () => {
  it("false goes direct whatever the environment says", async () => {
    vi.stubEnv("HTTP_PROXY", proxy.url);
    vi.stubEnv("HTTPS_PROXY", proxy.url);
    const secure = later(await startTarget(tls));
    await text(createNodeFetch({ proxy: false }), `http://127.0.0.1:${target.port}/ok`);
    await text(createNodeFetch({ proxy: false, ca: tls.cert }), `https://localhost:${secure.port}/ok`);
    expect(proxy.connections).toBe(0);
    expect(target.seen[0]!.headers.via).toBeUndefined();
  });

  it("a URL sends every request through it, NO_PROXY or not", async () => {
    vi.stubEnv("NO_PROXY", "*");
    const secure = later(await startTarget(tls));
    await text(createNodeFetch({ proxy: proxy.url }), `http://127.0.0.1:${target.port}/ok`);
    await text(createNodeFetch({ proxy: proxy.url, ca: tls.cert }), `https://localhost:${secure.port}/ok`);
    expect(proxy.requests).toEqual([`http://127.0.0.1:${target.port}/ok`]);
    expect(proxy.connects).toEqual([`localhost:${secure.port}`]);
  });

  it("the environment is read when the transport is created", async () => {
    const f = createNodeFetch();
    vi.stubEnv("HTTP_PROXY", proxy.url);
    await text(f, `http://127.0.0.1:${target.port}/ok`);
    expect(proxy.connections).toBe(0);
    await text(createNodeFetch(), `http://127.0.0.1:${target.port}/ok`);
    expect(proxy.requests).toHaveLength(1);
  });

  it("refuses a bad proxy URL when created, without repeating it", () => {
    for (const bad of [
      "http://agent:hunter2-secret@exa mple:3128",
      "socks5://agent:hunter2-secret@127.0.0.1:1080",
      "hunter2-secret",
    ]) {
      let e: unknown;
      try {
        createNodeFetch({ proxy: bad });
      } catch (x) {
        e = x;
      }
      expect(e).toBeInstanceOf(ConfigurationError);
      expect((e as ConfigurationError).field).toBe("proxy");
      expect(renderings(e).join("\n")).not.toContain("hunter2");
    }
    expect(() => createNodeFetch({ proxy: 3128 as never })).toThrow(ConfigurationError);
  });

  it("a bad proxy URL in the environment fails each request, naming the variable and not its value", async () => {
    vi.stubEnv("HTTPS_PROXY", "http://agent:hunter2-secret@[not-a-host]:3128");
    const e = await failure(get(createNodeFetch(), `https://localhost:${target.port}/ok`));
    expect(e).toBeInstanceOf(TypeError);
    expect(e.cause?.code).toBe("ERR_INVALID_PROXY");
    expect(e.cause?.message).toMatch(/^HTTPS_PROXY is not a valid proxy URL/);
    expect(renderings(e).join("\n")).not.toContain("hunter2");
  });
});

// ---- proxy failures through the client -------------------------------------------------------
describe("a proxy that refuses", () => {
  const PASS = "pr0xy-pass@word:zebra/9";
  const WRONG = "wr0ng-pass-lantern";
  const encoded = (pass: string) => `agent:${encodeURIComponent(pass)}`;
  let fake: TestMock;
  beforeEach(async () => {
    fake = later(await startMock());
  });
  const clientOf = (f: TestMock, fetch: ReturnType<typeof createNodeFetch>) =>
    clientFor(f, { fetch, maxRetries: 1, retryBaseDelayMs: 1, retryMaxDelayMs: 5 });
  const expectClean = (e: unknown) => {
    const all = renderings(e).join("\n");
    for (const secret of [WRONG, PASS, encodeURIComponent(PASS), Buffer.from(`agent:${WRONG}`).toString("base64")])
      expect(all).not.toContain(secret);
  };

  it("407 to a forwarded request is a NetworkError (retried like one), without the credentials", async () => {
    const authProxy = later(await startProxy({ credentials: `agent:${PASS}` }));
    vi.stubEnv("HTTP_PROXY", `http://${encoded(WRONG)}@127.0.0.1:${authProxy.port}`);
    const e = await failure(clientOf(fake, createNodeFetch()).getToken());
    expect(e).toBeInstanceOf(NetworkError);
    expect(e.message).toBe("tokenByAkSk failed: network error (ERR_PROXY_REFUSED)");
    expect(e.cause?.cause?.message).toBe(
      `proxy http://127.0.0.1:${authProxy.port} refused the request: HTTP 407 Proxy Authentication Required`,
    );
    expectClean(e);
    expect(authProxy.requests).toHaveLength(2); // the first attempt and one retry
    expect(fake.arrivals).toHaveLength(0);
  });

  it("407 to a CONNECT is a NetworkError, the target gets nothing, no credentials shown", async () => {
    const secureFake = later(await startMock({ tls }));
    const authProxy = later(await startProxy({ credentials: `agent:${PASS}` }));
    vi.stubEnv("HTTPS_PROXY", `http://${encoded(WRONG)}@127.0.0.1:${authProxy.port}`);
    const e = await failure(clientOf(secureFake, createNodeFetch({ ca: tls.cert })).getToken());
    expect(e).toBeInstanceOf(NetworkError);
    expect(e.message).toBe("tokenByAkSk failed: network error (ERR_PROXY_REFUSED)");
    expect(e.cause?.cause?.message).toMatch(/refused the request: HTTP 407/);
    expectClean(e);
    expect(authProxy.connects).toHaveLength(2);
    expect(secureFake.arrivals).toHaveLength(0);
  });

  it("a CONNECT the proxy fails (it cannot reach the target: 500) is a NetworkError, not the target's answer", async () => {
    vi.stubEnv("HTTPS_PROXY", proxy.url);
    const port = await closedPort();
    const e = await failure(get(createNodeFetch({ ca: tls.cert }), `https://127.0.0.1:${port}/ok`));
    expect(e.cause?.code).toBe("ERR_PROXY_REFUSED");
    expect(e.cause?.message).toBe(`proxy ${proxy.url} refused the request: HTTP 500 Internal Server Error`);
    const client = createCobrowseClient({
      baseUrl: `https://127.0.0.1:${port}`,
      ...fake.creds,
      fetch: createNodeFetch({ ca: tls.cert }),
      maxRetries: 0,
    });
    await expect(client.getToken()).rejects.toThrow(NetworkError);
    expect(proxy.connects).toEqual([`127.0.0.1:${port}`, `127.0.0.1:${port}`]);
  });

  it("a proxy that refuses the connection is a NetworkError (ECONNREFUSED), without the credentials", async () => {
    vi.stubEnv("HTTP_PROXY", `http://${encoded(WRONG)}@127.0.0.1:${await closedPort()}`);
    const e = await failure(clientOf(fake, createNodeFetch()).getToken());
    expect(e).toBeInstanceOf(NetworkError);
    expect(e.message).toBe("tokenByAkSk failed: network error (ECONNREFUSED)");
    expectClean(e);
  });

  it("the right credentials (percent-encoded in the URL) go to the proxy only", async () => {
    const authProxy = later(await startProxy({ credentials: `agent:${PASS}` }));
    const secureFake = later(await startMock({ tls }));
    vi.stubEnv("HTTP_PROXY", `http://${encoded(PASS)}@127.0.0.1:${authProxy.port}`);
    vi.stubEnv("HTTPS_PROXY", `http://${encoded(PASS)}@127.0.0.1:${authProxy.port}`);
    await clientOf(fake, createNodeFetch()).getConnectionInfo({ role: "recorder" });
    await clientOf(secureFake, createNodeFetch({ ca: tls.cert })).getConnectionInfo({ role: "recorder" });
    const basic = `Basic ${Buffer.from(`agent:${PASS}`).toString("base64")}`;
    expect(authProxy.authorizations).toEqual([basic, basic, basic]); // 2 forwarded, 1 CONNECT
    for (const hit of [...fake.arrivals, ...secureFake.arrivals])
      expect(hit.headers["proxy-authorization"]).toBeUndefined();
    expect(fake.arrivals).toHaveLength(2);
    expect(secureFake.arrivals).toHaveLength(2);
  });
});

// ---- the client through a proxy --------------------------------------------------------------
describe("the client through a proxy", () => {
  it("calls both endpoints through HTTP_PROXY", async () => {
    const fake = later(await startMock());
    vi.stubEnv("HTTP_PROXY", proxy.url);
    const client = createCobrowseClient({ baseUrl: fake.url, ...fake.creds, fetch: createNodeFetch() });
    const { data } = await client.getConnectionInfo({ role: "replayer", roomId: "room-via-proxy" });
    expect(data.roomId).toBe("room-via-proxy");
    expect(proxy.requests).toEqual([TOKEN, INFO].map((id) => `${fake.url}${fake.spec.operation(id).path}`));
    expect(fake.arrivals.every((h) => /proxy\//.test(String(h.headers.via)))).toBe(true);
  });

  it("calls both endpoints of an https:// gateway through one CONNECT tunnel", async () => {
    const fake = later(await startMock({ tls }));
    vi.stubEnv("HTTPS_PROXY", proxy.url);
    const client = createCobrowseClient({ baseUrl: fake.url, ...fake.creds, fetch: createNodeFetch({ ca: tls.cert }) });
    const { data } = await client.getConnectionInfo({ role: "recorder", roomId: "room-via-tunnel" });
    expect(data.roomId).toBe("room-via-tunnel");
    expect(proxy.connects).toEqual([`127.0.0.1:${fake.port}`]);
    expect(fake.arrivals).toHaveLength(2);
  });
});

// ---- the body cap behind a proxy --------------------------------------------------------------
describe("maxResponseBytes through a proxy", () => {
  it("applies to a forwarded answer too", async () => {
    vi.stubEnv("HTTP_PROXY", proxy.url);
    const e = await failure(
      get(createNodeFetch({ maxResponseBytes: 1000 }), `http://127.0.0.1:${target.port}/size/1001`),
    );
    expect(e.cause?.code).toBe("ERR_RESPONSE_TOO_LARGE");
    expect(proxy.requests).toHaveLength(1);
  });

  it("applies to an answer through a CONNECT tunnel", async () => {
    const secure = later(await startTarget(tls));
    vi.stubEnv("HTTPS_PROXY", proxy.url);
    const e = await failure(
      get(createNodeFetch({ maxResponseBytes: 1000, ca: tls.cert }), `https://localhost:${secure.port}/chunked/1001`),
    );
    expect(e.cause?.code).toBe("ERR_RESPONSE_TOO_LARGE");
    expect(proxy.connects).toHaveLength(1);
  });
});
