// The vendor's own example request, as its reference page shows it, is accepted: the client's
// pre-send checks (read from the spec) take it, the mock answers it, and the room id comes back
// as sent, in the answer and (percent-encoded) in the WebSocket URL.
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { clientFor } from "./helpers/client.js";
import { startMock, type TestMock } from "./helpers/mock.js";

/** `{"roomId":"10***04","workNo":"667","role":"replayer"}`, the vendor's example. */
const VENDOR_EXAMPLE = { roomId: "10***04", workNo: "667", role: "replayer" } as const;

let mock: TestMock;
beforeEach(async () => {
  mock = await startMock();
});
afterEach(() => mock.close());

describe("the vendor's example request", () => {
  it("is sent and answered, the room id echoed", async () => {
    const answer = await clientFor(mock).getConnectionInfo({ ...VENDOR_EXAMPLE });
    expect(answer.data.roomId).toBe("10***04");
    expect(answer.data.wssUrl).toMatch(/\/ws\/cobrowse\/10\*\*\*04$/);
    expect(answer.data.connectParam).toEqual(expect.any(String));
  });

  it("and any other session id the vendor's rule allows, percent-encoded in the WebSocket URL", async () => {
    const roomId = "10***04 /#% ü";
    const answer = await clientFor(mock).getConnectionInfo({ ...VENDOR_EXAMPLE, roomId });
    expect(answer.data.roomId).toBe(roomId);
    expect(answer.data.wssUrl!.endsWith(`/ws/cobrowse/${encodeURIComponent(roomId)}`)).toBe(true);
  });
});
