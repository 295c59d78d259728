// The replicas' shared token news, through Redis: one id counter (INCR, so ids are t1, t2, …
// across replicas, in issue order), and a channel on which each replica tells the others of
// every token it issued, every answer of one that finished, and every revocation, so each
// replica's registry is whole and the auth check refuses a revoked token on every replica
// without a round trip. Revocations are also kept in a sorted set (by expiry, at most
// MAX_TOKENS), read by a replica when it starts. While Redis is away a replica numbers its
// tokens on its own (t-<replica>-<n>) and the others do not hear of them.
import { randomUUID } from "node:crypto";
import { PREFIX, type RedisLink } from "../stores/redis.js";
import type { NewToken, TokenBook } from "./book.js";
import { type IssuedToken, MAX_TOKENS, TokenRegistry } from "./registry.js";

const ID_KEY = `${PREFIX}tokens:id`;
const REVOKED_KEY = `${PREFIX}tokens:revoked`;
const CHANNEL = `${PREFIX}tokens`;

// KEYS: the revocations. ARGV: member, expiry, now, cap, channel, message.
const REVOKE = `
redis.call('ZADD', KEYS[1], ARGV[2], ARGV[1])
redis.call('ZREMRANGEBYSCORE', KEYS[1], '-inf', ARGV[3])
redis.call('ZREMRANGEBYRANK', KEYS[1], 0, -tonumber(ARGV[4]) - 1)
redis.call('PUBLISH', ARGV[5], ARGV[6])
return 1`;

type News =
  | { k: "issued"; r: string; t: IssuedToken }
  | { k: "finished"; r: string; id: string; at: number }
  | { k: "revoked"; r: string; token: string; at: number; expiresAt: number };

export class RedisTokens implements TokenBook {
  readonly registry = new TokenRegistry();
  readonly #link: RedisLink;
  readonly #log: (line: string) => void;
  readonly #replica = randomUUID().slice(0, 8);
  #local = 0;
  #lastWarning = 0;

  private constructor(link: RedisLink, log: (line: string) => void) {
    this.#link = link;
    this.#log = log;
  }

  /** The shared book: listening to the other replicas, and knowing the revocations still in force. */
  static async create(link: RedisLink, log: (line: string) => void, now: () => number): Promise<RedisTokens> {
    const book = new RedisTokens(link, log);
    await link.subscribe(CHANNEL, (message) => book.#hear(message));
    const members = await link.commands.zrangebyscore(REVOKED_KEY, now(), "+inf", "WITHSCORES");
    for (let i = 0; i + 1 < members.length; i += 2) {
      const { token, at } = JSON.parse(members[i]!) as { token: string; at: number };
      book.registry.revoke(token, at, Number(members[i + 1]));
    }
    return book;
  }

  async issue(token: NewToken): Promise<IssuedToken> {
    let issued: IssuedToken;
    try {
      const order = await this.#link.commands.incr(ID_KEY);
      issued = { ...token, id: `t${order}`, order };
    } catch (error) {
      this.#warn(error);
      issued = { ...token, id: `t-${this.#replica}-${++this.#local}`, order: undefined };
    }
    this.registry.add(issued);
    this.#tell({ k: "issued", r: this.#replica, t: issued });
    return issued;
  }

  finished(id: string, at: number): void {
    this.registry.finished(id, at);
    this.#tell({ k: "finished", r: this.#replica, id, at });
  }

  async revoke(token: string, at: number, expiresAt: number): Promise<void> {
    this.registry.revoke(token, at, expiresAt);
    const news: News = { k: "revoked", r: this.#replica, token, at, expiresAt };
    try {
      await this.#link.commands.eval(
        REVOKE,
        1,
        REVOKED_KEY,
        JSON.stringify({ token, at }),
        expiresAt,
        at,
        MAX_TOKENS,
        CHANNEL,
        JSON.stringify(news),
      );
    } catch (error) {
      this.#warn(error);
    }
  }

  #tell(news: News): void {
    this.#link.commands.publish(CHANNEL, JSON.stringify(news)).catch((error: unknown) => this.#warn(error));
  }

  #hear(message: Buffer): void {
    let news: News;
    try {
      news = JSON.parse(message.toString("utf8")) as News;
    } catch {
      return;
    }
    if (news.r === this.#replica) return;
    if (news.k === "issued") this.registry.add(news.t);
    else if (news.k === "finished") this.registry.finished(news.id, news.at);
    else if (news.k === "revoked") this.registry.revoke(news.token, news.at, news.expiresAt);
  }

  #warn(error: unknown): void {
    const now = Date.now();
    if (now - this.#lastWarning < 1000) return;
    this.#lastWarning = now;
    this.#log(
      `tokens: Redis did not answer (${String((error as Error).message ?? error).slice(0, 200)}); token ids and news stay on this replica until it does`,
    );
  }
}
