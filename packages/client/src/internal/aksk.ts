// Gets a token from the token operation with the app key and secret. Node entry only: the
// browser build never holds the secret, so it does not carry this code either. The operation,
// its path, the lifetime header, the answer's field names and their patterns are the spec's
// (the generated constants). The request goes through the same send loop as every call: the
// same budget, timeouts, answer cap and redirect refusal. @internal
import type { AkSkContext } from "../client.js";
import { securitySchemes, tokenAnswer, tokenByAkSk, tokenLifetime, type tokenSource } from "../generated/spec.js";
import { Unusable } from "./answer.js";
import { type CachedToken, tokenDeadline } from "./token-cache.js";

// The operation the spec's x-cobrowse-token names (this fails to compile when it names another).
const {
  operationId: op,
  method,
  path,
  security,
} = tokenByAkSk satisfies { operationId: typeof tokenSource.operationId };
const { patterns } = tokenAnswer;
const LIFETIME = new RegExp(patterns.lifetime, "u");
const CREATED = new RegExp(patterns.createTime, "u");
// The token request is not a tenant's call: drop the client-wide headers of the schemes it does not use.
const dropped = Object.fromEntries(
  Object.entries(securitySchemes)
    .filter(([scheme, s]) => s.kind === "apiKey" && !(security as readonly string[]).includes(scheme))
    .map(([, s]) => [s.header, null]),
);

export function loadAkSk(c: AkSkContext): Promise<CachedToken> {
  const { appKey, appSecret, tokenExpire } = c.options;
  return c.send({
    op,
    exchange: (_token, fetch) =>
      c.raw.request(method, path, {
        body: { app_key: appKey, app_secret: appSecret as string },
        params: { header: tokenExpire ? { [tokenLifetime.header]: tokenExpire } : {} },
        headers: dropped,
        fetch,
        parseAs: "stream",
      }),
    accept(json, _response, sentAt) {
      const receivedAt = Date.now();
      const t = json as Record<string, unknown> | null;
      const token = t?.[tokenAnswer.token];
      const expires = String(t?.[tokenAnswer.lifetime]);
      if (typeof token !== "string" || !token || !LIFETIME.test(expires)) {
        throw new Unusable(
          `the answer lacks ${tokenAnswer.token} or an ${tokenAnswer.lifetime} matching ${patterns.lifetime}`,
        );
      }
      const createTime = String(t?.[tokenAnswer.createTime]);
      const created = CREATED.test(createTime) ? Number(createTime) : Number.NEGATIVE_INFINITY;
      return c.schedule(token, receivedAt, tokenDeadline(created, Number(expires), sentAt, receivedAt));
    },
  });
}
