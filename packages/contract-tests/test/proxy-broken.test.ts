// A deliberately broken server (the real mock behind a node:http proxy that breaks several
// promises) with traffic through `cobrowse-contract proxy`: each violation is found, with its
// provenance, live (one line each, secrets redacted) and in the JUnit, JSON, HTML and SARIF
// reports written on exit; `validate` judges the recording exactly as the proxy judged live.
import { randomUUID } from "node:crypto";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import WebSocket from "ws";
import type { Failure, Report } from "../src/index.js";
import { cli } from "./support/cli.js";
import { startProxyCli } from "./support/proxy.js";
import { sarifErrors } from "./support/sarif.js";
import { brokenServer, editJson, editRequestJson, type ProxiedResponse } from "./support/servers.js";

const TOKEN = "/apigovernance/api/oauth/tokenByAkSk";
const GCI = "/apiaccess/api/cobrowse/getConnectionInfo";
const dir = mkdtempSync(join(tmpdir(), "contract-proxy-broken-"));
const out = (name: string) => join(dir, name);
let server: Awaited<ReturnType<typeof brokenServer>>;
let live: { code: number; stdout: string; stderr: string };
let report: Report;

/** Each break, the check that must find it, the provenance of the rule broken, and how its message reads. */
const EXPECTED: Array<{ what: string; check: string; provenance: "vendor" | "decision"; message: RegExp }> = [
  {
    what: "Expires as a number",
    check: "response.schema",
    provenance: "vendor",
    message: /tokenByAkSk 200: body \/Expires: must be of type string/,
  },
  {
    what: "the lifetime is not the default asked",
    check: "traffic.token",
    provenance: "decision",
    message: /Expires is 600; without X-Token-Expire the spec's default is "600"/,
  },
  {
    what: "a room id not echoed",
    check: "traffic.room",
    provenance: "vendor",
    message: /data\.roomId is "some-other-room", expected the room id sent, "room-echo"/,
  },
  {
    what: "a role outside the enum sent",
    check: "traffic.request",
    provenance: "vendor",
    message: /the client sent a request that breaks the spec: body \/role: must be one of "recorder", "replayer"/,
  },
  {
    what: "a role outside the enum accepted",
    check: "traffic.rejection",
    provenance: "vendor",
    message: /breaks #\/components\/schemas\/Role\/enum .* but succeeded \(200\)/,
  },
  {
    what: "a replayer joining a room no recorder created",
    check: "traffic.room",
    provenance: "vendor",
    message: /the replayer joined room [0-9a-f-]{36}, a created room's id that no recorder created/,
  },
  {
    what: "Authorization missing",
    check: "traffic.request",
    provenance: "vendor",
    message: /Authorization is required/,
  },
  {
    what: "an errorCode that is not the status times 100",
    check: "response.error-code",
    provenance: "decision",
    message: /getConnectionInfo 401: errorCode is 40000, expected 40100/,
  },
  {
    what: "X-Request-Id over its maxLength",
    check: "response.headers",
    provenance: "decision",
    message: /header X-Request-Id must NOT have more than 128 characters/,
  },
  {
    what: "a connectParam used after its token expired",
    check: "traffic.websocket",
    provenance: "decision",
    message: /the client opened the room's WebSocket with a connectParam whose token had expired/,
  },
];

beforeAll(async () => {
  server = await brokenServer({
    request: (req) =>
      req.path === GCI ? editRequestJson(req, (b) => (b?.role === "agent" ? { ...b, role: "recorder" } : b)) : req,
    response: (res, req) => {
      let out: ProxiedResponse = { ...res, headers: { ...res.headers, "x-request-id": "r".repeat(129) } };
      if (req.path === TOKEN && res.status === 200 && !req.headers["x-token-expire"])
        out = editJson(out, (b) => ({ ...b, Expires: Number(b.Expires) }));
      if (req.path === GCI && res.status === 200 && req.body.toString().includes('"room-echo"'))
        out = editJson(out, (b) => ({ ...b, data: { ...b.data, roomId: "some-other-room" } }));
      if (res.status === 401) out = editJson(out, (b) => ({ ...b, errorCode: 40000 }));
      return out;
    },
  });
  const proxy = await startProxyCli(
    [
      "--target",
      server.target.baseUrl,
      "--preserve-host",
      "--record",
      out("broken.har"),
      "--no-save-failures",
      "--reporter",
      "junit",
      "--output",
      out("r.xml"),
      "--reporter",
      "json",
      "--output",
      out("r.json"),
      "--reporter",
      "html",
      "--output",
      out("r.html"),
      "--reporter",
      "sarif",
      "--output",
      out("r.sarif"),
    ],
    {},
    dir,
  );
  const { appKey, appSecret, tenantSpaceId } = server.target;
  const post = (path: string, body: unknown, headers: Record<string, string> = {}) =>
    fetch(`${proxy.url}${path}`, {
      method: "POST",
      headers: { "content-type": "application/json", ...headers },
      body: JSON.stringify(body),
    });
  const token = (await (await post(TOKEN, { app_key: appKey, app_secret: appSecret })).json()) as {
    AccessToken: string;
  };
  const auth = { authorization: `Bearer ${token.AccessToken}`, "x-app-key": appKey, "X-TenantSpaceID": tenantSpaceId };
  await post(GCI, { role: "recorder", roomId: "room-echo" }, auth);
  await post(GCI, { role: "agent", roomId: "room-role" }, auth);
  await post(GCI, { role: "replayer", roomId: randomUUID() }, auth);
  await post(
    GCI,
    { role: "recorder", roomId: "room-noauth" },
    { "x-app-key": appKey, "X-TenantSpaceID": tenantSpaceId },
  );
  // a connectParam from a one-second token, used after that token expired: the mock refuses it (401)
  const short = (await (
    await post(TOKEN, { app_key: appKey, app_secret: appSecret }, { "X-Token-Expire": "1" })
  ).json()) as { AccessToken: string };
  const room = (await (
    await post(GCI, { role: "recorder", roomId: "room-ws" }, { ...auth, authorization: `Bearer ${short.AccessToken}` })
  ).json()) as { data: { wssUrl: string; connectParam: string } };
  await new Promise((r) => setTimeout(r, 2300));
  // the broken server sends the mock its own Host: the room's URL is the mock's; the client goes through the proxy
  const wsUrl = new URL(room.data.wssUrl);
  wsUrl.host = new URL(proxy.url).host;
  wsUrl.searchParams.set("connectParam", room.data.connectParam);
  const status = await new Promise<number>((resolve) => {
    const ws = new WebSocket(wsUrl.href);
    ws.once("unexpected-response", (_q, res) => resolve(res.statusCode ?? 0));
    ws.once("open", () => {
      ws.close();
      resolve(101);
    });
    ws.once("error", () => resolve(0));
  });
  expect(status).toBe(401);
  live = await proxy.stop();
  report = JSON.parse(readFileSync(out("r.json"), "utf8")) as Report;
}, 120_000);

