// The rooms as seen from outside: `mock.rooms` (RoomHub in room.ts implements it) and what a
// shared relay (Redis, redis-relay.ts) does for the rooms of several replicas.
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
  /** What the relay holds now: open connections, rooms, and bytes waiting to be sent to peers. */
  stats(): { connections: number; rooms: number; bufferedBytes: number; peersClosedTooSlow: number };
}

/** Carries a room's messages to the other replicas (Redis); absent for a single process. */
export interface SharedRelay {
  /** Starts receiving the room's messages from other replicas; resolves once they will arrive. */
  join(roomId: string): Promise<void>;
  leave(roomId: string): void;
  publish(roomId: string, role: Role, data: Buffer, isBinary: boolean): void;
}
