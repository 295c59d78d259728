// The playground's session logic against @cec-cobrowse/msw: the spec's examples as the API's
// answers, the named failures, and the docs server's two routes as plain MSW handlers.
import { ApiError, AuthenticationError } from "@cec-cobrowse/client/browser";
import { createHandlers, scenarios } from "@cec-cobrowse/msw";
import { HttpResponse, http } from "msw";
import { setupServer } from "msw/node";
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from "vitest";
import {
  CONFIG_PATH,
  decodeEvent,
  describeEvent,
  encodeEvent,
  loadConfig,
  openRoom,
  type PlaygroundConfig,
  paneClient,
} from "../src/playground/session.js";

const ORIGIN = "https://docs.test";
const config: PlaygroundConfig = {
  appKey: "docs-app",
  tenantSpaceId: "docs-tenant",
  roles: { customer: "recorder", agent: "replayer" },
  tokenPath: "/playground/token",
};
const tokenRoute = vi.fn(() =>
  HttpResponse.json({ accessToken: `token-${tokenRoute.mock.calls.length}`, expiresIn: 600 }),
);
const server = setupServer(
  ...createHandlers({ baseUrl: ORIGIN }),
  http.get(`${ORIGIN}${CONFIG_PATH}`, () => HttpResponse.json(config)),
  http.get(`${ORIGIN}${config.tokenPath}`, tokenRoute),
);
beforeAll(() => server.listen({ onUnhandledRequest: "error" }));
afterEach(() => {
  server.resetHandlers();
  tokenRoute.mockClear();
});
afterAll(() => server.close());

const clients = () =>
  [paneClient(ORIGIN, config, { retryBaseDelayMs: 1 }), paneClient(ORIGIN, config, { retryBaseDelayMs: 1 })] as const;

describe("the session", () => {
  it("loads the configuration from the docs server", async () => {
    expect(await loadConfig(ORIGIN)).toEqual(config);
  });

  it("opens one room for both sides: the customer's call first, the agent in its room", async () => {
    const [customer, agent] = clients();
    const room = await openRoom(customer, agent, config);
    // The spec's examples: the customer's and the agent's answers for room 1001202404.
    expect(room.customer.roomId).toBe("1001202404");
    expect(room.agent.roomId).toBe("1001202404");
    expect(room.customer.url).toMatch(/^wss:\/\/cobrowse\.example\.com\/ws\/cobrowse\/1001202404\?connectParam=/);
    expect(room.customer.url).not.toBe(room.agent.url);
    expect(room.customer.requestId).toBeTruthy();
    expect(tokenRoute).toHaveBeenCalledTimes(2); // one token per pane
  });

  it("survives an expired token (one new token, one replay) and a 429 (retried)", async () => {
    server.use(scenarios.expiredToken(), scenarios.rateLimited({ retryAfter: 0 }));
    const [customer, agent] = clients();
    await expect(openRoom(customer, agent, config)).resolves.toMatchObject({ agent: { roomId: "1001202404" } });
    expect(tokenRoute).toHaveBeenCalledTimes(3);
  });

  it("fails with the API's error on a 200 with success: false, and on a token refused twice", async () => {
    server.use(scenarios.applicationError({ errorReason: "room is closed" }));
    const [c1, a1] = clients();
    const error = await openRoom(c1, a1, config).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ApiError);
    expect((error as ApiError).message).toContain("room is closed");
    server.use(scenarios.expiredToken({ once: false }));
    const [c2, a2] = clients();
    await expect(openRoom(c2, a2, config)).rejects.toBeInstanceOf(AuthenticationError);
  });

  it("reports a token route that fails", async () => {
    server.use(http.get(`${ORIGIN}${config.tokenPath}`, () => new HttpResponse(null, { status: 503 })));
    const [customer, agent] = clients();
    await expect(openRoom(customer, agent, config)).rejects.toThrow(/token route answered 503/);
  });
});

describe("the events", () => {
  it("round-trip, and anything else the room relays is ignored", () => {
    for (const e of [
      { type: "click", target: "checkout" },
      { type: "input", target: "email", value: "a@b.c" },
      { type: "highlight", target: "coupon" },
    ] as const) {
      expect(decodeEvent(encodeEvent(e))).toEqual(e);
    }
    for (const junk of [
      "not json",
      "null",
      '{"type":"click"}',
      '{"type":"click","target":"<img>"}',
      '{"type":"drop","target":"x"}',
      42,
    ]) {
      expect(decodeEvent(junk)).toBeUndefined();
    }
    expect(decodeEvent(encodeEvent({ type: "input", target: "email", value: "x".repeat(1000) }))).toMatchObject({
      value: "x".repeat(256),
    });
    expect(describeEvent({ type: "input", target: "email", value: "a" })).toBe('input in #email: "a"');
  });
});
