import { spawn } from "node:child_process";
import { once } from "node:events";
import { connect as tcpConnect } from "node:net";
import { specValidator } from "@cec-cobrowse/spec";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import WebSocket from "ws";
import type { MockServer } from "../src/index.js";
import {
  admitted,
  connectUrl,
  INFO_PATH,
  infoHeaders,
  issueToken,
  post,
  type Refusal,
  refused,
  start,
} from "./helpers.js";

interface Info {
  roomId: string;
  wssUrl: string;
  wssUrlOut: string;
  connectParam: string;
}

let clock = Date.now();
let mock: MockServer;
let token: string;
const open: WebSocket[] = [];
beforeAll(async () => {
  mock = await start({ now: () => clock, connectParamTtlSeconds: 60 });
  token = await issueToken(mock, 86400);
});
afterAll(async () => {
  for (const ws of open) ws.terminate();
  await mock.close();
});

async function info(role: "recorder" | "replayer", roomId?: string, server = mock, t = token): Promise<Info> {
  const answer = await post(
    server.url + INFO_PATH,
    roomId === undefined ? { role } : { role, roomId },
    infoHeaders(server, t),
  );
  expect(answer.status).toBe(200);
  return (answer.body as { data: Info }).data;
}

function nextMessage(ws: WebSocket, timeoutMs = 5000): Promise<{ data: Buffer; isBinary: boolean }> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error("no message")), timeoutMs);
    ws.once("message", (data: Buffer, isBinary: boolean) => {
      clearTimeout(timer);
      resolve({ data, isBinary });
    });
  });
}

/** Resolves true when no message arrives within the window. */
function silent(ws: WebSocket, windowMs = 200): Promise<boolean> {
  return new Promise((resolve) => {
    const onMessage = () => resolve(false);
    ws.once("message", onMessage);
    setTimeout(() => {
      ws.off("message", onMessage);
      resolve(true);
    }, windowMs);
  });
}

describe("the co-browsing room", () => {
  it("relays the recorder's messages to the replayers and the replayers' back, binary or text", async () => {
    const customer = await info("recorder");
    const agent = await info("replayer", customer.roomId);
    const recorder = await admitted(connectUrl(customer), open);
    const replayer = await admitted(connectUrl(agent), open);
    const second = await admitted(connectUrl(await info("replayer", customer.roomId)), open);
    expect(mock.rooms.list()).toContainEqual({ roomId: customer.roomId, connections: { recorder: 1, replayer: 2 } });

    const toAgents = [nextMessage(replayer), nextMessage(second)];
    const recorderSilent = silent(recorder);
    recorder.send(JSON.stringify({ type: "dom", seq: 1 }));
    for (const m of await Promise.all(toAgents)) {
      expect(m.isBinary).toBe(false);
      expect(JSON.parse(m.data.toString())).toEqual({ type: "dom", seq: 1 });
    }
    expect(await recorderSilent).toBe(true); // no echo to the sender

    const back = nextMessage(recorder);
    const otherAgentSilent = silent(second);
    replayer.send(Buffer.from([1, 2, 3]));
    const m = await back;
    expect(m.isBinary).toBe(true);
    expect([...m.data]).toEqual([1, 2, 3]);
    expect(await otherAgentSilent).toBe(true); // replayers do not hear each other
  });

  it("keeps rooms apart", async () => {
    const a = await info("recorder");
    const b = await info("replayer"); // another, new room
    const recorder = await admitted(connectUrl(a), open);
    const stranger = await admitted(connectUrl(b), open);
    const quiet = silent(stranger);
    recorder.send("hello");
    expect(await quiet).toBe(true);
  });

  it("admits a room id that needs percent-encoding", async () => {
    const customer = await info("recorder", "room:1.a_b-c");
    const agent = await info("replayer", "room:1.a_b-c");
    const recorder = await admitted(connectUrl(customer), open);
    const replayer = await admitted(connectUrl(agent), open);
    const got = nextMessage(replayer);
    recorder.send("x");
    expect((await got).data.toString()).toBe("x");
  });

  it("drops a room when its last connection closes", async () => {
    const customer = await info("recorder");
    const ws = await admitted(connectUrl(customer), open);
    await mock.rooms.waitFor(customer.roomId, { recorder: 1 });
    ws.close();
    await new Promise((r) => ws.once("close", r));
    const deadline = Date.now() + 5000;
    while (mock.rooms.list().some((r) => r.roomId === customer.roomId) && Date.now() < deadline) {
      await new Promise((r) => setTimeout(r, 10));
    }
    expect(mock.rooms.list().map((r) => r.roomId)).not.toContain(customer.roomId);
  });

  it("closes a connection that sends a message over the size limit (1009)", async () => {
    const small = await start({ wsMaxPayloadBytes: 1024 });
    try {
      const t = await issueToken(small);
      const ws = await admitted(connectUrl(await info("recorder", "big", small, t)), open);
      const closed = new Promise<number>((r) => ws.once("close", (code: number) => r(code)));
      ws.send("x".repeat(2048));
      expect(await closed).toBe(1009);
    } finally {
      await small.close();
    }
  });
});

