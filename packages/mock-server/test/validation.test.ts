import { connect } from "node:net";
import { gzipSync } from "node:zlib";
import { specValidator } from "@cec-cobrowse/spec";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { MockServer } from "../src/index.js";
import {
  type Answer,
  expectConforms,
  INFO_PATH,
  infoHeaders,
  issueToken,
  post,
  raw,
  start,
  TOKEN_PATH,
} from "./helpers.js";

let mock: MockServer;
let token: string;
beforeAll(async () => {
  mock = await start();
  token = await issueToken(mock);
});
afterAll(() => mock.close());

const creds = { app_key: "demo-app-key", app_secret: "demo-app-secret" };
const reason = (a: Answer) => (a.body as { errorReason: string }).errorReason;

describe("every status the spec documents, for both operations, conforms to the spec", () => {
  const validator = specValidator();
  for (const operationId of ["tokenByAkSk", "getConnectionInfo"] as const) {
    const path = operationId === "tokenByAkSk" ? TOKEN_PATH : INFO_PATH;
    const documented = [...validator.operation(operationId).responses.keys()].map(Number).sort();

    it(`${operationId}: documents the statuses this test covers`, () => {
      expect(documented).toEqual([200, 400, 401, 404, 413, 415, 429, 500, 503]);
    });

    const good = () => (operationId === "tokenByAkSk" ? creds : { role: "recorder" });
    const headers = () => (operationId === "tokenByAkSk" ? {} : infoHeaders(mock, token));
    const produce: Record<number, () => Promise<Answer>> = {
      200: () => post(mock.url + path, good(), headers()),
      400: () => post(mock.url + path, { ...good(), extra: 1 }, headers()),
      401: () =>
        operationId === "tokenByAkSk"
          ? post(mock.url + path, { ...creds, app_secret: "wrong" })
          : post(mock.url + path, good(), { ...headers(), Authorization: "Bearer x" }),
      404: () =>
        operationId === "tokenByAkSk"
          ? post(`${mock.url + path}/extra`, good(), headers())
          : post(mock.url + path, good(), { ...headers(), "X-TenantSpaceID": "unknown" }),
      413: () => post(mock.url + path, { ...good(), pad: "x".repeat(1024 * 1024) }, headers()),
      415: () => post(mock.url + path, JSON.stringify(good()), { ...headers(), "content-type": "text/plain" }),
      429: async () => {
        mock.faults.inject({ status: 429, operationId });
        return post(mock.url + path, good(), headers());
      },
      500: async () => {
        mock.faults.inject({ status: 500, operationId });
        return post(mock.url + path, good(), headers());
      },
      503: async () => {
        mock.faults.inject({ status: 503, retryAfter: 7, operationId });
        return post(mock.url + path, good(), headers());
      },
    };
    it.each(documented)(`${operationId}: %i`, async (status) => {
      const answer = await produce[status]!();
      expect(answer.status).toBe(status);
      expectConforms(operationId, answer);
      if (status === 429) expect(answer.headers.get("retry-after")).toBe("1");
      if (status === 503) expect(answer.headers.get("retry-after")).toBe("7");
    });
  }
});

describe("routing", () => {
  it("answers 404 for an unknown path, with an ErrorResponse", async () => {
    for (const path of ["/", "/nope", `${INFO_PATH}/`, INFO_PATH.toUpperCase(), "/__mock"]) {
      const answer = await raw(mock.url, { method: "GET", path });
      expect(answer.status).toBe(404);
      expect(specValidator().validateSchema("ErrorResponse", answer.body)).toEqual([]);
      expect(answer.headers.get("x-request-id")).toBeTruthy();
    }
  });

  it.each(["GET", "PUT", "DELETE", "PATCH", "OPTIONS"])("answers 405 with Allow: POST for %s", async (method) => {
    const answer = await raw(mock.url, { method, path: TOKEN_PATH });
    expect(answer.status).toBe(405);
    expect(answer.headers.get("allow")).toBe("POST");
    expect(specValidator().validateSchema("ErrorResponse", answer.body)).toEqual([]);
    expect((answer.body as { errorCode: number }).errorCode).toBe(40500);
  });

  it("ignores a query string when routing", async () => {
    expect((await post(`${mock.url + TOKEN_PATH}?x=1`, creds)).status).toBe(200);
  });

  it("echoes a well-formed X-Request-Id and replaces a malformed one", async () => {
    const echoed = await post(mock.url + TOKEN_PATH, creds, { "X-Request-Id": "trace-123" });
    expect(echoed.headers.get("x-request-id")).toBe("trace-123");
    const replaced = await post(mock.url + TOKEN_PATH, creds, { "X-Request-Id": "bad id with spaces" });
    expect(replaced.headers.get("x-request-id")).not.toBe("bad id with spaces");
  });
});

