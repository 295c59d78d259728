// The rooms as seen from outside: `mock.rooms` (RoomHub in hub.ts implements it) and what a
// shared relay (Redis, stores/redis-relay.ts) does for the rooms of several replicas.
import type { Role } from "@cec-cobrowse/types";

export type { Role };

/** One room as `mock.rooms.list()` shows it: its open connections by role. */
export interface RoomInfo {
  roomId: string;
  connections: Partial<Record<Role, number>>;
}

/** The co-browsing rooms: `mock.rooms`. */
export interface Rooms {
  /** Rooms with at least one open connection (on this process). */
  list(): RoomInfo[];
  /** Resolves when `roomId` has at least the given numbers of open connections by role (polls every 10 ms). */
  waitFor(roomId: string, want: Partial<Record<Role, number>>, timeoutMs?: number): Promise<RoomInfo>;
  /** What the relay holds now and what it closed: see RelayStats. */
  stats(): RelayStats;
}

/** `mock.rooms.stats()`, on `/__mock/health` as `relay`. */
export interface RelayStats {
  /** Open connections (of this process). */
  connections: number;
  /** Rooms with at least one open connection. */
  rooms: number;
  /** Bytes charged for frames waiting to be sent to peers, each with 1 KiB for its bookkeeping (the budget the relay's bounds limit). */
  bufferedBytes: number;
  /** Peers closed with the spec's `close.peerTooSlow` since start. */
  peersClosedTooSlow: number;
  /** Peers closed with the spec's `close.messagesLost` since start (Redis mode). */
  peersClosedForLoss: number;
  /** Messages this process's connections sent that could not be handed to the shared relay (Redis mode): none of the other replicas got them. */
  messagesUnpublished: number;
  /** Messages of other replicas this process knows it never received (gaps in their sequence numbers; Redis mode). */
  messagesMissed: number;
  /** Times this process's subscription to Redis was lost, each closing every connection it held with `close.messagesLost` (Redis mode). */
  subscriptionsLost: number;
}

/** Carries a room's messages to the other replicas (Redis); absent for a single process. */
export interface SharedRelay {
  /** Starts receiving the room's messages from other replicas; resolves once they will arrive. */
  join(roomId: string): Promise<void>;
  leave(roomId: string): void;
  /** Hands a message to the other replicas; rejects when it could not (counted as unpublished). */
  publish(roomId: string, role: Role, data: Buffer, isBinary: boolean): Promise<void>;
  /** The losses counted so far. */
  losses(): { unpublished: number; missed: number; subscriptionsLost: number };
}
