// The chaos mode's state per scope: its settings, the number of requests it has seen (n of
// the next draw) and the faults it drew by kind. In one process here (ChaosBook); shared by
// replicas in Redis (redis-chaos.ts). `mock.chaos` and `/__mock/chaos` act on the same store.

import { checkScope, FaultLimitError, type ScopeOption } from "../faults/model.js";
import type { HeldRequests } from "../faults/queue.js";
import {
  CHAOS_KINDS,
  type ChaosChecker,
  type ChaosKind,
  type ChaosSettings,
  MAX_CHAOS_SCOPES,
  type ResolvedChaosSettings,
} from "./settings.js";

/** A scope's chaos mode: whether it is on, its settings, the requests it saw and the faults it drew. */
export interface ChaosStatus {
  scope: string;
  active: boolean;
  /** The settings with their defaults; null when it is off (a stop answers the settings it stopped). */
  settings: ResolvedChaosSettings | null;
  /** Requests of the scope counted since it started (the last n drawn). */
  requests: number;
  /** Faults drawn, by kind. */
  faults: Record<ChaosKind, number>;
}

/** The chaos handle: `mock.chaos` (asynchronous, because replicas may share it through Redis). */
export interface Chaos {
  /** Starts (or restarts, from request 1) the scope's schedule; throws ChaosSettingsError naming the field. */
  start(settings: ChaosSettings, options?: ScopeOption): Promise<ChaosStatus>;
  /** Stops it, releases the requests its slow faults hold, and resolves with its last counters. */
  stop(options?: ScopeOption): Promise<ChaosStatus>;
  status(options?: ScopeOption): Promise<ChaosStatus>;
}

/** A request counted by a scope's chaos mode: its number and the settings to draw with. */
export interface ChaosTick {
  n: number;
  settings: ResolvedChaosSettings;
}

/** Where the chaos state lives. Internal. */
export interface ChaosStore {
  /** `onlyIfOff`: leave a running schedule as it is (a replica starting with COBROWSE_MOCK_CHAOS). */
  start(settings: ResolvedChaosSettings, scope: string, onlyIfOff?: boolean): ChaosStatus | Promise<ChaosStatus>;
  stop(scope: string): ChaosStatus | Promise<ChaosStatus>;
  status(scope: string): ChaosStatus | Promise<ChaosStatus>;
  /** Counts a fault the schedule drew. */
  count(scope: string, kind: ChaosKind): void;
}

/** The key under which a scope's slow chaos faults hold requests (a scope name has no colon). */
export const chaosHoldKey = (scope: string) => `chaos:${scope}`;

export const noFaults = (): Record<ChaosKind, number> =>
  Object.fromEntries(CHAOS_KINDS.map((k) => [k, 0])) as Record<ChaosKind, number>;

export function offStatus(scope: string): ChaosStatus {
  return { scope, active: false, settings: null, requests: 0, faults: noFaults() };
}

export function chaosLimitError(active: number | string): FaultLimitError {
  return new FaultLimitError(
    `chaos: ${active} scopes have the chaos mode on (at most ${MAX_CHAOS_SCOPES}); stop one (DELETE /__mock/chaos) first`,
  );
}

interface Running {
  settings: ResolvedChaosSettings;
  requests: number;
  faults: Record<ChaosKind, number>;
}

/** The chaos state of one process. */
export class ChaosBook implements ChaosStore {
  readonly #scopes = new Map<string, Running>();
  readonly #held: HeldRequests;

  constructor(held: HeldRequests) {
    this.#held = held;
  }

  start(settings: ResolvedChaosSettings, scope: string, onlyIfOff = false): ChaosStatus {
    const running = this.#scopes.get(scope);
    if (running && onlyIfOff) return this.status(scope);
    if (!running && this.#scopes.size >= MAX_CHAOS_SCOPES) throw chaosLimitError(this.#scopes.size);
    this.#scopes.set(scope, { settings, requests: 0, faults: noFaults() });
    return this.status(scope);
  }

  stop(scope: string): ChaosStatus {
    const last = this.status(scope);
    this.#scopes.delete(scope);
    this.#held.release(chaosHoldKey(scope));
    return { ...last, active: false };
  }

  status(scope: string): ChaosStatus {
    const running = this.#scopes.get(scope);
    if (!running) return offStatus(scope);
    return {
      scope,
      active: true,
      settings: structuredClone(running.settings),
      requests: running.requests,
      faults: { ...running.faults },
    };
  }

  /** Counts a request of the scope; its number and the settings, or undefined when chaos is off there. */
  tick(scope: string): ChaosTick | undefined {
    const running = this.#scopes.get(scope);
    if (!running) return undefined;
    return { n: ++running.requests, settings: running.settings };
  }

  count(scope: string, kind: ChaosKind): void {
    const running = this.#scopes.get(scope);
    if (running) running.faults[kind] += 1;
  }

  /** Stops every scope (the server closes). */
  clear(): void {
    for (const scope of [...this.#scopes.keys()]) this.stop(scope);
  }
}

/** The library handle over a store: checks the settings and the scope, always asynchronous. */
export function chaosHandle(store: ChaosStore, checker: ChaosChecker): Chaos {
  return {
    start: async (settings, options) => store.start(checker.resolve(settings), checkScope(options)),
    stop: async (options) => store.stop(checkScope(options)),
    status: async (options) => store.status(checkScope(options)),
  };
}
