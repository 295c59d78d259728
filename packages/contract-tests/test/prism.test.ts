// Prism (a static mock of the same spec) as a target: it keeps the spec's shapes but not its
// semantics. The suite must say exactly which promises it breaks, and skip the stateful
// checks in --stateless mode with a printed reason.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { allChecks, formatResult, type ProgressEvent, type Report, runContractSuite } from "../src/index.js";
import { prism } from "./support/servers.js";

/** Each check Prism 5.14.2 fails, and the rules its failures break (see the README). */
const PRISM_FAILS: Record<string, { rules: string[]; message: RegExp }> = {
  "token.issue": { rules: ["create-time"], message: /CreateTime 1545650171 is more than 15 minutes away/ },
  "token.expire-header": { rules: ["expiry"], message: /X-Token-Expire: 1 answered Expires "600", expected "1"/ },
  "token.expire-out-of-range": { rules: ["error-names-field"], message: /the 400 answer does not name X-Token-Expire/ },
  "flow.both-roles": {
    rules: ["room-echo", "connect-param"],
    message: /data\.roomId is "1001202404", expected the room id sent/,
  },
  "flow.room-created": { rules: ["room-uuid"], message: /two rooms created without roomId got the same id 1001202404/ },
  "auth.missing-header": {
    rules: ["error-names-field", "status"],
    message: /without X-TenantSpaceID: expected 400 \(X-TenantSpaceID missing\), got 401/,
  },
  "auth.malformed-token": {
    rules: ["status"],
    message: /malformed token \(garbage\): expected 401 \(malformed token\), got 200/,
  },
  "auth.malformed-app-key": {
    rules: ["status"],
    message: /with a 129-character x-app-key: expected 401 \(x-app-key malformed\), got 200/,
  },
  "tenant.malformed": {
    rules: ["status"],
    message: /X-TenantSpaceID: "tab\\there": expected 400 \(X-TenantSpaceID malformed\), got 200/,
  },
  "body.missing-required": {
    rules: ["error-names-field"],
    message: /required field \/app_key left out: the 400 answer does not name \/app_key/,
  },
  "body.wrong-type": { rules: ["error-names-field"], message: /does not name \/(roomId|app_key)/ },
  "body.constraint-violation": { rules: ["error-names-field"], message: /does not name \/(roomId|app_key)/ },
  "body.unknown-field": {
    rules: ["error-names-field"],
    message: /unknown field \/unexpectedField added .* does not name \/unexpectedField/,
  },
  "body.malformed-json": { rules: ["network"], message: /body cut short: no response: no response within/ },
  "request.content-type": { rules: ["status"], message: /with Content-Type \(none\): expected 415 .*, got 400/ },
  "request.body-too-large": { rules: ["status"], message: /-byte body: expected 413 .*, got 400/ },
  "request.method-not-allowed": { rules: ["allow", "content-type"], message: /Allow is "\(none\)", must list POST/ },
  "request.check-order": {
    rules: ["status"],
    message: /breaks bodySize and contentType: expected 413 \(bodySize is checked before contentType\), got 415/,
  },
  "property.valid-requests": { rules: ["room-echo"], message: /data\.roomId is "1001202404", expected/ },
  "property.invalid-requests": { rules: ["error-names-field"], message: /the 400 answer does not name/ },
};

const STATEFUL = allChecks()
  .filter((c) => c.stateful)
  .map((c) => c.id);
/** The room's WebSocket checks, off unless asked for (Prism serves no WebSocket). */
const WEBSOCKET = allChecks()
  .filter((c) => c.id.startsWith("websocket."))
  .map((c) => c.id);

describe("against Prism 5.14.2 mocking the same spec (--stateless)", () => {
  let server: Awaited<ReturnType<typeof prism>>;
  let report: Report;
  const printed: string[] = [];

  beforeAll(async () => {
    server = await prism();
    const common = {
      ...server.target,
      stateless: true,
      cases: 50,
      seed: 42,
      onEvent: (e: ProgressEvent) => {
        if (e.type === "check-end") printed.push(formatResult(e.result));
      },
    };
    // Prism never answers some malformed JSON bodies: that check alone runs with a short
    // per-request timeout; the rest keep the default, so a loaded machine cannot turn a slow
    // answer into a different failure.
    const main = await runContractSuite({ ...common, skip: ["body.malformed-json"] });
    const malformed = await runContractSuite({ ...common, only: ["body.malformed-json"], timeoutMs: 1500 });
    report = { ...main, ok: main.ok && malformed.ok, results: [...main.results, ...malformed.results] };
    report.summary = { ...main.summary, skipped: main.summary.skipped + malformed.summary.skipped };
  }, 240_000);
  afterAll(() => server?.close());

  it("fails exactly the checks a static mock is expected to fail", () => {
    const failed = report.results
      .filter((r) => r.status === "failed")
      .map((r) => r.id)
      .sort();
    expect(failed).toEqual(Object.keys(PRISM_FAILS).sort());
    expect(report.ok).toBe(false);
  });

  it("names why each one fails", () => {
    for (const [id, want] of Object.entries(PRISM_FAILS)) {
      const result = report.results.find((r) => r.id === id)!;
      const rules = new Set(result.failures.map((f) => f.rule));
      for (const rule of want.rules) expect([...rules], `${id} rules`).toContain(rule);
      expect(result.failures.map((f) => f.message).join("\n"), id).toMatch(want.message);
      for (const f of result.failures) expect(f.specLocation, id).toMatch(/^#\//);
    }
  });

  it("passes the shape checks: Prism answers with the spec's own examples", () => {
    for (const id of [
      "response.status-documented",
      "response.schema",
      "response.content-type",
      "response.error-code",
      "response.no-5xx",
      "response.secret-not-echoed",
      "auth.missing-bearer-prefix",
    ]) {
      expect(report.results.find((r) => r.id === id)?.status, id).toBe("passed");
    }
  });

  it("skips the stateful checks with a printed reason", () => {
    expect(STATEFUL.length).toBeGreaterThan(0);
    for (const id of STATEFUL) {
      const result = report.results.find((r) => r.id === id)!;
      expect(result.status, id).toBe("skipped");
      expect(result.skipReason).toMatch(/^--stateless: needs a server that /);
      expect(printed.find((line) => line.includes(id))).toMatch(
        new RegExp(`- ${id.replace(".", "\\.")} \\[[a-z+]+\\] skipped: --stateless: needs a server`),
      );
    }
    for (const id of WEBSOCKET)
      expect(report.results.find((r) => r.id === id)?.skipReason, id).toMatch(/^--websocket not given/);
    expect(report.summary.skipped).toBe(STATEFUL.length + WEBSOCKET.length);
  });
});
