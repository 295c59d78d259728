// The control API's faults shared by replicas, in Redis: a list of fault ids per (scope,
// operation) and one per scope for any operation, a hash per fault (its JSON and what remains
// of its count), and counters per scope and in all for the caps. Taking (with the chaos
// mode's request count) and queueing are Lua scripts, atomic across replicas and
// constant-time in the length of the queues. Clearing a
// scope publishes its name, and every replica releases the requests its faults hold there.
import type { SpecValidator } from "@cec-cobrowse/spec";
import { chaosKeys } from "../chaos/redis-chaos.js";
import type { ResolvedChaosSettings } from "../chaos/settings.js";
import type { ChaosTick } from "../chaos/store.js";
import { PREFIX, type RedisLink } from "../stores/redis.js";
import type { FaultChecker } from "./checker.js";
import { FaultLimitError, type FaultSpec, FaultSpecError, type PendingFault } from "./model.js";
import { ANY_OPERATION, type FaultStore, type HeldRequests } from "./queue.js";

const KEYS = `${PREFIX}faults:`;
/** Where a cleared scope (or a stopped chaos mode's hold key) is announced, for every replica to release its held requests. */
export const RELEASE_CHANNEL = `${PREFIX}faults:release`;

// KEYS: queue, scope count, total count, id counter. ARGV: fault key prefix, JSON, count, per-scope cap, total cap.
const INJECT = `
if tonumber(redis.call('GET', KEYS[2]) or '0') >= tonumber(ARGV[4]) then return {-1, redis.call('GET', KEYS[2])} end
if tonumber(redis.call('GET', KEYS[3]) or '0') >= tonumber(ARGV[5]) then return {-2, redis.call('GET', KEYS[3])} end
local id = redis.call('INCR', KEYS[4])
redis.call('HSET', ARGV[1] .. id, 'json', ARGV[2], 'remaining', ARGV[3])
redis.call('RPUSH', KEYS[1], id)
redis.call('INCR', KEYS[2])
redis.call('INCR', KEYS[3])
return {id}`;

// KEYS: the operation's queue, the any-operation queue, scope count, total count, the scope's
// chaos settings and chaos counter. ARGV: fault key prefix, "1" to leave the queues alone (a
// fault of this process's own queue caught the request). Returns the fault taken (id, JSON,
// what remains of its count) or falses, then the request's chaos number and the settings
// (falses when the scope has no chaos mode on): one round trip per request.
const ARRIVE = `
local function take()
  local a = redis.call('LINDEX', KEYS[1], 0)
  local b = redis.call('LINDEX', KEYS[2], 0)
  if not a and not b then return false end
  local q, id = KEYS[2], b
  if a and (not b or tonumber(a) < tonumber(b)) then q, id = KEYS[1], a end
  local key = ARGV[1] .. id
  local json = redis.call('HGET', key, 'json')
  if not json then
    redis.call('LPOP', q)
    return false
  end
  local remaining = redis.call('HINCRBY', key, 'remaining', -1)
  if remaining <= 0 then
    redis.call('LPOP', q)
    redis.call('DEL', key)
    redis.call('DECR', KEYS[3])
    redis.call('DECR', KEYS[4])
  end
  return {id, json, remaining}
end
local fault = false
if ARGV[2] ~= '1' then fault = take() end
local settings = redis.call('GET', KEYS[5])
local n = false
if settings then n = redis.call('INCR', KEYS[6]) end
if not fault then fault = {false, false, false} end
return {fault[1], fault[2], fault[3], n, settings or false}`;

// KEYS: scope count, total count, then the scope's queues. ARGV: fault key prefix.
const CLEAR = `
local n = 0
for i = 3, #KEYS do
  for _, id in ipairs(redis.call('LRANGE', KEYS[i], 0, -1)) do
    redis.call('DEL', ARGV[1] .. id)
    n = n + 1
  end
  redis.call('DEL', KEYS[i])
end
redis.call('DEL', KEYS[1])
if n > 0 then redis.call('DECRBY', KEYS[2], n) end
return n`;

/** An error of the store itself (Redis away), answered 503 by the control API. */
function unavailable(error: unknown): Error {
  if (error instanceof FaultSpecError || error instanceof FaultLimitError) return error;
  return Object.assign(new Error(`the shared fault store is not reachable: ${(error as Error).message}`), {
    storeUnavailable: true,
  });
}

export class RedisFaults implements FaultStore {
  readonly #link: RedisLink;
  readonly #checker: FaultChecker;
  readonly #held: HeldRequests;
  readonly #queues: string[];
  #settingsText: string | undefined;
  #settings: ResolvedChaosSettings | undefined;