describe("the sender over the payload limit", () => {
  it("is closed with 1009 even while much of what it sent is still unread", async () => {
    // The sender in its own process (as a real client is), sending 4 messages of twice the limit.
    const urls: string[] = [];
    for (let i = 0; i < 5; i++) urls.push(connectUrl(await info("recorder", `big-${i}`)));
    const script = `const WebSocket = require(${JSON.stringify(require.resolve("ws"))});
      (async () => { const codes = [];
        for (const url of ${JSON.stringify(urls)}) codes.push(await new Promise((resolve) => {
          const ws = new WebSocket(url);
          ws.on("error", () => {});
          ws.on("open", () => { for (let i = 0; i < 4; i++) ws.send(Buffer.alloc(${2 * specValidator().rules.websocket!.maxMessageBytes})); });
          ws.on("close", (code) => resolve(code));
        }));
        console.log(JSON.stringify(codes)); })();`;
    const child = spawn(process.execPath, ["-e", script], { stdio: ["ignore", "pipe", "inherit"] });
    let out = "";
    child.stdout.on("data", (c: Buffer) => (out += c.toString()));
    await once(child, "exit");
    expect(JSON.parse(out)).toEqual([1009, 1009, 1009, 1009, 1009]);
  });
});

describe("admission", () => {
  const expectRefusal = (r: Refusal, status: number, reason: RegExp) => {
    expect(r.status).toBe(status);
    expect(specValidator().validateSchema("ErrorResponse", r.body)).toEqual([]);
    expect((r.body as { errorReason: string }).errorReason).toMatch(reason);
    expect(r.headers["x-request-id"]).toBeTruthy();
  };

  it("refuses a missing connectParam with 401", async () => {
    const i = await info("recorder");
    expectRefusal(await refused(i.wssUrl), 401, /^connectParam: is missing/);
  });

  it("refuses a forged connectParam with 401", async () => {
    const i = await info("recorder");
    const [payload, signature] = i.connectParam.split(".");
    const tampered = Buffer.from(payload!, "base64url").toString().replace('"recorder"', '"replayer"');
    const forged = `${Buffer.from(tampered).toString("base64url")}.${signature}`;
    expectRefusal(await refused(connectUrl({ ...i, connectParam: forged })), 401, /signature/);
    expectRefusal(await refused(connectUrl({ ...i, connectParam: `${payload}.AAAA` })), 401, /signature/);
    expectRefusal(await refused(connectUrl({ ...i, connectParam: "garbage" })), 401, /malformed/);
  });

  it("refuses a bearer token presented as a connectParam", async () => {
    const i = await info("recorder");
    expectRefusal(await refused(connectUrl({ ...i, connectParam: token })), 401, /signature/);
  });

  it("refuses a connectParam signed by a server with another key", async () => {
    const other = await start();
    try {
      const foreign = await info("recorder", "room-x", other, await issueToken(other));
      const own = await info("recorder", "room-x");
      expectRefusal(await refused(connectUrl({ ...own, connectParam: foreign.connectParam })), 401, /signature/);
    } finally {
      await other.close();
    }
  });

  it("refuses an expired connectParam with 401", async () => {
    const i = await info("recorder");
    clock += 61_000;
    try {
      expectRefusal(await refused(connectUrl(i)), 401, /expired/);
    } finally {
      clock = Date.now();
    }
  });

  it("refuses another room's connectParam with 403", async () => {
    const a = await info("recorder", "room-a");
    const b = await info("recorder", "room-b");
    expectRefusal(await refused(connectUrl({ ...b, connectParam: a.connectParam })), 403, /another room/);
  });

  it("refuses a role query that is not the connectParam's role with 403", async () => {
    const i = await info("replayer");
    expectRefusal(await refused(`${connectUrl(i)}&role=recorder`), 403, /^role/);
    const ws = await admitted(`${connectUrl(i)}&role=replayer`, open);
    expect(ws.readyState).toBe(WebSocket.OPEN);
  });

  it("answers 404 outside /ws/cobrowse/<roomId>", async () => {
    const i = await info("recorder");
    const base = mock.url.replace("http:", "ws:");
    expectRefusal(await refused(`${base}/ws/other?connectParam=${i.connectParam}`), 404, /^path/);
    expectRefusal(await refused(`${base}/ws/cobrowse/?connectParam=${i.connectParam}`), 404, /^path/);
  });

  it("admits, on a replica with the same signing key, a connectParam the other issued", async () => {
    const [a, b] = await Promise.all([start({ signingKey: "room-key" }), start({ signingKey: "room-key" })]);
    try {
      const fromA = await info("recorder", "shared-room", a, await issueToken(a));
      const onB = connectUrl({ ...fromA, wssUrl: fromA.wssUrl.replace(`:${a.port}/`, `:${b.port}/`) });
      const ws = await admitted(onB, open);
      expect((await b.rooms.waitFor("shared-room", { recorder: 1 })).connections.recorder).toBe(1);
      ws.close();
    } finally {
      await Promise.all([a.close(), b.close()]);
    }
  });
});

