// The docs server: its listening line, the static portal (gzip, CSP, no traversal), the API and
// the rooms forwarded to the embedded mock on the same origin, and the playground's routes, which
// never answer the app secret.
import { spawn } from "node:child_process";
import { once } from "node:events";
import { join } from "node:path";
import { gunzipSync } from "node:zlib";
import { formatIssues, specValidator } from "@cec-cobrowse/spec";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import WebSocket from "ws";
import {
  CONFIG_PATH,
  CONTENT_SECURITY_POLICY,
  type DocsServer,
  docsOptionsFromEnv,
  startDocsServer,
  TOKEN_PATH,
} from "../src/server.js";
import { DOCS } from "./helpers/samples.js";

const spec = specValidator();
const tokenOp = spec.tokenSource().operation;
const roomOp = [...spec.operations.values()].find((o) => o.room)!;
const SECRET = "docs-test-secret-Qx7-never-sent";
let docs: DocsServer;

beforeAll(async () => {
  docs = await startDocsServer({
    mock: { credentials: { appKey: "docs-app", appSecret: SECRET, tenantSpaceId: "docs-tenant" } },
  });
});
afterAll(() => docs?.close());

async function token(): Promise<string> {
  const res = await fetch(`${docs.url}${TOKEN_PATH}`);
  return ((await res.json()) as { accessToken: string }).accessToken;
}

function roomHeaders(bearer: string): Record<string, string> {
  const headers: Record<string, string> = { "content-type": "application/json" };
  for (const h of roomOp.securityHeaders)
    headers[h.header] =
      h.kind === "bearer" ? `Bearer ${bearer}` : h.header.toLowerCase().includes("tenant") ? "docs-tenant" : "docs-app";
  return headers;
}

describe("pnpm docs:serve (lib/serve.mjs)", () => {
  it("prints one listening line for HOST and PORT=0, serves, and stops on SIGTERM", async () => {
    const child = spawn(process.execPath, [join(DOCS, "lib", "serve.mjs")], {
      env: { ...process.env, HOST: "127.0.0.1", PORT: "0" },
      stdio: ["ignore", "pipe", "pipe"],
    });
    let stdout = "";
    child.stdout.on("data", (d) => (stdout += d));
    while (!stdout.includes("\n")) await once(child.stdout, "data");
    const line = stdout.trim();
    expect(line).toMatch(/^listening on http:\/\/127\.0\.0\.1:\d+$/);
    const url = line.slice("listening on ".length);
    expect((await fetch(`${url}/`)).status).toBe(200);
    child.kill("SIGTERM");
    const [code] = (await once(child, "close")) as [number];
    expect(code).toBe(0);
    expect(stdout.trim().split("\n")).toHaveLength(1);
  });

  it("refuses a bad PORT, naming it", () => {
    expect(() => docsOptionsFromEnv({ PORT: "http" })).toThrow(/^PORT: /);
    expect(docsOptionsFromEnv({ PORT: "0", HOST: "::1" })).toMatchObject({ host: "::1", port: 0 });
    expect(docsOptionsFromEnv({ COBROWSE_APP_SECRET: "from-env" }).mock?.credentials).toMatchObject({
      appSecret: "from-env",
    });
  });
});

describe("the static portal", () => {
  it("serves the Markdown, llms.txt, the sitemap and the spec bundle with their media types", async () => {
    for (const [path, type] of [
      ["/reference/getConnectionInfo.md", "text/markdown; charset=utf-8"],
      ["/llms.txt", "text/plain; charset=utf-8"],
      ["/sitemap.xml", "application/xml; charset=utf-8"],
      ["/spec/openapi.yaml", "application/yaml; charset=utf-8"],
      ["/spec/openapi.json", "application/json; charset=utf-8"],
    ]) {
      const res = await fetch(`${docs.url}${path}`);
      expect(res.status, path).toBe(200);
      expect(res.headers.get("content-type"), path).toBe(type);
      expect(res.headers.get("content-encoding"), path).toBe("gzip");
      expect((await res.text()).length, path).toBeGreaterThan(100);
    }
  });

  it("serves index.html at / with the content security policy, gzipped when asked", async () => {
    const plain = await fetch(`${docs.url}/`, { headers: { "accept-encoding": "identity" } });
    expect(plain.status).toBe(200);
    expect(plain.headers.get("content-security-policy")).toBe(CONTENT_SECURITY_POLICY);
    expect(await plain.text()).toContain('<section class="operation" id="operation/');
    const { default: http } = await import("node:http");
    const raw = await new Promise<{ encoding: string | undefined; body: Buffer }>((resolve, reject) => {
      http
        .get(`${docs.url}/assets/site.css`, { headers: { "accept-encoding": "gzip" } }, (res) => {
          const chunks: Buffer[] = [];
          res.on("data", (c: Buffer) => chunks.push(c));
          res.on("end", () => resolve({ encoding: res.headers["content-encoding"], body: Buffer.concat(chunks) }));
        })
        .on("error", reject);
    });
    expect(raw.encoding).toBe("gzip");
    expect(gunzipSync(raw.body).toString()).toContain("--header-height");
  });

  it("answers 404 outside dist/ and for unknown files, 405 for other methods", async () => {
    expect((await fetch(`${docs.url}/nope.html`)).status).toBe(404);
    expect((await fetch(`${docs.url}/..%2fpackage.json`)).status).toBe(404);
    expect((await fetch(`${docs.url}/%2e%2e/%2e%2e/package.json`)).status).toBe(404);
    expect((await fetch(`${docs.url}/index.html`, { method: "DELETE" })).status).toBe(405);
  });

  it("never forwards the mock's control API", async () => {
    expect((await fetch(`${docs.url}/__mock/faults`)).status).toBe(404);
    expect((await fetch(`${docs.url}/__mock/requests`)).status).toBe(404);
  });
});

