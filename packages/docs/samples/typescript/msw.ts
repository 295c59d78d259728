// Front-end tests without a server: @cec-cobrowse/msw answers the spec's examples, and a named
// scenario makes the next answer a failure (here an expired token, which the client survives).
import { createCobrowseClient } from "@cec-cobrowse/client/browser";
import { createHandlers, scenarios } from "@cec-cobrowse/msw";
import { setupServer } from "msw/node"; // setupWorker from "msw/browser" in a page

const server = setupServer(...createHandlers());
server.listen({ onUnhandledRequest: "error" });
server.use(scenarios.expiredToken());

let tokens = 0;
const client = createCobrowseClient({
  baseUrl: "https://service.besclouds.com",
  appKey: "your-app-key",
  tenantSpaceId: "your-tenant",
  tokenProvider: async () => `token-${++tokens}`,
});
const { data } = await client.getConnectionInfo({ role: "replayer", roomId: "1001202404" });
console.log(`room ${data.roomId} after an expired token: ${tokens} tokens asked`);
server.close();