describe("CORS", () => {
  it("is off by default: OPTIONS answers 405 and no Access-Control headers are sent", async () => {
    const preflight = await raw(mock.url, {
      method: "OPTIONS",
      path: TOKEN_PATH,
      headers: { Origin: "http://page.example", "Access-Control-Request-Method": "POST" },
    });
    expect(preflight.status).toBe(405);
    expect((await post(mock.url + TOKEN_PATH, creds)).headers.get("access-control-allow-origin")).toBeNull();
  });

  it("with cors: true answers preflights and lets pages read X-Request-Id", async () => {
    const open = await start({ cors: true });
    try {
      const preflight = await fetch(open.url + INFO_PATH, {
        method: "OPTIONS",
        headers: {
          Origin: "http://page.example",
          "Access-Control-Request-Method": "POST",
          "Access-Control-Request-Headers": "authorization,x-app-key",
        },
      });
      expect(preflight.status).toBe(204);
      expect(preflight.headers.get("access-control-allow-origin")).toBe("*");
      expect(preflight.headers.get("access-control-allow-headers")).toMatch(
        /Authorization.*x-app-key.*X-TenantSpaceID/,
      );
      const answer = await post(open.url + TOKEN_PATH, creds, { Origin: "http://page.example" });
      expect(answer.status).toBe(200);
      expect(answer.headers.get("access-control-allow-origin")).toBe("*");
      expect(answer.headers.get("access-control-expose-headers")).toContain("X-Request-Id");
      // A plain OPTIONS (no preflight) is still a wrong method.
      expect((await raw(open.url, { method: "OPTIONS", path: TOKEN_PATH })).status).toBe(405);
    } finally {
      await open.close();
    }
  });
});

describe("order of checks (spec: method, size, content type, auth, syntax/schema, tenant)", () => {
  it("405 before everything", async () => {
    const answer = await raw(mock.url, {
      method: "PUT",
      path: INFO_PATH,
      headers: { "content-type": "text/plain" },
      body: "x",
    });
    expect(answer.status).toBe(405);
  });
  it("413 before 415 and 401", async () => {
    const answer = await raw(mock.url, {
      path: INFO_PATH,
      headers: { "content-type": "text/plain" },
      body: Buffer.alloc(1024 * 1024 + 1),
    });
    expect(answer.status).toBe(413);
  });
  it("415 before 401", async () => {
    const answer = await raw(mock.url, { path: INFO_PATH, headers: { "content-type": "text/plain" }, body: "{}" });
    expect(answer.status).toBe(415);
  });
  it("401 before 400", async () => {
    const answer = await raw(mock.url, {
      path: INFO_PATH,
      headers: { "content-type": "application/json" },
      body: "{not json",
    });
    expect(answer.status).toBe(401);
  });
  it("tokenByAkSk: its credentials (401) after the header and body checks (400)", async () => {
    const wrong = { app_key: "demo-app-key", app_secret: "wrong" };
    expect((await post(mock.url + TOKEN_PATH, wrong, { "X-Token-Expire": "0" })).status).toBe(400);
    expect((await post(mock.url + TOKEN_PATH, { ...wrong, extra: 1 })).status).toBe(400);
    expect((await post(mock.url + TOKEN_PATH, wrong)).status).toBe(401);
  });
});

