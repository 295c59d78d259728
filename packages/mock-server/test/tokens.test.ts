// The token registry as the request log shows it: every token an id, every request carrying
// one its state at arrival (valid, expired, revoked, superseded, unknown; before its own fault
// applies), the token issued to a token request, and never a token itself. The faults that
// act on tokens: revoke (the token stays refused; others work) and tokenLifetime (a gateway's
// cap). A fake clock ages tokens without sleeping.
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { FaultSpecError, type MockServer, type RequestRecord } from "../src/index.js";
import { MAX_TOKENS, TokenRegistry } from "../src/tokens/registry.js";
import { type Answer, expectConforms, INFO_PATH, infoHeaders, post, start, TOKEN_PATH } from "./helpers.js";

const creds = { app_key: "demo-app-key", app_secret: "demo-app-secret" };
let clock = Date.now();
let mock: MockServer;
let other: MockServer;
beforeAll(async () => {
  mock = await start({ now: () => clock });
  other = await start(); // another process: its tokens are unknown here
});
beforeEach(() => mock.faults.clear());
afterAll(() => Promise.all([mock.close(), other.close()]));

async function tokenOf(
  server: MockServer,
  headers: Record<string, string> = {},
): Promise<{ token: string; answer: Answer }> {
  const answer = await post(server.url + TOKEN_PATH, creds, headers);
  expect(answer.status).toBe(200);
  expectConforms("tokenByAkSk", answer);
  return { token: (answer.body as { AccessToken: string }).AccessToken, answer };
}
const info = (token: string, headers: Record<string, string> = {}) =>
  post(mock.url + INFO_PATH, { role: "recorder", userId: "u-1" }, { ...infoHeaders(mock, token), ...headers });
const lastRecord = (): RequestRecord => mock.requests.list(mock.requests.last() - 1)[0]!;
const reason = (answer: Answer) => (answer.body as { errorReason: string }).errorReason;

describe("the log's token fields", () => {
  it("gives each token an id and records it as issued, valid, then superseded once a newer token of the scope was answered", async () => {
    const scope = { "X-Mock-Scope": "superseding" };
    const first = await tokenOf(mock, scope);
    const issued = lastRecord();
    expect(issued).toMatchObject({
      operationId: "tokenByAkSk",
      status: 200,
      scope: "superseding",
      issued: { id: expect.stringMatching(/^t\d+$/), lifetime: 600 },
    });
    const id = issued.issued!.id;
    expect((await info(first.token, scope)).status).toBe(200);
    expect(lastRecord()).toMatchObject({ token: { id, state: "valid" }, role: "recorder", userId: "u-1" });
    expect(lastRecord().token).not.toHaveProperty("lateMs");

    const second = await tokenOf(mock, scope);
    const newer = lastRecord().issued!.id;
    expect(newer).not.toBe(id);
    clock += 250;
    // The mock still accepts it (its job is to say what happened, the judge's to weigh it).
    expect((await info(first.token, scope)).status).toBe(200);
    expect(lastRecord().token).toEqual({ id, state: "superseded", lateMs: 250 });
    expect((await info(second.token, scope)).status).toBe(200);
    expect(lastRecord().token).toEqual({ id: newer, state: "valid" });
    // Another scope's token does not supersede this one.
    await tokenOf(mock, { "X-Mock-Scope": "elsewhere" });
    expect((await info(second.token, scope)).status).toBe(200);
    expect(lastRecord().token).toEqual({ id: newer, state: "valid" });
  });

  it("records expired with the milliseconds since the expiry, ahead of superseded", async () => {
    const scope = { "X-Mock-Scope": "expiring" };
    const old = await tokenOf(mock, { ...scope, "X-Token-Expire": "2" });
    await tokenOf(mock, scope);
    clock += 2000 + 75;
    const answer = await info(old.token, scope);
    expect(answer.status).toBe(401);
    expectConforms("getConnectionInfo", answer);
    expect(reason(answer)).toBe("Authorization: token expired; request a new one with tokenByAkSk");
    expect(lastRecord().token).toMatchObject({ state: "expired", lateMs: 75 });
  });

  it("records unknown, without an id, for a malformed, a forged and another process's token; nothing without Authorization", async () => {
    const foreign = await tokenOf(other);
    for (const token of [foreign.token, "abc.def", `${foreign.token.split(".")[0]}.${"A".repeat(43)}`]) {
      expect((await info(token)).status).toBe(401);
      expect(lastRecord().token).toEqual({ state: "unknown" });
    }
    expect(
      (
        await post(
          mock.url + INFO_PATH,
          { role: "recorder" },
          { ...infoHeaders(mock, "x"), Authorization: "Basic abc" },
        )
      ).status,
    ).toBe(401);
    expect(lastRecord().token).toEqual({ state: "unknown" });
    const { Authorization: _, ...noAuth } = infoHeaders(mock, "x");
    expect((await post(mock.url + INFO_PATH, { role: "recorder" }, noAuth)).status).toBe(401);
    expect(lastRecord()).not.toHaveProperty("token");
  });

  it("registers a token whose answer was lost (issued, never answered): it supersedes nothing", async () => {
    const scope = { "X-Mock-Scope": "lost-answer" };
    const kept = await tokenOf(mock, scope);
    const keptId = lastRecord().issued!.id;
    mock.faults.inject({ operationId: "tokenByAkSk", resetAfterAnswer: true }, { scope: "lost-answer" });
    await expect(post(mock.url + TOKEN_PATH, creds, scope)).rejects.toThrow();
    expect(lastRecord()).toMatchObject({
      status: null,
      issued: { id: expect.stringMatching(/^t\d+$/), lifetime: 600 },
    });
    expect((await info(kept.token, scope)).status).toBe(200);
    expect(lastRecord().token).toEqual({ id: keptId, state: "valid" });
  });

  it("supersedes from the moment the newer answer finished, not from its issue (a trickled answer)", async () => {
    const scope = { "X-Mock-Scope": "slow-answer" };
    const kept = await tokenOf(mock, scope);
    mock.faults.inject({ operationId: "tokenByAkSk", trickle: { bytesPerSecond: 400 } }, { scope: "slow-answer" });
    const newer = tokenOf(mock, scope);
    await new Promise((r) => setTimeout(r, 150));
    expect((await info(kept.token, scope)).status).toBe(200);
    expect(lastRecord().token?.state).toBe("valid"); // issued, still being sent
    await newer;
    clock += 10;
    expect((await info(kept.token, scope)).status).toBe(200);
    expect(lastRecord().token).toMatchObject({ state: "superseded", lateMs: 10 });
  });

  it("never holds a token or the secret", async () => {
    const { token } = await tokenOf(mock);
    await info(token);
    const text = JSON.stringify(mock.requests.list());
    expect(text).not.toContain(token);
    expect(text).not.toContain(token.split(".")[1]);
    expect(text).not.toContain(creds.app_secret);
  });
});

