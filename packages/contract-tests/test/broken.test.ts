// Servers that each break exactly one promise (the real mock behind a proxy that mutates
// one thing): the suite must fail, the failing check must name the violation, and the break
// must fail the profile it belongs to: a broken vendor fact fails the vendor profile too; a
// broken decision of the spec fails the spec profile and is only a divergence under the vendor one.
import { gunzipSync } from "node:zlib";
import { afterEach, describe, expect, it } from "vitest";
import { type CheckResult, type Report, runContractSuite, statusUnder } from "../src/index.js";
import { type Breakage, brokenServer, editJson, editRequestJson } from "./support/servers.js";

const GCI = "/apiaccess/api/cobrowse/getConnectionInfo";
const TOKEN = "/apigovernance/api/oauth/tokenByAkSk";

let close: (() => Promise<void>) | undefined;
afterEach(async () => {
  await close?.();
  close = undefined;
});

async function runAgainst(breakage: Breakage, skip = ["token.lifetime"]): Promise<{ report: Report; secret: string }> {
  const server = await brokenServer(breakage);
  close = server.close;
  // token.lifetime waits for a token to expire: skipped unless the breakage touches tokens
  const report = await runContractSuite({ ...server.target, cases: 25, seed: 7, skip });
  return { report, secret: server.target.appSecret };
}

function failed(report: Report, id: string): CheckResult {
  const result = report.results.find((r) => r.id === id);
  expect(result, `${id} ran`).toBeDefined();
  expect(
    result!.status,
    `${id} should fail; failures: ${JSON.stringify(report.results.filter((r) => r.status === "failed").map((r) => r.id))}`,
  ).toBe("failed");
  return result!;
}

const messages = (r: CheckResult) => r.failures.map((f) => f.message).join("\n");

/**
 * The break belongs to `kind`: `vendor`, the checks fail under both profiles; `decision`, they
 * fail under the spec profile and only diverge under the vendor one, which then passes the run.
 */
function belongsTo(report: Report, ids: string[], kind: "vendor" | "decision"): void {
  for (const id of ids) {
    const r = failed(report, id);
    expect(statusUnder(r, "spec"), id).toBe("failed");
    expect(
      statusUnder(r, "vendor"),
      `${id} under the vendor profile; failures: ${r.failures.map((f) => `[${f.provenance}] ${f.message}`).join(" | ")}`,
    ).toBe(kind === "vendor" ? "failed" : "diverged");
  }
  if (kind === "decision") {
    const failing = report.results.filter((r) => statusUnder(r, "vendor") === "failed").map((r) => r.id);
    expect(failing, "nothing fails under the vendor profile").toEqual([]);
  }
}

