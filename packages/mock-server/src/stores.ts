// Where faults and rooms live: in this process, or, with a Redis URL, shared with the other
// replicas (the control API's faults, and each room's relay); the library handle's faults stay
// this process's own.
import type { Config } from "./config.js";
import { FaultQueue, HeldRequests, type FaultStore } from "./fault-queue.js";
import { FaultChecker } from "./fault-schema.js";
import { connectRedis } from "./redis.js";
import { RedisFaults } from "./redis-faults.js";
import { RedisRelay } from "./redis-relay.js";
import type { Responder } from "./respond.js";
import { RoomHub } from "./room.js";
import { refuseSocket } from "./websocket.js";

export interface Stores {
  held: HeldRequests;
  /** This process's queue (`mock.faults`). */
  faults: FaultQueue;
  /** The control API's queue: `faults`, or the replicas' shared one. */
  shared: FaultStore;
  rooms: RoomHub;
  /** Closes the Redis connections, when there are any. */
  close(): Promise<void>;
}

export async function openStores(config: Config, respond: Responder): Promise<Stores> {
  const { spec, log } = config;
  const held = new HeldRequests();
  // One checker (its schema compiled once) for this process's queue and the shared one.
  const checker = new FaultChecker(spec, config.faultLimits);
  const faults = new FaultQueue(checker, held);
  const link = config.redisUrl === undefined ? undefined : await connectRedis(config.redisUrl, log);
  const shared: FaultStore = link
    ? await RedisFaults.create(link, spec, checker, held).catch(async (e: unknown) => {
        await link.close();
        throw e;
      })
    : faults;
  const rooms = new RoomHub({
    maxPayloadBytes: config.wsMaxPayloadBytes,
    heartbeatMs: config.wsHeartbeatMs,
    limits: config.relayLimits,
    close: config.websocket.close,
    log,
    refuse: (socket, reason) => refuseSocket(respond, socket, respond.newRequestId(), config.websocket.refusals.handshake, reason),
  });
  const relay = link && new RedisRelay(link, (roomId, role, data, isBinary) => rooms.deliver(roomId, role, data, isBinary), rooms, log);
  if (relay) rooms.share(relay);
  return {
    held,
    faults,
    shared,
    rooms,
    close: async () => {
      relay?.close();
      await link?.close();
    },
  };
}
