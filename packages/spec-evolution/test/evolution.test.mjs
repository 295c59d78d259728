// The spec evolves; every language follows with no hand edit (issue 18). In a temporary copy of
// this checkout (lib/tree.mjs) the spec gains an optional request property (locale), an optional
// response property with an example (expiresAt) and a third role (observer) (lib/evolution.mjs);
// the copy is regenerated and built by the packages' own scripts. Then, against the reference
// mock started on the copy's spec: a program in each language (programs/) sends the new property
// through its layer's public API (seen in the mock's request log: bodyFields), reads the new
// answer property, and uses the new role; the mock answers the property with its example; and
// the contract suite, holding the mock to the copy, passes.
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { runContractSuite } from "@cec-cobrowse/contract-tests";
import { startMockServer } from "@cec-cobrowse/mock-server";
import { loadSpec } from "@cec-cobrowse/spec/file";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { EXPIRES_AT, evolve, LOCALE, OBSERVER } from "../lib/evolution.mjs";
import { LANGUAGES } from "../lib/languages.mjs";
import { copyTree, regenerate } from "../lib/tree.mjs";

/**
 * Languages whose layer cannot take the new property in the public form issue 18 sets, on this
 * branch: skipped, saying why (never a pass). Remove an entry once that language's request side
 * is merged.
 */
const PENDING = {};

const CONTROL_TOKEN = "spec-evolution-control-token-5b9e";
const work = mkdtempSync(join(tmpdir(), "cec-cobrowse-spec-evolution-"));
const tree = join(work, "tree");
const specFile = join(tree, "spec", "openapi.yaml");
const times = {};
let mock;
let spec;
let env;

beforeAll(async () => {
  const t0 = performance.now();
  copyTree(tree);
  writeFileSync(specFile, evolve(readFileSync(specFile, "utf8")));
  Object.assign(times, await regenerate(tree));
  spec = await loadSpec(specFile);
  mock = await startMockServer({ host: "127.0.0.1", port: 0, spec, control: true, controlToken: CONTROL_TOKEN });
  env = {
    COBROWSE_BASE_URL: mock.url,
    COBROWSE_APP_KEY: mock.credentials.appKey,
    COBROWSE_APP_SECRET: mock.credentials.appSecret,
    COBROWSE_TENANT_SPACE_ID: mock.credentials.tenantSpaceId,
  };
  times["copy, regenerate, build"] = Math.round(performance.now() - t0);
});

afterAll(async () => {
  await mock?.close();
  rmSync(work, { recursive: true, force: true });
  console.log(`spec-evolution times (ms): ${JSON.stringify(times)}`);
});

