// The seeded chaos mode: the n-th request of a scope gets chaosDraw(settings, n), so a run is
// reproducible from its seed and the order of its requests; counters say what it did; queued
// faults come first; token requests never get revoke; every answer still conforms to the spec.
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import {
  type ChaosKind,
  ChaosSettingsError,
  chaosDraw,
  chaosSettingsFrom,
  type MockServer,
  optionsFromEnv,
  type ResolvedChaosSettings,
  startMockServer,
} from "../src/index.js";
import { expectConforms, INFO_PATH, infoHeaders, post, raw, start, TOKEN_PATH } from "./helpers.js";

const creds = { app_key: "demo-app-key", app_secret: "demo-app-secret" };
let mock: MockServer;
beforeAll(async () => {
  mock = await start({ control: true });
});
beforeEach(async () => {
  mock.faults.clear();
  for (const scope of ["", "a", "b", "c", "d"]) await mock.chaos.stop({ scope });
});
afterAll(() => mock.close());

const scoped = (scope: string): Record<string, string> => (scope ? { "X-Mock-Scope": scope } : {});
async function freshToken(scope = "fresh"): Promise<string> {
  const answer = await post(mock.url + TOKEN_PATH, creds, { ...scoped(scope), "X-Token-Expire": "3600" });
  expect(answer.status).toBe(200);
  return (answer.body as { AccessToken: string }).AccessToken;
}
/** One getConnectionInfo in `scope`, a reset counting as status 0. */
async function call(scope: string, token: string): Promise<number> {
  try {
    const answer = await post(
      mock.url + INFO_PATH,
      { role: "recorder" },
      { ...infoHeaders(mock, token), ...scoped(scope) },
    );
    expectConforms("getConnectionInfo", answer);
    return answer.status;
  } catch {
    return 0;
  }
}
/** The chaos kinds the log shows for the requests of `scope` after `since` ("-" for none). */
const kindsSince = (since: number, scope: string) =>
  mock.requests
    .list(since)
    .filter((r) => (r.scope ?? "") === scope)
    .map((r) => r.chaos ?? "-");