describe("garbage on the WebSocket side", () => {
  /** Sends raw bytes to the server and resolves with what comes back before it closes (or 3 s pass). */
  function rawExchange(data: Buffer | string, thenSend?: Buffer): Promise<string> {
    return new Promise((resolve) => {
      const socket = tcpConnect(mock.port, "127.0.0.1");
      let text = "";
      let sentMore = false;
      const timer = setTimeout(() => {
        socket.destroy();
        resolve(text);
      }, 3000);
      socket.on("data", (c: Buffer) => {
        text += c.toString("latin1");
        if (thenSend && !sentMore && text.includes("\r\n\r\n")) {
          sentMore = true;
          socket.write(thenSend);
        }
      });
      socket.on("error", () => {});
      socket.on("close", () => {
        clearTimeout(timer);
        resolve(text);
      });
      socket.write(data);
    });
  }
  const upgrade = (path: string, headers: Record<string, string>) =>
    `GET ${path} HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: Upgrade\r\nUpgrade: websocket\r\n${Object.entries(headers)
      .map(([k, v]) => `${k}: ${v}\r\n`)
      .join("")}\r\n`;

  it("refuses malformed handshakes with a 4xx and keeps serving", async () => {
    const i = await info("recorder");
    const path = new URL(connectUrl(i)).pathname + new URL(connectUrl(i)).search;
    const cases = [
      upgrade(path, { "Sec-WebSocket-Version": "13" }), // no key
      upgrade(path, { "Sec-WebSocket-Version": "99", "Sec-WebSocket-Key": "dGhlIHNhbXBsZSBub25jZQ==" }),
      upgrade(path, { "Sec-WebSocket-Version": "13", "Sec-WebSocket-Key": "short" }),
      upgrade("/ws/cobrowse/%E0%A4%A?connectParam=x", {
        "Sec-WebSocket-Version": "13",
        "Sec-WebSocket-Key": "dGhlIHNhbXBsZSBub25jZQ==",
      }),
      upgrade(path, { "Sec-WebSocket-Version": "13", "Sec-WebSocket-Key": "dGhlIHNhbXBsZSBub25jZQ==" }).replace(
        /^GET/,
        "POST",
      ),
    ];
    for (const request of cases) {
      const answer = await rawExchange(request);
      expect(answer).toMatch(/^HTTP\/1\.1 4\d\d /);
    }
    expect((await post(mock.url + INFO_PATH, { role: "recorder" }, infoHeaders(mock, token))).status).toBe(200);
  });

  it("closes a connection that sends invalid frames, and keeps the room working", async () => {
    const customer = await info("recorder");
    const agent = await info("replayer", customer.roomId);
    const replayer = await admitted(connectUrl(agent), open);
    const path = new URL(connectUrl(customer)).pathname + new URL(connectUrl(customer)).search;
    const handshake = upgrade(path, { "Sec-WebSocket-Version": "13", "Sec-WebSocket-Key": "dGhlIHNhbXBsZSBub25jZQ==" });
    // An unmasked frame with a reserved opcode, then junk: the server must drop this connection.
    const answer = await rawExchange(handshake, Buffer.from([0x83, 0x05, 1, 2, 3, 4, 5, 0xff, 0xff]));
    expect(answer).toMatch(/^HTTP\/1\.1 101 /);
    const recorder = await admitted(connectUrl(customer), open);
    const got = nextMessage(replayer);
    recorder.send("still here");
    expect((await got).data.toString()).toBe("still here");
  });
});