describe("the embedded mock on the portal's origin", () => {
  it("answers the API's operations (what the reference's console sends)", async () => {
    const res = await fetch(`${docs.url}${tokenOp.path}`, {
      method: tokenOp.method,
      headers: { "content-type": "application/json" },
      body: JSON.stringify({
        [spec.tokenSource().credentials.appKey]: "docs-app",
        [spec.tokenSource().credentials.appSecret]: SECRET,
      }),
    });
    expect(res.status).toBe(200);
    expect(formatIssues(spec.validateResponse(tokenOp.operationId, 200, await res.json()))).toBe("");
  });

  it("gives WebSocket URLs on the portal's origin, and relays a room through it", async () => {
    const bearer = await token();
    const info = async (role: string, roomId?: string) => {
      const res = await fetch(`${docs.url}${roomOp.path}`, {
        method: roomOp.method,
        headers: roomHeaders(bearer),
        body: JSON.stringify({ role, ...(roomId ? { roomId } : {}) }),
      });
      expect(res.status).toBe(200);
      return ((await res.json()) as { data: { roomId: string; wssUrlOut: string; connectParam: string } }).data;
    };
    const [customerRole, agentRole] = ["customer", "agent"].map(
      (n) => (roomOp.requestExamples.find((e) => e.name === n)!.value as Record<string, string>)[roomOp.room!.role]!,
    );
    const customer = await info(customerRole!, "docs-room-1");
    const agent = await info(agentRole!, "docs-room-1");
    expect(new URL(customer.wssUrlOut).host).toBe(new URL(docs.url).host);
    const open = (d: typeof customer) => {
      const ws = new WebSocket(`${d.wssUrlOut}?connectParam=${encodeURIComponent(d.connectParam)}`);
      return once(ws, "open").then(() => ws);
    };
    const [a, b] = await Promise.all([open(customer), open(agent)]);
    const got = once(b, "message");
    a.send("hello agent");
    expect(String((await got)[0])).toBe("hello agent");
    a.close();
    b.close();
  });

  it("refuses an upgrade outside the rooms' path", async () => {
    const ws = new WebSocket(`${docs.url.replace("http", "ws")}/somewhere`);
    const [error] = (await once(ws, "error")) as [Error];
    expect(error.message).toMatch(/404/);
  });
});

describe("the playground's routes", () => {
  it("the token route answers a token and its lifetime, never the secret", async () => {
    const res = await fetch(`${docs.url}${TOKEN_PATH}`);
    const text = await res.text();
    expect(res.status).toBe(200);
    expect(res.headers.get("cache-control")).toBe("no-store");
    expect(Object.keys(JSON.parse(text)).sort()).toEqual(["accessToken", "expiresIn"]);
    expect(text).not.toContain(SECRET);
    expect((await fetch(`${docs.url}${TOKEN_PATH}`, { method: "POST" })).status).toBe(405);
  });

  it("the configuration: the app key, the tenant, the sides and the token route, never the secret", async () => {
    const text = await (await fetch(`${docs.url}${CONFIG_PATH}`)).text();
    const config = JSON.parse(text);
    expect(config).toEqual({
      appKey: "docs-app",
      tenantSpaceId: "docs-tenant",
      roles: expect.any(Object),
      tokenPath: TOKEN_PATH,
    });
    expect(Object.values(config.roles).sort()).toEqual(
      [...(spec.document.components.schemas!.Role as { enum: string[] }).enum].sort(),
    );
    expect(text).not.toContain(SECRET);
  });
});
