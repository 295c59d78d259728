import type { ProvenanceKind, SpecValidator } from "@cec-cobrowse/spec";
import type { Coverage } from "./coverage.js";
import type { Profile } from "./profile.js";
import type { PrintedExchange } from "./redact.js";
import type { ReplayRecord } from "./replay/record.js";

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
  /** How failures count (default `spec`; see `Profile`). */
  profile?: Profile;
  /** Fail the run when the coverage matrix is below this percentage (0 to 100). */
  minCoverage?: number;
  /** Run the room's WebSocket checks (default false; the CLI turns them on against the embedded mock). */
  websocket?: boolean;
  /**
   * The URL of a sandbox's fault control (the reference mock's `/__mock/faults`; a path is taken
   * relative to `baseUrl`): documented statuses no request can cause (429, 500, 503...) are
   * injected there and their answers checked. Unset: that check is skipped.
   */
  faultControl?: string;
  /**
   * The fault control's token (the reference mock's `COBROWSE_MOCK_CONTROL_TOKEN`), sent as
   * `Authorization: Bearer <token>`; redacted like the secret. Unset: none is sent (a mock
   * serving its control API to loopback callers only).
   */
  faultControlToken?: string;
  /**
   * The spec to hold the deployment to (default: the one `@cec-cobrowse/spec` ships). Every
   * expectation is read from it: give an edited or extended copy (`loadSpec(file)`) and the
   * suite follows.
   */
  spec?: SpecValidator;
  /** Called as the run progresses (the CLI prints these). */
  onEvent?: (event: ProgressEvent) => void;
  /**
   * Accepted failures (`readBaseline(file)`): a failure whose fingerprint is listed does not fail
   * the run; the report says which failures are new and which listed ones disappeared.
   */
  baseline?: Baseline;
  /** Where `baseline` was read from (named in the report). */
  baselineFile?: string;
  /** At most this many requests per second leave the suite (retries and WebSocket handshakes included). */
  rateLimit?: number;
  /** At most this many requests in all; the checks still to run when it is reached are skipped, saying so. */
  maxRequests?: number;
}

/** `diverged`: under the vendor profile, the check broke decisions of this spec only. */
export type CheckStatus = "passed" | "failed" | "diverged" | "skipped";

/** One broken promise: what, where in the spec, and the exchange that showed it. */
export interface Failure {
  /** The rule broken, when more specific than the check (`response.schema`, `status`...). */
  rule?: string;
  message: string;
  /** JSON pointer (URI fragment) into the spec, e.g. `#/paths/~1apiaccess~1api~1cobrowse~1getConnectionInfo/post/responses/401`. */
  specLocation: string;
  /** Whether the rule broken is a vendor fact or a decision of this spec (`x-cobrowse-provenance`). */
  provenance: ProvenanceKind;
  /** The `x-cobrowse-provenance` entry that says so (undefined when none covers the location: a decision, then). */
  provenanceEntry?: string;
  /** The request and response that broke it, secrets redacted. */
  exchange?: PrintedExchange;
  /** A curl command that sends the request again, the token as `$COBROWSE_TOKEN` and the secret as `$COBROWSE_APP_SECRET`. */
  curl?: string;
  /** What `cobrowse-contract --replay FILE` re-sends and re-judges (the CLI saves it to a file). */
  replay: ReplayRecord;
  /** Where the CLI saved `replay`. */
  replayFile?: string;
  /** Its fingerprint (check, rule, operation, spec location, status): what a baseline lists. */
  fingerprint?: string;
  /** Listed in the baseline the run was given: accepted, not failed. */
  baselined?: boolean;
}

/** One kind of failure of a check, as a baseline lists it: stable across runs (no message goes into its fingerprint). */
export interface FailureSignature {
  fingerprint: string;
  check: string;
  rule?: string;
  operationId?: string;
  specLocation: string;
  /** The status answered, when there was an answer. */
  status?: number;
  provenance: ProvenanceKind;
  /** The failures of the run with this fingerprint. */
  count: number;
  /** The first one's message (secrets redacted). */
  message: string;
  /** Listed in the baseline the run was given. */
  baselined?: boolean;
}