describe("heartbeat", () => {
  it("drops a connection that stops answering pings and keeps one that answers", async () => {
    const own = await start({ wsHeartbeatMs: 1000 });
    try {
      const t = await issueToken(own);
      const url = connectUrl(await info("recorder", "beat", own, t));
      const deaf = new WebSocket(url, { autoPong: false });
      const live = new WebSocket(url);
      open.push(deaf, live);
      await Promise.all([deaf, live].map((ws) => new Promise((r) => ws.once("open", r))));
      const code = await new Promise<number>((r) => deaf.once("close", (c: number) => r(c)));
      expect(code).toBe(1006);
      expect(live.readyState).toBe(WebSocket.OPEN);
    } finally {
      await own.close();
    }
  });
});

describe("shutdown", () => {
  it("closes WebSocket clients with 1001 on close()", async () => {
    const own = await start();
    const t = await issueToken(own);
    const ws = await admitted(connectUrl(await info("recorder", "bye", own, t)), open);
    const closed = new Promise<number>((r) => ws.once("close", (code: number) => r(code)));
    await own.close();
    expect(await closed).toBe(1001);
  });
});

describe("shutdown while connections arrive", () => {
  it("does not admit a WebSocket once close() has begun, and close() does not wait for one forever", async () => {
    const own = await start();
    const t = await issueToken(own);
    const first = await info("recorder", "late", own, t);
    const second = await info("replayer", "late", own, t);
    // A peer that completes the handshake but never answers the close frame: close() waits
    // for it (about a second) before dropping it, and that is when the second side arrives.
    const url = new URL(connectUrl(first));
    const stubborn = tcpConnect(own.port, "127.0.0.1");
    stubborn.on("error", () => {});
    await new Promise<void>((resolve) => {
      stubborn.on("data", (c: Buffer) => {
        if (c.toString("latin1").startsWith("HTTP/1.1 101")) resolve();
      });
      stubborn.write(
        `GET ${url.pathname}${url.search} HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: Upgrade\r\nUpgrade: websocket\r\n` +
          "Sec-WebSocket-Version: 13\r\nSec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\n\r\n",
      );
    });
    await own.rooms.waitFor("late", { recorder: 1 });
    const closing = own.close();
    const late = new WebSocket(connectUrl(second));
    late.on("error", () => {});
    const lateClosed = new Promise<void>((r) => late.once("close", () => r()));
    const outcome = await Promise.race([
      closing.then(() => "closed"),
      new Promise((r) => setTimeout(() => r("hung"), 6000)),
    ]);
    // Clean up whatever happened, so a failure does not leave the server open.
    late.terminate();
    stubborn.destroy();
    await closing;
    expect(outcome).toBe("closed");
    await lateClosed;
  }, 20_000);
});
