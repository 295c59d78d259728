// Tokens and the chaos mode across replicas, for real: Redis (redis-server), two replicas in
// their own processes and nginx in front. Token ids are unique across replicas and every
// replica's log knows every token; a revocation on one is refused by all (and by a replica
// started later); the chaos schedule counts the scope's requests once, whichever replica
// takes them; `pnpm sandbox -- --chaos …` starts it for the default scope.
import { spawn } from "node:child_process";
import { once } from "node:events";
import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type Replica, type Sandbox, startSandbox } from "../sandbox/sandbox.mjs";
import { type ChaosStatus, chaosDraw, type RequestRecord } from "../src/index.js";
import { INFO_PATH, post, TOKEN_PATH, until } from "./helpers.js";

const creds = { app_key: "demo-app-key", app_secret: "demo-app-secret" };
let s: Sandbox;
let a: Replica;
let b: Replica;
beforeAll(async () => {
  s = await startSandbox({ replicas: 2 });
  [a, b] = s.replicas as [Replica, Replica];
}, 60_000);
afterAll(() => s?.stop());

const control = (base: string, method: string, path: string, scope?: string, body?: unknown) =>
  fetch(`${base}/__mock/${path}`, {
    method,
    headers: {
      authorization: `Bearer ${s.controlToken}`,
      "content-type": "application/json",
      ...(scope ? { "x-mock-scope": scope } : {}),
    },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
const log = async (base: string, scope: string): Promise<RequestRecord[]> =>
  ((await (await control(base, "GET", "requests")).json()) as { requests: RequestRecord[] }).requests.filter(
    (r) => r.scope === scope,
  );
async function tokenOn(base: string, scope: string): Promise<{ token: string; id: string }> {
  const answer = await post(base + TOKEN_PATH, creds, { "x-mock-scope": scope, "X-Token-Expire": "3600" });
  expect(answer.status).toBe(200);
  const records = await log(base, scope);
  return { token: (answer.body as { AccessToken: string }).AccessToken, id: records.at(-1)!.issued!.id };
}
const info = (base: string, token: string, scope: string) =>
  post(
    base + INFO_PATH,
    { role: "recorder", userId: "sandbox" },
    {
      Authorization: `Bearer ${token}`,
      "x-app-key": "demo-app-key",
      "X-TenantSpaceID": "demo-tenant",
      "x-mock-scope": scope,
    },
  );

describe("tokens across replicas", () => {
  it("get ids unique across replicas, and every replica's log knows every token (valid, then superseded)", async () => {
    const first = await tokenOn(a.url, "ids");
    const second = await tokenOn(b.url, "ids");
    expect(first.id).toMatch(/^t\d+$/);
    expect(second.id).toMatch(/^t\d+$/);
    expect(Number(second.id.slice(1))).toBeGreaterThan(Number(first.id.slice(1)));
    await until("b hears of a's token", async () => {
      await info(b.url, first.token, "ids");
      return (await log(b.url, "ids")).at(-1)!.token?.state === "superseded";
    });
    expect((await log(b.url, "ids")).at(-1)!.token).toMatchObject({ id: first.id, state: "superseded" });
    expect((await info(a.url, second.token, "ids")).status).toBe(200);
    expect((await log(a.url, "ids")).at(-1)!.token).toEqual({ id: second.id, state: "valid" });
  });

  it("a revocation on one replica is refused on every replica, and by a replica started later", async () => {
    const victim = await tokenOn(a.url, "revoke");
    expect(
      (await control(a.url, "POST", "faults", "revoke", { operationId: "getConnectionInfo", revoke: true })).status,
    ).toBe(201);
    const refused = await info(b.url, victim.token, "revoke"); // the fault, shared, is taken on b
    expect(refused.status).toBe(401);
    expect((refused.body as { errorReason: string }).errorReason).toBe(
      "Authorization: token revoked; request a new one with tokenByAkSk",
    );
    for (const base of [a.url, b.url, s.url]) {
      const again = await info(base, victim.token, "revoke");
      expect(again.status).toBe(401);
      expect((again.body as { errorReason: string }).errorReason).toMatch(/token revoked/);
    }
    expect((await log(a.url, "revoke")).at(-1)!.token).toMatchObject({ id: victim.id, state: "revoked" });
    const fresh = await tokenOn(b.url, "revoke");
    expect((await info(a.url, fresh.token, "revoke")).status).toBe(200);
    const c = await s.addReplica();
    expect((await info(c.url, victim.token, "revoke")).status).toBe(401);
    expect((await info(c.url, fresh.token, "revoke")).status).toBe(200);
  }, 60_000);
});

describe("the chaos mode across replicas", () => {
  it("counts the scope's requests once, whichever replica takes them: the n-th gets f(seed, n)", async () => {
    const started = await control(s.url, "POST", "chaos", "chaos-x", {
      seed: 99,
      rate: 0.7,
      kinds: ["unavailable", "slow"],
      slowMs: { min: 1, max: 5 },
      slowOverMs: { min: 6, max: 9 },
      tokenLifetime: null,
    });
    expect(started.status).toBe(201);
    const settings = ((await started.json()) as ChaosStatus).settings!;
    const { token } = await tokenOn(a.url, "chaos-x-tokens");
    for (let i = 0; i < 20; i++) await info(i % 2 === 0 ? a.url : b.url, token, "chaos-x");
    const [onA, onB] = [await log(a.url, "chaos-x"), await log(b.url, "chaos-x")];
    expect([onA.length, onB.length]).toEqual([10, 10]);
    const seen = onA.flatMap((r, i) => [r, onB[i]!]).map((r) => r.chaos ?? "-");
    expect(seen).toEqual(Array.from({ length: 20 }, (_, i) => chaosDraw(settings, i + 1, true).kind ?? "-"));
    const expected = {
      unavailable: seen.filter((k) => k === "unavailable").length,
      slow: seen.filter((k) => k === "slow").length,
    };
    await until("the counters", async () => {
      const status = (await (await control(b.url, "GET", "chaos", "chaos-x")).json()) as ChaosStatus;
      return (
        status.requests === 20 &&
        status.faults.unavailable === expected.unavailable &&
        status.faults.slow === expected.slow
      );
    });
    expect(((await (await control(a.url, "DELETE", "chaos", "chaos-x")).json()) as ChaosStatus).active).toBe(false);
    expect(((await (await control(b.url, "GET", "chaos", "chaos-x")).json()) as ChaosStatus).active).toBe(false);
  });
});

describe("pnpm sandbox -- --chaos", () => {
  it("starts the replicas with the chaos mode on for the default scope", async () => {
    const run = spawn(
      process.execPath,
      [
        fileURLToPath(new URL("../sandbox/run.mjs", import.meta.url)),
        "--",
        "--chaos",
        "seed=5,rate=1,kinds=unavailable",
      ],
      { stdio: ["ignore", "pipe", "pipe"], env: { ...process.env, SANDBOX_REPLICAS: "2" } },
    );
    let out = "";
    let err = "";
    run.stdout.on("data", (c: Buffer) => (out += c.toString()));
    run.stderr.on("data", (c: Buffer) => (err += c.toString()));
    try {
      await until("the sandbox listens", () => /sandbox listening on/.test(out) || run.exitCode !== null, 60_000);
      const url = /sandbox listening on (\S+)/.exec(out)![1]!;
      expect(err).toMatch(/chaos mode on for requests without X-Mock-Scope \(seed=5,rate=1,kinds=unavailable\)/);
      const envFile = /source (\S+sandbox\.env)/.exec(err)![1]!;
      const controlToken = /COBROWSE_MOCK_CONTROL_TOKEN="([^"]+)"/.exec(readFileSync(envFile, "utf8"))![1]!;
      expect((await post(url + TOKEN_PATH, creds)).status).toBe(503);
      expect((await post(url + TOKEN_PATH, creds, { "x-mock-scope": "calm" })).status).toBe(200);
      const status = (await (
        await fetch(`${url}/__mock/chaos`, { headers: { authorization: `Bearer ${controlToken}` } })
      ).json()) as ChaosStatus;
      expect(status).toMatchObject({ active: true, settings: { seed: 5, rate: 1 }, requests: 1 });
      expect(out + err).not.toContain(controlToken);
    } finally {
      run.kill("SIGTERM");
      await once(run, "exit");
    }
  }, 90_000);

  it("refuses bad settings, naming them", async () => {
    const run = spawn(
      process.execPath,
      [fileURLToPath(new URL("../sandbox/run.mjs", import.meta.url)), "--chaos", "seed=5,rate=3"],
      { stdio: ["ignore", "pipe", "pipe"], env: { ...process.env, SANDBOX_REPLICAS: "1" } },
    );
    let err = "";
    run.stderr.on("data", (c: Buffer) => (err += c.toString()));
    const [code] = (await once(run, "exit")) as [number];
    expect(code).toBe(1);
    expect(err).toMatch(/chaos \(COBROWSE_MOCK_CHAOS, --chaos\): rate: must be a number from 0 to 1/);
  }, 60_000);
});
