// Tokens for a browser: the backend holds the secret and answers tokens on a route of its own; the
// browser build of the client gets them through tokenProvider (and refuses an app secret).
import { once } from "node:events";
import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { fromEnv } from "@cec-cobrowse/client";
import { createCobrowseClient } from "@cec-cobrowse/client/browser";

// Backend (put your own authentication in front of the route): a token and its lifetime, never the secret.
const backend = fromEnv();
const server = createServer(async (_request, response) => {
  const { accessToken, expiresIn } = await backend.getToken();
  response.setHeader("content-type", "application/json");
  response.end(JSON.stringify({ accessToken, expiresIn }));
});
server.listen(0, "127.0.0.1");
await once(server, "listening");
const tokenUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}/cobrowse/token`;

// Browser (this code runs in a page as it is; here on Node's fetch): the app key and tenant are not secret.
const browser = createCobrowseClient({
  baseUrl: process.env.COBROWSE_BASE_URL!,
  appKey: process.env.COBROWSE_APP_KEY!,
  tenantSpaceId: process.env.COBROWSE_TENANT_SPACE_ID!,
  tokenProvider: async ({ signal }) => (await fetch(tokenUrl, { signal })).json(),
});
const { data } = await browser.getConnectionInfo({ role: "recorder" });
console.log(`browser client joined room ${data.roomId} with a token from the backend`);
server.close();
