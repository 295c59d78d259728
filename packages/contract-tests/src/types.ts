import type { SpecValidator } from "@cec-cobrowse/spec";
import type { PrintedExchange } from "./redact.js";

/** Where to run the suite and how. */
export interface ContractOptions {
  /** Base URL of the deployment, e.g. `https://gateway.example.com` (no trailing slash needed). */
  baseUrl: string;
  appKey: string;
  /** The app secret. Never printed: every report redacts it. */
  appSecret: string;
  tenantSpaceId: string;
  /** Cases per property-based check (default 200). */
  cases?: number;
  /** Seed for every generated case; printed in the summary so a run replays exactly. Default: random. */
  seed?: number;
  /** Skip the checks that need a server that keeps state (a static mock such as Prism). */
  stateless?: boolean;
  /** Run only these check ids (or id prefixes ending in `.`, e.g. `body.`). */
  only?: string[];
  /** Skip these check ids (or id prefixes ending in `.`). */
  skip?: string[];
  /** Per-request timeout in milliseconds (default 10000). */
  timeoutMs?: number;
  /**
   * The spec to hold the deployment to (default: the one `@cec-cobrowse/spec` ships). Every
   * expectation is read from it: give an edited or extended copy (`loadSpec(file)`) and the
   * suite follows.
   */
  spec?: SpecValidator;
  /** Called as the run progresses (the CLI prints these). */
  onEvent?: (event: ProgressEvent) => void;
}

export type CheckStatus = "passed" | "failed" | "skipped";

/** One broken promise: what, where in the spec, and the exchange that showed it. */
export interface Failure {
  /** The rule broken, when more specific than the check (`response.schema`, `status`...). */
  rule?: string;
  message: string;
  /** JSON pointer (URI fragment) into the spec, e.g. `#/paths/~1apiaccess~1api~1cobrowse~1getConnectionInfo/post/responses/401`. */
  specLocation: string;
  /** The request and response that broke it, secrets redacted. */
  exchange?: PrintedExchange;
}

export interface CheckResult {
  id: string;
  title: string;
  /** The spec locations this check enforces. */
  specLocations: string[];
  status: CheckStatus;
  /** Why the check was skipped. */
  skipReason?: string;
  failures: Failure[];
  /** Failures found in all; `failures` keeps the first few. */
  failureCount: number;
  /** Requests the check made. */
  requests: number;
  /** Cases the check ran (property checks: generated cases). */
  cases: number;
  durationMs: number;
}

export interface Report {
  ok: boolean;
  tool: { name: string; version: string };
  spec: { title: string; version: string };
  target: string;
  seed: number;
  cases: number;
  stateless: boolean;
  startedAt: string;
  durationMs: number;
  summary: { total: number; passed: number; failed: number; skipped: number; requests: number };
  results: CheckResult[];
  /** A command that replays this run exactly (credentials from the environment). */
  replay: string;
}

export type ProgressEvent =
  | { type: "run-start"; target: string; seed: number; cases: number; checks: number; stateless: boolean }
  | { type: "check-start"; id: string; title: string }
  | { type: "check-end"; result: CheckResult }
  | { type: "run-end"; report: Report };