describe("the revoke fault", () => {
  it("revokes the token the caught request carries: 401 token revoked, refused until it expires, other tokens work", async () => {
    const scope = { "X-Mock-Scope": "revoking" };
    const victim = await tokenOf(mock, scope);
    const victimId = lastRecord().issued!.id;
    const fault = mock.faults.inject({ operationId: "getConnectionInfo", revoke: true }, { scope: "revoking" });
    const refused = await info(victim.token, scope);
    expect(refused.status).toBe(401);
    expectConforms("getConnectionInfo", refused);
    expect(reason(refused)).toBe("Authorization: token revoked; request a new one with tokenByAkSk");
    // Its own record: the state at arrival, before its fault revoked it.
    expect(lastRecord()).toMatchObject({ status: 401, fault: fault.id, token: { id: victimId, state: "valid" } });
    clock += 40;
    for (let i = 0; i < 3; i++) {
      const again = await info(victim.token, scope);
      expect(again.status).toBe(401);
      expect(reason(again)).toMatch(/token revoked/);
    }
    expect(lastRecord().token).toEqual({ id: victimId, state: "revoked", lateMs: 40 });
    const fresh = await tokenOf(mock, scope);
    expect((await info(fresh.token, scope)).status).toBe(200);
    // Revoked and expired: revoked comes first.
    clock += 600_000;
    expect((await info(victim.token, scope)).status).toBe(401);
    expect(lastRecord().token).toMatchObject({ state: "revoked", lateMs: 600_040 });
    clock -= 600_000;
  });

  it("revokes when it takes the request, before its delay: the token is refused while the request is held", async () => {
    const victim = await tokenOf(mock);
    mock.faults.inject({ operationId: "getConnectionInfo", revoke: true, delayMs: 400 });
    const held = info(victim.token);
    await new Promise((r) => setTimeout(r, 100));
    const meanwhile = await info(victim.token);
    expect(meanwhile.status).toBe(401);
    expect(reason(meanwhile)).toMatch(/token revoked/);
    expect((await held).status).toBe(401);
  });

  it("catches count requests, each revoking the token it carries", async () => {
    const a = await tokenOf(mock);
    const b = await tokenOf(mock);
    mock.faults.inject({ operationId: "getConnectionInfo", revoke: true, count: 2 });
    expect((await info(a.token)).status).toBe(401);
    expect((await info(b.token)).status).toBe(401);
    const c = await tokenOf(mock);
    expect((await info(c.token)).status).toBe(200);
    expect((await info(a.token)).status).toBe(401);
  });
});

