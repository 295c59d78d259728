import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { connectUrl as browserConnectUrl } from "../src/browser.js";
import { connectUrl } from "../src/index.js";
import { clientFor } from "./helpers/client.js";
import { startMock, type TestMock } from "./helpers/mock.js";

describe("connectUrl", () => {
  it("appends the connectParam to wssUrl, or wssUrlOut when asked", () => {
    const i = { wssUrl: "ws://a/ws/cobrowse/r", wssUrlOut: "wss://b/ws/cobrowse/r", connectParam: "p.q" };
    expect(connectUrl(i)).toBe("ws://a/ws/cobrowse/r?connectParam=p.q");
    expect(connectUrl(i, { out: true })).toBe("wss://b/ws/cobrowse/r?connectParam=p.q");
    expect(() => connectUrl({ wssUrl: "ws://a" })).toThrow(/connectParam/);
  });

  it("adds to a query the URL already has, and URL-encodes the value", () => {
    const i = { wssUrl: "wss://a/ws?tenant=t", connectParam: "a+b/c=d&e f" };
    expect(connectUrl(i)).toBe("wss://a/ws?tenant=t&connectParam=a%2Bb%2Fc%3Dd%26e%20f");
    expect(new URL(connectUrl(i)).searchParams.get("connectParam")).toBe(i.connectParam);
  });

  it("throws a TypeError naming the missing field", () => {
    expect(() => connectUrl({ wssUrl: "ws://a", connectParam: "p" }, { out: true })).toThrow(
      new TypeError("connectUrl: wssUrlOut is missing from the connection info"),
    );
    expect(() => connectUrl({ wssUrlOut: "ws://b", connectParam: "p" })).toThrow(
      new TypeError("connectUrl: wssUrl is missing from the connection info"),
    );
    expect(() => connectUrl({ wssUrl: "ws://a", connectParam: "" })).toThrow(
      new TypeError("connectUrl: connectParam is missing from the connection info"),
    );
  });

  it("is exported by the browser entry too", () => {
    expect(browserConnectUrl).toBe(connectUrl);
  });

  describe("with getConnectionInfo's answer", () => {
    let mock: TestMock;
    beforeEach(async () => {
      mock = await startMock();
    });
    afterEach(() => mock.close());

    it("builds each side's URL from its data", async () => {
      const client = clientFor(mock);
      const customer = await client.getConnectionInfo({ roomId: "1001202404", role: "recorder" });
      const agent = await client.getConnectionInfo({ roomId: "1001202404", role: "replayer" });
      for (const side of [customer, agent]) {
        const url = new URL(connectUrl(side.data));
        expect(`${url.origin}${url.pathname}`).toBe(side.data.wssUrl);
        expect(url.searchParams.get("connectParam")).toBe(side.data.connectParam);
        expect(connectUrl(side.data, { out: true })).toMatch(
          /^ws:\/\/127\.0\.0\.1:\d+\/ws\/cobrowse\/1001202404\?connectParam=/,
        );
      }
      expect(connectUrl(customer.data)).not.toBe(connectUrl(agent.data));
    });
  });
});
