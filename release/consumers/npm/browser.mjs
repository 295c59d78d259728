// The entry a consumer's bundler builds for a browser (esbuild, platform browser: the `browser`
// export condition): the client's browser build and the msw handlers (with the spec they read),
// no Node built-ins. The bundle is then run against the mock with the configuration handed over
// on globalThis, as a page would set it.
import { connectUrl, createCobrowseClient } from "@cec-cobrowse/client";
import { createHandlers } from "@cec-cobrowse/msw";

const { baseUrl, appKey, tenantSpaceId, token } = globalThis.COBROWSE_CONSUMER;
const client = createCobrowseClient({ baseUrl, appKey, tenantSpaceId, tokenProvider: async () => token });
const customer = await client.getConnectionInfo({ role: "recorder" });
const agent = await client.getConnectionInfo({ role: "replayer", roomId: customer.data.roomId });
if (agent.data.roomId !== customer.data.roomId) throw new Error("not one room");
globalThis.COBROWSE_CONSUMER.result = {
  roomId: agent.data.roomId,
  url: connectUrl(agent.data),
  handlers: createHandlers().length,
};
