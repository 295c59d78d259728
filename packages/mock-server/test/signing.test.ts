// Signed strings verify only in their canonical base64url form: the last character of a
// 43-character signature (32 bytes) carries 2 spare bits that decoders ignore, so flipping
// them changes the string but not the decoded bytes. Such a variant must be refused.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import WebSocket from "ws";
import type { MockServer } from "../src/index.js";
import { Signer } from "../src/tokens/signing.js";
import { connectUrl, expectConforms, INFO_PATH, infoHeaders, issueToken, post, start } from "./helpers.js";

const ALPHABET = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";

/** `part` with the lowest (spare) bit of its last character flipped: other text, same bytes. */
function flipSpareBit(part: string): string {
  const flipped = part.slice(0, -1) + ALPHABET[ALPHABET.indexOf(part.at(-1)!) ^ 1];
  expect(flipped).not.toBe(part);
  expect(Buffer.from(flipped, "base64url").equals(Buffer.from(part, "base64url")), "decodes to the same bytes").toBe(
    true,
  );
  return flipped;
}

/** A signed string with its signature's spare bits flipped. */
function nonCanonicalSignature(signed: string): string {
  const [payload, signature] = signed.split(".");
  expect(signature).toHaveLength(43);
  return `${payload}.${flipSpareBit(signature!)}`;
}

describe("Signer", () => {
  const signer = new Signer(Buffer.from("k"), "test", 4096);

  it("verifies what it signs, and refuses the signature's non-canonical spelling as malformed", () => {
    const signed = signer.sign({ a: "x" });
    expect(signer.verify(signed)).toEqual({ a: "x" });
    expect(signer.verify(nonCanonicalSignature(signed))).toBe("malformed");
  });

  it("refuses a payload part in non-canonical base64url", () => {
    // {"a":"xy"} is 10 bytes: 14 base64url characters, the last with 4 spare bits
    const signed = signer.sign({ a: "xy" });
    const [payload, signature] = signed.split(".");
    expect(payload!.length % 4).not.toBe(0);
    expect(signer.verify(`${flipSpareBit(payload!)}.${signature}`)).toBe("malformed");
  });
});

describe("non-canonical signatures are refused", () => {
  let mock: MockServer;
  let token: string;
  beforeAll(async () => {
    mock = await start();
    token = await issueToken(mock);
  });
  afterAll(() => mock.close());

  it("HTTP: a real token with its signature's spare bits flipped answers 401", async () => {
    const ok = await post(mock.url + INFO_PATH, { role: "recorder" }, infoHeaders(mock, token));
    expect(ok.status).toBe(200);
    const answer = await post(
      mock.url + INFO_PATH,
      { role: "recorder" },
      infoHeaders(mock, nonCanonicalSignature(token)),
    );
    expectConforms("getConnectionInfo", answer);
    expect(answer.status).toBe(401);
    expect((answer.body as { errorReason: string }).errorReason).toMatch(/^Authorization: the token is malformed/);
  });

  it("WebSocket: a real connectParam with its signature's spare bits flipped is refused with 401", async () => {
    const answer = await post(mock.url + INFO_PATH, { role: "recorder" }, infoHeaders(mock, token));
    const info = (answer.body as { data: { wssUrl: string; connectParam: string } }).data;
    const tampered = { ...info, connectParam: nonCanonicalSignature(info.connectParam) };
    expect(await handshake(connectUrl(tampered))).toEqual({
      status: 401,
      reason: "connectParam: is malformed; send it as getConnectionInfo gave it",
    });
    // the real one is admitted (the refusal above is about the spelling only)
    expect(await handshake(connectUrl(info))).toEqual({ status: 101 });
  });
});

/** Opens a WebSocket; resolves with 101 when admitted (then closes it), or the refusal's status and reason. */
function handshake(url: string): Promise<{ status: number; reason?: string }> {
  return new Promise((resolve, reject) => {
    const ws = new WebSocket(url);
    ws.once("open", () => {
      ws.close();
      resolve({ status: 101 });
    });
    ws.once("unexpected-response", (_req, res) => {
      let text = "";
      res.on("data", (c: Buffer) => (text += c.toString()));
      res.on("end", () =>
        resolve({ status: res.statusCode ?? 0, reason: (JSON.parse(text) as { errorReason: string }).errorReason }),
      );
    });
    ws.once("error", (error) => reject(error));
  });
}