describe("X-TenantSpaceID answers the statuses of the spec's x-cobrowse-failures", () => {
  const tenant = specValidator()
    .operation("getConnectionInfo")
    .securityHeaders.find((h) => h.header === "X-TenantSpaceID")!;
  const send = (value: string | undefined) => {
    const headers = infoHeaders(mock, token);
    if (value === undefined) delete (headers as Record<string, string | undefined>)["X-TenantSpaceID"];
    else headers["X-TenantSpaceID"] = value;
    return post(mock.url + INFO_PATH, { role: "recorder" }, headers);
  };
  it.each([
    ["missing", undefined, "is required; send your tenant space ID"],
    ["malformed", "tab\there", "must match pattern"],
    ["malformed", "t".repeat(65), "must NOT have more than 64 characters"],
    ["unknown", "other-tenant", "does not exist"],
    ["unknown", "has space", "does not exist"],
    ["unknown", "dot.ted", "does not exist"],
  ] as const)("%s (%j)", async (kind, value, message) => {
    const answer = await send(value);
    expectConforms("getConnectionInfo", answer);
    expect(answer.status).toBe(tenant.failures![kind]);
    expect(reason(answer)).toContain("X-TenantSpaceID");
    expect(reason(answer)).toContain(message);
  });
});

describe("content type", () => {
  it.each([
    "application/json",
    "application/json; charset=utf-8",
    "Application/JSON;charset=UTF-8",
    'application/json; charset="utf-8"',
  ])("accepts %j", async (type) => {
    expect((await post(mock.url + TOKEN_PATH, creds, { "content-type": type })).status).toBe(200);
  });
  it.each([
    "text/plain",
    "application/x-www-form-urlencoded",
    "application/json; charset=latin1",
    "application/jsonx",
    "",
  ])("answers 415 naming Content-Type for %j", async (type) => {
    const answer = await raw(mock.url, {
      path: TOKEN_PATH,
      headers: type === "" ? {} : { "content-type": type },
      body: JSON.stringify(creds),
    });
    expectConforms("tokenByAkSk", answer);
    expect(answer.status).toBe(415);
    expect(reason(answer)).toMatch(/^Content-Type/);
  });
});

describe("content coding", () => {
  it.each(["identity", "Identity", "identity, identity", ""])("accepts Content-Encoding %j", async (encoding) => {
    const answer = await raw(mock.url, {
      path: TOKEN_PATH,
      headers: { "content-type": "application/json", "content-encoding": encoding },
      body: JSON.stringify(creds),
    });
    expect(answer.status).toBe(200);
  });
  it.each(["gzip", "br", "deflate", "identity, gzip", "x-unknown"])(
    "answers 415 naming Content-Encoding for %j, with Accept-Encoding: identity",
    async (encoding) => {
      const answer = await raw(mock.url, {
        path: TOKEN_PATH,
        headers: { "content-type": "application/json", "content-encoding": encoding },
        body: JSON.stringify(creds),
      });
      expectConforms("tokenByAkSk", answer);
      expect(answer.status).toBe(415);
      expect(reason(answer)).toMatch(/^Content-Encoding: .* is not accepted; send the body uncompressed/);
      expect(answer.headers.get("accept-encoding")).toBe("identity");
    },
  );
  it("answers 415 to a gzip body of getConnectionInfo before authentication (401)", async () => {
    const answer = await raw(mock.url, {
      path: INFO_PATH,
      headers: { "content-type": "application/json", "content-encoding": "gzip" },
      body: gzipSync('{"role":"recorder"}'),
    });
    expectConforms("getConnectionInfo", answer);
    expect(answer.status).toBe(415);
  });
});

