// The Node transport's response body cap (maxResponseBytes): declared, chunked and compressed
// bodies, and what the client makes of it.
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { ConfigurationError, createNodeFetch, ResponseTooLargeError } from "../src/index.js";
import { clientFor } from "./helpers/client.js";
import { INFO, startMock } from "./helpers/mock.js";
import { bomb, failure, get, startTarget, type Target, text } from "./helpers/target.js";

let target: Target;
const cleanups: (() => Promise<void>)[] = [];
beforeEach(async () => {
  target = await startTarget();
  cleanups.push(target.close);
});
afterEach(() => Promise.all(cleanups.splice(0).map((c) => c())));

describe("maxResponseBytes", () => {
  const MiB = 1024 * 1024;
  const base = () => `http://127.0.0.1:${target.port}`;
  const tooLarge = async (p: Promise<unknown>, limit: number, decoded = false) => {
    const e = await failure(p);
    expect(e).toBeInstanceOf(TypeError);
    expect(e.message).toBe("fetch failed");
    expect(e.cause?.code).toBe("ERR_RESPONSE_TOO_LARGE");
    expect(e.cause?.message).toBe(
      `response body exceeds maxResponseBytes (${limit} bytes)${decoded ? " once decoded" : ""}`,
    );
  };

  it("accepts a body of exactly the limit, refuses one byte more (declared or chunked)", async () => {
    const f = createNodeFetch({ maxResponseBytes: MiB });
    expect((await text(f, `${base()}/size/${MiB}`)).length).toBe(MiB);
    expect((await text(f, `${base()}/chunked/${MiB}`)).length).toBe(MiB);
    await tooLarge(get(f, `${base()}/size/${MiB + 1}`), MiB);
    await tooLarge(get(f, `${base()}/chunked/${MiB + 1}`), MiB);
    await tooLarge(get(f, `${base()}/chunked/${64 * MiB}`), MiB);
    // The transport still works after cutting answers off.
    expect(await text(f, `${base()}/ok`)).toBe('{"ok":true}');
  });

  it("defaults to 16 MiB", async () => {
    const f = createNodeFetch();
    expect((await text(f, `${base()}/chunked/${16 * MiB}`)).length).toBe(16 * MiB);
    await tooLarge(get(f, `${base()}/chunked/${16 * MiB + 1}`), 16 * MiB);
  });

  it("bounds the decoded size: gzip, deflate and br bombs are refused", async () => {
    const f = createNodeFetch({ maxResponseBytes: MiB });
    for (const enc of ["gzip", "deflate", "br"]) {
      expect(bomb(enc, 8 * MiB).length).toBeLessThan(MiB / 16); // small on the wire
      await tooLarge(get(f, `${base()}/bomb/${enc}/${8 * MiB}`), MiB, true);
      expect((await (await get(f, `${base()}/bomb/${enc}/${MiB}`)).arrayBuffer()).byteLength).toBe(MiB);
      await tooLarge(get(f, `${base()}/bomb/${enc}/${MiB + 1}`), MiB, true);
    }
    await tooLarge(get(createNodeFetch(), `${base()}/bomb/gzip/${64 * MiB}`), 16 * MiB, true);
  });

  it("is a ResponseTooLargeError of the client, naming the limit, not retried", async () => {
    const fake = await startMock();
    cleanups.push(fake.close);
    const client = clientFor(fake, {
      fetch: createNodeFetch({ maxResponseBytes: 4096 }),
      maxRetries: 1,
      retryBaseDelayMs: 1,
      retryMaxDelayMs: 5,
    });
    await client.getToken();
    const big = JSON.stringify({ success: true, data: { roomId: "x".repeat(5000) } });
    fake.fault({
      count: 2,
      operationId: INFO,
      status: 200,
      rawBody: big,
      headers: { "Content-Type": "application/json" },
    });
    const e = await failure(client.getConnectionInfo({ role: "recorder" }));
    expect(e).toBeInstanceOf(ResponseTooLargeError);
    expect(e).toMatchObject({ operation: INFO, maxResponseBytes: 4096 });
    expect(e.message).toMatch(
      /^getConnectionInfo failed: the answer exceeds maxResponseBytes \(4096 bytes\) \[request id .+\]$/,
    );
    expect(e).toMatchObject({
      decoded: false,
      status: 200,
      requestId: fake.answersTo(INFO).at(-1)?.requestId ?? expect.any(String),
    });
    expect(e.cause?.cause?.message).toBe("response body exceeds maxResponseBytes (4096 bytes)");
    expect(fake.count(INFO)).toBe(1);
  });

  it("must be a whole number of bytes, at least 1, or Infinity", async () => {
    for (const bad of [0, -1, 1.5, Number.NaN, "1000" as never])
      expect(() => createNodeFetch({ maxResponseBytes: bad })).toThrow(ConfigurationError);
    expect((await text(createNodeFetch({ maxResponseBytes: Infinity }), `${base()}/size/10`)).length).toBe(10);
  });
});