describe("the tokenLifetime fault (a gateway's cap)", () => {
  it("issues min(asked or the default, cap) seconds, says so in Expires, and the token dies then", async () => {
    mock.faults.inject({ operationId: "tokenByAkSk", tokenLifetime: 2, count: 2 });
    const capped = await tokenOf(mock, { "X-Token-Expire": "3600" });
    expect((capped.answer.body as { Expires: string }).Expires).toBe("2");
    expect(lastRecord().issued?.lifetime).toBe(2);
    const defaulted = await tokenOf(mock);
    expect((defaulted.answer.body as { Expires: string }).Expires).toBe("2");
    mock.faults.inject({ operationId: "tokenByAkSk", tokenLifetime: 3 });
    const shorter = await tokenOf(mock, { "X-Token-Expire": "1" });
    expect((shorter.answer.body as { Expires: string }).Expires).toBe("1");
    expect((await info(capped.token)).status).toBe(200);
    clock += 2000;
    expect((await info(capped.token)).status).toBe(401);
    expect(lastRecord().token?.state).toBe("expired");
  });
});

describe("fault schema: the token fields", () => {
  it.each([
    [{ revoke: true }, /^revoke: needs "operationId": "getConnectionInfo" \(only its requests carry a bearer token\)/],
    [{ revoke: true, operationId: "tokenByAkSk" }, /^revoke: needs "operationId": "getConnectionInfo"/],
    [{ revoke: "yes", operationId: "getConnectionInfo" }, /(^|; )revoke: must be true or false/],
    [{ revoke: true, operationId: "getConnectionInfo", status: 401 }, /^revoke: cannot go with status, .*; pick one/],
    [{ revoke: true, operationId: "getConnectionInfo", reset: true }, /reset: cannot go with .*revoke/],
    [{ revoke: false }, /^fault: give status, delayMs/],
    [{ tokenLifetime: 3 }, /^tokenLifetime: needs "operationId": "tokenByAkSk"/],
    [{ tokenLifetime: 3, operationId: "getConnectionInfo" }, /^tokenLifetime: needs "operationId": "tokenByAkSk"/],
    [
      { tokenLifetime: 0, operationId: "tokenByAkSk" },
      /^tokenLifetime: must be a whole number of seconds from 1 to 86400 \(the spec's X-Token-Expire range\)/,
    ],
    [{ tokenLifetime: 86401, operationId: "tokenByAkSk" }, /^tokenLifetime: must be/],
    [{ tokenLifetime: 1.5, operationId: "tokenByAkSk" }, /^tokenLifetime: must be/],
    [
      { tokenLifetime: 3, operationId: "tokenByAkSk", status: 503 },
      /^tokenLifetime: cannot go with status, .* \(no token would be issued\); pick one/,
    ],
  ])("refuses %j naming the field", (spec, message) => {
    expect(() => mock.faults.inject(spec as never)).toThrow(FaultSpecError);
    expect(() => mock.faults.inject(spec as never)).toThrow(message);
  });

  it("takes revoke with delayMs, count and trickle, and tokenLifetime with resetAfterAnswer and delayMs", () => {
    expect(
      mock.faults.inject({
        operationId: "getConnectionInfo",
        revoke: true,
        delayMs: 10,
        count: 3,
        trickle: { bytesPerSecond: 100 },
      }),
    ).toMatchObject({ revoke: true, remaining: 3 });
    expect(
      mock.faults.inject({ operationId: "tokenByAkSk", tokenLifetime: 1, resetAfterAnswer: true, delayMs: 5 }),
    ).toMatchObject({ tokenLifetime: 1 });
  });
});

describe("the registry's bounds", () => {
  it("remembers the MAX_TOKENS most recent tokens (older ones become unknown) and as many revocations", () => {
    const registry = new TokenRegistry();
    const t = (i: number) => `payload${i}.${String(i).padStart(43, "s")}`;
    for (let i = 1; i <= MAX_TOKENS + 5; i++) {
      registry.add({
        id: `t${i}`,
        order: i,
        scope: i % 2 === 0 ? "even" : "odd",
        token: t(i),
        issuedAt: i,
        expiresAt: 1e15,
        lifetime: 600,
      });
      registry.finished(`t${i}`, i);
    }
    expect(registry.size).toBe(MAX_TOKENS);
    expect(registry.stateAt(t(5), 10)).toEqual({ state: "unknown" });
    expect(registry.stateAt(t(6), MAX_TOKENS + 10)).toMatchObject({
      id: "t6",
      state: "superseded",
      lateMs: MAX_TOKENS + 10 - 8,
    });
    expect(registry.stateAt(t(MAX_TOKENS + 5), MAX_TOKENS + 10)).toEqual({ id: `t${MAX_TOKENS + 5}`, state: "valid" });
    expect(registry.scan([t(3), t(7)], "secret")).toEqual([{ index: 1, kind: "token", tokenId: "t7" }]);
    for (let i = 1; i <= MAX_TOKENS + 5; i++) registry.revoke(`x${i}`, 100, 1e15);
    expect(registry.isRevoked("x1", 200)).toBe(false);
    expect(registry.isRevoked(`x${MAX_TOKENS + 5}`, 200)).toBe(true);
    expect(registry.isRevoked(`x${MAX_TOKENS + 5}`, 50)).toBe(false); // not yet at 50
  });
});
