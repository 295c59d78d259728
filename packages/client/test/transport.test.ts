import http from "node:http";
import type { AddressInfo } from "node:net";
import { gzipSync } from "node:zlib";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { createNodeFetch } from "../src/index.js";

let server: http.Server;
let url: string;
let seen: { method?: string; headers?: http.IncomingHttpHeaders; body?: string } = {};
beforeEach(async () => {
  server = http.createServer((req, res) => {
    let body = "";
    req.on("data", (c) => (body += c));
    req.on("end", () => {
      seen = { method: req.method, headers: req.headers, body };
      if (req.url === "/gzip") {
        const z = gzipSync('{"zipped":true}');
        res.writeHead(200, {
          "content-encoding": "gzip",
          "content-type": "application/json",
          "content-length": z.length,
        });
        return res.end(z);
      }
      if (req.url === "/empty") return res.writeHead(204).end();
      if (req.url === "/slow") return setTimeout(() => res.end("late"), 3000);
      res.writeHead(201, { "x-request-id": "abc", "set-cookie": ["a=1", "b=2"] });
      res.end("hello");
    });
  });
  await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
  url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterEach(
  () =>
    new Promise<void>((r) => {
      server.closeAllConnections();
      server.close(() => r());
    }),
);

describe("createNodeFetch", () => {
  const f = createNodeFetch();
  it("sends method, headers and body, and answers a Response", async () => {
    const res = await f(
      new Request(`${url}/x`, {
        method: "POST",
        headers: { "x-a": "1", "content-type": "text/plain" },
        body: "payload",
      }),
    );
    expect(res).toBeInstanceOf(Response);
    expect(res.status).toBe(201);
    expect(res.headers.get("x-request-id")).toBe("abc");
    expect(await res.text()).toBe("hello");
    expect(seen).toMatchObject({ method: "POST", body: "payload", headers: { "x-a": "1", "content-length": "7" } });
  });
  it("decodes gzip and handles empty answers", async () => {
    expect(await (await f(new Request(`${url}/gzip`))).json()).toEqual({ zipped: true });
    const empty = await f(new Request(`${url}/empty`));
    expect(empty.status).toBe(204);
    expect(await empty.text()).toBe("");
  });
  it("honours the request's AbortSignal", async () => {
    const ac = new AbortController();
    const p = f(new Request(`${url}/slow`, { signal: ac.signal }));
    setTimeout(() => ac.abort(new Error("enough")), 100);
    await expect(p).rejects.toThrow("enough");
    await expect(f(new Request(`${url}/x`, { signal: AbortSignal.abort(new Error("early")) }))).rejects.toThrow(
      "early",
    );
  });
  it("rejects like fetch on a socket error", async () => {
    const port = (server.address() as AddressInfo).port;
    await new Promise<void>((r) => {
      server.closeAllConnections();
      server.close(() => r());
    });
    const err = await f(new Request(`http://127.0.0.1:${port}/`)).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(TypeError);
    expect((err as Error).message).toBe("fetch failed");
    expect(((err as Error).cause as { code: string }).code).toBe("ECONNREFUSED");
    server = http.createServer().listen(0, "127.0.0.1");
  });
});