describe("the schedule", () => {
  it("is reproducible from its seed: the same seed and order of requests give the same faults, f(seed, n)", async () => {
    const settings = {
      seed: 42,
      rate: 0.6,
      slowMs: { min: 10, max: 30 },
      slowOverMs: { min: 40, max: 60 },
      tokenLifetime: null,
    };
    const run = async () => {
      const status = await mock.chaos.start(settings, { scope: "a" });
      expect(status).toMatchObject({ scope: "a", active: true, requests: 0 });
      const since = mock.requests.last();
      for (let i = 0; i < 30; i++) await call("a", await freshToken());
      // The token requests are in another scope: the 30 calls are the requests of "a".
      return { kinds: kindsSince(since, "a"), resolved: status.settings! };
    };
    const first = await run();
    const again = await run();
    expect(again.kinds).toEqual(first.kinds);
    const expected = Array.from({ length: 30 }, (_, i) => chaosDraw(first.resolved, i + 1, true).kind ?? "-");
    expect(first.kinds).toEqual(expected);
    expect(new Set(expected).size).toBeGreaterThan(3); // a mix
    await mock.chaos.start({ ...settings, seed: 43 }, { scope: "a" });
    const since = mock.requests.last();
    for (let i = 0; i < 30; i++) await call("a", await freshToken());
    expect(kindsSince(since, "a")).not.toEqual(expected);
  });

  it("counts the requests it saw and the faults it drew, by kind; DELETE-like stop returns the last counters", async () => {
    await mock.chaos.start(
      {
        seed: 7,
        rate: 0.5,
        kinds: ["unavailable", "slow"],
        slowMs: { min: 1, max: 5 },
        slowOverMs: { min: 6, max: 9 },
        tokenLifetime: null,
      },
      { scope: "b" },
    );
    const token = await freshToken();
    const since = mock.requests.last();
    const statuses: number[] = [];
    for (let i = 0; i < 20; i++) statuses.push(await call("b", token));
    const kinds = kindsSince(since, "b");
    const status = await mock.chaos.status({ scope: "b" });
    expect(status.requests).toBe(20);
    expect(status.faults).toEqual({
      unavailable: kinds.filter((k) => k === "unavailable").length,
      revoke: 0,
      reset: 0,
      resetAfterAnswer: 0,
      slow: kinds.filter((k) => k === "slow").length,
    });
    expect(statuses.filter((s) => s === 503).length).toBe(status.faults.unavailable);
    const stopped = await mock.chaos.stop({ scope: "b" });
    expect(stopped).toMatchObject({ active: false, requests: 20, faults: status.faults });
    expect(await mock.chaos.status({ scope: "b" })).toEqual({
      scope: "b",
      active: false,
      settings: null,
      requests: 0,
      faults: { unavailable: 0, revoke: 0, reset: 0, resetAfterAnswer: 0, slow: 0 },
    });
  });

  it("answers unavailable with 503 and its Retry-After, conforming to the spec", async () => {
    await mock.chaos.start(
      { seed: 1, rate: 1, kinds: { unavailable: 1 }, retryAfter: 2, tokenLifetime: null },
      { scope: "c" },
    );
    const answer = await post(mock.url + TOKEN_PATH, creds, scoped("c"));
    expect(answer.status).toBe(503);
    expect(answer.headers.get("retry-after")).toBe("2");
    expectConforms("tokenByAkSk", answer);
    expect(mock.requests.list(mock.requests.last() - 1)[0]).toMatchObject({ chaos: "unavailable", scope: "c" });
  });

  it("revokes: the request's token answers 401 and stays refused", async () => {
    await mock.chaos.start({ seed: 1, rate: 1, kinds: { revoke: 1 }, tokenLifetime: null }, { scope: "c" });
    const token = await freshToken();
    expect(await call("c", token)).toBe(401);
    await mock.chaos.stop({ scope: "c" });
    expect(await call("c", token)).toBe(401);
    expect(mock.requests.list(mock.requests.last() - 1)[0]!.token).toMatchObject({ state: "revoked" });
  });

  it("never revokes on a token request: its share goes to the other kinds, or to none", async () => {
    await mock.chaos.start({ seed: 3, rate: 1, kinds: { revoke: 1 }, tokenLifetime: null }, { scope: "c" });
    for (let i = 0; i < 5; i++) expect((await post(mock.url + TOKEN_PATH, creds, scoped("c"))).status).toBe(200);
    await mock.chaos.start(
      { seed: 3, rate: 1, kinds: { revoke: 5, unavailable: 1 }, tokenLifetime: null },
      { scope: "c" },
    );
    for (let i = 0; i < 5; i++) expect((await post(mock.url + TOKEN_PATH, creds, scoped("c"))).status).toBe(503);
    const settings = (await mock.chaos.status({ scope: "c" })).settings!;
    for (let n = 1; n <= 1000; n++) expect(chaosDraw(settings, n, false).kind).toBe("unavailable");
  });

  it("resets before and after acting, like the faults of those names", async () => {
    await mock.chaos.start({ seed: 5, rate: 1, kinds: ["resetAfterAnswer"], tokenLifetime: null }, { scope: "c" });
    const token = await freshToken();
    expect(await call("c", token)).toBe(0);
    expect(mock.requests.list(mock.requests.last() - 1)[0]).toMatchObject({
      status: null,
      chaos: "resetAfterAnswer",
      roomId: expect.any(String),
    });
    await mock.chaos.start({ seed: 5, rate: 1, kinds: ["reset"], tokenLifetime: null }, { scope: "c" });
    expect(await call("c", token)).toBe(0);
    expect(mock.requests.list(mock.requests.last() - 1)[0]).toMatchObject({ status: null, chaos: "reset" });
  });

  it("lets queued faults go first, counting the request all the same", async () => {
    await mock.chaos.start({ seed: 9, rate: 1, kinds: ["unavailable"], tokenLifetime: null }, { scope: "c" });
    const fault = mock.faults.inject({ status: 500 }, { scope: "c" });
    expect((await post(mock.url + TOKEN_PATH, creds, scoped("c"))).status).toBe(500);
    expect(mock.requests.list(mock.requests.last() - 1)[0]).toMatchObject({ fault: fault.id });
    expect(mock.requests.list(mock.requests.last() - 1)[0]).not.toHaveProperty("chaos");
    expect(await mock.chaos.status({ scope: "c" })).toMatchObject({ requests: 1, faults: { unavailable: 0 } });
  });

  it("caps every token of the scope at a lifetime drawn from tokenLifetime (1-3 s by default)", async () => {
    const status = await mock.chaos.start({ seed: 11, rate: 0 }, { scope: "d" });
    expect(status.settings?.tokenLifetime).toEqual({ min: 1, max: 3 });
    const lifetimes: number[] = [];
    for (let n = 1; n <= 12; n++) {
      const answer = await post(mock.url + TOKEN_PATH, creds, {
        ...scoped("d"),
        "X-Token-Expire": n === 12 ? "1" : "600",
      });
      expectConforms("tokenByAkSk", answer);
      lifetimes.push(Number((answer.body as { Expires: string }).Expires));
      expect(lifetimes.at(-1)).toBe(n === 12 ? 1 : chaosDraw(status.settings!, n, false).tokenLifetime);
    }
    expect(new Set(lifetimes.slice(0, 11))).toEqual(new Set([1, 2, 3]));
  });

  it("keeps to its scope: other scopes and the default one are untouched", async () => {
    await mock.chaos.start({ seed: 1, rate: 1, kinds: ["unavailable"] }, { scope: "a" });
    expect((await post(mock.url + TOKEN_PATH, creds)).status).toBe(200);
    expect((await post(mock.url + TOKEN_PATH, creds, scoped("b"))).status).toBe(200);
    expect((await mock.chaos.status()).active).toBe(false);
  });

  it("stopping releases the requests its slow faults hold", async () => {
    await mock.chaos.start(
      {
        seed: 1,
        rate: 1,
        kinds: ["slow"],
        slowMs: { min: 100, max: 200 },
        slowOverMs: { min: 30_000, max: 30_000 },
        slowOverShare: 1,
      },
      { scope: "c" },
    );
    const t0 = performance.now();
    const held = post(mock.url + TOKEN_PATH, creds, scoped("c"));
    await new Promise((r) => setTimeout(r, 200));
    await mock.chaos.stop({ scope: "c" });
    expect((await held).status).toBe(200);
    expect(performance.now() - t0).toBeLessThan(10_000);
  });
});

