// Rooms across replicas: each room is a Redis pub/sub channel. A replica subscribes to a room
// while it holds a connection of it (before that connection's handshake is answered), and
// publishes every message its connections send, framed with the sender's role, a stream id (one
// per replica, room and role, drawn anew when the room opens there) and a sequence number. Each
// replica delivers the messages of other replicas to its own connections of the other sides;
// its own come back from Redis and are skipped (they were delivered locally already).
//
// Why pub/sub and not a stream: nothing is stored (no trimming, no memory growing with a room's
// history), delivery is pushed as it happens (no polling a key per room), and one publishing
// connection keeps a replica's messages in order to every subscriber. The relay acknowledges
// nothing (the room's protocol has none), so a message can be lost: one a replica could not
// publish (Redis away, or no confirmation), one published while a replica's subscription was
// down. No loss is silent: the sender of an unpublished message is closed with the spec's
// `close.messagesLost`; a replica whose subscription drops closes every connection it holds
// with it at once (from then on it cannot know what it misses) and takes a room's connections
// again only once subscribed again; a gap in another replica's sequence numbers closes the
// connections that should have received the missing messages. Each loss is counted exactly
// (rooms/relay-losses.ts).
import { randomBytes } from "node:crypto";
import type { Role } from "@cec-cobrowse/types";
import { RelayLosses } from "../rooms/relay-losses.js";
import type { SharedRelay } from "../rooms/types.js";
import { PREFIX, type RedisLink } from "./redis.js";

const VERSION = 1;
const ROOM_CHANNEL = `${PREFIX}room:`;
/** Version, flags, origin (8), stream (8), sequence (4), role length (1). */
const HEADER = 1 + 1 + 8 + 8 + 4 + 1;
/** Streams remembered per room (senders that came and went): the oldest is forgotten past this. */
const MAX_STREAMS_PER_ROOM = 256;

/** What the relay asks of the rooms when it loses messages. */
export interface LossSignals {
  /** Close the room's connections of the sides other than `role` (they missed messages of `role`). */
  closeForLoss(roomId: string, exceptRole: Role): void;
  /** Close every connection (the subscription was lost). */
  closeAllForLoss(): void;
}

export class RedisRelay implements SharedRelay {
  readonly #link: RedisLink;
  readonly #deliver: (roomId: string, role: Role, data: Buffer, isBinary: boolean) => void;
  readonly #signals: LossSignals;
  readonly #losses: RelayLosses;
  readonly #origin = randomBytes(8);
  /** roomId → role → this replica's stream of that room and role. */
  readonly #outgoing = new Map<string, Map<Role, { id: Buffer; seq: number }>>();
  /** roomId → stream id (hex) → the last sequence number delivered. */
  readonly #incoming = new Map<string, Map<string, number>>();
  readonly #joined = new Map<string, Promise<void>>();

  constructor(
    link: RedisLink,
    deliver: (roomId: string, role: Role, data: Buffer, isBinary: boolean) => void,
    signals: LossSignals,
    log: (line: string) => void,
  ) {
    this.#link = link;
    this.#deliver = deliver;
    this.#signals = signals;
    this.#losses = new RelayLosses(log);
    link.onSubscriptionLost(() => this.#subscriptionLost());
  }

  losses(): { unpublished: number; missed: number; subscriptionsLost: number } {
    return { ...this.#losses.totals };
  }

  /** Resolves once the room's messages from other replicas will arrive, and this replica can publish its own. */
  join(roomId: string): Promise<void> {
    // A connection admitted while this replica cannot publish would have its first message lost.
    if (this.#link.commands.status !== "ready")
      return Promise.reject(new Error("the commands connection to Redis is not ready"));
    let joined = this.#joined.get(roomId);
    if (!joined) {
      joined = this.#link.subscribe(ROOM_CHANNEL + roomId, (message) => this.#receive(roomId, message));
      this.#joined.set(roomId, joined);
      joined.catch(() => {
        if (this.#joined.get(roomId) === joined) this.#joined.delete(roomId);
      });
    }
    return joined;
  }

  leave(roomId: string): void {
    this.#joined.delete(roomId);
    this.#outgoing.delete(roomId);
    this.#incoming.delete(roomId);
    this.#link.unsubscribe(ROOM_CHANNEL + roomId);
  }

  publish(roomId: string, role: Role, data: Buffer, isBinary: boolean): Promise<void> {
    let streams = this.#outgoing.get(roomId);
    if (!streams) this.#outgoing.set(roomId, (streams = new Map()));
    let stream = streams.get(role);
    if (!stream) streams.set(role, (stream = { id: randomBytes(8), seq: 0 }));
    stream.seq = (stream.seq + 1) >>> 0;
    const roleBytes = Buffer.from(role, "utf8");
    const header = Buffer.allocUnsafe(HEADER + roleBytes.length);
    header[0] = VERSION;
    header[1] = isBinary ? 1 : 0;
    this.#origin.copy(header, 2);
    stream.id.copy(header, 10);
    header.writeUInt32BE(stream.seq, 18);
    header[22] = roleBytes.length;
    roleBytes.copy(header, HEADER);
    return this.#link.commands.publish(ROOM_CHANNEL + roomId, Buffer.concat([header, data])).then(
      () => undefined,
      (error: Error) => {
        this.#losses.add("unpublished", 1, `room ${roomId.slice(0, 64)}: ${error.message.slice(0, 100)}`);
        throw error;
      },
    );
  }

  #receive(roomId: string, message: Buffer): void {
    if (message.length < HEADER || message[0] !== VERSION) return;
    if (message.subarray(2, 10).equals(this.#origin)) return;
    const stream = message.subarray(10, 18).toString("hex");
    const seq = message.readUInt32BE(18);
    const roleEnd = HEADER + message[22]!;
    const role = message.subarray(HEADER, roleEnd).toString("utf8") as Role;
    let streams = this.#incoming.get(roomId);
    if (!streams) this.#incoming.set(roomId, (streams = new Map()));
    const last = streams.get(stream);
    if (last !== undefined && seq <= last) return; // a duplicate: never delivered twice
    if (last !== undefined && seq > last + 1) {
      this.#losses.add(
        "missed",
        seq - last - 1,
        `room ${roomId.slice(0, 64)}, a ${role.slice(0, 20)} stream of another replica`,
      );
      this.#signals.closeForLoss(roomId, role);
    }
    streams.delete(stream);
    streams.set(stream, seq);
    if (streams.size > MAX_STREAMS_PER_ROOM) streams.delete(streams.keys().next().value!);
    this.#deliver(roomId, role, message.subarray(roleEnd), message[1] === 1);
  }

  /** Every room's subscription is gone: its connections are told, and each room subscribes again before it takes a connection. */
  #subscriptionLost(): void {
    this.#joined.clear();
    this.#incoming.clear();
    this.#losses.add("subscriptionsLost", 1, "its connection to Redis closed");
    this.#signals.closeAllForLoss();
  }

  /** Logs the losses not yet logged. */
  close(): void {
    this.#losses.flush();
  }
}