afterAll(async () => {
  await server?.close();
  rmSync(dir, { recursive: true, force: true });
});

const failures = (r: Report) => r.results.flatMap((x) => x.failures.map((f) => ({ check: x.id, ...f })));

describe("a broken server through the proxy", () => {
  it("exits 1, and prints each violation live, one line each, with its check and provenance", () => {
    expect(live.code).toBe(1);
    const lines = live.stdout.split("\n").filter((l) => /^[✗≠~] /.test(l));
    for (const e of EXPECTED) {
      expect(
        lines.some((l) => l.startsWith(`✗ ${e.check} [${e.provenance}]`) && e.message.test(l)),
        `${e.what}: ${e.check} [${e.provenance}] ${e.message}\n${lines.join("\n")}`,
      ).toBe(true);
    }
    expect(live.stdout + live.stderr).not.toContain(server.target.appSecret);
    expect(live.stdout).not.toMatch(/Bearer (?!\[REDACTED\])\S/);
  });

  it("puts each violation in the JSON report with its provenance, spec location and redacted exchange", () => {
    const found = failures(report);
    for (const e of EXPECTED) {
      const f = found.find((x) => x.check === e.check && e.message.test(x.message));
      expect(f, e.what).toBeDefined();
      expect(f!.provenance, e.what).toBe(e.provenance);
      expect(f!.specLocation, e.what).toMatch(/^#\//);
      expect(f!.fingerprint, e.what).toMatch(/^[0-9a-f]{16}$/);
    }
    expect(report.ok).toBe(false);
    expect(report.traffic).toMatchObject({ mode: "proxy", source: server.target.baseUrl });
    expect(JSON.stringify(report)).not.toContain(server.target.appSecret);
  });

  it("puts each violation in the JUnit, HTML and SARIF reports; the SARIF validates against the SARIF 2.1.0 schema", () => {
    const junit = readFileSync(out("r.xml"), "utf8");
    const html = readFileSync(out("r.html"), "utf8");
    const sarif = JSON.parse(readFileSync(out("r.sarif"), "utf8")) as {
      runs: Array<{
        results: Array<{ ruleId: string; message: { text: string }; properties: { provenance: string } }>;
      }>;
    };
    expect(sarifErrors(sarif)).toEqual([]);
    const esc = (t: string) =>
      t.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;").replace(/"/g, "&quot;");
    for (const e of EXPECTED) {
      const f = failures(report).find((x) => x.check === e.check && e.message.test(x.message))!;
      expect(junit, e.what).toMatch(
        new RegExp(
          `<testcase classname="contract\\.${e.check.split(".")[0]}" name="${e.check.replace(".", "\\.")}"[^>]*>[\\s\\S]*?<failure `,
        ),
      );
      expect(junit, e.what).toContain(esc(`[${e.provenance}] ${f.message}`));
      expect(html, e.what).toContain(esc(f.message));
      expect(
        sarif.runs[0]!.results.some(
          (r) => r.ruleId === e.check && r.properties.provenance === e.provenance && r.message.text.includes(f.message),
        ),
        e.what,
      ).toBe(true);
    }
  });

  it("is judged the same by validate from the recording: the same failures, provenance, locations and messages", async () => {
    const r = await cli(
      ["validate", out("broken.har"), "--reporter", "json", "--output", out("v.json"), "--no-save-failures"],
      {},
      undefined,
      dir,
    );
    expect(r.code, r.stderr).toBe(1);
    const offline = JSON.parse(readFileSync(out("v.json"), "utf8")) as Report;
    const key = (f: Failure & { check: string }) =>
      `${f.check} | ${f.rule ?? ""} | ${f.provenance} | ${f.specLocation} | ${f.fingerprint} | ${f.message}`;
    expect(failures(offline).map(key).sort()).toEqual(failures(report).map(key).sort());
    expect(offline.summary).toEqual(report.summary);
    // the recording shows no secret, and validate's report neither
    expect(readFileSync(out("broken.har"), "utf8")).not.toContain(server.target.appSecret);
    expect(JSON.stringify(offline)).not.toMatch(/REDACTED:token/);
  });
});
