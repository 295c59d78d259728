// The leak scan: which texts hold the app secret or a token this mock issued, however they are
// embedded, without ever echoing one; bounded, linear, and protected like the control API.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { MAX_SCAN_CHARS, MAX_SCAN_TEXTS, type MockServer, ScanInputError } from "../src/index.js";
import { post, raw, start, TOKEN_PATH } from "./helpers.js";

const SECRET = "scan-test-secret-value";
const creds = { app_key: "demo-app-key", app_secret: SECRET };
let mock: MockServer;
let other: MockServer;
beforeAll(async () => {
  mock = await start({ control: true, credentials: { appSecret: SECRET } });
  other = await start({ credentials: { appSecret: SECRET } });
});
afterAll(() => Promise.all([mock.close(), other.close()]));

async function issue(server: MockServer): Promise<{ token: string; id: string | undefined }> {
  const answer = await post(server.url + TOKEN_PATH, creds);
  return {
    token: (answer.body as { AccessToken: string }).AccessToken,
    id: server.requests.list(server.requests.last() - 1)[0]!.issued?.id,
  };
}

const scanOver = (body: unknown, headers: Record<string, string> = {}) =>
  raw(mock.url, {
    path: "/__mock/scan",
    headers: { "content-type": "application/json", ...headers },
    body: typeof body === "string" ? body : JSON.stringify(body),
  });

describe("the scan", () => {
  it("finds the secret and the tokens this mock issued, however they are embedded, by index and token id", async () => {
    const a = await issue(mock);
    const b = await issue(mock);
    const foreign = await issue(other);
    const texts = [
      "AuthenticationError: 401 token revoked",
      `AuthenticationError: 401 (token: Bearer ${a.token})`,
      `{"errorReason":"bad","echo":${JSON.stringify(a.token)},"secret":"${SECRET}"}`,
      `glued${b.token}glued and ${a.token}`,
      `half a token: ${a.token.slice(0, -5)}, its signature alone: .${a.token.split(".")[1]}`,
      `another mock's token: ${foreign.token}`,
      `app_secret=${SECRET}`,
      "",
    ];
    expect(mock.scan(texts)).toEqual({
      findings: [
        { index: 1, kind: "token", tokenId: a.id },
        { index: 2, kind: "secret" },
        { index: 2, kind: "token", tokenId: a.id },
        { index: 3, kind: "token", tokenId: b.id },
        { index: 3, kind: "token", tokenId: a.id },
        { index: 6, kind: "secret" },
      ],
    });
  });

  it("answers over HTTP the same, never echoing a secret or a token", async () => {
    const a = await issue(mock);
    const answer = await scanOver({ texts: [`x ${a.token}`, SECRET, "clean"] });
    expect(answer.status).toBe(200);
    expect(answer.body).toEqual({
      findings: [
        { index: 0, kind: "token", tokenId: a.id },
        { index: 1, kind: "secret" },
      ],
    });
    const text = JSON.stringify(answer.body);
    expect(text).not.toContain(a.token);
    expect(text).not.toContain(SECRET);
  });

  it("is linear: 4 Mi characters full of dots and near-tokens in well under a few seconds", async () => {
    const { token } = await issue(mock);
    const near = `${token.slice(0, -1)}${token.endsWith("A") ? "B" : "A"} `;
    const text = near.repeat(Math.floor((MAX_SCAN_CHARS - token.length - 1) / near.length)) + token;
    const t0 = performance.now();
    expect(mock.scan([text]).findings).toHaveLength(1);
    expect(performance.now() - t0).toBeLessThan(5000);
  });

  it("refuses what is not texts, and more than its bounds, naming the field (400, 413)", async () => {
    expect(() => mock.scan("x" as never)).toThrow(ScanInputError);
    expect(() => mock.scan(["ok", 5] as never)).toThrow(/^texts\[1\]: must be a string$/);
    expect(() => mock.scan(Array.from({ length: MAX_SCAN_TEXTS + 1 }, () => ""))).toThrow(
      /^texts: holds 10001 texts; send at most 10000/,
    );
    for (const [body, status, message] of [
      [{ texts: "x" }, 400, /^texts: must be an array of strings/],
      [{ texts: ["a", null] }, 400, /^texts\[1\]: must be a string/],
      [{ texts: [], more: 1 }, 400, /^more: is not a known field/],
      [[], 400, /^body: must be a JSON object/],
      [{}, 400, /^texts: must be an array/],
      ["{", 400, /^body: is not valid JSON/],
      [{ texts: Array.from({ length: MAX_SCAN_TEXTS + 1 }, () => "") }, 413, /^texts: holds 10001 texts/],
      [
        { texts: ["a".repeat(MAX_SCAN_CHARS), "b"] },
        413,
        /^texts: hold 4194305 characters in all; send at most 4194304/,
      ],
    ] as const) {
      const answer = await scanOver(body);
      expect(answer.status, JSON.stringify(body).slice(0, 50)).toBe(status);
      expect((answer.body as { errorReason: string }).errorReason).toMatch(message);
    }
    const tooBig = await scanOver(`{"texts":["${"a".repeat(17 * 1024 * 1024)}"]}`);
    expect(tooBig.status).toBe(413);
    expect((await raw(mock.url, { method: "GET", path: "/__mock/scan" })).status).toBe(405);
  });

  it("is protected like the rest of the control API", async () => {
    expect((await scanOver({ texts: [] }, { origin: "https://page.example" })).status).toBe(403);
    expect(
      (
        await raw(other.url, {
          path: "/__mock/scan",
          headers: { "content-type": "application/json" },
          body: '{"texts":[]}',
        })
      ).status,
    ).toBe(404);
  });
});
