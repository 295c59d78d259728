// tokenByAkSk, once its checks passed: a signed token living the lifetime asked for (the spec's
// lifetime header), or the spec's default lifetime, capped like a gateway's (a fault's
// tokenLifetime, the chaos mode's); registered with an id, and the time its answer finished.
import { randomUUID } from "node:crypto";
import type { TokenResponse } from "@cec-cobrowse/types";
import type { CheckedRequest } from "../checks.js";
import type { Config } from "../config.js";
import type { Responder } from "../respond.js";
import type { Signer } from "../signing.js";
import type { TokenBook } from "../tokens/book.js";
import type { IssuedToken } from "../tokens/registry.js";

export function tokenHandler(config: Config, respond: Responder, tokens: Signer, book: TokenBook): (request: CheckedRequest) => void | Promise<void> {
  const source = config.spec.tokenSource();
  const defaultLifetime = source.lifetime.default;
  if (defaultLifetime === undefined) throw new Error(`the spec's ${source.lifetimeHeader.at}: its schema has no default lifetime for the mock to issue`);
  const header = source.lifetimeHeader.name.toLowerCase();
  return (request) => {
    const asked = request.req.headers[header];
    // The validation check has held the header to its schema already.
    const wanted = asked === undefined ? defaultLifetime : Number(String(asked).trim());
    const lifetime = Math.min(wanted, request.lifetimeCap ?? Infinity);
    const nowMs = config.now();
    const createTime = Math.floor(nowMs / 1000);
    // Valid until at least CreateTime + Expires (it runs from the exact creation instant).
    const expiresAt = nowMs + lifetime * 1000;
    const token = tokens.sign({ a: config.credentials.appKey, iat: createTime, exp: expiresAt, jti: randomUUID() });
    const answer: TokenResponse = {
      AccessToken: token,
      ApplyType: "Bearer",
      CreateTime: String(createTime),
      Expires: String(lifetime),
      Scope: "default",
      AppKey: config.credentials.appKey,
      UserID: "Anonymous",
    };
    const send = ({ id }: IssuedToken): void => {
      if (request.record) request.record.issued = { id, lifetime };
      // Only an answer that reached the client supersedes the scope's older tokens.
      request.res.once("finish", () => book.finished(id, config.now()));
      respond.send(request, 200, JSON.stringify(answer));
    };
    const issued = book.issue({ scope: request.scope, token, issuedAt: nowMs, expiresAt, lifetime });
    return issued instanceof Promise ? issued.then(send) : send(issued);
  };
}
