export { baselineOf, readBaseline, writeBaseline } from "./baseline.js";
export type { CheckDefinition } from "./checks/index.js";
export { allChecks, selectChecks } from "./checks/index.js";
export { main } from "./cli.js";
export type { Coverage, CoverageCell, CoverageKind } from "./coverage.js";
export { coverageOf } from "./coverage.js";
export { checksMarkdown } from "./docs.js";
export { fingerprintOf } from "./fingerprint.js";
export type { Recording } from "./har/read.js";
export { readRecording } from "./har/read.js";
export { harOf } from "./har/write.js";
export { CASE_HEADER } from "./politeness/case-header.js";
export { parseRate } from "./politeness/rate-limit.js";
export type { Profile } from "./profile.js";
export { PROFILES } from "./profile.js";
export type { ContractProxy, ContractProxyOptions } from "./proxy/proxy.js";
export { startContractProxy } from "./proxy/proxy.js";
export type { PrintedExchange } from "./redact.js";
export { REDACTED, Redactor } from "./redact.js";
export { curlOf } from "./replay/curl.js";
export type { Expectation, ReplayRecord } from "./replay/record.js";
export { REPLAY_FORMAT } from "./replay/record.js";
export type { ReplayOutcome } from "./replay/run.js";
export { readReplay, replay } from "./replay/run.js";
export { htmlReport } from "./reporters/html.js";
export { jsonReport } from "./reporters/json.js";
export { junitReport } from "./reporters/junit.js";
export { liveLine } from "./reporters/live.js";
export {
  countsLine,
  formatCoverage,
  formatExchange,
  formatFailure,
  formatResult,
  formatSummary,
  prettyProgress,
} from "./reporters/pretty.js";
export type { SarifOptions } from "./reporters/sarif.js";
export { sarifReport } from "./reporters/sarif.js";
export type { SecuritySchemeRules, SpecRule } from "./rules.js";
export { SuiteRules } from "./rules.js";
export {
  checkProvenance,
  checkSeed,
  DEFAULT_CASES,
  DEFAULT_TIMEOUT_MS,
  replayCommand,
  runContractSuite,
  statusUnder,
} from "./runner.js";
export { SpecLocator, shippedSpecFile } from "./spec-source.js";
export type { TrafficExchange } from "./traffic/exchange.js";
export type { TrafficJudgeOptions } from "./traffic/judge.js";
export { TrafficJudge, trafficChecks } from "./traffic/judge.js";
export type {
  Baseline,
  BaselineEntry,
  BaselineOutcome,
  CheckResult,
  CheckStatus,
  ContractOptions,
  Failure,
  FailureNote,
  FailureSignature,
  ProgressEvent,
  Report,
  TrafficSource,
} from "./types.js";
export { BASELINE_FORMAT } from "./types.js";
export { VERSION } from "./version.js";
