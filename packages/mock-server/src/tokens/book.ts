// Where the server records what happens to its tokens: issued (an id), answered (the time
// the answer finished), revoked. In one process that is the registry itself; with Redis the
// replicas share ids and news (redis-tokens.ts), each keeping a full registry of its own.
import { type IssuedToken, TokenRegistry } from "./registry.js";

/** A token about to be registered: everything but its id. */
export type NewToken = Omit<IssuedToken, "id" | "order">;

export interface TokenBook {
  /** The registry every state, auth check and scan reads (kept whole on every replica). */
  readonly registry: TokenRegistry;
  /** Gives the token its id (t1, t2, … unique among replicas) and registers it. */
  issue(token: NewToken): IssuedToken | Promise<IssuedToken>;
  /** The answer carrying token `id` finished at `at`. */
  finished(id: string, at: number): void;
  /** Revokes `token` from `at` until `expiresAt`, on every replica; resolves once the other replicas were told. */
  revoke(token: string, at: number, expiresAt: number): void | Promise<void>;
}

/** The token book of a single process. */
export class LocalTokens implements TokenBook {
  readonly registry = new TokenRegistry();
  #next = 1;

  issue(token: NewToken): IssuedToken {
    const order = this.#next++;
    const issued: IssuedToken = { ...token, id: `t${order}`, order };
    this.registry.add(issued);
    return issued;
  }

  finished(id: string, at: number): void {
    this.registry.finished(id, at);
  }

  revoke(token: string, at: number, expiresAt: number): void {
    this.registry.revoke(token, at, expiresAt);
  }
}