describe("broken servers: the suite fails and names the violation", () => {
  it("a field of the wrong type (Expires as a number)", async () => {
    const { report } = await runAgainst({
      response: (res, req) =>
        req.path === TOKEN && res.status === 200 ? editJson(res, (b) => ({ ...b, Expires: Number(b.Expires) })) : res,
    });
    expect(report.ok).toBe(false);
    const r = failed(report, "response.schema");
    expect(messages(r)).toMatch(/tokenByAkSk 200: body \/Expires: must be of type string/);
    // the failure names the rule broken: the type of Expires, a vendor fact (every value is a string)
    expect(r.failures[0]!.specLocation).toBe("#/components/schemas/TokenResponse/properties/Expires/type");
    expect(r.failures[0]!.exchange?.response?.status).toBe(200);
    belongsTo(report, ["response.schema"], "vendor");
  });

  it("a missing required field (errorCode left out of getConnectionInfo's answer)", async () => {
    const { report } = await runAgainst({
      response: (res, req) =>
        req.path === GCI && res.status === 200
          ? editJson(res, (b) => {
              delete b.errorCode;
              return b;
            })
          : res,
    });
    const r = failed(report, "response.schema");
    expect(messages(r)).toMatch(/getConnectionInfo 200: body \/errorCode: is required/);
    // the flow notices too: success without errorCode null is not the success shape
    expect(failed(report, "flow.both-roles").failures[0]!.rule).toBe("success");
    belongsTo(report, ["response.schema", "flow.both-roles"], "vendor");
  });

  it("an undocumented status (422 for a body that breaks its schema)", async () => {
    const { report } = await runAgainst({ response: (res) => (res.status === 400 ? { ...res, status: 422 } : res) });
    const r = failed(report, "response.status-documented");
    expect(messages(r)).toMatch(/status 422 is not documented for (getConnectionInfo|tokenByAkSk)/);
    expect(r.failures[0]!.specLocation).toMatch(/^#\/paths\/.+\/post\/responses$/);
    expect(messages(failed(report, "body.missing-required"))).toMatch(
      /expected 400 \(the body breaks its schema\), got 422/,
    );
    belongsTo(report, ["response.status-documented", "body.missing-required"], "decision");
  });

  it("auth ignored (getConnectionInfo answers without checking the token)", async () => {
    let token: string | undefined;
    const { report } = await runAgainst(
      {
        // the proxy swaps in valid credentials, so the server behaves as if it ignored them
        request: async (req, upstream) => {
          if (req.path !== GCI) return req;
          if (!token) {
            const res = await fetch(`${upstream}${TOKEN}`, {
              method: "POST",
              headers: { "content-type": "application/json" },
              body: JSON.stringify({ app_key: "demo-app-key", app_secret: "contract-test-secret-9f2c" }),
            });
            token = ((await res.json()) as { AccessToken: string }).AccessToken;
          }
          return { ...req, headers: { ...req.headers, authorization: `Bearer ${token}`, "x-app-key": "demo-app-key" } };
        },
      },
      [],
    );
    expect(messages(failed(report, "auth.missing-header"))).toMatch(
      /getConnectionInfo without Authorization: expected 401 \(Authorization missing\), got 200/,
    );
    expect(messages(failed(report, "auth.unknown-token"))).toMatch(
      /forged token: expected 401 \(unknown token\), got 200/,
    );
    expect(messages(failed(report, "auth.malformed-token"))).toMatch(/expected 401 \(malformed token\), got 200/);
    expect(messages(failed(report, "auth.missing-bearer-prefix"))).toMatch(/bare token: expected 401/);
    expect(messages(failed(report, "auth.wrong-app-key"))).toMatch(/another app's x-app-key: expected 401/);
    expect(messages(failed(report, "token.lifetime"))).toMatch(
      /the 1-second token, 2\.25 s later: expected 401 \(an expired token is refused\), got 200/,
    );
    belongsTo(
      report,
      [
        "auth.missing-header",
        "auth.unknown-token",
        "auth.malformed-token",
        "auth.missing-bearer-prefix",
        "auth.wrong-app-key",
        "token.lifetime",
      ],
      "vendor",
    );
  });

  it("a token re-spelled in non-canonical base64url accepted (a lenient decoder ignores the last character's spare bits)", async () => {
    const { report } = await runAgainst({
      // the proxy decodes and re-encodes the signature part, as a server comparing decoded bytes would
      request: (req) => {
        const auth = req.headers.authorization;
        if (req.path !== GCI || typeof auth !== "string" || !auth.startsWith("Bearer ")) return req;
        const token = auth.slice(7);
        const dot = token.lastIndexOf(".");
        if (dot < 0 || !/^[A-Za-z0-9_-]+$/.test(token.slice(dot + 1))) return req;
        const canonical = `${token.slice(0, dot + 1)}${Buffer.from(token.slice(dot + 1), "base64url").toString("base64url")}`;
        return { ...req, headers: { ...req.headers, authorization: `Bearer ${canonical}` } };
      },
    });
    const r = failed(report, "auth.unknown-token");
    expect(messages(r)).toMatch(
      /token re-spelled in non-canonical base64url \(spare bits of its last character flipped\): expected 401 \(unknown token\), got 200/,
    );
    expect(r.failures).toHaveLength(1);
    expect(r.failures[0]!.specLocation).toBe("#/components/securitySchemes/bearerAuth/x-cobrowse-failures/unknown");
    expect(JSON.stringify(report)).not.toMatch(/Bearer eyJ/);
    belongsTo(report, ["auth.unknown-token"], "vendor");
  });

  it("a gzip-encoded body accepted (decompressed instead of answered 415)", async () => {
    const { report } = await runAgainst({
      request: (req) => {
        if (String(req.headers["content-encoding"] ?? "").toLowerCase() !== "gzip") return req;
        const { "content-encoding": _coding, ...headers } = req.headers;
        return { ...req, headers, body: gunzipSync(req.body) };
      },
    });
    const r = failed(report, "request.content-type");
    expect(messages(r)).toMatch(
      /tokenByAkSk with Content-Encoding gzip \(a gzip-compressed body\): expected 415 \(a Content-Encoding other than identity\), got 200/,
    );
    expect(r.failures[0]!.specLocation).toBe("#/x-cobrowse-rules/checks/contentEncoding");
    expect(messages(failed(report, "request.check-order"))).toMatch(
      /getConnectionInfo: breaks contentEncoding and authentication: expected 415 \(contentEncoding is checked before authentication\), got 401/,
    );
    belongsTo(report, ["request.content-type", "request.check-order"], "decision");
  });

  it("the role enum ignored (an unknown role is served as a recorder)", async () => {
    const { report } = await runAgainst({
      request: (req) =>
        req.path === GCI
          ? editRequestJson(req, (b) =>
              b && typeof b === "object" && typeof b.role === "string" && !["recorder", "replayer"].includes(b.role)
                ? { ...b, role: "recorder" }
                : b,
            )
          : req,
    });
    const r = failed(report, "body.enum-violation");
    expect(messages(r)).toMatch(
      /\/role: "not-recorder" \(not one of "recorder", "replayer"\): expected 400 \(the body breaks its schema\), got 200/,
    );
    // two rules broken: the role values (the vendor's: the request must not succeed) and the status (the spec's)
    expect(r.failures.map((f) => [f.rule, f.provenance, f.specLocation])).toEqual([
      ["invalid-accepted", "vendor", "#/components/schemas/Role/enum"],
      ["status", "decision", "#/x-cobrowse-rules/checks/validation"],
    ]);
    expect(messages(failed(report, "property.invalid-requests"))).toMatch(
      /\/role: .* (is not in the enum: expected 400, got 200|but succeeded \(200\))/,
    );
    belongsTo(report, ["body.enum-violation", "property.invalid-requests"], "vendor");
  });

  it("a non-JSON content type (text/plain on every answer)", async () => {
    const { report } = await runAgainst({
      response: (res) => ({ ...res, headers: { ...res.headers, "content-type": "text/plain; charset=utf-8" } }),
    });
    const r = failed(report, "response.content-type");
    expect(messages(r)).toMatch(/Content-Type is "text\/plain; charset=utf-8", the spec documents application\/json/);
    expect(r.failures[0]!.specLocation).toMatch(/\/responses\/(\d{3}|[A-Za-z]+)\/content$/);
    // the 200 answers' JSON is the vendor's
    expect(r.failures.some((f) => f.provenance === "vendor" && /\/responses\/200\/content$/.test(f.specLocation))).toBe(
      true,
    );
    belongsTo(report, ["response.content-type"], "vendor");
  });

  it("a room id not echoed (getConnectionInfo answers another room)", async () => {
    const { report } = await runAgainst({
      response: (res, req) =>
        req.path === GCI && res.status === 200
          ? editJson(res, (b) => ({ ...b, data: { ...b.data, roomId: "some-other-room" } }))
          : res,
    });
    const r = failed(report, "flow.both-roles");
    expect(r.failures.map((f) => f.rule)).toContain("room-echo");
    expect(messages(r)).toMatch(/data\.roomId is "some-other-room", expected the room id sent/);
    expect(r.failures[0]!.specLocation).toBe(
      "#/paths/~1apiaccess~1api~1cobrowse~1getConnectionInfo/post/x-cobrowse-room/roomId",
    );
    expect(messages(failed(report, "flow.room-created"))).toMatch(/expected a created room's id \(format uuid\)/);
    belongsTo(report, ["flow.both-roles", "flow.room-created"], "vendor");
  });

  it("a connection URL that is not a WebSocket URL (https: instead of wss:)", async () => {
    const { report } = await runAgainst({
      response: (res, req) =>
        req.path === GCI && res.status === 200
          ? editJson(res, (b) => ({
              ...b,
              data: { ...b.data, wssUrlOut: String(b.data.wssUrlOut).replace(/^wss?:/, "https:") },
            }))
          : res,
    });
    const r = failed(report, "flow.both-roles");
    expect(r.failures.map((f) => f.rule)).toEqual(["websocket-url", "websocket-url"]);
    expect(messages(r)).toMatch(/data\.wssUrlOut is "https:\/\/[^"]+", not a WebSocket \(ws: or wss:\) URL/);
    belongsTo(report, ["flow.both-roles"], "vendor");
  });

  it("the secret echoed (in a response header): flagged, and redacted in the report", async () => {
    const { report, secret } = await runAgainst({
      response: (res, req) =>
        req.path === TOKEN ? { ...res, headers: { ...res.headers, "x-debug-secret": secretOf(req.body) } } : res,
    });
    const r = failed(report, "response.secret-not-echoed");
    expect(messages(r)).toMatch(/the response contains the app secret/);
    expect(r.failures[0]!.exchange?.response?.headers["x-debug-secret"]).toBe("[REDACTED]");
    expect(JSON.stringify(report)).not.toContain(secret);
    belongsTo(report, ["response.secret-not-echoed"], "decision");
  });

  it("a documented header off its schema (X-Request-Id over its maxLength)", async () => {
    const { report } = await runAgainst({
      response: (res) => ({ ...res, headers: { ...res.headers, "x-request-id": "r".repeat(129) } }),
    });
    const r = failed(report, "response.headers");
    expect(messages(r)).toMatch(/header X-Request-Id must NOT have more than 128 characters/);
    expect(r.failures[0]!.specLocation).toBe("#/components/headers/RequestId");
    belongsTo(report, ["response.headers"], "decision");
  });

  it("an errorCode that is not the status times 100", async () => {
    const { report } = await runAgainst({
      response: (res) => (res.status === 401 ? editJson(res, (b) => ({ ...b, errorCode: 40000 })) : res),
    });
    const r = failed(report, "response.error-code");
    expect(messages(r)).toMatch(/401: errorCode is 40000, expected 40100/);
    expect(r.failures[0]!.specLocation).toBe("#/x-cobrowse-rules/errorCode/statusFactor");
    belongsTo(report, ["response.error-code"], "decision");
  });

  it("a 5xx for malformed JSON", async () => {
    const { report } = await runAgainst({
      response: (res, req) => {
        try {
          JSON.parse(req.body.toString());
          return res;
        } catch {
          return req.body.length > 0 && req.body.length < 1000
            ? editJson({ ...res, status: 500 }, (b) => ({ ...b, errorCode: 50000 }))
            : res;
        }
      },
    });
    expect(messages(failed(report, "response.no-5xx"))).toMatch(/status 500 \(bad input must get a 4xx/);
    expect(messages(failed(report, "body.malformed-json"))).toMatch(/expected 400 \(malformed JSON\), got 500/);
    belongsTo(report, ["response.no-5xx", "body.malformed-json"], "decision");
  });
});

function secretOf(body: Buffer): string {
  try {
    const secret = (JSON.parse(body.toString()) as { app_secret?: unknown }).app_secret;
    return typeof secret === "string" ? secret : "";
  } catch {
    return "";
  }
}