/** A baseline entry: an accepted kind of failure. */
export interface BaselineEntry {
  check: string;
  operation?: string;
  fingerprint: string;
  rule?: string;
  specLocation: string;
  status?: number;
  provenance: ProvenanceKind;
  /** An example of its message, for people reading the file (not matched). */
  message: string;
}

export const BASELINE_FORMAT = "cobrowse-contract-baseline/1";

/** A baseline file: the failures a team has accepted (`--update-baseline` writes it). */
export interface Baseline {
  format: typeof BASELINE_FORMAT;
  /** The spec the failures were found against. */
  spec?: { title: string; version: string };
  entries: BaselineEntry[];
}

/** What a run made of its baseline. */
export interface BaselineOutcome {
  /** Where the baseline was read from, when a file. */
  file?: string;
  /** Kinds of failure of this run that the baseline lists (accepted), and how many failures they are. */
  accepted: { entries: number; failures: number };
  /** Kinds of failure of this run that the baseline does not list: these fail the run. */
  new: BaselineEntry[];
  /** Entries of checks that ran and no longer fail that way: fixed (drop them with --update-baseline). */
  disappeared: BaselineEntry[];
  /** Entries of checks that did not run (skipped or not selected): neither seen nor gone. */
  notRun: number;
}

export interface CheckResult {
  id: string;
  title: string;
  /** The spec locations this check enforces. */
  specLocations: string[];
  /** The provenance of the rules it enforces (one or both kinds). */
  provenance: ProvenanceKind[];
  status: CheckStatus;
  /** Why the check was skipped. */
  skipReason?: string;
  failures: Failure[];
  /** Failures found in all; `failures` keeps the first few. */
  failureCount: number;
  /** All failures by the provenance of the rule broken. */
  broken: Record<ProvenanceKind, number>;
  /** Of those, the failures a baseline accepted (they do not count towards `status`). */
  accepted?: Record<ProvenanceKind, number>;
  /** Every kind of failure found (kept in full or not), with its fingerprint and count. */
  signatures?: FailureSignature[];
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
  profile: Profile;
  websocket: boolean;
  startedAt: string;
  durationMs: number;
  /**
   * Counts of checks: `vendor` broke a vendor fact; `decision` broke decisions only (a failure
   * under the spec profile, a divergence under the vendor profile); `failed` and `diverged` as
   * the profile counts them.
   */
  summary: {
    total: number;
    passed: number;
    failed: number;
    diverged: number;
    skipped: number;
    vendor: number;
    decision: number;
    requests: number;
  };
  results: CheckResult[];
  /** What the run exercised: operation × documented status, security failure kind and request constraint. */
  coverage: Coverage;
  /** `--min-coverage`, when given, and whether the coverage reached it. */
  minCoverage?: { percent: number; met: boolean };
  /** A command that replays this run exactly (credentials from the environment). */
  replay: string;
  /** How to get the token the failures' curl commands send as `$COBROWSE_TOKEN`. */
  tokenCommand: string;
  /** The baseline's outcome, when the run was given one. */
  baseline?: BaselineOutcome;
  /** Set when the report judges observed traffic (`proxy`, `validate`) rather than the suite's own requests. */
  traffic?: TrafficSource;
}

/** Where judged traffic came from. */
export interface TrafficSource {
  mode: "proxy" | "validate";
  /** The proxy's target, or the file validated. */
  source: string;
  /** Exchanges judged (requests with their answers, WebSocket handshakes included). */
  exchanges: number;
  /** Exchanges to paths the spec does not document (relayed, not judged). */
  offSpec: number;
  /** Requests with no answer (the client gave up, the connection was reset). */
  unanswered: number;
}

/** One failure as it is found (every one, kept in full or not): what `proxy` prints live. */
export interface FailureNote {
  check: string;
  rule?: string;
  /** Secrets redacted. */
  message: string;
  specLocation: string;
  provenance: ProvenanceKind;
  fingerprint: string;
  /** The exchange's label (`#12 POST /apiaccess/api/cobrowse/getConnectionInfo`), when there is one. */
  label?: string;
}

export type ProgressEvent =
  | {
      type: "run-start";
      target: string;
      seed: number;
      cases: number;
      checks: number;
      stateless: boolean;
      profile: Profile;
    }
  | { type: "check-start"; id: string; title: string }
  | { type: "check-end"; result: CheckResult }
  | { type: "run-end"; report: Report };
