// The judge on request logs written by hand: each invariant holds on a clean log and names the
// record that breaks it.
import { describe, expect, it } from "vitest";
import { ALWAYS, ASSERTIONS, IN_FLIGHT_TOLERANCE_MS, INVARIANTS, judge, summarize } from "../judge.mjs";

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
    expect(results.noRevokedToken.violations[0]).toMatch(
      new RegExp(`request \\d+ \\(getConnectionInfo, u1\\) carried token t2, revoked ${late} ms`),
    );
  });

  it("never lets a call send again a token an earlier attempt of its own was refused with, however soon", async () => {
    const log = [
      rec({ userId: "c1", status: 401, token: { id: "t1", state: "valid" } }),
      rec({ userId: "c2", status: 200, token: { id: "t1", state: "revoked", lateMs: 5 } }),
      rec({ userId: "c1", status: 200, token: { id: "t1", state: "revoked", lateMs: 5 } }),
      rec({ userId: "c1", status: 200, token: { id: "t2", state: "valid" } }),
    ];
    const { results } = await run({}, log);
    expect(results.noRevokedToken.violations).toEqual([
      `request ${log[2].seq} (getConnectionInfo, c1) carried token t1 again, after an earlier attempt of its call was refused with it`,
    ]);
  });

  it("reports a leak by the text's index and kind, never the text", async () => {
    const scan = async (texts) =>
      texts.length === 2
        ? [
            { index: 1, kind: "token", tokenId: "t9" },
            { index: 0, kind: "secret" },
          ]
        : [];
    const { results } = await run({ texts: ["the secret s3cr3t", "Bearer abc"] }, [], scan);
    expect(results.noLeak.pass).toBe(false);
    expect(results.noLeak.violations).toEqual([
      "text 1 (10 characters) holds token t9",
      "text 0 (17 characters) holds the app secret",
    ]);
    expect(JSON.stringify(results)).not.toContain("s3cr3t");
  });

  it("counts each call's attempts against maxRetries + 2, and its retryable failures against maxRetries + 1", async () => {
    const calls = [
      { userId: "a", ok: true },
      { userId: "b", ok: false },
    ];
    const log = [
      ...[503, 503, 401, 200].map((status) => rec({ userId: "a", status })),
      ...[503, null, 429, 401, 503].map((status) => rec({ userId: "b", status, fault: 1 })),
    ];
    const { results } = await run({ invariants: ["attemptBudget"], calls, client: { maxRetries: 2 } }, log);
    expect(results.attemptBudget.violations).toEqual([
      "b: 5 attempts (at most 4)",
      "b: 4 attempts ended in a retryable failure (at most 3)",
    ]);
  });

  it("finds a split room: a call's attempts naming two rooms, or a session's sides in two", async () => {
    const calls = [
      { userId: "s0-customer", session: "s0", ok: true, roomId: "r1" },
      { userId: "s0-agent", session: "s0", ok: true, roomId: "r2" },
      { userId: "s1-customer", session: "s1", ok: true, roomId: "r3" },
    ];
    const log = [
      rec({ userId: "s0-customer", roomId: "r1" }),
      rec({ userId: "s0-agent", roomId: "r2" }),
      rec({ userId: "s1-customer", roomId: "r3", status: null }),
      rec({ userId: "s1-customer", roomId: "r4" }),
    ];
    const { results } = await run({ invariants: ["noSplitRoom"], calls }, log);
    expect(results.noSplitRoom.violations).toEqual([
      "s1-customer: its attempts named 2 rooms",
      "session s0: its customer and agent are in 2 rooms",
    ]);
  });

  it("justifies a failure only by a budget spent on faults, a second refused token, or a failed token request", async () => {
    const calls = [
      { userId: "spent", ok: false, error: { class: "InternalServerError", operation: "getConnectionInfo" } },
      { userId: "unfaulted", ok: false, error: { class: "TimeoutError", operation: "getConnectionInfo" } },
      { userId: "twice", ok: false, error: { class: "AuthenticationError", operation: "getConnectionInfo" } },
      { userId: "once", ok: false, error: { class: "AuthenticationError", operation: "getConnectionInfo" } },
      {
        userId: "token",
        ok: false,
        error: { class: "InternalServerError", operation: "tokenByAkSk" },
        start: 0,
        end: 5000,
      },
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
    expect(results.failuresJustified.violations[0]).toMatch(
      /^unfaulted \(call\) failed with TimeoutError .* its attempts: lost, lost:slow, lost:slow$/,
    );
    expect(results.failuresJustified.violations[1]).toMatch(/^once /);
  });

  it("sums up a sessions step's calls in one line: how many, how many ok, the failures by mode and class", async () => {
    const calls = [
      { userId: "a", mode: "sequential", ok: true },
      { userId: "b", mode: "concurrent", ok: false, error: { class: "InternalServerError" } },
      { userId: "c", mode: "concurrent", ok: false, error: { class: "InternalServerError" } },
      { userId: "d", mode: "sequential", ok: false, error: { class: "AuthenticationError" } },
      { userId: "e", mode: "concurrent", ok: true },
    ];
    expect(summarize(calls)).toBe(
      "5 calls: 2 ok, 3 failed (concurrent InternalServerError 2, sequential AuthenticationError 1)",
    );
    expect(summarize(calls.filter((c) => c.ok))).toBe("2 calls: 2 ok, 0 failed");
    expect((await run({ calls }, [])).summary).toBe(summarize(calls));
    expect(await run({}, [])).not.toHaveProperty("summary");
  });
});