describe("body", () => {
  it.each([
    ["empty", ""],
    ["not JSON", "{app_key:"],
    ["truncated JSON", '{"app_key":"demo-app-key","app_s'],
    ["null", "null"],
    ["an array", "[]"],
    ["a string", '"x"'],
    ["a number", "42"],
    ["true", "true"],
  ])("answers 400 for %s", async (_name, body) => {
    const answer = await raw(mock.url, { path: TOKEN_PATH, headers: { "content-type": "application/json" }, body });
    expectConforms("tokenByAkSk", answer);
    expect(answer.status).toBe(400);
    expect(reason(answer)).toMatch(/^body/);
  });

  it("names every field that breaks the schema", async () => {
    const answer = await post(
      mock.url + INFO_PATH,
      { roomId: "bad\u0007bell", role: 7, userId: "" },
      infoHeaders(mock, token),
    );
    expectConforms("getConnectionInfo", answer);
    expect(answer.status).toBe(400);
    const details = (answer.body as { details: { in: string; name: string }[] }).details;
    expect([...new Set(details.map((d) => d.name))].sort()).toEqual(["/role", "/roomId", "/userId"]);
    expect(reason(answer)).toContain("/role");
  });

  it("names a missing required field", async () => {
    const answer = await post(mock.url + TOKEN_PATH, { app_key: "demo-app-key" });
    expect(answer.status).toBe(400);
    expect((answer.body as { details: { name: string; message: string }[] }).details).toEqual([
      { in: "body", name: "/app_secret", message: "is required" },
    ]);
  });

  it("answers 400 for invalid UTF-8", async () => {
    const body = Buffer.concat([
      Buffer.from('{"app_key":"'),
      Buffer.from([0xff, 0xfe]),
      Buffer.from('","app_secret":"x"}'),
    ]);
    const answer = await raw(mock.url, { path: TOKEN_PATH, headers: { "content-type": "application/json" }, body });
    expect(answer.status).toBe(400);
    expect(reason(answer)).toMatch(/UTF-8/);
  });

  it("accepts a body of exactly the limit and refuses one byte more, declared or chunked", async () => {
    const small = await start({ maxBodyBytes: 100 });
    try {
      const fit = JSON.stringify({ ...creds, x: "" }).length;
      const exact = JSON.stringify({ ...creds, pad: "" });
      const padded = JSON.stringify({ ...creds, pad: "y".repeat(100 - exact.length) });
      expect(padded.length).toBe(100);
      expect(fit).toBeLessThan(100);
      // At the limit the size check passes (the schema then refuses the extra field).
      expect(
        (await raw(small.url, { path: TOKEN_PATH, headers: { "content-type": "application/json" }, body: padded }))
          .status,
      ).toBe(400);
      const over = `${padded} `;
      const declared = await raw(small.url, {
        path: TOKEN_PATH,
        headers: { "content-type": "application/json" },
        body: over,
      });
      expect(declared.status).toBe(413);
      expect(reason(declared)).toContain("100 bytes");
      const chunked = await raw(small.url, {
        path: TOKEN_PATH,
        headers: { "content-type": "application/json", "transfer-encoding": "chunked" },
        body: over,
      });
      expect(chunked.status).toBe(413);
      // The server still answers afterwards.
      expect((await post(small.url + TOKEN_PATH, creds)).status).toBe(200);
    } finally {
      await small.close();
    }
  });

  it("a client still sending its body over the limit reads the 413, and the connection closes without a reset", async () => {
    // Connection: close, as the contract suite sends. A server that answers and closes with
    // bytes of the body unread makes the kernel reset the connection: the client, still
    // writing, sees EPIPE or ECONNRESET and may lose the 413. The mock drains the body first.
    const { port } = new URL(mock.url);
    const length = 1024 * 1024 + 64 * 1024;
    const outcome = await new Promise<{ answer: string; error?: string }>((resolve) => {
      // Half-open allowed: the server's FIN does not close this side, which goes on sending as a client does.
      const socket = connect({ port: Number(port), host: "127.0.0.1", allowHalfOpen: true });
      let answer = "";
      socket.on("data", (chunk) => (answer += chunk.toString("latin1")));
      socket.on("error", (error: NodeJS.ErrnoException) => resolve({ answer, error: error.code ?? error.message }));
      socket.on("close", () => resolve({ answer }));
      socket.write(
        `POST ${TOKEN_PATH} HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\nContent-Type: application/json\r\nContent-Length: ${length}\r\n\r\n`,
      );
      socket.write(Buffer.alloc(64 * 1024, "a"));
      // The rest after a pause, as a slower network delivers it.
      setTimeout(() => socket.end(Buffer.alloc(length - 64 * 1024, "a")), 150);
    });
    expect(outcome.error).toBeUndefined();
    expect(outcome.answer).toMatch(/^HTTP\/1\.1 413 /);
  });

  it("answers 413 to a huge declared body without reading it", async () => {
    const answer = await raw(mock.url, {
      path: TOKEN_PATH,
      headers: { "content-type": "application/json", "content-length": 50 * 1024 * 1024 * 1024 },
      body: "{}",
    }).catch((error: Error) => error);
    // The client may see the answer or a closed connection, never a hang.
    if (!(answer instanceof Error)) expect(answer.status).toBe(413);
    expect((await post(mock.url + TOKEN_PATH, creds)).status).toBe(200);
  });
});
