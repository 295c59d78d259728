// Gets a token from tokenByAkSk with the app key and secret. Node entry only: the browser
// build never holds the secret, so it does not carry this code either. @internal
import type { AkSkContext } from "./client.js";
import { type CachedToken, tokenDeadline } from "./token.js";

export async function loadAkSk(c: AkSkContext): Promise<CachedToken> {
  const op = "tokenByAkSk";
  const { appKey, appSecret, tokenExpire } = c.options;
  const { json, response, sentAt } = await c.send(op, undefined, (fetch) =>
    c.raw.POST("/apigovernance/api/oauth/tokenByAkSk", {
      body: { app_key: appKey, app_secret: appSecret as string },
      params: { header: tokenExpire ? { "X-Token-Expire": tokenExpire } : {} },
      // The token request is not a tenant's call: drop the client-wide headers.
      headers: { "x-app-key": null, "X-TenantSpaceID": null },
      fetch,
      parseAs: "text",
    }),
  );
  const receivedAt = Date.now();
  const t = json as { AccessToken?: unknown; Expires?: unknown; CreateTime?: unknown } | null;
  const token = t?.AccessToken;
  const expires = String(t?.Expires);
  if (typeof token !== "string" || !token || !/^\d{1,9}$/.test(expires)) {
    throw c.apiError(op, response, undefined, "the answer lacks AccessToken or a numeric Expires");
  }
  const created = /^\d{1,12}$/.test(String(t?.CreateTime)) ? Number(t?.CreateTime) : Number.NEGATIVE_INFINITY;
  return c.schedule(token, receivedAt, tokenDeadline(created, Number(expires), sentAt, receivedAt));
}