describe("chaosDraw", () => {
  const defaults = {
    seed: 2024,
    rate: 0.3,
    kinds: { unavailable: 1, revoke: 1, reset: 1, resetAfterAnswer: 1, slow: 1 },
    retryAfter: 1,
    slowMs: { min: 100, max: 500 },
    slowOverMs: { min: 1500, max: 2500 },
    slowOverShare: 0.5,
    tokenLifetime: { min: 1, max: 3 },
  } satisfies ResolvedChaosSettings;

  it("keeps its shape: about rate of requests faulted, kinds about equal, slow clearly under or over a 1 s timeout", () => {
    const n = 20_000;
    const counts: Record<string, number> = {};
    const slow: number[] = [];
    for (let i = 1; i <= n; i++) {
      const draw = chaosDraw(defaults, i, true);
      counts[draw.kind ?? "none"] = (counts[draw.kind ?? "none"] ?? 0) + 1;
      if (draw.delayMs !== undefined) slow.push(draw.delayMs);
      expect(draw.tokenLifetime).toBeGreaterThanOrEqual(1);
      expect(draw.tokenLifetime).toBeLessThanOrEqual(3);
    }
    expect(counts.none! / n).toBeCloseTo(0.7, 1);
    for (const kind of ["unavailable", "revoke", "reset", "resetAfterAnswer", "slow"] as ChaosKind[])
      expect(counts[kind]! / n).toBeCloseTo(0.06, 1);
    expect(slow.every((ms) => (ms >= 100 && ms <= 600) || (ms >= 1500 && ms <= 2500))).toBe(true);
    expect(slow.filter((ms) => ms >= 1500).length / slow.length).toBeCloseTo(0.5, 1);
  });

  it("depends on seed and n only", () => {
    expect(chaosDraw(defaults, 5, true)).toEqual(chaosDraw({ ...defaults }, 5, true));
    const a = Array.from({ length: 50 }, (_, i) => chaosDraw(defaults, i + 1, true).kind);
    const b = Array.from(
      { length: 50 },
      (_, i) => chaosDraw({ ...defaults, seed: defaults.seed + 1 }, i + 1, true).kind,
    );
    expect(a).not.toEqual(b);
    // Seeds and counters past 32 bits are used whole.
    const big = Array.from(
      { length: 50 },
      (_, i) => chaosDraw({ ...defaults, seed: 2 ** 40 + defaults.seed }, i + 1, true).kind,
    );
    expect(big).not.toEqual(a);
  });
});

