// Gets a token from tokenByAkSk with the app key and secret. Node entry only: the browser
// build never holds the secret, so it does not carry this code either. @internal
import type { AkSkContext } from "./client.js";
import { type CachedToken, tokenDeadline } from "./token.js";

const TOKEN_PATH = "/apigovernance/api/oauth/tokenByAkSk";

export async function loadAkSk(c: AkSkContext): Promise<CachedToken> {
  const op = "tokenByAkSk";
  const answer = await c.send(op, undefined, (fetch) =>
    c.raw.POST(TOKEN_PATH, {
      body: { app_key: c.appKey, app_secret: c.secret },
      params: { header: c.tokenExpire ? { "X-Token-Expire": c.tokenExpire } : {} },
      // The token request is not a tenant's call: drop the client-wide headers.
      headers: { "x-app-key": null, "X-TenantSpaceID": null },
      fetch,
      parseAs: "text",
    }),
  );
  const receivedAt = Date.now();
  const json = c.parse(op, answer) as { AccessToken?: unknown; Expires?: unknown; CreateTime?: unknown } | null;
  const token = json?.AccessToken;
  const expires = String(json?.Expires);
  if (typeof token !== "string" || !token || !/^\d{1,9}$/.test(expires)) {
    throw c.apiError(op, answer.response, undefined, "the answer lacks AccessToken or a numeric Expires");
  }
  const created = /^\d{1,12}$/.test(String(json?.CreateTime)) ? Number(json?.CreateTime) : Number.NEGATIVE_INFINITY;
  return c.schedule(token, receivedAt, tokenDeadline(created, Number(expires), answer.sentAt, receivedAt));
}
