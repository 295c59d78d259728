export type { Credentials, MockServer, MockServerOptions } from "./api.js";
export type { ChaosDraw } from "./chaos/draw.js";
export { chaosDraw } from "./chaos/draw.js";
export type { ChaosKind, ChaosSettings, Range, ResolvedChaosSettings } from "./chaos/settings.js";
export {
  CHAOS_DEFAULTS,
  CHAOS_KINDS,
  ChaosSettingsError,
  chaosSchema,
  chaosSettingsFrom,
  MAX_CHAOS_SCOPES,
} from "./chaos/settings.js";
export type { Chaos, ChaosStatus } from "./chaos/store.js";
export { DEMO_CREDENTIALS } from "./config.js";
export { optionsFromEnv } from "./env.js";
export type { FaultLimits, FaultSpec, Faults, PendingFault, ScopeOption } from "./faults/model.js";
export { DEFAULT_FAULT_LIMITS, FaultLimitError, FaultSpecError, SCOPE_HEADER } from "./faults/model.js";
export { faultSchema, MAX_FLOOD_BYTES, MAX_TRICKLE_RATE } from "./faults/schema.js";
export { declineUpgrade, whenAnswered } from "./http/pipeline.js";
export type { AccessLogEntry } from "./http/respond.js";
export { formatAccessLog } from "./http/respond.js";
export type { RequestTarget } from "./http/target.js";
export { parseRequestTarget } from "./http/target.js";
export type { NotedHeaders } from "./log/notes.js";
export { HOOK_HEADER, MAX_BODY_FIELDS, NOTED_LENGTH, TRACEPARENT_HEADER } from "./log/notes.js";
export type { RequestRecord, Requests } from "./log/requests.js";
export { MAX_REQUEST_RECORDS } from "./log/requests.js";
export type { RelayLimits } from "./rooms/limits.js";
export { DEFAULT_RELAY_LIMITS } from "./rooms/limits.js";
export type { RelayStats, Role, RoomInfo, Rooms } from "./rooms/types.js";
export { startMockServer } from "./server.js";
export type { Finding, TokenArrival, TokenState } from "./tokens/registry.js";
export { MAX_TOKENS } from "./tokens/registry.js";
export type { ScanResult } from "./tokens/scan.js";
export { MAX_SCAN_CHARS, MAX_SCAN_TEXTS, ScanInputError } from "./tokens/scan.js";
