import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { ROLES } from "../src/index.js";
import { clientFor } from "./helpers/client.js";
import { type FakeServer, startFakeServer } from "./helpers/fake-server.js";

let fake: FakeServer;
beforeEach(async () => {
  fake = await startFakeServer();
});
afterEach(() => fake.close());

describe("getConnectionInfo", () => {
  it("gives both roles the same room, each with its own connectParam", async () => {
    const client = clientFor(fake);
    const customer = await client.getConnectionInfo({ roomId: "1001202404", userId: "customer-42", role: "recorder" });
    const agent = await client.getConnectionInfo({ roomId: "1001202404", workNo: "667", role: "replayer" });
    expect(customer.data.roomId).toBe("1001202404");
    expect(agent.data.roomId).toBe(customer.data.roomId);
    expect(agent.data.wssUrl).toBe(customer.data.wssUrl);
    expect(customer.data.wssUrlOut).toMatch(/^ws:\/\/127\.0\.0\.1:\d+\/ws\/cobrowse\/1001202404$/);
    expect(customer.data.connectParam).not.toBe(agent.data.connectParam);
    expect(Buffer.from(agent.data.connectParam!, "base64url").toString()).toBe("1001202404|replayer");
    // The request ids of both answers come back, and differ.
    expect(customer.requestId).toMatch(/^req-\d+$/);
    expect(agent.requestId).not.toBe(customer.requestId);
  });

  it("passes a server-created room id on to the other side", async () => {
    const client = clientFor(fake);
    const customer = await client.getConnectionInfo({ role: "recorder" });
    expect(customer.data.roomId).toMatch(/^[0-9a-f-]{36}$/);
    const agent = await client.getConnectionInfo({ roomId: customer.data.roomId!, role: "replayer" });
    expect(agent.data.roomId).toBe(customer.data.roomId);
  });

  it("sends the headers and body the spec asks for", async () => {
    const client = clientFor(fake, { headers: { "user-agent": "demo/1" } });
    await client.getConnectionInfo({ roomId: "r-1", role: "replayer" }, { headers: { "x-trace": "t1" } });
    const token = fake.hits.find((h) => h.op === "tokenByAkSk")!;
    expect(token.body).toEqual({ app_key: fake.creds.appKey, app_secret: fake.creds.appSecret });
    expect(token.headers["content-type"]).toBe("application/json");
    expect(token.headers["x-tenantspaceid"]).toBeUndefined();
    const info = fake.hits.find((h) => h.op === "getConnectionInfo")!;
    expect(info.body).toEqual({ roomId: "r-1", role: "replayer" });
    expect(info.headers.authorization).toMatch(/^Bearer tok-1-/);
    expect(info.headers["x-app-key"]).toBe(fake.creds.appKey);
    expect(info.headers["x-tenantspaceid"]).toBe(fake.creds.tenantSpaceId);
    expect(info.headers["user-agent"]).toBe("demo/1");
    expect(info.headers["x-trace"]).toBe("t1");
  });

  it("exports the roles of the spec", () => {
    expect([...ROLES].sort()).toEqual(["recorder", "replayer"]);
  });

  it("exposes the openapi-fetch client, which already sends x-app-key and X-TenantSpaceID", async () => {
    const client = clientFor(fake);
    const { accessToken } = await client.getToken();
    const { data, response } = await client.raw.POST("/apiaccess/api/cobrowse/getConnectionInfo", {
      body: { roomId: "raw-1", role: "recorder" },
      headers: { Authorization: `Bearer ${accessToken}` },
    });
    expect(response.status).toBe(200);
    expect(data?.data?.roomId).toBe("raw-1");
  });

  it("lets middleware on the raw client see the client's own calls", async () => {
    const client = clientFor(fake);
    const seen: string[] = [];
    client.raw.use({ onResponse: ({ request, response }) => void seen.push(`${new URL(request.url).pathname} ${response.status}`) });
    await client.getConnectionInfo({ role: "recorder" });
    expect(seen).toEqual(["/apigovernance/api/oauth/tokenByAkSk 200", "/apiaccess/api/cobrowse/getConnectionInfo 200"]);
  });

  it("uses the Node transport, not global fetch, by default on Node; a custom fetch when given", async () => {
    const spy = vi.spyOn(globalThis, "fetch");
    try {
      await clientFor(fake).getConnectionInfo({ role: "recorder" });
      expect(spy).not.toHaveBeenCalled();
      const custom = vi.fn((request: Request, init?: RequestInit) => globalThis.fetch(request, init));
      await clientFor(fake, { fetch: custom }).getConnectionInfo({ role: "recorder" });
      expect(custom).toHaveBeenCalledTimes(2);
      expect(custom.mock.calls[1]![1]!.signal).toBeInstanceOf(AbortSignal);
    } finally {
      spy.mockRestore();
    }
  });
});
