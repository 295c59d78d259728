// The mock's public shapes: what a caller gives (MockServerOptions, with the app's Credentials)
// and what it gets back (MockServer). config.ts checks and resolves the options; server.ts builds
// the server.
import type { Server } from "node:http";
import type { SpecValidator } from "@cec-cobrowse/spec";
import type { ChaosSettings } from "./chaos/settings.js";
import type { Chaos } from "./chaos/store.js";
import type { FaultLimits, Faults } from "./faults/model.js";
import type { AccessLogEntry } from "./http/respond.js";
import type { Requests } from "./log/requests.js";
import type { RelayLimits } from "./rooms/limits.js";
import type { Rooms } from "./rooms/types.js";
import type { ScanResult } from "./tokens/scan.js";

/** The app the mock knows: the credentials `tokenByAkSk` accepts and the tenant space it serves. */
export interface Credentials {
  appKey: string;
  appSecret: string;
  tenantSpaceId: string;
}

export interface MockServerOptions {
  /** Interface to bind (default `127.0.0.1`). */
  host?: string;
  /** Port to bind (default 0: any free port; the CLI defaults to 4010). */
  port?: number;
  /** The app's credentials; each missing field takes its demo value. */
  credentials?: Partial<Credentials>;
  /**
   * Key that signs tokens and connectParams. Replicas given the same key accept each other's
   * tokens. Default: `COBROWSE_MOCK_SIGNING_KEY` from the environment, else random per process.
   */
  signingKey?: string | Buffer;
  /**
   * Public base URL (`https://cobrowse.example.com`) for `wssUrlOut`. Default: the URL the
   * request reached (its `Host` header), the same as `wssUrl`.
   */
  publicUrl?: string;
  /** Largest request body accepted, in bytes; larger: 413. Default: the spec's `bodySize.maxBytes` (1 MiB). */
  maxBodyBytes?: number;
  /** Lifetime of a connectParam in seconds (default `CONNECT_PARAM_TTL_SECONDS`, ten minutes). */
  connectParamTtlSeconds?: number;
  /**
   * Serve the `/__mock/faults` control API over HTTP (default false; `mock.faults` works
   * either way). When on, callers need `controlToken`, or are loopback-only without one.
   */
  control?: boolean;
  /** The control API's token, sent as `Authorization: Bearer <token>` (default `$COBROWSE_MOCK_CONTROL_TOKEN`; none: loopback callers only). */
  controlToken?: string;
  /** Bounds on faults: `{ maxCount, maxDelayMs, maxQueuedPerScope, maxQueued }` (defaults 1000, 60000, 100, 1000). */
  faultLimits?: Partial<FaultLimits>;
  /**
   * The chaos mode for the default scope "" from the start (default `$COBROWSE_MOCK_CHAOS`
   * through `optionsFromEnv`; none: off). A replica joining others that run one keeps theirs.
   */
  chaos?: ChaosSettings;
  /**
   * Answer CORS preflights and allow any origin (default false), for pages that call the mock
   * from a browser. Off, an `OPTIONS` request answers 405 like any other wrong method.
   */
  cors?: boolean;
  /** Time a client has to send a whole request, in ms, before a 408 (default 30000). */
  requestTimeoutMs?: number;
  /** Largest WebSocket message relayed, in bytes (default: the spec's `x-cobrowse-rules.websocket.maxMessageBytes`, 1 MiB). */
  wsMaxPayloadBytes?: number;
  /** WebSocket ping interval in ms; a connection that misses a pong is dropped (default 30000). */
  wsHeartbeatMs?: number;
  /** Bounds on the WebSocket relay (each default in `DEFAULT_RELAY_LIMITS`). */
  relayLimits?: Partial<RelayLimits>;
  /**
   * Redis URL (`redis://127.0.0.1:6379`): rooms and the control API's faults are shared with
   * every replica given the same URL (default `$COBROWSE_MOCK_REDIS_URL`; none: this process only).
   */
  redisUrl?: string;
  /**
   * The spec to serve (default: this package's `@cec-cobrowse/spec`). Every rule the mock
   * keeps is read from it: give an edited copy (`loadSpec(file)`) and the mock follows.
   */
  spec?: SpecValidator;
  /** Receives notes meant for people (startup facts, warnings). Never sees secrets or tokens. */
  log?: (line: string) => void;
  /** Clock in ms since the epoch (default `Date.now`); tests use it to age tokens. */
  now?: () => number;
  /**
   * Called once per answered HTTP request (not for WebSocket traffic), after the answer is sent.
   * Carries no headers or bodies, so no secret or token. The CLI prints these with `MOCK_ACCESS_LOG=on`.
   */
  onResponse?: (entry: AccessLogEntry) => void;
}

export interface MockServer {
  /** `http://HOST:PORT`, no trailing slash. */
  readonly url: string;
  readonly host: string;
  readonly port: number;
  readonly credentials: Credentials;
  /** Fault injection: `faults.inject({ count, status, retryAfter, delayMs, reset, revoke, tokenLifetime, flood, … })`. */
  readonly faults: Faults;
  /** The seeded chaos mode per scope: `await chaos.start({ seed: 7 }, { scope })`, `chaos.status()`, `chaos.stop()`. */
  readonly chaos: Chaos;
  /** Which of `texts` hold the app secret or a token this mock issued (never the values themselves). */
  scan(texts: readonly string[]): ScanResult;
  /** The co-browsing rooms with open WebSocket connections. */
  readonly rooms: Rooms;
  /** Every request that reached an operation, with what it got (no headers or bodies); also `GET /__mock/requests`. */
  readonly requests: Requests;
  /** True when no signing key was given and a random one is in use (tokens die with the process). */
  readonly signingKeyRandom: boolean;
  /** The underlying node:http server. */
  readonly server: Server;
  /** Closes WebSocket connections (the spec's going-away code, 1001), then the HTTP server and its connections. */
  close(): Promise<void>;
}