describe("the scenario's assertions", () => {
  const UA = "^cec-cobrowse-(typescript|python|go|java)/\\d+\\.\\d+\\.\\d+(-[0-9A-Za-z.-]+)? \\S+/\\S+ \\S+";
  const ua = "cec-cobrowse-python/0.2.0 CPython/3.11.7 Linux";

  it("judges only the assertions the scenario has, each as a result of its own", async () => {
    const { results } = await run({ scenario: { id: "x" } }, []);
    expect(Object.keys(results).sort()).toEqual([...ALWAYS].sort());
    const all = await run(
      {
        language: "python",
        scenario: { attempts: {}, hookHeaders: {}, userAgent: { pattern: "." }, hookCalls: [] },
        hookCalls: [],
      },
      [rec({ userAgent: "x" })],
    );
    for (const name of ASSERTIONS) expect(all.results[name], name).toBeDefined();
  });

  it("attempts and hookHeaders: the log's values per operation, in order, null where a request carried none", async () => {
    const log = [
      rec({ operationId: "tokenByAkSk", attempt: 1, hook: 1 }),
      rec({ attempt: 1 }),
      rec({ attempt: "2, 2", hook: 2 }),
    ];
    const scenario = {
      attempts: { tokenByAkSk: [1], getConnectionInfo: [1, 2] },
      hookHeaders: { tokenByAkSk: [1], getConnectionInfo: [null, 2] },
    };
    const { results } = await run({ scenario }, log);
    expect(results.attempts.violations).toEqual([
      'getConnectionInfo: the requests\' attempt header said [1,"2, 2"], expected [1,2]',
    ]);
    expect(results.hookHeaders.pass).toBe(true);
  });

  it("userAgent: every request carries one and the same, matching the pattern, naming the runner's language", async () => {
    const scenario = { userAgent: { pattern: UA } };
    expect(
      (
        await run({ language: "python", scenario }, [
          rec({ operationId: "tokenByAkSk", userAgent: ua }),
          rec({ userAgent: ua }),
        ])
      ).results.userAgent.pass,
    ).toBe(true);
    const { results } = await run({ language: "go", scenario }, [
      rec({ userAgent: ua }),
      rec({ userAgent: "python-httpx/0.28.1" }),
      rec({}),
    ]);
    expect(results.userAgent.violations).toEqual([
      expect.stringMatching(
        /^request \d+ \(getConnectionInfo\): "cec-cobrowse-python\/0\.2\.0 CPython\/3\.11\.7 Linux" names python, not go$/,
      ),
      expect.stringMatching(/^request \d+ \(getConnectionInfo\): "python-httpx\/0\.28\.1" does not match /),
      expect.stringMatching(/^request \d+ \(getConnectionInfo\) carried no User-Agent$/),
      'the requests carried 2 User-Agents: "cec-cobrowse-python/0.2.0 CPython/3.11.7 Linux", "python-httpx/0.28.1"',
    ]);
    expect((await run({ scenario }, [rec({ userAgent: ua })])).results.userAgent.violations).toEqual([
      expect.stringMatching(/names no language/),
    ]);
    expect((await run({ language: "python", scenario }, [])).results.userAgent.violations).toEqual([
      "no request reached the mock",
    ]);
  });

  describe("hookCalls", () => {
    // A token request answered 503 then 200, and a call whose first attempt got no answer.
    const log = () => [
      rec({ operationId: "tokenByAkSk", status: 503, attempt: 1, hook: 1, requestId: "r1" }),
      rec({ operationId: "tokenByAkSk", status: 200, attempt: 2, hook: 2, requestId: "r2" }),
      rec({ status: null, attempt: 1, hook: 1, requestId: "r3" }),
      rec({ status: 200, attempt: 2, hook: 2, requestId: "r4" }),
    ];
    const expected = [
      { hook: "beforeRequest", operationId: "tokenByAkSk", attempt: 1 },
      { hook: "afterResponse", operationId: "tokenByAkSk", attempt: 1, status: 503 },
      { hook: "onError", operationId: "tokenByAkSk", attempt: 1, status: 503, error: "InternalServerError" },
      { hook: "beforeRequest", operationId: "tokenByAkSk", attempt: 2 },
      { hook: "afterResponse", operationId: "tokenByAkSk", attempt: 2, status: 200 },
      { hook: "beforeRequest", operationId: "getConnectionInfo", attempt: 1 },
      { hook: "onError", operationId: "getConnectionInfo", attempt: 1, status: null, error: "NetworkError" },
      { hook: "beforeRequest", operationId: "getConnectionInfo", attempt: 2 },
      { hook: "afterResponse", operationId: "getConnectionInfo", attempt: 2, status: 200 },
    ];
    // What a runner records: the expected fields, plus the mark, the request id and the duration.
    const recorded = () =>
      expected.map((c, i) => ({
        ...c,
        tokenRequest: c.operationId === "tokenByAkSk",
        ...(c.hook === "beforeRequest"
          ? {}
          : { durationMs: 3, requestId: [null, "r1", "r1", null, "r2", null, null, null, "r4"][i] }),
      }));
    const judged = (calls, l = log()) =>
      run({ scenario: { hookCalls: expected }, hookCalls: calls }, l).then((v) => v.results.hookCalls);

    it("passes the calls of every attempt, matched with the log", async () => {
      expect(await judged(recorded())).toEqual({ pass: true, violations: [] });
    });

    it("names a missing, an extra or a different call", async () => {
      const calls = recorded();
      calls.splice(2, 1);
      expect((await judged(calls)).violations[0]).toBe(
        "hook call 3: beforeRequest tokenByAkSk attempt 2, expected onError tokenByAkSk attempt 1 status 503 InternalServerError",
      );
      const extra = [
        ...recorded(),
        {
          hook: "onError",
          operationId: "getConnectionInfo",
          attempt: 2,
          tokenRequest: false,
          status: 200,
          durationMs: 1,
          error: "ApiError",
        },
      ];
      expect((await judged(extra)).violations).toEqual([
        "hook call 10: onError getConnectionInfo attempt 2 status 200 ApiError is one too many",
      ]);
      expect((await judged(recorded().slice(0, 8))).violations).toEqual([
        "hook call 9: missing, expected afterResponse getConnectionInfo attempt 2 status 200",
      ]);
      expect((await run({ scenario: { hookCalls: expected } }, log())).results.hookCalls.violations).toEqual([
        "the runner recorded no hook calls (hookCalls in the request)",
      ]);
    });

    it("checks each call against its attempt in the log: attempt number, status, request id, mark, duration, once each", async () => {
      const calls = recorded();
      calls[0].attempt = 2; // told the wrong attempt: differs from the expectation and from the header sent
      calls[1].requestId = "r9";
      calls[4].durationMs = -1;
      calls[5].tokenRequest = true;
      calls[8].status = 201;
      const { violations } = await judged(calls);
      expect(violations).toEqual([
        "hook call 1: beforeRequest tokenByAkSk attempt 2, expected beforeRequest tokenByAkSk attempt 1",
        "hook call 9: afterResponse getConnectionInfo attempt 2 status 201, expected afterResponse getConnectionInfo attempt 2 status 200",
        expect.stringMatching(
          /^hook call 1 \(beforeRequest tokenByAkSk attempt 2\): its request \(\d+\) said attempt 1$/,
        ),
        "hook call 2 (afterResponse tokenByAkSk attempt 1 status 503): follows no before-request call of that attempt",
        "hook call 3 (onError tokenByAkSk attempt 1 status 503 InternalServerError): follows no before-request call of that attempt",
        "hook call 5 (afterResponse tokenByAkSk attempt 2 status 200): durationMs is -1, not a number of ms",
        "hook call 6 (beforeRequest getConnectionInfo attempt 1): tokenRequest is true",
        expect.stringMatching(
          /^hook call 9 \(afterResponse getConnectionInfo attempt 2 status 201\): saw status 201, the mock answered 200 \(request \d+\)$/,
        ),
      ]);
      const wrongId = recorded();
      wrongId[1].requestId = "r9";
      expect((await judged(wrongId)).violations).toEqual([
        expect.stringMatching(/^hook call 2 .*: saw request id "r9", the mock answered "r1" \(request \d+\)$/),
      ]);
      const twice = recorded();
      twice.splice(2, 0, { ...twice[1] });
      expect((await judged(twice)).violations).toContain(
        "hook call 3 (afterResponse tokenByAkSk attempt 1 status 503): the second afterResponse call of that attempt",
      );
    });

    it("finds a request of the log no before-request call saw", async () => {
      const calls = recorded().filter((c) => c.operationId === "tokenByAkSk");
      const { violations } = await judged(calls);
      expect(violations.at(-1)).toMatch(
        /^2 request\(s\) of getConnectionInfo \(from \d+\) had no before-request hook call$/,
      );
    });
  });
});
