// Room ids the client makes. A getConnectionInfo body without roomId makes the server create a
// room; retrying that call after a lost answer would create a second one, and the customer and
// the agent would end up in different rooms. So the client names the room itself, before the
// first attempt, in the format the server uses for the rooms it creates (a UUID, the spec's
// x-cobrowse-room.createdFormat), and every attempt of the call asks for that one room.

/** A random (version 4) UUID: `crypto.randomUUID` where there is one, else from `getRandomValues` (browsers on plain http). */
export function newRoomId(): string {
  const c = globalThis.crypto;
  if (typeof c?.randomUUID === "function") return c.randomUUID();
  const b = c.getRandomValues(new Uint8Array(16));
  b[6] = (b[6]! & 0x0f) | 0x40;
  b[8] = (b[8]! & 0x3f) | 0x80;
  const hex = [...b].map((x) => x.toString(16).padStart(2, "0")).join("");
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}