describe("settings", () => {
  it.each([
    [{}, /^seed: is required/],
    [{ seed: -1 }, /^seed: must be a whole number from 0/],
    [{ seed: 1.5 }, /^seed: must be a whole number/],
    [{ seed: 1, rate: 2 }, /^rate: must be a number from 0 to 1/],
    [
      { seed: 1, kinds: { nope: 1 } },
      /^kinds: must map some of unavailable, revoke, reset, resetAfterAnswer, slow to weights/,
    ],
    [{ seed: 1, kinds: ["slow", "nope"] }, /^kinds: must/],
    [{ seed: 1, kinds: { slow: 0 } }, /^kinds: give at least one kind a weight above 0/],
    [{ seed: 1, retryAfter: -1 }, /^retryAfter: must be a whole number of seconds from 0 to 3600/],
    [
      { seed: 1, slowMs: { min: 5 } },
      /^slowMs: must be \{"min":…,"max":…\}, whole numbers of milliseconds from 0 to 60000/,
    ],
    [{ seed: 1, slowMs: { min: 700, max: 600 } }, /^slowMs: min must not be above max/],
    [{ seed: 1, slowMs: { min: 100, max: 1600 } }, /^slowMs: its max \(1600\) must be below slowOverMs.min \(1500\)/],
    [{ seed: 1, slowOverMs: { min: 1500, max: 70_000 } }, /^slowOverMs: must be/],
    [{ seed: 1, slowOverShare: 1.1 }, /^slowOverShare: must be a number from 0 to 1/],
    [
      { seed: 1, tokenLifetime: { min: 0, max: 3 } },
      /^tokenLifetime: must be null or \{"min":…,"max":…\}, whole numbers of seconds from 1 to 86400/,
    ],
    [{ seed: 1, bogus: 1 }, /^bogus: is not a known field; use seed, rate, kinds/],
    [[1], /^chaos: must be a JSON object/],
  ])("refuses %j naming the field", async (settings, message) => {
    await expect(mock.chaos.start(settings as never)).rejects.toThrow(ChaosSettingsError);
    await expect(mock.chaos.start(settings as never)).rejects.toThrow(message);
    expect((await mock.chaos.status()).active).toBe(false);
  });

  it("fills in the defaults", async () => {
    expect((await mock.chaos.start({ seed: 3 })).settings).toEqual({
      seed: 3,
      rate: 0.3,
      kinds: { unavailable: 1, revoke: 1, reset: 1, resetAfterAnswer: 1, slow: 1 },
      retryAfter: 1,
      slowMs: { min: 100, max: 500 },
      slowOverMs: { min: 1500, max: 2500 },
      slowOverShare: 0.5,
      tokenLifetime: { min: 1, max: 3 },
    });
    expect((await mock.chaos.start({ seed: 3, kinds: { slow: 2 } })).settings?.kinds).toEqual({
      unavailable: 0,
      revoke: 0,
      reset: 0,
      resetAfterAnswer: 0,
      slow: 2,
    });
  });

  it("reads the short form of COBROWSE_MOCK_CHAOS and --chaos", () => {
    expect(chaosSettingsFrom("7")).toEqual({ seed: 7 });
    expect(chaosSettingsFrom(' {"seed":7,"rate":0.5} ')).toEqual({ seed: 7, rate: 0.5 });
    expect(chaosSettingsFrom("seed=7,rate=0.25,kinds=unavailable+revoke,tokenLifetime=1..3,slowMs=10..20")).toEqual({
      seed: 7,
      rate: 0.25,
      kinds: ["unavailable", "revoke"],
      tokenLifetime: { min: 1, max: 3 },
      slowMs: { min: 10, max: 20 },
    });
    expect(chaosSettingsFrom("seed=1,kinds=slow:2+reset:1,tokenLifetime=null")).toEqual({
      seed: 1,
      kinds: { slow: 2, reset: 1 },
      tokenLifetime: null,
    });
    expect(() => chaosSettingsFrom("seed")).toThrow(/^COBROWSE_MOCK_CHAOS: "seed" is not key=value/);
    expect(() => chaosSettingsFrom("{seed", "--chaos")).toThrow(/^--chaos: is not valid JSON/);
    expect(() => chaosSettingsFrom("seed=x")).toThrow(
      /^COBROWSE_MOCK_CHAOS: seed=x: give a number, a range min\.\.max, or null/,
    );
    expect(optionsFromEnv({ COBROWSE_MOCK_CHAOS: "seed=3,rate=1" }).chaos).toEqual({ seed: 3, rate: 1 });
  });

  it("starts the default scope's schedule with the chaos option, and refuses bad settings naming it", async () => {
    const chaotic = await startMockServer({ port: 0, chaos: { seed: 1, rate: 1, kinds: ["unavailable"] } });
    try {
      expect((await post(chaotic.url + TOKEN_PATH, creds)).status).toBe(503);
      expect((await post(chaotic.url + TOKEN_PATH, creds, scoped("a"))).status).toBe(200);
      expect(await chaotic.chaos.status()).toMatchObject({ active: true, requests: 1, faults: { unavailable: 1 } });
    } finally {
      await chaotic.close();
    }
    await expect(startMockServer({ port: 0, chaos: { seed: 1, rate: 5 } })).rejects.toThrow(
      /^chaos \(COBROWSE_MOCK_CHAOS, --chaos\): rate: must be a number from 0 to 1/,
    );
  });
});

