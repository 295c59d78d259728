// tokenByAkSk, once its checks passed: a signed token living the lifetime asked for (the spec's
// lifetime header), or the spec's default lifetime, capped like a gateway's (a fault's
// tokenLifetime, the chaos mode's); registered with an id, and the time its answer finished.
// The answer's fields the spec's x-cobrowse-token names are computed; the others (the token
// type, scope, user) are the spec's examples, in the schema's order.
import { randomUUID } from "node:crypto";
import type { CheckedRequest } from "../checks/checks.js";
import type { Config } from "../config.js";
import type { Responder } from "../http/respond.js";
import type { TokenBook } from "../tokens/book.js";
import type { IssuedToken } from "../tokens/registry.js";
import type { Signer } from "../tokens/signing.js";
import { examplesBesides } from "./examples.js";

export function tokenHandler(
  config: Config,
  respond: Responder,
  tokens: Signer,
  book: TokenBook,
): (request: CheckedRequest) => void | Promise<void> {
  const source = config.spec.tokenSource();
  const defaultLifetime = source.lifetime.default;
  if (defaultLifetime === undefined)
    throw new Error(`the spec's ${source.lifetimeHeader.at}: its schema has no default lifetime for the mock to issue`);
  const header = source.lifetimeHeader.name.toLowerCase();
  const fields = source.fields;
  const ok = source.operation.responses.get("200");
  const examples = new Map(
    examplesBesides(config.spec, ok?.schema, Object.values(fields), `${ok?.at}/content/application~1json/schema`),
  );
  const order = Object.keys(config.spec.properties(ok?.schema));
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
    const computed: Record<string, string> = {
      [fields.token]: token,
      [fields.createTime]: String(createTime),
      [fields.lifetime]: String(lifetime),
    };
    if (fields.appKey !== undefined) computed[fields.appKey] = config.credentials.appKey;
    const answer: Record<string, unknown> = {};
    for (const name of order) {
      if (name in computed) answer[name] = computed[name];
      else if (examples.has(name)) answer[name] = examples.get(name);
    }
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