  private constructor(link: RedisLink, spec: SpecValidator, checker: FaultChecker, held: HeldRequests) {
    this.#link = link;
    this.#checker = checker;
    this.#held = held;
    this.#queues = [ANY_OPERATION, ...spec.operations.keys()];
  }

  /** The store, listening for the scopes other replicas clear. */
  static async create(
    link: RedisLink,
    spec: SpecValidator,
    checker: FaultChecker,
    held: HeldRequests,
  ): Promise<RedisFaults> {
    const store = new RedisFaults(link, spec, checker, held);
    await link.subscribe(RELEASE_CHANNEL, (scope) => held.release(scope.toString("utf8")));
    return store;
  }

  #queue(scope: string, key: string): string {
    return `${KEYS}q:${scope}:${key}`;
  }

  async inject(spec: FaultSpec, scope: string): Promise<PendingFault> {
    const fault = this.#checker.pending(spec, 0, scope);
    const { id: _id, remaining, ...rest } = fault;
    const { maxQueuedPerScope, maxQueued } = this.#checker.limits;
    let answer: [number, string?];
    try {
      answer = (await this.#link.commands.eval(
        INJECT,
        4,
        this.#queue(scope, fault.operationId ?? ANY_OPERATION),
        `${KEYS}n:${scope}`,
        `${KEYS}total`,
        `${KEYS}id`,
        `${KEYS}f:`,
        JSON.stringify(rest),
        remaining,
        maxQueuedPerScope,
        maxQueued,
      )) as [number, string?];
    } catch (error) {
      throw unavailable(error);
    }
    if (answer[0] === -1) throw this.#checker.scopeFull(scope, answer[1]!);
    if (answer[0] === -2) throw this.#checker.queuesFull(answer[1]!);
    return { ...fault, id: answer[0] };
  }

  /**
   * The scope's oldest fault for this operation (unless `skipFault`), counted down, and the
   * request counted by the scope's chaos mode when it is on: one script, atomic across replicas.
   */
  async arrive(
    scope: string,
    operationId: string,
    skipFault: boolean,
  ): Promise<{ fault?: PendingFault; chaos?: ChaosTick }> {
    const chaos = chaosKeys(scope);
    const [id, json, remaining, n, settings] = (await this.#link.commands.eval(
      ARRIVE,
      6,
      this.#queue(scope, operationId),
      this.#queue(scope, ANY_OPERATION),
      `${KEYS}n:${scope}`,
      `${KEYS}total`,
      chaos.settings,
      chaos.counter,
      `${KEYS}f:`,
      skipFault ? "1" : "0",
    )) as [string | null, string | null, number | null, number | null, string | null];
    const out: { fault?: PendingFault; chaos?: ChaosTick } = {};
    if (id !== null && json !== null)
      out.fault = {
        ...(JSON.parse(json) as Omit<PendingFault, "id" | "remaining">),
        id: Number(id),
        remaining: Number(remaining),
      };
    if (n !== null && settings !== null) {
      // The settings change only when a scope's chaos mode is restarted: parse each text once.
      if (settings !== this.#settingsText)
        this.#settings = JSON.parse((this.#settingsText = settings)) as ResolvedChaosSettings;
      out.chaos = { n: Number(n), settings: this.#settings! };
    }
    return out;
  }

  async list(scope: string): Promise<PendingFault[]> {
    try {
      const out: PendingFault[] = [];
      for (const key of this.#queues) {
        for (const id of await this.#link.commands.lrange(this.#queue(scope, key), 0, -1)) {
          const [json, remaining] = await this.#link.commands.hmget(`${KEYS}f:${id}`, "json", "remaining");
          if (json)
            out.push({
              ...(JSON.parse(json) as Omit<PendingFault, "id" | "remaining">),
              id: Number(id),
              remaining: Number(remaining),
            });
        }
      }
      return out.sort((a, b) => a.id - b.id);
    } catch (error) {
      throw unavailable(error);
    }
  }

  async clear(scope: string): Promise<void> {
    try {
      await this.#link.commands.eval(
        CLEAR,
        2 + this.#queues.length,
        `${KEYS}n:${scope}`,
        `${KEYS}total`,
        ...this.#queues.map((k) => this.#queue(scope, k)),
        `${KEYS}f:`,
      );
      this.#held.release(scope);
      await this.#link.commands.publish(RELEASE_CHANNEL, scope);
    } catch (error) {
      throw unavailable(error);
    }
  }
}
