// Where faults, the chaos mode, tokens and rooms live: in this process, or, with a Redis URL,
// shared with the other replicas (the control API's faults, the chaos mode's settings and
// counters, token ids and revocations, and each room's relay); the library handle's faults
// stay this process's own.

import { RedisChaos } from "../chaos/redis-chaos.js";
import { ChaosChecker } from "../chaos/settings.js";
import { ChaosBook, type ChaosStore, type ChaosTick } from "../chaos/store.js";
import type { Config } from "../config.js";
import { FaultChecker } from "../faults/checker.js";
import type { PendingFault } from "../faults/model.js";
import { FaultQueue, type FaultStore, HeldRequests } from "../faults/queue.js";
import { RELEASE_CHANNEL, RedisFaults } from "../faults/redis-queue.js";
import type { Responder } from "../http/respond.js";
import { RoomHub } from "../rooms/hub.js";
import { refuseSocket } from "../rooms/websocket.js";
import { LocalTokens, type TokenBook } from "../tokens/book.js";
import { RedisTokens } from "../tokens/redis-tokens.js";
import { connectRedis } from "./redis.js";
import { RedisRelay } from "./redis-relay.js";

/** What a request of an operation takes on arrival: a queued fault, and its number in its scope's chaos schedule. */
export interface Arrival {
  fault?: PendingFault;
  chaos?: ChaosTick;
}

export interface Stores {
  held: HeldRequests;
  /** This process's queue (`mock.faults`). */
  faults: FaultQueue;
  /** The control API's queue: `faults`, or the replicas' shared one. */
  shared: FaultStore;
  chaos: ChaosStore;
  chaosChecker: ChaosChecker;
  tokens: TokenBook;
  /** The fault (this process's queue first) and the chaos count of a request of `scope`; rejects when Redis is away. */
  arrive(scope: string, operationId: string): Arrival | Promise<Arrival>;
  rooms: RoomHub;
  /** Closes the Redis connections, when there are any. */
  close(): Promise<void>;
}

export async function openStores(config: Config, respond: Responder): Promise<Stores> {
  const { spec, log } = config;
  const held = new HeldRequests();
  // One checker (its schema compiled once) for this process's queue and the shared one.
  const checker = new FaultChecker(spec, config.faultLimits);
  const chaosChecker = new ChaosChecker(spec, config.faultLimits.maxDelayMs);
  const faults = new FaultQueue(checker, held);
  const link = config.redisUrl === undefined ? undefined : await connectRedis(config.redisUrl, log);
  let shared: FaultStore = faults;
  let chaos: ChaosStore;
  let tokens: TokenBook;
  let arrive: Stores["arrive"];
  if (link) {
    let redisFaults: RedisFaults;
    try {
      redisFaults = await RedisFaults.create(link, spec, checker, held);
      tokens = await RedisTokens.create(link, log, config.now);
    } catch (e) {
      await link.close();
      throw e;
    }
    shared = redisFaults;
    chaos = new RedisChaos(link, held, RELEASE_CHANNEL);
    arrive = (scope, operationId) => {
      const own = faults.take(scope, operationId);
      return redisFaults
        .arrive(scope, operationId, own !== undefined)
        .then((got) => (own ? { ...got, fault: own } : got));
    };
  } else {
    const book = new ChaosBook(held);
    chaos = book;
    tokens = new LocalTokens();
    arrive = (scope, operationId) => {
      const fault = faults.take(scope, operationId);
      const tick = book.tick(scope);
      return fault || tick ? { fault, chaos: tick } : {};
    };
  }
  const rooms = new RoomHub({
    maxPayloadBytes: config.wsMaxPayloadBytes,
    heartbeatMs: config.wsHeartbeatMs,
    limits: config.relayLimits,
    close: config.websocket.close,
    log,
    refuse: (socket, reason) =>
      refuseSocket(respond, socket, respond.newRequestId(), config.websocket.refusals.handshake, reason),
  });
  const relay =
    link &&
    new RedisRelay(link, (roomId, role, data, isBinary) => rooms.deliver(roomId, role, data, isBinary), rooms, log);
  if (relay) rooms.share(relay);
  return {
    held,
    faults,
    shared,
    chaos,
    chaosChecker,
    tokens,
    arrive,
    rooms,
    close: async () => {
      relay?.close();
      await link?.close();
    },
  };
}
