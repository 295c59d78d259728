// What the traffic seen so far says about tokens, rooms and connectParams: which token was issued
// when, for how long and to which app; which rooms an opening side (the recorder) named; which
// room, side and token each connectParam came with. Bounded: the oldest entries go first.

/** How many tokens, rooms and connectParams are remembered. */
export const FLOW_MEMORY = 100_000;
/** Clock slack: a token or connectParam counts as expired this long after the latest moment it could expire. */
export const GRACE_MS = 1000;

export interface TokenInfo {
  /** When its answer ended (the token was issued before): ms since the epoch; undefined without times. */
  issuedBy?: number;
  lifetimeSeconds: number;
  appKey?: string;
}

export interface ParamInfo {
  roomId: string;
  role: string;
  /** The latest moment the token of the request that obtained it can expire (ms), when known. */
  tokenExpiresBy?: number;
}

export interface RoomInfo {
  /** An opening side (the recorder) named it, or was answered it. */
  opened: boolean;
  /** Per-role values (connectParam) by value → role. */
  perRole: Map<string, string>;
}

/** A Map that forgets its oldest entries past FLOW_MEMORY. */
class Bounded<V> extends Map<string, V> {
  override set(key: string, value: V): this {
    if (!this.has(key) && this.size >= FLOW_MEMORY) this.delete(this.keys().next().value as string);
    return super.set(key, value);
  }
}

export class FlowState {
  readonly tokens = new Bounded<TokenInfo>();
  readonly params = new Bounded<ParamInfo>();
  readonly rooms = new Bounded<RoomInfo>();

  /** The latest moment a token can expire, when its issue time is known. */
  tokenExpiresBy(token: string | undefined): number | undefined {
    const info = token === undefined ? undefined : this.tokens.get(token);
    return info?.issuedBy === undefined ? undefined : info.issuedBy + info.lifetimeSeconds * 1000;
  }

  room(roomId: string): RoomInfo {
    let room = this.rooms.get(roomId);
    if (!room) this.rooms.set(roomId, (room = { opened: false, perRole: new Map() }));
    return room;
  }
}

/** The token of a `Bearer` Authorization value. */
export const bearerToken = (value: string | undefined): string | undefined =>
  value?.startsWith("Bearer ") ? value.slice(7) : undefined;
