// Room ids as the vendor allows them (any text but control characters: `10***04`, `/`, `#`, `%`,
// spaces, any script) go into the WebSocket URL percent-encoded and come back whole through both
// roles and the relay; and a connectParam lives no longer than the token that obtained it (the
// spec's x-cobrowse-rules.websocket.expiresWithToken).
import { specValidator } from "@cec-cobrowse/spec";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type WebSocket from "ws";
import type { MockServer } from "../src/index.js";
import { admitted, connectUrl, INFO_PATH, infoHeaders, issueToken, post, refused, start } from "./helpers.js";

interface Info {
  roomId: string;
  wssUrl: string;
  connectParam: string;
}

let clock = Date.now();
let mock: MockServer;
let token: string;
const open: WebSocket[] = [];
beforeAll(async () => {
  mock = await start({ now: () => clock });
  token = await issueToken(mock, 86400);
});
afterAll(async () => {
  for (const ws of open) ws.terminate();
  await mock.close();
});

async function info(role: string, roomId: string, t = token): Promise<Info> {
  const answer = await post(mock.url + INFO_PATH, { role, roomId }, infoHeaders(mock, t));
  expect(answer.status, JSON.stringify(answer.body)).toBe(200);
  return (answer.body as { data: Info }).data;
}

const message = (ws: WebSocket) =>
  new Promise<string>((resolve) => ws.once("message", (data: Buffer) => resolve(data.toString("utf8"))));

const ROOMS = ["10***04", "a/b", "sharp#room", "100%", "has space", "Сессия ü 会话", "mix */#% ü-ok", "😀"];
const [recorder, replayer] = specValidator().deref({ $ref: "#/components/schemas/Role" }).enum as [string, string];

describe("room ids of any text", () => {
  it.each(ROOMS)(
    "%j: echoed, percent-encoded in the URL, admitted for both roles and relayed each way",
    async (roomId) => {
      const a = await info(recorder, roomId);
      const b = await info(replayer, roomId);
      expect(a.roomId).toBe(roomId);
      expect(new URL(a.wssUrl).pathname).toBe(`/ws/cobrowse/${encodeURIComponent(roomId)}`);
      const [ra, rb] = await Promise.all([admitted(connectUrl(a), open), admitted(connectUrl(b), open)]);
      await mock.rooms.waitFor(roomId, { [recorder]: 1, [replayer]: 1 });
      const toReplayer = message(rb);
      ra.send(`from the ${recorder}`);
      expect(await toReplayer).toBe(`from the ${recorder}`);
      const toRecorder = message(ra);
      rb.send(`from the ${replayer}`);
      expect(await toRecorder).toBe(`from the ${replayer}`);
      ra.close();
      rb.close();
    },
  );

  it("still refuses a connectParam at another room's URL, and a raw / (another path) as not found", async () => {
    const a = await info(recorder, "a/b");
    const other = await info(recorder, "a");
    expect((await refused(connectUrl({ ...a, wssUrl: other.wssUrl }))).status).toBe(
      specValidator().rules.websocket!.refusals.otherRoom,
    );
    expect((await refused(connectUrl({ ...a, wssUrl: a.wssUrl.replace("a%2Fb", "a/b") }))).status).toBe(
      specValidator().rules.websocket!.refusals.notFound,
    );
  });
});

describe("a connectParam expires with the token that obtained it", () => {
  it("is refused as expired once that token has expired, though its own lifetime is longer", async () => {
    const short = await issueToken(mock, 5);
    const a = await info(recorder, "short-lived", short);
    const ws = await admitted(connectUrl(a), open);
    ws.close();
    clock += 6_000;
    try {
      expect((await refused(connectUrl(a))).status).toBe(specValidator().rules.websocket!.refusals.expired);
      // a long-lived token's connectParam, obtained at the same time, still works
      const b = await info(recorder, "long-lived");
      (await admitted(connectUrl(b), open)).close();
    } finally {
      clock = Date.now();
    }
  });
});