describe("a spec change reaches every language with no hand edit", () => {
  it("regenerated the copy: each language's generated code has the new property, answer property and role", () => {
    const has = (file, ...words) => {
      const text = readFileSync(join(tree, file), "utf8");
      for (const word of words) expect(text, `${file}: ${word}`).toContain(word);
    };
    has("packages/types/src/generated/openapi.d.ts", "locale?: string", "expiresAt?: string", '"observer"');
    has("packages/client-python/generated/cec_cobrowse_client/models/get_connection_info_request.py", "locale");
    has("packages/client-python/generated/cec_cobrowse_client/models/connection_info.py", "expires_at");
    has("packages/client-go/generated/model_get_connection_info_request.go", "Locale");
    has("packages/client-go/generated/model_role.go", "ROLE_OBSERVER");
    has(
      "packages/client-java/generated/src/main/java/cec/cobrowse/client/model/GetConnectionInfoRequest.java",
      "locale",
    );
    has("packages/client-java/generated/src/main/java/cec/cobrowse/client/model/Role.java", "OBSERVER");
  });

  it("the mock, started on the copy, takes the new property and role and answers the new property with its example", async () => {
    const token = await (
      await fetch(`${mock.url}/apigovernance/api/oauth/tokenByAkSk`, {
        method: "POST",
        headers: { "content-type": "application/json" },
        body: JSON.stringify({ app_key: env.COBROWSE_APP_KEY, app_secret: env.COBROWSE_APP_SECRET }),
      })
    ).json();
    const res = await fetch(`${mock.url}/apiaccess/api/cobrowse/getConnectionInfo`, {
      method: "POST",
      headers: {
        "content-type": "application/json",
        authorization: `Bearer ${token.AccessToken}`,
        "x-app-key": env.COBROWSE_APP_KEY,
        "X-TenantSpaceID": env.COBROWSE_TENANT_SPACE_ID,
      },
      body: JSON.stringify({ role: OBSERVER, [LOCALE.name]: "x" }), // shorter than the new property's minLength
    });
    expect(res.status).toBe(400);
    const ok = await fetch(`${mock.url}/apiaccess/api/cobrowse/getConnectionInfo`, {
      method: "POST",
      headers: {
        "content-type": "application/json",
        authorization: `Bearer ${token.AccessToken}`,
        "x-app-key": env.COBROWSE_APP_KEY,
        "X-TenantSpaceID": env.COBROWSE_TENANT_SPACE_ID,
      },
      body: JSON.stringify({ role: OBSERVER, [LOCALE.name]: LOCALE.value }),
    });
    const body = await ok.json();
    expect(ok.status).toBe(200);
    expect(body.data[EXPIRES_AT.name]).toBe(EXPIRES_AT.example);
    expect(spec.validateResponse("getConnectionInfo", 200, body)).toEqual([]);
  });

  for (const [language, { run }] of Object.entries(LANGUAGES)) {
    // SPEC_EVOLUTION_PENDING=run runs them too (to see how far a branch has come); they fail until done.
    const pending = process.env.SPEC_EVOLUTION_PENDING === "run" ? undefined : PENDING[language];
    (pending ? it.skip : it)(
      `${language}: sends ${LOCALE.name}, reads ${EXPIRES_AT.name} and takes the role ${OBSERVER} through its layer${pending ? ` (${pending})` : ""}`,
      async () => {
        const since = mock.requests.last();
        const t0 = performance.now();
        const stdout = await run(tree, env);
        times[language] = Math.round(performance.now() - t0);
        const printed = JSON.parse(stdout.trim().split("\n").at(-1));
        expect(printed.roomId).toBe("room-evolution");
        expect(Date.parse(printed.expiresAt), `${EXPIRES_AT.name} as read: ${printed.expiresAt}`).toBe(
          Date.parse(EXPIRES_AT.example),
        );
        for (const module of printed.modules ?? [])
          expect(module.startsWith(tree), `${module} is the copy's`).toBe(true);
        // What reached the mock: the call's attempts (its token request aside), the new property among the fields sent.
        const sent = mock.requests.list(since).filter((r) => r.userId === `evolution-${language}`);
        expect(sent.map((r) => r.status)).toEqual([200]);
        expect(sent[0].role).toBe(OBSERVER);
        expect(sent[0].bodyFields).toContain(LOCALE.name);
      },
    );
  }

  it("the contract suite, holding the mock to the copy, passes", async () => {
    const t0 = performance.now();
    const report = await runContractSuite({
      baseUrl: mock.url,
      appKey: env.COBROWSE_APP_KEY,
      appSecret: env.COBROWSE_APP_SECRET,
      tenantSpaceId: env.COBROWSE_TENANT_SPACE_ID,
      spec,
      cases: 25,
      seed: 18,
      websocket: true,
      faultControl: `${mock.url}/__mock/faults`,
      faultControlToken: CONTROL_TOKEN,
    });
    times.contract = Math.round(performance.now() - t0);
    const failed = report.results
      .filter((r) => r.status === "failed")
      .map((r) => `${r.id}: ${r.failures.map((f) => f.message).join("; ")}`);
    expect(failed).toEqual([]);
    expect(report.ok).toBe(true);
  });
});
