// Failures a person can replay: each failure prints a curl command (the token as
// $COBROWSE_TOKEN, the secret as $COBROWSE_APP_SECRET) that reproduces it when run, and is
// saved to a file that `cobrowse-contract --replay FILE` re-sends and re-judges: still failing
// against the broken server, passing against a fixed one. No secret or token in any of it.
import { execFile } from "node:child_process";
import { mkdtempSync, readdirSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { promisify } from "node:util";
import { gzipSync } from "node:zlib";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { curlOf, Redactor, type ReplayRecord, runContractSuite } from "../src/index.js";
import { cli } from "./support/cli.js";
import { brokenServer, editJson, editRequestJson, mock, type Target } from "./support/servers.js";

const GCI = "/apiaccess/api/cobrowse/getConnectionInfo";
const dir = mkdtempSync(join(tmpdir(), "contract-replay-"));
const envOf = (t: Target) => ({
  COBROWSE_BASE_URL: t.baseUrl,
  COBROWSE_APP_KEY: t.appKey,
  COBROWSE_APP_SECRET: t.appSecret,
  COBROWSE_TENANT_SPACE_ID: t.tenantSpaceId,
});

let broken: Awaited<ReturnType<typeof brokenServer>>;
let fixed: Awaited<ReturnType<typeof mock>>;
beforeAll(async () => {
  // an unknown role is served as a recorder; and every answer of getConnectionInfo names another room
  broken = await brokenServer({
    request: (req) =>
      req.path === GCI
        ? editRequestJson(req, (b) =>
            b && typeof b === "object" && typeof b.role === "string" && !["recorder", "replayer"].includes(b.role)
              ? { ...b, role: "recorder" }
              : b,
          )
        : req,
    response: (res, req) =>
      req.path === GCI && res.status === 200
        ? editJson(res, (b) => ({ ...b, data: { ...b.data, roomId: `${b.data.roomId}-x` } }))
        : res,
  });
  fixed = await mock({ credentials: { appSecret: "contract-test-secret-9f2c" } });
});
afterAll(async () => {
  await broken?.close();
  await fixed?.close();
  rmSync(dir, { recursive: true, force: true });
});

describe("a failure's curl command", () => {
  it("reproduces it: run by bash with $COBROWSE_TOKEN from the report's token command, it gets the same answer", async () => {
    const report = await runContractSuite({ ...broken.target, only: ["body.enum-violation"], seed: 5 });
    const failure = report.results[0]!.failures.find((f) => f.rule === "status")!;
    expect(failure.curl).toMatch(
      /^curl -sS -i -X POST 'http:\/\/127\.0\.0\.1:\d+\/apiaccess\/api\/cobrowse\/getConnectionInfo'/,
    );
    expect(failure.curl).toContain(`-H 'Authorization: Bearer '"$COBROWSE_TOKEN"`);
    expect(report.tokenCommand).toContain(`"app_secret":"'"$COBROWSE_APP_SECRET"'"`);
    for (const text of [failure.curl!, report.tokenCommand, JSON.stringify(failure.replay)])
      expect(text).not.toContain(broken.target.appSecret);
    // (asynchronously: the servers answering curl run in this process)
    const { stdout: out } = await promisify(execFile)(
      "bash",
      [
        "-c",
        `set -euo pipefail\n${report.tokenCommand}\n${failure.curl!.replace("curl -sS", "curl -sS --max-time 20")}`,
      ],
      {
        env: { PATH: process.env.PATH, COBROWSE_APP_SECRET: broken.target.appSecret },
        encoding: "utf8",
      },
    );
    expect(out).toMatch(/^HTTP\/1\.1 200 OK/);
    expect(out).toMatch(/"success":true/);
  });

  it("sends a gzip body and a long padding as shell pipelines", async () => {
    const redactor = new Redactor();
    redactor.add(fixed.target.appSecret, "secret");
    const gzipped = curlOf(redactor, fixed.target.baseUrl, {
      method: "POST",
      path: "/p",
      headers: { "Content-Encoding": "gzip" },
      body: gzipSync(JSON.stringify({ app_secret: fixed.target.appSecret })),
    });
    expect(gzipped).toBe(
      `printf '%s' '{"app_secret":"'"$COBROWSE_APP_SECRET"'"}' | gzip -c | curl -sS -i -X POST '${fixed.target.baseUrl}/p' \\\n  -H 'Content-Encoding: gzip' \\\n  -H 'Content-Type:' \\\n  --data-binary @-`,
    );
    const padded = curlOf(redactor, fixed.target.baseUrl, {
      method: "POST",
      path: "/p",
      headers: { "Content-Type": "application/json" },
      body: `{"padding":"${"a".repeat(5000)}"}`,
    });
    expect(padded).toContain(
      `{ printf '%s' '{"padding":"'; head -c 5000 /dev/zero | tr '\\0' 'a'; printf '%s' '"}'; } | curl`,
    );
  });
});

describe("cobrowse-contract --replay FILE", () => {
  let files: string[];
  let records: ReplayRecord[];
  let run: Awaited<ReturnType<typeof cli>>;

  beforeAll(async () => {
    run = await cli(
      [
        "--only",
        "body.enum-violation,flow.both-roles,auth.unknown-token",
        "--seed",
        "9",
        "--save-failures",
        dir,
        "--no-color",
      ],
      envOf(broken.target),
    );
    files = readdirSync(dir)
      .sort()
      .map((f) => join(dir, f));
    records = files.map((f) => JSON.parse(readFileSync(f, "utf8")) as ReplayRecord);
  });

  it("saves each failure to a file the run names, secrets as placeholders", () => {
    expect(run.code).toBe(1);
    expect(files.map((f) => f.slice(dir.length + 1))).toEqual([
      "body.enum-violation-1.json",
      "body.enum-violation-2.json",
      "flow.both-roles-1.json",
      "flow.both-roles-2.json",
    ]);
    for (const f of files) expect(run.stdout).toContain(`replay: cobrowse-contract --replay ${f}`);
    const [invalid, status] = records as [ReplayRecord, ReplayRecord];
    expect(invalid).toMatchObject({
      mode: "request",
      check: "body.enum-violation",
      provenance: "vendor",
      specLocation: "#/components/schemas/Role/enum",
      expect: [{ type: "not-succeed" }],
    });
    expect(status).toMatchObject({
      mode: "request",
      provenance: "decision",
      expect: [{ type: "status", status: 400 }],
    });
    expect(invalid.request!.headers.Authorization).toBe("Bearer {{token}}");
    expect(records[2]).toMatchObject({ mode: "check", check: "flow.both-roles", run: { seed: 9 } });
    const all = files.map((f) => readFileSync(f, "utf8")).join("\n") + run.stdout + run.stderr;
    expect(all).not.toContain(broken.target.appSecret);
    expect(all).not.toMatch(/Bearer eyJ/);
  });

  it("re-sends the request and re-judges it: still failing against the broken server (exit 1), fixed against the mock (exit 0)", async () => {
    const still = await cli(["--replay", files[0]!], envOf(broken.target));
    expect(still.code, still.stdout + still.stderr).toBe(1);
    expect(still.stdout).toMatch(/replay of body\.enum-violation \[vendor\] from .*body\.enum-violation-1\.json/);
    expect(still.stdout).toMatch(/re-sending its request \(POST \/apiaccess\/api\/cobrowse\/getConnectionInfo\)/);
    expect(still.stdout).toMatch(/✗ body\.enum-violation: still fails/);
    const now = await cli(["--replay", files[0]!], envOf(fixed.target));
    expect(now.code, now.stdout + now.stderr).toBe(0);
    expect(now.stdout).toMatch(/✓ body\.enum-violation: no longer fails/);
    expect(still.stdout + now.stdout).not.toContain(broken.target.appSecret);
  });

  it("runs the check again when one request cannot reproduce the failure (a flow of several)", async () => {
    const still = await cli(["--replay", files[2]!], envOf(broken.target));
    expect(still.code).toBe(1);
    expect(still.stdout).toMatch(/running the check again \(seed 9, 200 cases, profile spec\)/);
    expect(still.stdout).toMatch(/data\.roomId is "ct-room-.*-x", expected the room id sent/);
    const now = await cli(["--replay", files[2]!], envOf(fixed.target));
    expect(now.code).toBe(0);
  });

  it("re-derives a derived token: a tampered one is tampered again, from a fresh token", async () => {
    // a server that answers 200 where the mock refuses a token: the unknown-token cases fail, and are saved
    const lenient = await brokenServer({
      response: (res, req) => (req.path === GCI && res.status === 401 ? { ...res, status: 200 } : res),
    });
    const out = mkdtempSync(join(tmpdir(), "contract-replay-derived-"));
    try {
      const r = await cli(
        ["--only", "auth.unknown-token", "--seed", "4", "--save-failures", out],
        envOf(lenient.target),
      );
      expect(r.code).toBe(1);
      const saved = readdirSync(out)
        .sort()
        .map((f) => ({ file: join(out, f), record: JSON.parse(readFileSync(join(out, f), "utf8")) as ReplayRecord }));
      const headers = saved.map((s) => s.record.request?.headers.Authorization ?? "");
      expect(headers).toHaveLength(3);
      expect(headers).toEqual(
        expect.arrayContaining([
          expect.stringMatching(/^Bearer \{\{token\|forge:-?\d+\}\}$/),
          "Bearer {{token|tamper}}",
          "Bearer {{token|respell}}",
        ]),
      );
      for (const { record } of saved)
        expect(record.placeholders?.[record.request!.headers.Authorization!.slice(7)]).toMatch(/token/);
      // against the mock, each derived token (from a fresh token) is refused again: fixed
      for (const { file } of saved) {
        const replayed = await cli(["--replay", file], envOf(fixed.target));
        expect(replayed.code, replayed.stdout + replayed.stderr).toBe(0);
      }
      // and against the lenient server, still failing
      expect((await cli(["--replay", saved[0]!.file], envOf(lenient.target))).code).toBe(1);
    } finally {
      rmSync(out, { recursive: true, force: true });
      await lenient.close();
    }
  });
});
