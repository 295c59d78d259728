// tokenByAkSk, once its checks passed: a signed token living the lifetime asked for (the spec's
// lifetime header), or the spec's default lifetime.
import { randomUUID } from "node:crypto";
import type { TokenResponse } from "@cec-cobrowse/types";
import type { CheckedRequest } from "../checks.js";
import type { Config } from "../config.js";
import type { Responder } from "../respond.js";
import type { Signer } from "../signing.js";

export function tokenHandler(config: Config, respond: Responder, tokens: Signer): (request: CheckedRequest) => void {
  const source = config.spec.tokenSource();
  const defaultLifetime = source.lifetime.default;
  if (defaultLifetime === undefined) throw new Error(`the spec's ${source.lifetimeHeader.at}: its schema has no default lifetime for the mock to issue`);
  const header = source.lifetimeHeader.name.toLowerCase();
  return (request) => {
    const asked = request.req.headers[header];
    // The validation check has held the header to its schema already.
    const lifetime = asked === undefined ? defaultLifetime : Number(String(asked).trim());
    const nowMs = config.now();
    const createTime = Math.floor(nowMs / 1000);
    // Valid until at least CreateTime + Expires (it runs from the exact creation instant).
    const token = tokens.sign({ a: config.credentials.appKey, iat: createTime, exp: nowMs + lifetime * 1000, jti: randomUUID() });
    const answer: TokenResponse = {
      AccessToken: token,
      ApplyType: "Bearer",
      CreateTime: String(createTime),
      Expires: String(lifetime),
      Scope: "default",
      AppKey: config.credentials.appKey,
      UserID: "Anonymous",
    };
    respond.send(request, 200, JSON.stringify(answer));
  };
}
