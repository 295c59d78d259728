// Rooms across replicas: each room is a Redis pub/sub channel. A replica subscribes to a room
// while it holds a connection of it (before that connection's handshake is answered), and
// publishes every message its connections send, framed with the sender's role, a stream id (one
// per replica and room, drawn anew when the room opens there) and a sequence number. Each
// replica delivers the messages of other replicas to its own connections of the other sides;
// its own come back from Redis and are skipped (they were delivered locally already).
//
// Why pub/sub and not a stream: nothing is stored (no trimming, no memory growing with a room's
// history), delivery is pushed as it happens (no polling a key per room), and one publishing
// connection keeps a replica's messages in order to every subscriber. The sequence numbers
// make duplicates impossible to deliver and losses visible (logged). What can be lost, by
// design (the relay acknowledges nothing, as the room's protocol has no acknowledgements):
// the messages a replica had read but not yet published when it died; those published while
// Redis was away or a replica's subscription was down (Redis restarted, or the replica fell
// behind its output-buffer limit for pub/sub clients); nothing else.
import { randomBytes } from "node:crypto";
import type { Role } from "@cec-cobrowse/types";
import { PREFIX, type RedisLink } from "./redis.js";
import type { SharedRelay } from "./rooms.js";

const VERSION = 1;
const ROOM_CHANNEL = `${PREFIX}room:`;
/** Version, flags, origin (8), stream (8), sequence (4), role length (1). */
const HEADER = 1 + 1 + 8 + 8 + 4 + 1;
/** Streams remembered per room (senders that came and went): the oldest is forgotten past this. */
const MAX_STREAMS_PER_ROOM = 256;

export class RedisRelay implements SharedRelay {
  readonly #link: RedisLink;
  readonly #deliver: (roomId: string, role: Role, data: Buffer, isBinary: boolean) => void;
  readonly #log: (line: string) => void;
  readonly #origin = randomBytes(8);
  /** roomId → this replica's stream of that room. */
  readonly #outgoing = new Map<string, { id: Buffer; seq: number }>();
  /** roomId → stream id (hex) → the last sequence number delivered. */
  readonly #incoming = new Map<string, Map<string, number>>();
  readonly #joined = new Map<string, Promise<void>>();
  #lost = 0;
  #lastWarning = 0;

  constructor(link: RedisLink, deliver: (roomId: string, role: Role, data: Buffer, isBinary: boolean) => void, log: (line: string) => void) {
    this.#link = link;
    this.#deliver = deliver;
    this.#log = log;
  }

  /** Messages known lost: failed to publish here, or missing from another replica's sequence. */
  get lost(): number {
    return this.#lost;
  }

  join(roomId: string): Promise<void> {
    let joined = this.#joined.get(roomId);
    if (!joined) {
      joined = this.#link.subscribe(ROOM_CHANNEL + roomId, (message) => this.#receive(roomId, message));
      this.#joined.set(roomId, joined);
      joined.catch(() => this.#joined.delete(roomId));
    }
    return joined;
  }

  leave(roomId: string): void {
    this.#joined.delete(roomId);
    this.#outgoing.delete(roomId);
    this.#incoming.delete(roomId);
    this.#link.unsubscribe(ROOM_CHANNEL + roomId);
  }

  publish(roomId: string, role: Role, data: Buffer, isBinary: boolean): void {
    let stream = this.#outgoing.get(roomId);
    if (!stream) this.#outgoing.set(roomId, (stream = { id: randomBytes(8), seq: 0 }));
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
    this.#link.commands.publish(ROOM_CHANNEL + roomId, Buffer.concat([header, data])).catch((error: Error) => this.#warn(1, `a message of room ${roomId.slice(0, 64)} could not be published (${error.message.slice(0, 100)})`));
  }

  #receive(roomId: string, message: Buffer): void {
    if (message.length < HEADER || message[0] !== VERSION) return;
    if (message.subarray(2, 10).equals(this.#origin)) return;
    const stream = message.subarray(10, 18).toString("hex");
    const seq = message.readUInt32BE(18);
    const roleEnd = HEADER + message[22]!;
    let streams = this.#incoming.get(roomId);
    if (!streams) this.#incoming.set(roomId, (streams = new Map()));
    const last = streams.get(stream);
    if (last !== undefined && seq <= last) return; // a duplicate: never delivered twice
    if (last !== undefined && seq > last + 1) this.#warn(seq - last - 1, `room ${roomId.slice(0, 64)} missed ${seq - last - 1} message(s) of another replica`);
    streams.delete(stream);
    streams.set(stream, seq);
    if (streams.size > MAX_STREAMS_PER_ROOM) streams.delete(streams.keys().next().value!);
    this.#deliver(roomId, message.subarray(HEADER, roleEnd).toString("utf8") as Role, message.subarray(roleEnd), message[1] === 1);
  }

  /** Counts losses; logs at most one line a second. */
  #warn(count: number, line: string): void {
    this.#lost += count;
    const now = Date.now();
    if (now - this.#lastWarning < 1000) return;
    this.#lastWarning = now;
    this.#log(`relay: ${line}; ${this.#lost} lost so far`);
  }
}
