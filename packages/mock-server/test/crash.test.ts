// One safety net covers every entry point: a throw in any phase of a request (routing, a
// check, reading and parsing the body, the handler, a delayed fault, the control API), of an
// upgrade, of a client error, of the WebSocket relay or of an onResponse callback becomes a
// spec-valid 500 (where an answer is still possible) and a log line, never a crash.
import { Socket } from "node:net";
import { afterAll, beforeAll, beforeEach, describe, expect, it, vi } from "vitest";
import WebSocket from "ws";
import type { MockServer } from "../src/index.js";
import {
  connectUrl,
  expectConforms,
  INFO_PATH,
  infoHeaders,
  issueToken,
  post,
  raw,
  start,
  TOKEN_PATH,
} from "./helpers.js";

const boom = vi.hoisted(() => new Set<string>());
const maybeThrow = (phase: string): void => {
  if (boom.has(phase)) throw new Error(`boom in ${phase}`);
};

vi.mock("../src/http/body.js", async (importOriginal) => {
  const original = await importOriginal<typeof import("../src/http/body.js")>();
  return {
    ...original,
    contentTypeProblem: (...args: Parameters<typeof original.contentTypeProblem>) => {
      maybeThrow("check");
      return original.contentTypeProblem(...args);
    },
    parseJson: (...args: Parameters<typeof original.parseJson>) => {
      maybeThrow("body");
      return original.parseJson(...args);
    },
  };
});
vi.mock("../src/operations/token.js", async (importOriginal) => {
  const original = await importOriginal<typeof import("../src/operations/token.js")>();
  return {
    tokenHandler: (...args: Parameters<typeof original.tokenHandler>) => {
      const handle = original.tokenHandler(...args);
      return (request: Parameters<typeof handle>[0]) => {
        maybeThrow("handler");
        return handle(request);
      };
    },
  };
});
vi.mock("../src/faults/inject.js", async (importOriginal) => {
  const original = await importOriginal<typeof import("../src/faults/inject.js")>();
  return {
    ...original,
    applyFault: async (...args: Parameters<typeof original.applyFault>) => {
      const done = await original.applyFault(...args);
      maybeThrow("fault");
      return done;
    },
  };
});
vi.mock("../src/control/control.js", async (importOriginal) => {
  const original = await importOriginal<typeof import("../src/control/control.js")>();
  return {
    ...original,
    controlHandler: (...args: Parameters<typeof original.controlHandler>) => {
      const handle = original.controlHandler(...args);
      return async (...call: Parameters<typeof handle>) => {
        maybeThrow("control");
        return handle(...call);
      };
    },
  };
});
vi.mock("../src/rooms/websocket.js", async (importOriginal) => {
  const original = await importOriginal<typeof import("../src/rooms/websocket.js")>();
  return {
    ...original,
    upgradeHandler: (...args: Parameters<typeof original.upgradeHandler>) => {
      const handle = original.upgradeHandler(...args);
      return (...call: Parameters<typeof handle>) => {
        maybeThrow("upgrade");
        return handle(...call);
      };
    },
    refuseSocket: (...args: Parameters<typeof original.refuseSocket>) => {
      maybeThrow("client error");
      return original.refuseSocket(...args);
    },
  };
});

const logs: string[] = [];
let mock: MockServer;
let token: string;
const creds = { app_key: "demo-app-key", app_secret: "demo-app-secret" };
beforeAll(async () => {
  mock = await start({ log: (line) => logs.push(line), onResponse: () => maybeThrow("onResponse") });
  token = await issueToken(mock);
});
afterAll(() => mock.close());
beforeEach(() => {
  boom.clear();
  logs.length = 0;
});

/** The mock still answers normally. */
async function stillServes(): Promise<void> {
  boom.clear();
  expect((await post(mock.url + INFO_PATH, { role: "recorder" }, infoHeaders(mock, token))).status).toBe(200);
}