describe("over HTTP (/__mock/chaos)", () => {
  const control = (method: string, scope: string, body?: unknown, headers: Record<string, string> = {}) =>
    raw(mock.url, {
      method,
      path: "/__mock/chaos",
      headers: { ...scoped(scope), ...(body === undefined ? {} : { "content-type": "application/json" }), ...headers },
      body: body === undefined ? undefined : JSON.stringify(body),
    });

  it("starts (201), shows (200) and stops (200) the scope's schedule", async () => {
    const started = await control("POST", "a", { seed: 5, rate: 1, kinds: ["unavailable"] });
    expect(started.status).toBe(201);
    expect(started.body).toMatchObject({ scope: "a", active: true, requests: 0, settings: { seed: 5, rate: 1 } });
    expect((await post(mock.url + TOKEN_PATH, creds, scoped("a"))).status).toBe(503);
    expect((await control("GET", "a")).body).toMatchObject({
      scope: "a",
      active: true,
      requests: 1,
      faults: { unavailable: 1 },
    });
    expect((await control("GET", "")).body).toMatchObject({ scope: "", active: false });
    const stopped = await control("DELETE", "a");
    expect(stopped.status).toBe(200);
    expect(stopped.body).toMatchObject({ scope: "a", active: false, requests: 1, faults: { unavailable: 1 } });
    expect((await post(mock.url + TOKEN_PATH, creds, scoped("a"))).status).toBe(200);
  });

  it("answers 400 naming the field, 415 for another media type, 405 for other methods, 403 to a browser", async () => {
    const bad = await control("POST", "a", { seed: 5, rate: -1 });
    expect(bad.status).toBe(400);
    expect((bad.body as { errorReason: string }).errorReason).toMatch(/^rate: must be a number from 0 to 1/);
    expect(
      (await raw(mock.url, { path: "/__mock/chaos", headers: { "content-type": "text/plain" }, body: "{}" })).status,
    ).toBe(415);
    const put = await control("PUT", "a", {});
    expect(put.status).toBe(405);
    expect(put.headers.get("allow")).toBe("GET, POST, DELETE");
    expect((await control("POST", "a", { seed: 1 }, { origin: "https://page.example" })).status).toBe(403);
    expect((await control("GET", "bad scope!")).status).toBe(400);
    expect((await mock.chaos.status({ scope: "a" })).active).toBe(false);
  });

  it("holds at most MAX_CHAOS_SCOPES scopes at once (429 naming the bound)", async () => {
    const many = Array.from({ length: 100 }, (_, i) => `many-${i}`);
    try {
      for (const scope of many) await mock.chaos.start({ seed: 1 }, { scope });
      const over = await control("POST", "one-more", { seed: 1 });
      expect(over.status).toBe(429);
      expect((over.body as { errorReason: string }).errorReason).toMatch(/at most 100/);
    } finally {
      for (const scope of many) await mock.chaos.stop({ scope });
    }
  });
});
