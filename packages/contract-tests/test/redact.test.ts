import { describe, expect, it } from "vitest";
import { Redactor } from "../src/redact.js";

describe("Redactor", () => {
  const r = new Redactor();
  r.add("s3cr3t-value");
  r.add("tok.en.value-123");
  r.add("ab"); // too short to register

  it("redacts the Authorization value, keeping the scheme", () => {
    expect(r.header("Authorization", "Bearer tok.en.value-123")).toBe("Bearer [REDACTED]");
    expect(r.header("authorization", "tok.en.value-123")).toBe("[REDACTED]");
  });

  it("redacts secret-named JSON fields and registered values anywhere", () => {
    const body = r.body(
      JSON.stringify({ app_key: "k", app_secret: "anything", AccessToken: "x", note: "has s3cr3t-value inside" }),
    );
    expect(JSON.parse(body!)).toEqual({
      app_key: "k",
      app_secret: "[REDACTED]",
      AccessToken: "[REDACTED]",
      note: "has [REDACTED] inside",
    });
    expect(r.body("not json s3cr3t-value")).toBe("not json [REDACTED]");
    expect(r.text("ab stays")).toBe("ab stays");
  });

  it("redacts a secret JSON escapes (quote, backslash, control character) in bodies and in JSON-quoted text", () => {
    const odd = 'pa"ss\\word\n-99';
    const escaped = JSON.stringify(odd).slice(1, -1);
    const q = new Redactor();
    q.add(odd);
    const body = q.body(JSON.stringify({ success: false, errorCode: 40100, errorReason: `wrong secret ${odd}` }))!;
    expect(body).not.toContain(odd);
    expect(body).not.toContain(escaped);
    expect(JSON.parse(body)).toMatchObject({ errorReason: "wrong secret [REDACTED]" });
    // failure messages quote server text with JSON.stringify
    const message = q.text(`the body is not JSON (${JSON.stringify(`echo ${odd}`)})`);
    expect(message).not.toContain(escaped);
    expect(message).toContain("echo [REDACTED]");
    expect(q.body(`not json: ${escaped}`)).toBe("not json: [REDACTED]");
  });

  it("cuts big bodies", () => {
    const big = r.body("x".repeat(10_000))!;
    expect(big.length).toBeLessThan(2100);
    expect(big).toMatch(/… \(10000 characters in all\)$/);
  });
});
