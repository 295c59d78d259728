// `cobrowse-contract validate` on recordings written by hand: NDJSON pairs (times given or not),
// a devtools-style HAR (HTTP/2 pseudo-headers, a base path, a body it did not keep), and files
// that are neither, each refused naming the problem.
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import type { Report } from "../src/index.js";
import { cli } from "./support/cli.js";

const dir = mkdtempSync(join(tmpdir(), "contract-validate-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const file = (name: string, text: string) => {
  const path = join(dir, name);
  writeFileSync(path, text);
  return path;
};

const TOKEN = "https://gw.example.com/apigovernance/api/oauth/tokenByAkSk";
const GCI = "https://gw.example.com/apiaccess/api/cobrowse/getConnectionInfo";
const SECRET = "app-secret-never-shown-7c1";
const ACCESS = "tok-ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789";
const token = (expires: unknown, at: string) => ({
  startedDateTime: at,
  time: 15,
  request: {
    method: "POST",
    url: TOKEN,
    headers: { "content-type": "application/json" },
    body: JSON.stringify({ app_key: "my-app", app_secret: SECRET }),
  },
  response: {
    status: 200,
    headers: { "content-type": "application/json" },
    body: JSON.stringify({
      AccessToken: ACCESS,
      ApplyType: "Bearer",
      CreateTime: String(Math.floor(Date.parse(at) / 1000)),
      Expires: expires,
      Scope: "default",
      AppKey: "my-app",
      UserID: "Anonymous",
    }),
  },
});
const room = (body: Record<string, unknown>, data: Record<string, unknown>, at: string) => ({
  startedDateTime: at,
  time: 9,
  request: {
    method: "POST",
    url: GCI,
    headers: [
      ["Content-Type", "application/json"],
      ["Authorization", `Bearer ${ACCESS}`],
      ["x-app-key", "my-app"],
      ["X-TenantSpaceID", "tenant-1"],
    ],
    body: JSON.stringify(body),
  },
  response: {
    status: 200,
    headers: { "content-type": "application/json" },
    body: JSON.stringify({ success: true, data, errorCode: null, errorReason: null }),
  },
});
const ws = (roomId: string) => ({
  roomId,
  wssUrl: `wss://gw.example.com/ws/cobrowse/${roomId}`,
  wssUrlOut: `wss://gw.example.com/ws/cobrowse/${roomId}`,
});

describe("cobrowse-contract validate", () => {
  it("judges NDJSON pairs: a clean recording passes (exit 0)", async () => {
    const lines = [
      token("600", "2026-12-06T10:00:00.000Z"),
      room(
        { role: "recorder", roomId: "r-1" },
        { ...ws("r-1"), connectParam: "cp-recorder-1" },
        "2026-12-06T10:00:01.000Z",
      ),
      room(
        { role: "replayer", roomId: "r-1" },
        { ...ws("r-1"), connectParam: "cp-replayer-1" },
        "2026-12-06T10:00:02.000Z",
      ),
    ];
    const r = await cli(
      [
        "validate",
        file("clean.ndjson", lines.map((l) => JSON.stringify(l)).join("\n")),
        "--no-save-failures",
        "--no-color",
      ],
      {},
      undefined,
      dir,
    );
    expect(r.code, r.stdout + r.stderr).toBe(0);
    expect(r.stdout).toMatch(/validate: .*clean\.ndjson \(ndjson, 3 exchanges to https:\/\/gw\.example\.com\)/);
    expect(r.stdout).toMatch(/^12 passed, 0 vendor failures, 0 decision failures, 0 skipped \(profile spec\)$/m);
  });

  it("finds what a recording breaks, a token used after it expired and the same connectParam for both sides among them, secrets redacted", async () => {
    const lines = [
      token(600, "2026-12-06T10:00:00.000Z"),
      token("1", "2026-12-06T10:00:10.000Z"),
      room(
        { role: "recorder", roomId: "r-2" },
        { ...ws("r-2"), connectParam: "same-param-2" },
        "2026-12-06T10:00:11.000Z",
      ),
      room(
        { role: "replayer", roomId: "r-2" },
        { ...ws("r-2"), connectParam: "same-param-2" },
        "2026-12-06T10:00:30.000Z",
      ),
    ];
    const out = join(dir, "broken.json");
    const r = await cli(
      [
        "validate",
        file("broken.ndjson", lines.map((l) => JSON.stringify(l)).join("\n")),
        "--no-save-failures",
        "--no-color",
        "--reporter",
        "json",
        "--output",
        out,
      ],
      {},
      undefined,
      dir,
    );
    expect(r.code).toBe(1);
    const report = JSON.parse(readFileSync(out, "utf8")) as Report;
    const found = report.results.flatMap((x) =>
      x.failures.map((f) => `${x.id} [${f.provenance}] ${f.rule ?? ""}: ${f.message}`),
    );
    expect(found).toContainEqual(
      expect.stringMatching(/^response\.schema \[vendor\] : tokenByAkSk 200: body \/Expires: must be of type string/),
    );
    expect(found).toContainEqual(
      expect.stringMatching(
        /^traffic\.token \[vendor\] expired-token-sent: #4 POST \/apiaccess\/api\/cobrowse\/getConnectionInfo: the client sent a token 19\.0 s after it expired/,
      ),
    );
    expect(found).toContainEqual(
      expect.stringMatching(
        /^traffic\.token \[vendor\] expired-token-accepted: #4 .* a token that had expired 19\.0 s before was accepted \(200\); expected 401/,
      ),
    );
    expect(found).toContainEqual(
      expect.stringMatching(
        /^traffic\.room \[decision\] connect-param: #4 .* the recorder and replayer sides of room r-2 got the same connectParam/,
      ),
    );
    expect(r.stdout).toMatch(/^✗ traffic\.token \[vendor\] \[expired-token-accepted\] /m);
    expect(JSON.stringify(report) + r.stdout + r.stderr).not.toContain(SECRET);
    expect(JSON.stringify(report) + r.stdout + r.stderr).not.toContain(ACCESS);
  });

  it("reads a devtools HAR: HTTP/2 pseudo-headers left out, paths below a base path, an answer whose body was not kept judged on its status and headers", async () => {
    const entry = (method: string, url: string, request: unknown, status: number, text: string | undefined) => ({
      startedDateTime: "2026-12-06T10:00:00.000Z",
      time: 20,
      request: {
        method,
        url,
        httpVersion: "h2",
        cookies: [],
        headers: [
          { name: ":authority", value: "gw.example.com" },
          { name: "content-type", value: "application/json" },
        ],
        queryString: [],
        headersSize: -1,
        bodySize: 40,
        postData: { mimeType: "application/json", text: JSON.stringify(request) },
      },
      response: {
        status,
        statusText: "",
        httpVersion: "h2",
        cookies: [],
        headers: [{ name: "content-type", value: "application/json" }],
        content: { size: 120, mimeType: "application/json", ...(text === undefined ? {} : { text }) },
        redirectURL: "",
        headersSize: -1,
        bodySize: 120,
      },
      cache: {},
      timings: { send: 0, wait: 20, receive: 0 },
    });
    const har = {
      log: {
        version: "1.2",
        creator: { name: "devtools", version: "1" },
        entries: [
          entry(
            "POST",
            "https://gw.example.com/base/apigovernance/api/oauth/tokenByAkSk",
            { app_key: "k", app_secret: SECRET },
            200,
            undefined,
          ),
          entry("GET", "https://gw.example.com/base/app.js", {}, 200, "x"),
        ],
      },
    };
    const out = join(dir, "devtools.json");
    const r = await cli(
      [
        "validate",
        file("devtools.har", JSON.stringify(har)),
        "--no-save-failures",
        "--reporter",
        "json",
        "--output",
        out,
      ],
      {},
      undefined,
      dir,
    );
    expect(r.code, r.stdout + r.stderr).toBe(0);
    const report = JSON.parse(readFileSync(out, "utf8")) as Report;
    expect(report.traffic).toMatchObject({ mode: "validate", exchanges: 1, offSpec: 1 });
    expect(report.target).toBe("https://gw.example.com/base");
  });

  it("refuses what is not a recording, naming the file and the problem (exit 2)", async () => {
    const cases: Array<[string, string, RegExp]> = [
      ["empty.ndjson", "", /neither a HAR file nor NDJSON \(it is empty\)/],
      ["bad.ndjson", '{"request": {"method": "GET", "url": "/x"}}\nnot json', /line 2 is not JSON/],
      ["noreq.ndjson", '{"response": {"status": 200}}', /line 1 needs request\.method and request\.url/],
      [
        "bad.har",
        '{"log": {"entries": [{"request": {"method": "GET", "url": "relative"}, "response": {"status": 200}}]}}',
        /log\.entries\[0\]\.request\.url is not an absolute URL/,
      ],
    ];
    for (const [name, text, message] of cases) {
      const r = await cli(["validate", file(name, text)], {}, undefined, dir);
      expect(r.code, name).toBe(2);
      expect(r.stderr, name).toMatch(message);
    }
    const none = await cli(["validate", join(dir, "missing.har")], {}, undefined, dir);
    expect(none.stderr).toMatch(/missing\.har: cannot read it \(ENOENT\)/);
    const two = await cli(["validate", "a", "b"], {}, undefined, dir);
    expect(two.stderr).toMatch(/give one recording/);
  });
});
