// The judge on request logs written by hand: each invariant holds on a clean log and names the
// record that breaks it.
import { describe, expect, it } from "vitest";
import { ALWAYS, INVARIANTS, IN_FLIGHT_TOLERANCE_MS, judge } from "../judge.mjs";

let seq = 0;
const rec = (fields) => ({ seq: ++seq, operationId: "getConnectionInfo", status: 200, at: 1000 + seq, ...fields });
const noScan = async () => [];
const run = (request, log, scan = noScan) => judge({ since: 0, ...request }, { log, scan });

describe("judge", () => {
  it("always judges the token states and leaks, and refuses an unknown invariant", async () => {
    const { results } = await run({}, []);
    expect(Object.keys(results).sort()).toEqual([...ALWAYS].sort());
    await expect(run({ invariants: ["bogus"] }, [])).rejects.toThrow(/bogus/);
    for (const name of Object.keys(INVARIANTS)) expect(typeof INVARIANTS[name]).toBe("string");
  });

  it("allows a token expired, superseded or revoked for a moment (on the wire), not longer", async () => {
    const late = IN_FLIGHT_TOLERANCE_MS + 1;
    const log = [
      rec({ token: { id: "t1", state: "valid" } }),
      rec({ token: { id: "t1", state: "expired", lateMs: 20 } }),
      rec({ token: { id: "t1", state: "superseded", lateMs: IN_FLIGHT_TOLERANCE_MS } }),
      rec({ token: { id: "t2", state: "revoked", lateMs: late }, userId: "u1" }),
    ];
    const { results } = await run({}, log);
    expect(results.noExpiredToken.pass).toBe(true);
    expect(results.noSupersededToken.pass).toBe(true);
    expect(results.noRevokedToken.pass).toBe(false);
    expect(results.noRevokedToken.violations[0]).toMatch(new RegExp(`request \\d+ \\(getConnectionInfo, u1\\) carried token t2, revoked ${late} ms`));
  });

  it("never lets a call send again a token an earlier attempt of its own was refused with, however soon", async () => {
    const log = [
      rec({ userId: "c1", status: 401, token: { id: "t1", state: "valid" } }),
      rec({ userId: "c2", status: 200, token: { id: "t1", state: "revoked", lateMs: 5 } }),
      rec({ userId: "c1", status: 200, token: { id: "t1", state: "revoked", lateMs: 5 } }),
      rec({ userId: "c1", status: 200, token: { id: "t2", state: "valid" } }),
    ];
    const { results } = await run({}, log);
    expect(results.noRevokedToken.violations).toEqual([`request ${log[2].seq} (getConnectionInfo, c1) carried token t1 again, after an earlier attempt of its call was refused with it`]);
  });

  it("reports a leak by the text's index and kind, never the text", async () => {
    const scan = async (texts) => (texts.length === 2 ? [{ index: 1, kind: "token", tokenId: "t9" }, { index: 0, kind: "secret" }] : []);
    const { results } = await run({ texts: ["the secret s3cr3t", "Bearer abc"] }, [], scan);
    expect(results.noLeak.pass).toBe(false);
    expect(results.noLeak.violations).toEqual(["text 1 (10 characters) holds token t9", "text 0 (17 characters) holds the app secret"]);
    expect(JSON.stringify(results)).not.toContain("s3cr3t");
  });

  it("counts each call's attempts against maxRetries + 2, and its retryable failures against maxRetries + 1", async () => {
    const calls = [{ userId: "a", ok: true }, { userId: "b", ok: false }];
    const log = [
      ...[503, 503, 401, 200].map((status) => rec({ userId: "a", status })),
      ...[503, null, 429, 401, 503].map((status) => rec({ userId: "b", status, fault: 1 })),
    ];
    const { results } = await run({ invariants: ["attemptBudget"], calls, client: { maxRetries: 2 } }, log);
    expect(results.attemptBudget.violations).toEqual(["b: 5 attempts (at most 4)", "b: 4 attempts ended in a retryable failure (at most 3)"]);
  });

  it("finds a split room: a call's attempts naming two rooms, or a session's sides in two", async () => {
    const calls = [
      { userId: "s0-customer", session: "s0", ok: true, roomId: "r1" },
      { userId: "s0-agent", session: "s0", ok: true, roomId: "r2" },
      { userId: "s1-customer", session: "s1", ok: true, roomId: "r3" },
    ];
    const log = [rec({ userId: "s0-customer", roomId: "r1" }), rec({ userId: "s0-agent", roomId: "r2" }), rec({ userId: "s1-customer", roomId: "r3", status: null }), rec({ userId: "s1-customer", roomId: "r4" })];
    const { results } = await run({ invariants: ["noSplitRoom"], calls }, log);
    expect(results.noSplitRoom.violations).toEqual(["s1-customer: its attempts named 2 rooms", "session s0: its customer and agent are in 2 rooms"]);
  });

  it("justifies a failure only by a budget spent on faults, a second refused token, or a failed token request", async () => {
    const calls = [
      { userId: "spent", ok: false, error: { class: "InternalServerError", operation: "getConnectionInfo" } },
      { userId: "unfaulted", ok: false, error: { class: "TimeoutError", operation: "getConnectionInfo" } },
      { userId: "twice", ok: false, error: { class: "AuthenticationError", operation: "getConnectionInfo" } },
      { userId: "once", ok: false, error: { class: "AuthenticationError", operation: "getConnectionInfo" } },
      { userId: "token", ok: false, error: { class: "InternalServerError", operation: "tokenByAkSk" }, start: 0, end: 5000 },
    ];
    const log = [
      ...[503, null, 503].map((status) => rec({ userId: "spent", status, chaos: "unavailable" })),
      rec({ userId: "unfaulted", status: null }),
      rec({ userId: "unfaulted", status: null, chaos: "slow" }),
      rec({ userId: "unfaulted", status: null, chaos: "slow" }),
      rec({ userId: "twice", status: 401, token: { id: "t1", state: "revoked", lateMs: 0 } }),
      rec({ userId: "twice", status: 401, token: { id: "t2", state: "valid" }, chaos: "revoke" }),
      rec({ userId: "once", status: 401, token: { id: "t3", state: "valid" } }),
      ...[503, 503, null].map((status) => rec({ operationId: "tokenByAkSk", status, chaos: "unavailable" })),
    ];
    const { results } = await run({ invariants: ["failuresJustified"], calls, client: { maxRetries: 2 } }, log);
    expect(results.failuresJustified.violations).toHaveLength(2);
    expect(results.failuresJustified.violations[0]).toMatch(/^unfaulted \(call\) failed with TimeoutError .* its attempts: lost, lost:slow, lost:slow$/);
    expect(results.failuresJustified.violations[1]).toMatch(/^once /);
  });
});