describe("a throw becomes a spec-valid 500 and a log line", () => {
  it.each([
    ["a check (content type)", "check"],
    ["the body read and parsed after its end", "body"],
    ["the operation's handler", "handler"],
  ])("in %s", async (_name, phase) => {
    boom.add(phase);
    const answer = await post(mock.url + TOKEN_PATH, creds);
    expect(answer.status).toBe(500);
    expectConforms("tokenByAkSk", answer);
    expect(logs).toContainEqual(
      expect.stringMatching(new RegExp(`^internal error in POST ${TOKEN_PATH}: boom in ${phase}$`)),
    );
    await stillServes();
  });

  it("in a fault applied after its delay", async () => {
    mock.faults.inject({ delayMs: 20, operationId: "getConnectionInfo" });
    boom.add("fault");
    const answer = await post(mock.url + INFO_PATH, { role: "recorder" }, infoHeaders(mock, token));
    expect(answer.status).toBe(500);
    expectConforms("getConnectionInfo", answer);
    expect(logs.join("\n")).toContain("boom in fault");
    await stillServes();
  });

  it("in the control API", async () => {
    boom.add("control");
    const answer = await raw(mock.url, { method: "GET", path: "/__mock/faults" });
    expect(answer.status).toBe(500);
    expect(answer.body).toMatchObject({ success: false, errorCode: 50000 });
    expect(logs.join("\n")).toContain("boom in control");
    await stillServes();
  });

  it("in an onResponse callback (logged; the answer was already sent)", async () => {
    boom.add("onResponse");
    expect((await post(mock.url + TOKEN_PATH, creds)).status).toBe(200);
    await vi.waitFor(() => expect(logs.join("\n")).toContain("internal error in onResponse: boom in onResponse"));
    await stillServes();
  });

  it("in a WebSocket upgrade: a raw 500 ErrorResponse", async () => {
    const info = (await post(mock.url + INFO_PATH, { role: "recorder" }, infoHeaders(mock, token))).body as {
      data: { wssUrl: string; connectParam: string };
    };
    boom.add("upgrade");
    const status = await new Promise<number>((resolve, reject) => {
      const ws = new WebSocket(connectUrl(info.data));
      ws.once("unexpected-response", (_req, res) => resolve(res.statusCode ?? 0));
      ws.once("open", () => reject(new Error("the upgrade was accepted")));
      ws.once("error", () => {});
    });
    expect(status).toBe(500);
    expect(logs.join("\n")).toContain("internal error in a WebSocket upgrade: boom in upgrade");
    await stillServes();
  });

  it("in answering a client error (the socket is dropped)", async () => {
    boom.add("client error");
    const socket = new Socket();
    await new Promise<void>((resolve) => socket.connect(mock.port, "127.0.0.1", resolve));
    socket.write("NOT HTTP AT ALL\r\n\r\n");
    await new Promise((resolve) => socket.once("close", resolve));
    expect(logs.join("\n")).toContain("internal error in a client error: boom in client error");
    await stillServes();
  });

  it("in the WebSocket relay: the sender is dropped, the room and the server go on", async () => {
    const customer = (await post(mock.url + INFO_PATH, { role: "recorder" }, infoHeaders(mock, token))).body as {
      data: { roomId: string; wssUrl: string; connectParam: string };
    };
    const agent = (
      await post(mock.url + INFO_PATH, { role: "replayer", roomId: customer.data.roomId }, infoHeaders(mock, token))
    ).body as { data: { wssUrl: string; connectParam: string } };
    const open = (url: string) =>
      new Promise<WebSocket>((resolve, reject) => {
        const ws = new WebSocket(url);
        ws.once("open", () => resolve(ws));
        ws.once("error", reject);
      });
    const recorder = await open(connectUrl(customer.data));
    const replayer = await open(connectUrl(agent.data));
    await mock.rooms.waitFor(customer.data.roomId, { recorder: 1, replayer: 1 });
    // The relay's own send throws; the test's client sockets send as usual.
    const original = WebSocket.prototype.send;
    const send = vi.spyOn(WebSocket.prototype, "send").mockImplementation(function (
      this: WebSocket,
      ...args: Parameters<WebSocket["send"]>
    ) {
      if (this === recorder || this === replayer) return original.apply(this, args);
      throw new Error("boom in relay");
    });
    try {
      const closed = new Promise<number>((resolve) => recorder.once("close", (code) => resolve(code)));
      recorder.send("hello");
      expect(await closed).toBe(1006);
      expect(logs.join("\n")).toContain("internal error in the WebSocket relay: boom in relay");
    } finally {
      send.mockRestore();
      replayer.close();
    }
    await stillServes();
  });
});
