export { startMockServer, connectUrl, formatAccessLog, DEMO_CREDENTIALS } from "./server.js";
export type { AccessLogEntry, Credentials, MockServer, MockServerOptions } from "./server.js";
export { optionsFromEnv } from "./env.js";
export { FaultSpecError } from "./faults.js";
export type { FaultSpec, Faults, PendingFault } from "./faults.js";
export type { Role, RoomInfo, Rooms } from "./room.js";
