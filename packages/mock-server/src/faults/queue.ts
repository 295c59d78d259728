// The faults of one process, in memory: a queue per (scope, operation) and one per scope for
// faults of any operation, so that a request finds its fault in constant time however many
// faults other scopes or operations hold. Also the requests a delay holds, so that clearing a
// scope releases them at once.
import type { FaultChecker } from "./checker.js";
import { checkScope, type FaultSpec, type Faults, type PendingFault, type ScopeOption } from "./model.js";

/** Where the server takes faults from: this process's queue, or the one replicas share in Redis. */
export interface FaultStore {
  inject(spec: FaultSpec, scope: string): PendingFault | Promise<PendingFault>;
  list(scope: string): PendingFault[] | Promise<PendingFault[]>;
  /** Drops the scope's faults and releases the requests they hold (on every replica). */
  clear(scope: string): void | Promise<void>;
}

/** The key of the queue of faults that catch any operation. */
export const ANY_OPERATION = "*";

/** A first-in first-out queue with constant-time shift. */
class Deque<T> {
  #items: T[] = [];
  #head = 0;
  get size(): number {
    return this.#items.length - this.#head;
  }
  push(item: T): void {
    this.#items.push(item);
  }
  peek(): T | undefined {
    return this.#items[this.#head];
  }
  shift(): T | undefined {
    const item = this.#items[this.#head];
    this.#items[this.#head++] = undefined as T;
    if (this.#head > 64 && this.#head * 2 > this.#items.length) {
      this.#items = this.#items.slice(this.#head);
      this.#head = 0;
    }
    return item;
  }
  values(): T[] {
    return this.#items.slice(this.#head);
  }
}

/** Requests held by a fault's delay, by scope: released early when their scope is cleared. */
export class HeldRequests {
  readonly #byScope = new Map<string, Set<() => void>>();

  /** Waits `ms`; resolves "released" when the scope is cleared first, "closed" when `onClose` fires first. */
  hold(scope: string, ms: number, onClose: (listener: () => void) => void): Promise<"elapsed" | "released" | "closed"> {
    return new Promise((resolve) => {
      let set = this.#byScope.get(scope);
      if (!set) this.#byScope.set(scope, (set = new Set()));
      const held = set;
      const done = (outcome: "elapsed" | "released" | "closed") => {
        clearTimeout(timer);
        held.delete(release);
        if (held.size === 0 && this.#byScope.get(scope) === held) this.#byScope.delete(scope);
        resolve(outcome);
      };
      const release = () => done("released");
      const timer = setTimeout(() => done("elapsed"), ms);
      held.add(release);
      onClose(() => done("closed"));
    });
  }

  /** Releases the requests of one scope, or of all. */
  release(scope?: string): void {
    const scopes = scope === undefined ? [...this.#byScope.keys()] : [scope];
    for (const s of scopes) for (const release of [...(this.#byScope.get(s) ?? [])]) release();
  }
}

/** The queue behind `mock.faults`. Internal: the server takes faults with `take`. */
export class FaultQueue implements Faults, FaultStore {
  readonly #checker: FaultChecker;
  readonly #held: HeldRequests;
  /** scope → operation id (or ANY_OPERATION) → its faults, oldest first. */
  readonly #scopes = new Map<string, Map<string, Deque<PendingFault>>>();
  readonly #counts = new Map<string, number>();
  #total = 0;
  #nextId = 1;

  constructor(checker: FaultChecker, held: HeldRequests) {
    this.#checker = checker;
    this.#held = held;
  }

  inject(spec: FaultSpec, options?: ScopeOption | string): PendingFault {
    const scope = typeof options === "string" ? options : checkScope(options);
    const fault = this.#checker.pending(spec, this.#nextId, scope);
    const { maxQueued, maxQueuedPerScope } = this.#checker.limits;
    const inScope = this.#counts.get(scope) ?? 0;
    if (inScope >= maxQueuedPerScope) throw this.#checker.scopeFull(scope, inScope);
    if (this.#total >= maxQueued) throw this.#checker.queuesFull(this.#total);
    this.#nextId += 1;
    let queues = this.#scopes.get(scope);
    if (!queues) this.#scopes.set(scope, (queues = new Map()));
    const key = fault.operationId ?? ANY_OPERATION;
    let queue = queues.get(key);
    if (!queue) queues.set(key, (queue = new Deque()));
    queue.push(fault);
    this.#counts.set(scope, inScope + 1);
    this.#total += 1;
    return structuredClone(fault);
  }

  clear(options?: ScopeOption | string): void {
    if (options === undefined || (typeof options === "object" && options.scope === undefined)) {
      this.#scopes.clear();
      this.#counts.clear();
      this.#total = 0;
      this.#held.release();
      return;
    }
    const scope = typeof options === "string" ? options : checkScope(options);
    this.#total -= this.#counts.get(scope) ?? 0;
    this.#scopes.delete(scope);
    this.#counts.delete(scope);
    this.#held.release(scope);
  }

  list(options?: ScopeOption | string): PendingFault[] {
    const all = options === undefined || (typeof options === "object" && options.scope === undefined);
    const scopes = all
      ? [...this.#scopes.values()]
      : [this.#scopes.get(typeof options === "string" ? options : checkScope(options))];
    return scopes
      .flatMap((queues) => [...(queues?.values() ?? [])].flatMap((q) => q.values()))
      .sort((a, b) => a.id - b.id)
      .map((f) => structuredClone(f));
  }

  /** @internal The oldest fault of the scope for this operation, counted down; undefined when none. */
  take(scope: string, operationId: string): PendingFault | undefined {
    if (this.#total === 0) return undefined;
    const queues = this.#scopes.get(scope);
    if (!queues) return undefined;
    const own = queues.get(operationId);
    const any = queues.get(ANY_OPERATION);
    const a = own?.peek();
    const b = any?.peek();
    const [queue, fault] = a && (!b || a.id < b.id) ? [own!, a] : b ? [any!, b] : [undefined, undefined];
    if (!queue || !fault) return undefined;
    fault.remaining -= 1;
    if (fault.remaining <= 0) {
      queue.shift();
      this.#total -= 1;
      const left = (this.#counts.get(scope) ?? 1) - 1;
      if (left > 0) this.#counts.set(scope, left);
      else {
        this.#counts.delete(scope);
        this.#scopes.delete(scope);
      }
    }
    return fault;
  }
}
