// Identification (packages/scenarios/README.md, Identification): the SDK's User-Agent on every
// request of the Node entry, the token request's included, with the caller's suffix; the attempt
// header 1, 2, 3 … per call; and what the browser build sends instead (its own User-Agent is the
// browser's; the attempt header only when asked, a gateway's CORS policy permitting).
import { readFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { createCobrowseClient as createBrowserClient } from "../src/browser.js";
import { clientHeaders } from "../src/generated/spec.js";
import { ConfigurationError, SDK_VERSION } from "../src/index.js";
import { clientFor } from "./helpers/client.js";
import { INFO, startMock, type TestMock, TOKEN } from "./helpers/mock.js";

const UA = clientHeaders.userAgent.header.toLowerCase();
const ATTEMPT = clientHeaders.attempt.header.toLowerCase();
const { version } = JSON.parse(readFileSync(path.join(import.meta.dirname, "..", "package.json"), "utf8")) as {
  version: string;
};

let mock: TestMock;
beforeEach(async () => {
  mock = await startMock();
});
afterEach(() => mock.close());

const sent = (op: string, header: string) =>
  mock.arrivals.filter((a) => a.operationId === op).map((a) => a.headers[header]);

describe("the User-Agent (Node)", () => {
  it("names the SDK, its version (the package's), the runtime and the OS on every request, the token request's included", async () => {
    expect(SDK_VERSION).toBe(version);
    await clientFor(mock).getConnectionInfo({ role: "recorder" });
    const expected = `${clientHeaders.userAgent.productPrefix}typescript/${version} Node.js/${process.versions.node} ${os.type().replace(/_NT$/, "")}`;
    expect(sent(TOKEN, UA)).toEqual([expected]);
    expect(sent(INFO, UA)).toEqual([expected]);
    expect(expected).toMatch(/^cec-cobrowse-typescript\/\d+\.\d+\.\d+(-[0-9A-Za-z.-]+)? Node\.js\/\S+ \S+$/);
  });

  it("ends with the caller's userAgentSuffix", async () => {
    await clientFor(mock, { userAgentSuffix: "acme-contact-center/4.2 (ops@acme.example)" }).getConnectionInfo({
      role: "recorder",
    });
    for (const ua of [...sent(TOKEN, UA), ...sent(INFO, UA)])
      expect(ua).toMatch(
        /^cec-cobrowse-typescript\/\S+ Node\.js\/\S+ \S+ acme-contact-center\/4\.2 \(ops@acme\.example\)$/,
      );
  });

  it("refuses a suffix that could inject a header or that a header cannot carry, naming the option", () => {
    for (const bad of [
      "acme/1.0\r\nX-Injected: yes",
      "acme/1.0\n",
      "acme\u0000",
      " acme/1",
      "acme/1 ",
      "",
      "acmé/1",
      "a".repeat(257),
      42,
    ]) {
      const f = () => clientFor(mock, { userAgentSuffix: bad as string });
      expect(f).toThrow(ConfigurationError);
      expect(f).toThrow(/^userAgentSuffix: /);
    }
  });

  it("keeps a User-Agent the caller sets in headers (client or call)", async () => {
    const client = clientFor(mock, { headers: { "User-Agent": "mine/1" } });
    await client.getConnectionInfo({ role: "recorder" });
    await client.getConnectionInfo({ role: "recorder" }, { headers: { "user-agent": "per-call/2" } });
    expect(sent(INFO, UA)).toEqual(["mine/1", "per-call/2"]);
  });
});

describe("the attempt header", () => {
  it("counts each call's attempts from 1, the token request being a call of its own", async () => {
    mock.fault({ operationId: TOKEN, status: 503, retryAfter: 0 });
    mock.fault({ operationId: INFO, status: 503, retryAfter: 0 });
    mock.fault({ operationId: INFO, status: 401 });
    await clientFor(mock).getConnectionInfo({ role: "recorder" });
    // The token request: 503, then 200. The call: 503, a 401 (its token dropped: the replay gets a new one), then 200.
    expect(sent(TOKEN, ATTEMPT)).toEqual(["1", "2", "1"]);
    expect(sent(INFO, ATTEMPT)).toEqual(["1", "2", "3"]);
  });

  it("starts again at 1 for the next call", async () => {
    const client = clientFor(mock);
    mock.fault({ operationId: INFO, status: 503, retryAfter: 0 });
    await client.getConnectionInfo({ role: "recorder" });
    await client.getConnectionInfo({ role: "recorder" });
    expect(sent(INFO, ATTEMPT)).toEqual(["1", "2", "1"]);
  });

  it("is left out with attemptHeader: false", async () => {
    await clientFor(mock, { attemptHeader: false }).getConnectionInfo({ role: "recorder" });
    expect([...sent(TOKEN, ATTEMPT), ...sent(INFO, ATTEMPT)]).toEqual([undefined, undefined]);
    expect(() => clientFor(mock, { attemptHeader: "yes" as never })).toThrow(/^attemptHeader: must be true or false/);
  });
});

describe("the browser build", () => {
  const recorder = () => {
    const requests: Request[] = [];
    const options = {
      baseUrl: mock.url,
      appKey: mock.creds.appKey,
      tenantSpaceId: mock.creds.tenantSpaceId,
      tokenProvider: async () => (await clientFor(mock).getToken()).accessToken,
      fetch: (request: Request, init?: RequestInit) => {
        requests.push(request);
        return mock.fetch(request, init);
      },
    };
    return { requests, options };
  };

  it("sets no User-Agent of its own and, by default, no attempt header: only the API's headers, which a gateway's CORS policy allows already", async () => {
    const { requests, options } = recorder();
    await createBrowserClient(options).getConnectionInfo({ role: "recorder" });
    expect(requests).toHaveLength(1);
    expect(requests[0]!.headers.has(UA)).toBe(false);
    expect(requests[0]!.headers.has(ATTEMPT)).toBe(false);
  });

  it("sends the attempt header with attemptHeader: true", async () => {
    const { requests, options } = recorder();
    mock.fault({ operationId: INFO, status: 503, retryAfter: 0 });
    await createBrowserClient({ ...options, attemptHeader: true, retryBaseDelayMs: 1 }).getConnectionInfo({
      role: "recorder",
    });
    expect(requests.map((r) => r.headers.get(ATTEMPT))).toEqual(["1", "2"]);
  });

  it("refuses userAgentSuffix: a page cannot set the User-Agent", () => {
    const { options } = recorder();
    expect(() => createBrowserClient({ ...options, userAgentSuffix: "acme/1" })).toThrow(
      /^userAgentSuffix: a browser sends its own User-Agent/,
    );
  });
});
