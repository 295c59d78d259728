// The chaos mode shared by replicas, in Redis: per scope its settings (JSON), its request
// counter (INCR by the fault-taking script, so n is counted once across replicas) and its
// faults by kind (a hash), and the set of scopes with chaos on (for the cap). Stopping a scope
// publishes its hold key, and every replica releases the requests its slow faults hold.
import type { HeldRequests } from "../faults/queue.js";
import { PREFIX, type RedisLink } from "../stores/redis.js";
import { CHAOS_KINDS, type ChaosKind, MAX_CHAOS_SCOPES, type ResolvedChaosSettings } from "./settings.js";
import { type ChaosStatus, type ChaosStore, chaosHoldKey, chaosLimitError, noFaults } from "./store.js";

const KEYS = `${PREFIX}chaos:`;

/** The keys of a scope's chaos state: settings, counter, faults by kind. */
export function chaosKeys(scope: string): { settings: string; counter: string; faults: string } {
  return { settings: `${KEYS}s:${scope}`, counter: `${KEYS}n:${scope}`, faults: `${KEYS}c:${scope}` };
}

// KEYS: settings, counter, faults, scopes. ARGV: settings JSON, scope, cap, only if off (1/0).
const START = `
local running = redis.call('EXISTS', KEYS[1]) == 1
if running and ARGV[4] == '1' then return 0 end
if not running and redis.call('SCARD', KEYS[4]) >= tonumber(ARGV[3]) then return -1 - redis.call('SCARD', KEYS[4]) end
redis.call('SET', KEYS[1], ARGV[1])
redis.call('DEL', KEYS[2], KEYS[3])
redis.call('SADD', KEYS[4], ARGV[2])
return 1`;

// KEYS: settings, counter, faults, scopes. ARGV: scope, stop (1/0).
const STATUS = `
local s = redis.call('GET', KEYS[1])
local n = redis.call('GET', KEYS[2])
local c = redis.call('HGETALL', KEYS[3])
if ARGV[2] == '1' then
  redis.call('DEL', KEYS[1], KEYS[2], KEYS[3])
  redis.call('SREM', KEYS[4], ARGV[1])
end
return {s or false, n or false, c}`;

/** An error of the store itself (Redis away), answered 503 by the control API. */
function unavailable(error: unknown): Error {
  if ((error as Error).name === "FaultLimitError") return error as Error;
  return Object.assign(new Error(`the shared chaos store is not reachable: ${(error as Error).message}`), {
    storeUnavailable: true,
  });
}

export class RedisChaos implements ChaosStore {
  readonly #link: RedisLink;
  readonly #held: HeldRequests;
  readonly #releaseChannel: string;

  constructor(link: RedisLink, held: HeldRequests, releaseChannel: string) {
    this.#link = link;
    this.#held = held;
    this.#releaseChannel = releaseChannel;
  }

  #keys(scope: string): string[] {
    const k = chaosKeys(scope);
    return [k.settings, k.counter, k.faults, `${KEYS}scopes`];
  }

  async start(settings: ResolvedChaosSettings, scope: string, onlyIfOff = false): Promise<ChaosStatus> {
    let answer: number;
    try {
      answer = Number(
        await this.#link.commands.eval(
          START,
          4,
          ...this.#keys(scope),
          JSON.stringify(settings),
          scope,
          MAX_CHAOS_SCOPES,
          onlyIfOff ? 1 : 0,
        ),
      );
    } catch (error) {
      throw unavailable(error);
    }
    if (answer < 0) throw chaosLimitError(-answer - 1);
    return this.status(scope);
  }

  async stop(scope: string): Promise<ChaosStatus> {
    const last = await this.#read(scope, true);
    this.#held.release(chaosHoldKey(scope));
    await this.#link.commands.publish(this.#releaseChannel, chaosHoldKey(scope)).catch(() => {});
    return { ...last, active: false };
  }

  status(scope: string): Promise<ChaosStatus> {
    return this.#read(scope, false);
  }

  count(scope: string, kind: ChaosKind): void {
    this.#link.commands.hincrby(chaosKeys(scope).faults, kind, 1).catch(() => {});
  }

  async #read(scope: string, stop: boolean): Promise<ChaosStatus> {
    let answer: [string | null, string | null, string[]];
    try {
      answer = (await this.#link.commands.eval(STATUS, 4, ...this.#keys(scope), scope, stop ? 1 : 0)) as typeof answer;
    } catch (error) {
      throw unavailable(error);
    }
    const [settings, n, flat] = answer;
    const faults = noFaults();
    for (let i = 0; i + 1 < flat.length; i += 2)
      if ((CHAOS_KINDS as readonly string[]).includes(flat[i]!)) faults[flat[i] as ChaosKind] = Number(flat[i + 1]);
    if (settings === null) return { scope, active: false, settings: null, requests: 0, faults };
    return {
      scope,
      active: true,
      settings: JSON.parse(settings) as ResolvedChaosSettings,
      requests: Number(n ?? 0),
      faults,
    };
  }
}
