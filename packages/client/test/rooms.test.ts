import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { getConnectionInfo, securitySchemes, tokenByAkSk } from "../src/generated/spec.js";
import { ROLES } from "../src/index.js";
import { newRoomId } from "../src/internal/room-id.js";
import { clientFor } from "./helpers/client.js";
import { INFO, startMock, type TestMock, TOKEN } from "./helpers/mock.js";

let mock: TestMock;
beforeEach(async () => {
  mock = await startMock();
});
afterEach(() => mock.close());

/** The claims of a mock connectParam (`base64url(JSON payload).signature`, as the spec describes it). */
const claimsOf = (connectParam: string) =>
  JSON.parse(Buffer.from(connectParam.split(".")[0]!, "base64url").toString()) as Record<string, unknown>;

describe("getConnectionInfo", () => {
  it("gives both roles the same room, each with its own connectParam", async () => {
    const client = clientFor(mock);
    const customer = await client.getConnectionInfo({ roomId: "1001202404", userId: "customer-42", role: "recorder" });
    const agent = await client.getConnectionInfo({ roomId: "1001202404", workNo: "667", role: "replayer" });
    expect(customer.data.roomId).toBe("1001202404");
    expect(agent.data.roomId).toBe(customer.data.roomId);
    expect(agent.data.wssUrl).toBe(customer.data.wssUrl);
    expect(customer.data.wssUrlOut).toMatch(/^ws:\/\/127\.0\.0\.1:\d+\/ws\/cobrowse\/1001202404$/);
    expect(customer.data.connectParam).not.toBe(agent.data.connectParam);
    expect(claimsOf(agent.data.connectParam!)).toMatchObject({
      r: "1001202404",
      o: "replayer",
      a: mock.creds.appKey,
      t: mock.creds.tenantSpaceId,
    });
    // The request ids of both answers come back, and differ.
    expect([customer.requestId, agent.requestId]).toEqual(mock.answersTo(INFO).map((a) => a.requestId));
    expect(agent.requestId).not.toBe(customer.requestId);
  });

  it("passes a server-created room id on to the other side", async () => {
    const client = clientFor(mock);
    const customer = await client.getConnectionInfo({ role: "recorder" });
    expect(customer.data.roomId).toMatch(/^[0-9a-f-]{36}$/);
    const agent = await client.getConnectionInfo({ roomId: customer.data.roomId!, role: "replayer" });
    expect(agent.data.roomId).toBe(customer.data.roomId);
  });

  it("names the room (a UUID) before the first attempt when none is given, so a retry asks for the same room", async () => {
    const client = clientFor(mock);
    mock.fault({ operationId: INFO, resetAfterAnswer: true });
    const customer = await client.getConnectionInfo({ role: "recorder" });
    const sent = mock.sent.filter((s) => s.operationId === INFO).map((s) => (s.body as { roomId?: string }).roomId);
    expect(sent).toHaveLength(2);
    expect(sent[0]).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    expect(sent[1]).toBe(sent[0]);
    expect(customer.data.roomId).toBe(sent[0]);
    expect(
      new Set(
        mock.mock.requests
          .list()
          .map((r) => r.roomId)
          .filter(Boolean),
      ),
    ).toEqual(new Set([sent[0]]));
  });

  it("makes a v4 UUID without crypto.randomUUID too (a browser page on plain http)", () => {
    const randomUUID = globalThis.crypto.randomUUID;
    Object.defineProperty(globalThis.crypto, "randomUUID", { value: undefined, configurable: true });
    try {
      const ids = new Set(Array.from({ length: 50 }, () => newRoomId()));
      expect(ids.size).toBe(50);
      for (const id of ids) expect(id).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    } finally {
      Object.defineProperty(globalThis.crypto, "randomUUID", { value: randomUUID, configurable: true });
    }
  });

  it("sends the headers and body the spec asks for", async () => {
    const client = clientFor(mock, { headers: { "user-agent": "demo/1" } });
    await client.getConnectionInfo({ roomId: "r-1", role: "replayer" }, { headers: { "x-trace": "t1" } });
    const header = (scheme: keyof typeof securitySchemes) => securitySchemes[scheme].header.toLowerCase();
    const token = mock.arrivals.find((a) => a.operationId === TOKEN)!;
    expect(mock.sent.find((s) => s.operationId === TOKEN)!.body).toEqual({
      app_key: mock.creds.appKey,
      app_secret: mock.creds.appSecret,
    });
    expect(token.headers["content-type"]).toBe("application/json");
    expect(token.headers[header("tenantSpaceId")]).toBeUndefined();
    expect(token.headers[header("appKey")]).toBeUndefined();
    const info = mock.arrivals.find((a) => a.operationId === INFO)!;
    expect(mock.sent.find((s) => s.operationId === INFO)!.body).toEqual({ roomId: "r-1", role: "replayer" });
    expect(info.headers[header("bearerAuth")]).toBe(`Bearer ${mock.tokens[0]}`);
    expect(info.headers[header("appKey")]).toBe(mock.creds.appKey);
    expect(info.headers[header("tenantSpaceId")]).toBe(mock.creds.tenantSpaceId);
    expect(info.headers["user-agent"]).toBe("demo/1");
    expect(info.headers["x-trace"]).toBe("t1");
  });

  it("exports the roles of the spec", () => {
    const body = mock.spec.deref(mock.spec.operation(INFO).bodySchema!);
    const role = mock.spec.deref((body.properties as Record<string, Record<string, unknown>>).role!);
    expect(ROLES).toEqual(role.enum);
    expect([...ROLES].sort()).toEqual(["recorder", "replayer"]);
  });

  it("exposes the openapi-fetch client, which already sends x-app-key and X-TenantSpaceID", async () => {
    const client = clientFor(mock);
    const { accessToken } = await client.getToken();
    const { data, response } = await client.raw.POST("/apiaccess/api/cobrowse/getConnectionInfo", {
      body: { roomId: "raw-1", role: "recorder" },
      headers: { Authorization: `Bearer ${accessToken}` },
    });
    expect(response.status).toBe(200);
    expect(data?.data?.roomId).toBe("raw-1");
  });

  it("lets middleware on the raw client see the client's own calls", async () => {
    const client = clientFor(mock);
    const seen: string[] = [];
    client.raw.use({
      onResponse: ({ request, response }) => void seen.push(`${new URL(request.url).pathname} ${response.status}`),
    });
    await client.getConnectionInfo({ role: "recorder" });
    expect(seen).toEqual([`${tokenByAkSk.path} 200`, `${getConnectionInfo.path} 200`]);
  });

  it("uses the Node transport, not global fetch, by default on Node; a custom fetch when given", async () => {
    const spy = vi.spyOn(globalThis, "fetch");
    try {
      await clientFor(mock, { fetch: undefined }).getConnectionInfo({ role: "recorder" });
      expect(spy).not.toHaveBeenCalled();
      expect(mock.count(INFO)).toBe(1);
      const custom = vi.fn((request: Request, init?: RequestInit) => globalThis.fetch(request, init));
      await clientFor(mock, { fetch: mock.checked(custom) }).getConnectionInfo({ role: "recorder" });
      expect(custom).toHaveBeenCalledTimes(2);
      expect(custom.mock.calls[1]![1]!.signal).toBeInstanceOf(AbortSignal);
    } finally {
      spy.mockRestore();
    }
  });
});
