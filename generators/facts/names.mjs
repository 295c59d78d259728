// A JSON property's name in each language, as the generated models spell it (openapi-generator
// 7.25.0's rules for the names this spec uses) and as the Go request type spells it (Go's own
// style: initialisms upper-cased, `RoomID`). generators/test/facts.test.mjs holds each rule to
// the committed generated models, so a generator upgrade that changes one fails there.

/** The words of a name: split at `_`, `-`, `.`, spaces, and lower-to-upper case changes (`roomId` → room, Id). */
export function words(name) {
  return name
    .replace(/([A-Z]+)([A-Z][a-z])/g, "$1 $2")
    .replace(/([a-z\d])([A-Z])/g, "$1 $2")
    .split(/[\s_.-]+/)
    .filter(Boolean);
}

const capital = (word) => word.charAt(0).toUpperCase() + word.slice(1);

/** Python (the pydantic model's field): snake case, `roomId` → `room_id`. */
export const pythonName = (name) =>
  words(name)
    .map((w) => w.toLowerCase())
    .join("_");

/** Java (the model's property; its getter is `get` + the name capitalised): `app_key` → `appKey`, `AccessToken` → `accessToken`. */
export function javaName(name) {
  const [first, ...rest] = words(name);
  return [first.charAt(0).toLowerCase() + first.slice(1), ...rest.map(capital)].join("");
}

/** Go's generated model (its setter is `Set` + this): `roomId` → `RoomId`, `app_key` → `AppKey`. */
export const goModelName = (name) => words(name).map(capital).join("");

// The initialisms Go spells in capitals (golint's list, which gopls and staticcheck follow).
const INITIALISMS = new Set(
  "ACL API ASCII CPU CSS DNS EOF GUID HTML HTTP HTTPS ID IP JSON LHS QPS RAM RHS RPC SLA SMTP SQL SSH TCP TLS TTL UDP UI UID UUID URI URL UTF8 VM XML XMPP XSRF XSS".split(
    " ",
  ),
);

/** Go's own style (the sdk's request type): `roomId` → `RoomID`, `wssUrl` → `WssURL`, `workNo` → `WorkNo`. */
export const goName = (name) =>
  words(name)
    .map((w) => (INITIALISMS.has(w.toUpperCase()) ? w.toUpperCase() : capital(w.toLowerCase())))
    .join("");

/** UPPER_SNAKE, as Java and Go spell an enum schema's constants (`Role` → `ROLE`). */
export const upperSnake = (name) =>
  words(name)
    .map((w) => w.toUpperCase())
    .join("_");
