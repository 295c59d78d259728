// Bounds given as groups of whole numbers (`relayLimits`, `faultLimits`), each with a
// documented default: the relay's are here, the faults' in faults/model.ts.

/** The bounds on the WebSocket relay; each has a documented default and an environment variable. */
export interface RelayLimits {
  /** Rooms with open connections on this process (default 1000); more: refused with the spec's `capacity` status. */
  maxRooms: number;
  /** Open connections on this process (default 2000); more: refused with `capacity`. */
  maxConnections: number;
  /** Connections of one room on this process (default 16); more: refused with `roomFull`. */
  maxConnectionsPerRoom: number;
  /** Bytes waiting to be sent to one peer (default 4 MiB); a peer over it is closed with `close.peerTooSlow`. */
  maxPeerBufferBytes: number;
  /** Bytes waiting to be sent to all peers together (default 64 MiB); the peer a message would pass it for is closed with `close.peerTooSlow`. */
  maxBufferBytes: number;
}

export const DEFAULT_RELAY_LIMITS: Readonly<RelayLimits> = Object.freeze({
  maxRooms: 1000,
  maxConnections: 2000,
  maxConnectionsPerRoom: 16,
  maxPeerBufferBytes: 4 * 1024 * 1024,
  maxBufferBytes: 64 * 1024 * 1024,
});

export function whole(name: string, value: unknown): number {
  if (typeof value !== "number" || !Number.isSafeInteger(value) || value < 1) {
    throw new RangeError(`${name}: must be a whole number of at least 1, got ${String(value)}`);
  }
  return value;
}

export /** A group of bounds (`faultLimits`, `relayLimits`): unknown keys refused, each value a whole number. */
function limitsOf<T extends object>(name: string, given: Partial<T> | undefined, defaults: Readonly<T>): T {
  const out = { ...defaults } as Record<string, number>;
  for (const [key, value] of Object.entries(given ?? {})) {
    if (!(key in defaults))
      throw new TypeError(`${name}.${key}: is not a known limit; use ${Object.keys(defaults).join(", ")}`);
    if (value !== undefined) out[key] = whole(`${name}.${key}`, value);
  }
  return out as T;
}
