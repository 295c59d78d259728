import { Duplex } from 'node:stream';
import { IncomingMessage } from 'node:http';
import { Server } from 'node:http';

/** One answered request, as `onResponse` receives it. */
export declare interface AccessLogEntry {
    method: string;
    /** The path without the query string. */
    path: string;
    status: number;
    /** Milliseconds from the request's arrival to the answer's end. */
    durationMs: number;
    requestId: string;
}

/** The chaos handle: `mock.chaos` (asynchronous, because replicas may share it through Redis). */
export declare interface Chaos {
    /** Starts (or restarts, from request 1) the scope's schedule; throws ChaosSettingsError naming the field. */
    start(settings: ChaosSettings, options?: ScopeOption): Promise<ChaosStatus>;
    /** Stops it, releases the requests its slow faults hold, and resolves with its last counters. */
    stop(options?: ScopeOption): Promise<ChaosStatus>;
    status(options?: ScopeOption): Promise<ChaosStatus>;
}

export declare const CHAOS_DEFAULTS: Readonly<{
    rate: 0.3;
    retryAfter: 1;
    slowMs: Readonly<{
        min: 100;
        max: 500;
    }>;
    slowOverMs: Readonly<{
        min: 1500;
        max: 2500;
    }>;
    slowOverShare: 0.5;
    tokenLifetime: Readonly<{
        min: 1;
        max: 3;
    }>;
}>;

/** The faults the chaos mode draws from. */
export declare const CHAOS_KINDS: readonly ["unavailable", "revoke", "reset", "resetAfterAnswer", "slow"];

/** What the chaos mode does to one request. */
export declare interface ChaosDraw {
    /** The fault, or none. */
    kind?: ChaosKind;
    /** A `slow` fault's delay, in ms. */
    delayMs?: number;
    /** The lifetime cap of a token this request may be issued, in seconds (the settings' tokenLifetime). */
    tokenLifetime?: number;
}

/**
 * The fault of the `n`-th request (from 1) of a scope under `settings`. `bearer`: whether the
 * request's operation takes a bearer token; one that does not (the token request) never gets
 * `revoke`: its share goes to the other kinds by their weights.
 */
export declare function chaosDraw(settings: ResolvedChaosSettings, n: number, bearer: boolean): ChaosDraw;

export declare type ChaosKind = (typeof CHAOS_KINDS)[number];

/** The JSON Schema of chaos settings, with the delay bound and the spec's token lifetimes. */
export declare function chaosSchema(spec: SpecValidator, maxDelayMs: number): Record<string, unknown>;

/** Chaos settings as given (`mock.chaos.start`, `POST /__mock/chaos`); every field but `seed` has a default. */
export declare interface ChaosSettings {
    /** The schedule's seed (a whole number from 0 to 2^53 − 1): the same seed and order of requests give the same faults. */
    seed: number;
    /** The share of requests that get a fault, 0 to 1 (default 0.3). */
    rate?: number;
    /** The weight of each kind (default 1 each); a kind left out of an object weighs 0. A list gives the listed kinds 1 each. */
    kinds?: Partial<Record<ChaosKind, number>> | ChaosKind[];
    /** The `Retry-After` seconds of an `unavailable` 503 (default 1). */
    retryAfter?: number;
    /** The delay of a `slow` fault that stays under a client's timeout, in ms (default 100–500). */
    slowMs?: Range_2;
    /** The delay of a `slow` fault that goes over it, in ms (default 1500–2500). */
    slowOverMs?: Range_2;
    /** The share of `slow` faults drawn from `slowOverMs` (default 0.5). */
    slowOverShare?: number;
    /** The lifetime in seconds every token issued in the scope gets at most, drawn per token (default 1–3); null: no cap. */
    tokenLifetime?: Range_2 | null;
}

/** Why chaos settings are refused, naming the field: `rate: must be a number from 0 to 1`. */
export declare class ChaosSettingsError extends FaultSpecError {
    name: string;
}

/**
 * Chaos settings from text (COBROWSE_MOCK_CHAOS, `--chaos`): a seed (`7`), a JSON object, or
 * `key=value` pairs separated by commas, where a range is `min..max` and kinds are
 * `name+name` or `name:weight+name:weight` (`seed=7,rate=0.5,kinds=unavailable+revoke,tokenLifetime=1..3`).
 * Only the form is checked here; the values when the mock starts. Throws naming `source`.
 */
export declare function chaosSettingsFrom(text: string, source?: string): ChaosSettings;

/** A scope's chaos mode: whether it is on, its settings, the requests it saw and the faults it drew. */
export declare interface ChaosStatus {
    scope: string;
    active: boolean;
    /** The settings with their defaults; null when it is off (a stop answers the settings it stopped). */
    settings: ResolvedChaosSettings | null;
    /** Requests of the scope counted since it started (the last n drawn). */
    requests: number;
    /** Faults drawn, by kind. */
    faults: Record<ChaosKind, number>;
}

/** One check a server makes (`x-cobrowse-rules.checks.<id>`). */
declare interface CheckRule {
    /** Its key in `x-cobrowse-rules.checks`: `method`, `bodySize`, `validation`, ... */
    id: string;
    /** The status its failure answers. */
    status: number;
    description: string;
    /** Whether it also checks the security header failures whose status is `status`. */
    security: boolean;
    /** `bodySize`: the largest body accepted, in bytes. */
    maxBytes?: number;
    /** `contentEncoding`: the content codings accepted. */
    accept?: string[];
    /** Where it is in the spec, as a JSON pointer. */
    at: string;
}

declare interface components {
    schemas: {
        /** @description The app credentials configured on the API Fabric. */TokenRequest: {
            /**
             * @description The app ID configured on the API Fabric.
             * @example demo-app-key
             */
            app_key: string;
            /**
             * Format: password
             * @description The app's secret. Sent only from a backend; never logged.
             * @example demo-app-secret
             */
            app_secret: string;
        }; /** @description A bearer token and its lifetime. Every value is a string, numbers included. */
        TokenResponse: {
            /**
             * @description The token, sent as `Authorization: Bearer <AccessToken>`.
             * @example eyJhIjoiZGVtby1hcHAta2V5In0.c2lnbmF0dXJl
             */
            AccessToken: string;
            /**
             * @description The token type.
             * @example Bearer
             * @enum {string}
             */
            ApplyType: "Bearer";
            /**
             * @description When the token was created, in Unix seconds, as a string.
             * @example 1545650171
             */
            CreateTime: string;
            /**
             * @description The token lifetime in seconds from `CreateTime`, as a string.
             * @example 600
             */
            Expires: string;
            /**
             * @description The scopes granted; an opaque string.
             * @example default
             */
            Scope?: string;
            /**
             * @description The app key the token was issued to.
             * @example demo-app-key
             */
            AppKey?: string;
            /**
             * @description The user the token stands for.
             * @example Anonymous
             */
            UserID?: string;
        };
        /**
         * @description The side of the co-browsing room: `recorder` is the customer, whose page is
         *     recorded and shared; `replayer` is the agent, who watches and guides.
         * @example replayer
         * @enum {string}
         */
        Role: "recorder" | "replayer"; /** @description Which room, which side, and who is asking. */
        GetConnectionInfoRequest: {
            /**
             * @description The co-browsing room, usually the contact-center session id. Both sides of one
             *     session must send the same value. When absent the server creates a room with a
             *     UUID id. 1 to 128 characters of any kind but control characters (the vendor states
             *     no format: `10***04` is its example); it travels in the WebSocket URL's path
             *     percent-encoded.
             * @example 1001202404
             */
            roomId?: string;
            /**
             * @description The user's id.
             * @example customer-42
             */
            userId?: string;
            /**
             * @description The user's display name.
             * @example Alex Doe
             */
            userName?: string;
            /**
             * @description The agent's id (work number).
             * @example 667
             */
            workNo?: string;
            role: components["schemas"]["Role"];
        }; /** @description Where and how one side of the room connects. */
        ConnectionInfo: {
            /**
             * @description The room id, as sent or as created.
             * @example 1001202404
             */
            roomId?: string;
            /**
             * Format: uri
             * @description The WebSocket URL inside the platform's network.
             * @example wss://10.0.0.8:9443/ws/cobrowse/1001202404
             */
            wssUrl?: string;
            /**
             * Format: uri
             * @description The WebSocket URL reachable from public networks.
             * @example wss://cobrowse.example.com/ws/cobrowse/1001202404
             */
            wssUrlOut?: string;
            /**
             * @description A signature to present when connecting to the WebSocket, as the query parameter
             *     `connectParam`. Opaque to clients; valid for this room and role only.
             * @example eyJyIjoiMTAwMTIwMjQwNCJ9.c2lnbmF0dXJl
             */
            connectParam?: string;
        };
        /**
         * @description The result of `getConnectionInfo`. On success `data` is present and `errorCode` and
         *     `errorReason` are null; on failure `success` is false and they say why.
         */
        GetConnectionInfoResponse: {
            /** @description Whether the operation succeeded. */success: boolean;
            data?: components["schemas"]["ConnectionInfo"]; /** @description The error code; null on success. */
            errorCode: number | null; /** @description The error cause; null on success. */
            errorReason: string | null;
        }; /** @description One problem found in a request. */
        ErrorDetail: {
            /**
             * @description Where the problem is.
             * @enum {string}
             */
            in: "body" | "header" | "path";
            /**
             * @description The offending field as a JSON pointer into the body (`/role`, `""` for the body
             *     as a whole), or the header name.
             * @example /role
             */
            name: string;
            /**
             * @description What is wrong and how to fix it.
             * @example must be one of "recorder", "replayer"
             */
            message: string;
        };
        /**
         * @description The body of every non-2xx response. `errorReason` is for people and names the
         *     offending field or header; `errorCode` is for programs.
         */
        ErrorResponse: {
            /** @description Always false. */success: boolean;
            /**
             * @description The HTTP status times 100 (`40100` for a 401, say); see the API description.
             * @example 40100
             */
            errorCode: number;
            /**
             * @description What went wrong, naming the field or header and the fix.
             * @example Authorization: token expired; request a new one with tokenByAkSk
             */
            errorReason: string; /** @description Each problem found, when the request broke more than one rule. */
            details?: components["schemas"]["ErrorDetail"][];
        };
    };
    responses: {
        /**
         * @description The request is malformed: invalid JSON, a body or header that breaks its schema
         *     (missing, of the wrong type, out of range, not in the enum), or a missing
         *     `X-TenantSpaceID`. `errorReason` and `details` name the field.
         */
        BadRequest: {
            headers: {
                "X-Request-Id": components["headers"]["RequestId"];
                [name: string]: unknown;
            };
            content: {
                "application/json": components["schemas"]["ErrorResponse"];
            };
        };
        /**
         * @description Authentication failed: wrong app key or secret, or a missing, malformed, unknown or
         *     expired token, or an `x-app-key` that is missing or not the token's app.
         */
        Unauthorized: {
            headers: {
                "X-Request-Id": components["headers"]["RequestId"];
                [name: string]: unknown;
            };
            content: {
                "application/json": components["schemas"]["ErrorResponse"];
            };
        }; /** @description The resource does not exist, such as an unknown tenant space. */
        NotFound: {
            headers: {
                "X-Request-Id": components["headers"]["RequestId"];
                [name: string]: unknown;
            };
            content: {
                "application/json": components["schemas"]["ErrorResponse"];
            };
        }; /** @description The body is larger than the server accepts (1 MiB by default). */
        PayloadTooLarge: {
            headers: {
                "X-Request-Id": components["headers"]["RequestId"];
                [name: string]: unknown;
            };
            content: {
                "application/json": components["schemas"]["ErrorResponse"];
            };
        };
        /**
         * @description The body is not sent as `application/json`, or is sent with a `Content-Encoding`
         *     other than `identity` (compressed bodies are not accepted; RFC 9110 §8.4 lets a
         *     server answer 415 to a content coding it does not accept, and the answer's
         *     `Accept-Encoding: identity` says so).
         */
        UnsupportedMediaType: {
            headers: {
                "X-Request-Id": components["headers"]["RequestId"];
                [name: string]: unknown;
            };
            content: {
                "application/json": components["schemas"]["ErrorResponse"];
            };
        }; /** @description Too many requests; wait `Retry-After` seconds before trying again. */
        TooManyRequests: {
            headers: {
                "X-Request-Id": components["headers"]["RequestId"];
                "Retry-After": components["headers"]["RetryAfter"];
                [name: string]: unknown;
            };
            content: {
                "application/json": components["schemas"]["ErrorResponse"];
            };
        }; /** @description The server failed; the request may be retried. */
        InternalServerError: {
            headers: {
                "X-Request-Id": components["headers"]["RequestId"];
                [name: string]: unknown;
            };
            content: {
                "application/json": components["schemas"]["ErrorResponse"];
            };
        }; /** @description The service is unavailable for now; wait `Retry-After` seconds, if sent. */
        ServiceUnavailable: {
            headers: {
                "X-Request-Id": components["headers"]["RequestId"];
                "Retry-After": components["headers"]["RetryAfter"];
                [name: string]: unknown;
            };
            content: {
                "application/json": components["schemas"]["ErrorResponse"];
            };
        };
    };
    parameters: {
        /**
         * @description The token lifetime wanted, in seconds, from 1 to 86400. When absent the token lives
         *     600 seconds. A value outside the range, or not a whole number, answers 400.
         * @example 600
         */
        TokenExpire: number;
    };
    requestBodies: never;
    headers: {
        /**
         * @description An id for this request, to quote when reporting a problem.
         * @example 5b0f3c1e-7a8d-4f7e-9a55-2c1b7f0e6d42
         */
        RequestId: string;
        /**
         * @description Seconds to wait before trying again.
         * @example 1
         */
        RetryAfter: number;
    };
    pathItems: never;
}

/** The app the mock knows: the credentials `tokenByAkSk` accepts and the tenant space it serves. */
export declare interface Credentials {
    appKey: string;
    appSecret: string;
    tenantSpaceId: string;
}

/**
 * Serves a request that offered an upgrade the server does not take (`Upgrade: h2c`) as plain
 * HTTP/1.1, as RFC 9110 lets a server ignore the offer: the request is rebuilt minus its upgrade
 * headers and handed back to the HTTP parser, after the answers before it.
 */
export declare function declineUpgrade(server: Server, req: IncomingMessage, socket: Duplex, head: Buffer): void;

export declare const DEFAULT_FAULT_LIMITS: Readonly<FaultLimits>;

export declare const DEFAULT_RELAY_LIMITS: Readonly<RelayLimits>;

/** Demo credentials used when none are configured. Not secret: never use them for a real deployment. */
export declare const DEMO_CREDENTIALS: Readonly<Credentials>;

declare interface Example {
    name: string;
    value: unknown;
    /** Where the example's value is defined (its `$ref` target when it has one). */
    at: string;
}

declare interface ExampleObject {
    summary?: string;
    description?: string;
    value?: unknown;
    /** On the vendor's example request: the example's headers, as the vendor's page shows them. */
    "x-cobrowse-headers"?: Record<string, string>;
}

declare type FailureKind = keyof SecurityFailures;

/** A fault refused because its scope's queue, or all queues together, hold as many as allowed. */
export declare class FaultLimitError extends Error {
    name: string;
}

/** The bounds on faults; each has a documented default and an environment variable. */
export declare interface FaultLimits {
    /** Largest `count` (default 1000). */
    maxCount: number;
    /** Largest `delayMs` (default 60000). */
    maxDelayMs: number;
    /** Faults queued at once in one scope (default 100). */
    maxQueuedPerScope: number;
    /** Faults queued at once in all scopes (default 1000). */
    maxQueued: number;
}

/** The fault-injection handle: `mock.faults`. */
export declare interface Faults {
    /**
     * Queues a fault; the next `count` matching requests of the scope take it. Throws a
     * FaultSpecError naming the field on an invalid spec, a FaultLimitError when the queue is full.
     */
    inject(spec: FaultSpec, options?: ScopeOption): PendingFault;
    /** Drops the queued faults (of one scope, or of all when none is given) and releases the requests they hold. */
    clear(options?: ScopeOption): void;
    /** The queued faults (of one scope, or of all), oldest first. */
    list(options?: ScopeOption): PendingFault[];
}

/** The JSON Schema of a fault spec, for the operations of `spec` and within `limits`. */
export declare function faultSchema(spec: SpecValidator, limits?: FaultLimits): Record<string, unknown>;

/** What an injected fault does to the requests it catches. */
export declare interface FaultSpec {
    /** How many requests this fault catches (default 1). */
    count?: number;
    /** Only requests of this operation (`tokenByAkSk`, `getConnectionInfo`); any operation when absent. */
    operationId?: string;
    /** Answer this HTTP status (200..599): with an ErrorResponse body, or `body` / `rawBody` when given (needed below 400). */
    status?: number;
    /** `Retry-After` sent with `status`: seconds, or a string sent as is (an HTTP date, or something malformed). 429 and 503 send 1 when absent. */
    retryAfter?: number | string;
    /** Wait this many milliseconds first (alone: then answer normally). */
    delayMs?: number;
    /** Reset the connection (TCP RST) instead of answering. */
    reset?: boolean;
    /**
     * Serve the request as usual (the operation runs: a room is created), then reset the
     * connection instead of sending the answer: the answer is lost after the server acted.
     */
    resetAfterAnswer?: boolean;
    /**
     * Answer `200` with `success: false` and this `errorCode` / `errorReason`, the failure the spec
     * allows inside a 200 of an operation whose answer has `success` (getConnectionInfo).
     */
    applicationError?: {
        errorCode?: number;
        errorReason?: string;
    };
    /** Answer this JSON value as the body, with `status`. */
    body?: unknown;
    /** Answer this text as the body, as is, with `status` (set its Content-Type in `headers`). */
    rawBody?: string;
    /** Extra response headers sent with `status`, `redirect` or `flood` (not Content-Length, Transfer-Encoding or Connection). */
    headers?: Record<string, string>;
    /**
     * Revoke the bearer token the request carries (when the fault takes it, before any delay),
     * then serve the request: its authentication check answers 401, and the token stays refused
     * until it expires, on every replica. Only for operations with a bearer token.
     */
    revoke?: boolean;
    /** The gateway's cap on token lifetimes (tokenByAkSk only): the token lives min(asked or the default, this) seconds. */
    tokenLifetime?: number;
    /** With a `status` of 400 or more: the ErrorResponse's errorReason ends with the Authorization header as received, also sent back as `X-Echo-Authorization` (a leaky gateway). */
    echoToken?: boolean;
    /** Answer `status` (default 307) with `Location` = this request's path at the other loopback origin (127.0.0.1 ↔ localhost) or at the same one. */
    redirect?: "other-origin" | "same-origin";
    /** Answer `status` (default 200) with `bytes` filler bytes as JSON, streamed with backpressure; gzip-compressed with `gzip: true` (a gzip bomb). */
    flood?: {
        bytes: number;
        gzip?: boolean;
    };
    /** Serve the answer (normal or the fault's) with its body written `bytesPerSecond` bytes a second, headers at once. */
    trickle?: {
        bytesPerSecond: number;
    };
}

/** Why a fault spec is refused, naming the field: `count: must be an integer from 1 to 1000`. */
export declare class FaultSpecError extends Error {
    name: string;
}

/** A finding of the leak scan: text `index` holds the secret, or the token `tokenId`. */
export declare interface Finding {
    index: number;
    kind: "secret" | "token";
    tokenId?: string;
}

/** Formats an access-log entry as one line: `POST /apigovernance/api/oauth/tokenByAkSk 200 1.3ms id=...`. */
export declare function formatAccessLog(entry: AccessLogEntry): string;

declare interface HeaderObject {
    description?: string;
    required?: boolean;
    schema?: JsonSchema;
    example?: unknown;
}

/** One problem found in a request or response, in the spec's `ErrorDetail` shape. */
declare interface Issue {
    in: "body" | "header" | "path";
    /** A JSON pointer into the body (`""` for the body itself), or a header name. */
    name: string;
    message: string;
}

declare type JsonSchema = Record<string, unknown>;

declare interface LinkObject {
    operationId?: string;
    operationRef?: string;
    description?: string;
    parameters?: Record<string, unknown>;
    requestBody?: unknown;
}

/** Scopes with the chaos mode on at once, at most (in all). */
export declare const MAX_CHAOS_SCOPES = 100;

/** A flood's size, at most: 1 GiB. */
export declare const MAX_FLOOD_BYTES: number;

/** The most records kept; older ones are dropped (a soak makes millions of requests). */
export declare const MAX_REQUEST_RECORDS = 10000;

/** Characters scanned at once, in all the texts together, at most (4 Mi). */
export declare const MAX_SCAN_CHARS: number;

/** Texts scanned at once, at most. */
export declare const MAX_SCAN_TEXTS = 10000;

/** The most tokens (and revocations) remembered; older ones become "unknown" to the log and the scan. */
export declare const MAX_TOKENS = 10000;

/** A trickle's rate, at most (bytes a second). */
export declare const MAX_TRICKLE_RATE = 65536;

declare interface MediaTypeObject {
    schema?: JsonSchema;
    example?: unknown;
    examples?: Record<string, ExampleObject | Reference>;
}

export declare interface MockServer {
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

export declare interface MockServerOptions {
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

declare interface OpenApiDocument {
    openapi: string;
    info: {
        title: string;
        version: string;
        [key: string]: unknown;
    };
    servers?: Array<{
        url: string;
        variables?: Record<string, {
            default: string;
            description?: string;
            enum?: string[];
        }>;
        description?: string;
    }>;
    paths: Record<string, Record<string, OperationObject>>;
    components: {
        schemas?: Record<string, JsonSchema>;
        parameters?: Record<string, ParameterObject>;
        headers?: Record<string, HeaderObject>;
        responses?: Record<string, ResponseObject>;
        examples?: Record<string, ExampleObject>;
        securitySchemes?: Record<string, SecuritySchemeObject>;
    };
    /** The machine-readable rules this spec decides (see `rules.ts`). */
    "x-cobrowse-rules"?: unknown;
    [key: string]: unknown;
}

declare interface Operation {
    operationId: string;
    method: string;
    path: string;
    /** `#/paths/<path>/<method>` */
    at: string;
    /** Request headers from `parameters` (security headers are in `securityHeaders`). */
    headers: ResolvedHeader[];
    securityHeaders: SecurityHeader[];
    bodyRequired: boolean;
    bodySchema: JsonSchema | undefined;
    /** Where the body schema is defined (its `$ref` target when it has one). */
    bodySchemaAt: string | undefined;
    /** The media types the body may be sent as. */
    requestMediaTypes: string[];
    requestExamples: Example[];
    responses: Map<string, ResolvedResponse>;
    /** The checks a server makes, in `x-cobrowse-check-order`'s order; the first failing one answers. */
    checkOrder: OperationCheck[];
    /** How the operation names a room (`x-cobrowse-room`), when it does. */
    room: RoomRule | undefined;
    raw: OperationObject;
}

/** One step of an operation's check order: the rule, and the security failures it answers. */
declare interface OperationCheck extends CheckRule {
    securityChecks: SecurityCheck[];
}

declare interface OperationObject {
    operationId: string;
    summary?: string;
    description?: string;
    tags?: string[];
    security?: Array<Record<string, string[]>>;
    parameters?: Array<ParameterObject | Reference>;
    requestBody?: {
        required?: boolean;
        content: Record<string, MediaTypeObject>;
    } | Reference;
    responses: Record<string, ResponseObject | Reference>;
    /** The ids of `x-cobrowse-rules.checks`, in the order a server makes them. */
    "x-cobrowse-check-order"?: string[];
    /** How the operation names a room (see `RoomRule`). */
    "x-cobrowse-room"?: unknown;
}

/**
 * Options from environment variables, as the CLI reads them: `HOST`, `PORT`,
 * `COBROWSE_APP_KEY`, `COBROWSE_APP_SECRET`, `COBROWSE_TENANT_SPACE_ID`,
 * `COBROWSE_MOCK_SIGNING_KEY`, `COBROWSE_MOCK_PUBLIC_URL`, `COBROWSE_MOCK_CONTROL_TOKEN`,
 * `COBROWSE_MOCK_REDIS_URL`, the whole numbers of `NUMBERS` (limits, timeouts, the heartbeat),
 * `MOCK_CONTROL` (`on` serves the control API), `MOCK_CORS` (`on` answers CORS preflights),
 * `COBROWSE_MOCK_CHAOS` (the chaos mode of the default scope: a seed, JSON, or `seed=7,rate=0.3`).
 * Unset variables are left out, so the library defaults apply. Throws naming the variable
 * when a value is invalid.
 */
export declare function optionsFromEnv(env?: NodeJS.ProcessEnv): MockServerOptions;

/** Which fields of a 200 answer say whether the operation succeeded (`x-cobrowse-outcome`). */
declare interface OutcomeRule {
    /** The boolean field: true when it succeeded. */
    success: string;
    /** The field present on success. */
    data: string;
    /** Fields that are null on success. */
    nullOnSuccess: string[];
    at: string;
}

declare interface ParameterObject extends HeaderObject {
    name: string;
    in: "header" | "query" | "path" | "cookie";
}

/** Splits `target` into path and query, or says why it is not a request target a server can serve. */
export declare function parseRequestTarget(target: string): RequestTarget | {
    problem: string;
};

/** A fault waiting in the queue, as `list()` and the control endpoint show it. */
export declare interface PendingFault extends Omit<FaultSpec, "count" | "applicationError"> {
    id: number;
    /** The scope whose requests it catches (`X-Mock-Scope`); "" for requests without one. */
    scope: string;
    remaining: number;
    applicationError?: {
        errorCode: number;
        errorReason: string;
    };
}

/** What the spec says about one rule's origin. */
declare interface Provenance {
    /** `vendor`: documented by the vendor; `decision`: decided by this spec where the vendor is silent. */
    provenance: ProvenanceKind;
    /** The entry that decided it (a pointer listed in `x-cobrowse-provenance`). */
    entry: string;
    /** The entry's note. */
    note: string;
}

declare type ProvenanceKind = "vendor" | "decision";

/**
 * `x-cobrowse-provenance`, read and checked for shape. An entry pointing at nothing is kept
 * (an edited copy of the spec may drop what it marks) and listed by `dangling()`; the shipped
 * spec's test holds it to none.
 */
declare class ProvenanceMap {
    #private;
    /** Where the extension is. */
    readonly at: string;
    constructor(document: OpenApiDocument);
    /** The entries that point at nothing in the document. */
    dangling(): string[];
    /** Whether the spec states provenance at all. */
    get stated(): boolean;
    /** The provenance of the rule at `at` (a JSON pointer); undefined when no entry covers it. */
    of(at: string): Provenance | undefined;
    /** Every entry, as listed. */
    entries(): Array<{
        entry: string;
    } & Omit<Provenance, "entry">>;
}

/** A range of whole numbers, both ends included. */
declare interface Range_2 {
    min: number;
    max: number;
}
export { Range_2 as Range }

declare interface Reference {
    $ref: string;
}

/** The bounds on the WebSocket relay; each has a documented default and an environment variable. */
export declare interface RelayLimits {
    /** Rooms with open connections on this process (default 1000); more: refused with the spec's `capacity` status. */
    maxRooms: number;
    /** Open connections on this process (default 2000); more: refused with `capacity`. */
    maxConnections: number;
    /** Connections of one room on this process (default 16); more: refused with `roomFull`. */
    maxConnectionsPerRoom: number;
    /** Bytes waiting to be sent to one peer (default 4 MiB); a peer over it is closed with `close.peerTooSlow`. */
    maxPeerBufferBytes: number;
    /** Bytes waiting to be sent to all peers together (default 64 MiB); the peer a message would pass it for is closed with `close.peerTooSlow`. */
    maxBufferBytes: number;
}

/** `mock.rooms.stats()`, on `/__mock/health` as `relay`. */
export declare interface RelayStats {
    /** Open connections (of this process). */
    connections: number;
    /** Rooms with at least one open connection. */
    rooms: number;
    /** Bytes charged for frames waiting to be sent to peers, each with 1 KiB for its bookkeeping (the budget the relay's bounds limit). */
    bufferedBytes: number;
    /** Peers closed with the spec's `close.peerTooSlow` since start. */
    peersClosedTooSlow: number;
    /** Peers closed with the spec's `close.messagesLost` since start (Redis mode). */
    peersClosedForLoss: number;
    /** Messages this process's connections sent that could not be handed to the shared relay (Redis mode): none of the other replicas got them. */
    messagesUnpublished: number;
    /** Messages of other replicas this process knows it never received (gaps in their sequence numbers; Redis mode). */
    messagesMissed: number;
    /** Times this process's subscription to Redis was lost, each closing every connection it held with `close.messagesLost` (Redis mode). */
    subscriptionsLost: number;
}

/** One request that reached an operation. */
export declare interface RequestRecord {
    /** 1, 2, 3 … in order of arrival (never reused, so `since` reads only newer records). */
    seq: number;
    operationId: string;
    /**
     * The status answered; null while unanswered, or when no whole answer reached the client (a
     * reset, a dropped connection, a flood or trickle the client stopped reading).
     */
    status: number | null;
    /** When it arrived (its headers), in ms since the epoch (the server's clock, `now`). */
    at: number;
    /** The X-Mock-Scope it named; absent for the default scope "" (and for a malformed one). */
    scope?: string;
    /** The id of the queued fault that caught it, when one did. */
    fault?: number;
    /** The fault the chaos mode drew for it, when it drew one (and no queued fault caught it first). */
    chaos?: ChaosKind;
    /** The room it named in its body, or the room its answer named (as sent, or created), even when the answer was lost. */
    roomId?: string;
    /** The `role` and `userId` of its body, when present (getConnectionInfo). */
    role?: string;
    userId?: string;
    /** The bearer token it carried (never the token itself): its id and its state at arrival, before this request's own fault applied. */
    token?: TokenArrival;
    /** The token it was issued (tokenByAkSk), even when the answer was then lost: its id and lifetime in seconds. */
    issued?: {
        id: string;
        lifetime: number;
    };
    /** For a flood: the body bytes handed to the socket before the client stopped reading or closed (compressed ones for gzip). */
    bytesSent?: number;
}

/** The request-log handle: `mock.requests`. */
export declare interface Requests {
    /** Records with a `seq` above `since` (default 0: all kept), oldest first. */
    list(since?: number): RequestRecord[];
    /** The `seq` of the newest record (0 when none): pass it to `list` later to read what came after. */
    last(): number;
}

/** A request target split into its parts. */
export declare interface RequestTarget {
    /** The path as sent (percent-encoding kept), starting with `/`. */
    path: string;
    /** The query without its `?` ("" when there is none). */
    query: string;
    /** The authority of an absolute-form target (`host:port`), which replaces the Host header. */
    authority?: string;
}

/** Chaos settings with every default filled in. */
export declare interface ResolvedChaosSettings {
    seed: number;
    rate: number;
    kinds: Record<ChaosKind, number>;
    retryAfter: number;
    slowMs: Range_2;
    slowOverMs: Range_2;
    slowOverShare: number;
    tokenLifetime: Range_2 | null;
}

declare interface ResolvedHeader {
    name: string;
    required: boolean;
    schema: JsonSchema;
    description: string | undefined;
    at: string;
}

/** A link of a documented response, as the spec states it. */
declare interface ResolvedLink {
    /** Its name in the response's `links`. */
    name: string;
    /** The operation the link leads to. */
    operationId: string;
    description: string | undefined;
    /** The next request's body: a literal, an expression, or an object whose values are either. */
    requestBody: unknown;
    /** The next request's parameters by name (`path.id`, `header.X`, or a bare name): each a literal or an expression. */
    parameters: Record<string, unknown>;
    /** Where the link is in the spec. */
    at: string;
}

declare interface ResolvedResponse {
    status: string;
    description: string;
    /** `application/json` schema, resolved against components; undefined for no body. */
    schema: JsonSchema | undefined;
    headers: ResolvedHeader[];
    mediaTypes: string[];
    examples: Example[];
    /** Which fields say whether the operation succeeded (`x-cobrowse-outcome`), when the response states it. */
    outcome: OutcomeRule | undefined;
    /** Its OpenAPI links: how this answer feeds a next request. */
    links: ResolvedLink[];
    at: string;
}

/** The token operation, resolved: what `x-cobrowse-token` names. */
declare interface ResolvedTokenSource {
    operation: Operation;
    fields: {
        token: string;
        createTime: string;
        lifetime: string;
        appKey?: string;
    };
    /** The request body fields that carry the app key and the app secret. */
    credentials: {
        appKey: string;
        appSecret: string;
    };
    /** The request header that asks for a lifetime, with its schema (`minimum`, `maximum`, `default`). */
    lifetimeHeader: ResolvedHeader;
    /** The lifetime header's range and default, in seconds. */
    lifetime: {
        minimum: number | undefined;
        maximum: number | undefined;
        default: number | undefined;
    };
    at: string;
}

declare interface ResponseObject {
    description: string;
    links?: Record<string, LinkObject | Reference>;
    /** Which fields of the answer say whether the operation succeeded (see `OutcomeRule`). */
    "x-cobrowse-outcome"?: unknown;
    headers?: Record<string, HeaderObject | Reference>;
    content?: Record<string, MediaTypeObject>;
}

export declare type Role = components['schemas']['Role'];

/** One room as `mock.rooms.list()` shows it: its open connections by role. */
export declare interface RoomInfo {
    roomId: string;
    connections: Partial<Record<Role, number>>;
}

/** How an operation names a room (`x-cobrowse-room`). */
declare interface RoomRule {
    /** The request field naming the room, answered in `data` as sent or created. */
    roomId: string;
    /** The JSON Schema `format` of a room id the server creates. */
    createdFormat: string;
    /** The request field naming the side. */
    role: string;
    /** `data` fields valid for one room and role only. */
    perRole: string[];
    /** `data` fields holding WebSocket URLs. */
    webSocketUrls: string[];
    at: string;
}

/** The co-browsing rooms: `mock.rooms`. */
export declare interface Rooms {
    /** Rooms with at least one open connection (on this process). */
    list(): RoomInfo[];
    /** Resolves when `roomId` has at least the given numbers of open connections by role (polls every 10 ms). */
    waitFor(roomId: string, want: Partial<Record<Role, number>>, timeoutMs?: number): Promise<RoomInfo>;
    /** What the relay holds now and what it closed: see RelayStats. */
    stats(): RelayStats;
}

/** Texts the scan refuses: `status` is 400 (not an array of strings) or 413 (over a bound). */
export declare class ScanInputError extends Error {
    name: string;
    readonly status: 400 | 413;
    constructor(status: 400 | 413, message: string);
}

export declare interface ScanResult {
    findings: Finding[];
}

/** The request header naming the caller's scope. */
export declare const SCOPE_HEADER = "X-Mock-Scope";

/** Which caller's faults: the `scope` whose requests (those sending `X-Mock-Scope: <scope>`) they catch. */
export declare interface ScopeOption {
    /** Default "": the requests that send no `X-Mock-Scope`. */
    scope?: string;
}

/** One security failure, and the check of the operation's order that answers it. */
declare interface SecurityCheck {
    header: SecurityHeader;
    kind: FailureKind;
    status: number;
    /** `#/components/securitySchemes/<scheme>/x-cobrowse-failures/<kind>` */
    at: string;
}

/** The statuses a security header's failures answer (the spec's `x-cobrowse-failures`). */
declare interface SecurityFailures {
    /** The header is absent (or empty). */
    missing: number;
    /** The value breaks `x-cobrowse-value-schema` (or, for bearer schemes, lacks `Bearer `). */
    malformed: number;
    /** The value is well formed but unknown to the deployment (or not the token's app). */
    unknown: number;
}

/** A header an operation's security requirement asks for. */
declare interface SecurityHeader {
    scheme: string;
    /** Header name as the spec spells it (`Authorization`, `x-app-key`, ...). */
    header: string;
    /** `bearer`: the value is `Bearer <token>`; `apiKey`: the value is sent as is. */
    kind: "bearer" | "apiKey";
    /**
     * JSON Schema of the value (of the token after `Bearer ` for `bearer`), from the scheme's
     * `x-cobrowse-value-schema`, with references rebased like every other schema here;
     * undefined when the scheme states none (then only presence is checked).
     */
    schema: JsonSchema | undefined;
    /** The value schema's description, quoted in issues as the fix. */
    valueDescription: string | undefined;
    /** Statuses for a missing, malformed or unknown value, from `x-cobrowse-failures`; undefined when the scheme states none. */
    failures: SecurityFailures | undefined;
    /** Where the scheme is in the spec. */
    at: string;
}

/** This project's extensions on a security scheme. */
declare interface SecuritySchemeExtensions {
    /** JSON Schema of the header value (of the token after `Bearer ` for bearer schemes). */
    "x-cobrowse-value-schema"?: JsonSchema;
    "x-cobrowse-failures"?: SecurityFailures;
    /** On the bearer scheme: where its token comes from. */
    "x-cobrowse-token"?: {
        operationId: string;
        token: string;
        createTime: string;
        lifetime: string;
        appKey?: string;
        lifetimeHeader: string;
        credentials: {
            appKey: string;
            appSecret: string;
        };
    };
}

declare type SecuritySchemeObject = SecuritySchemeExtensions & ({
    type: "http";
    scheme: string;
    description?: string;
} | {
    type: "apiKey";
    in: "header" | "query" | "cookie";
    name: string;
    description?: string;
});

declare interface SpecRules {
    /** An error body's `errorCode` is the HTTP status times `statusFactor`. */
    errorCode: {
        statusFactor: number;
        at: string;
    };
    /** Whether an error answer's `errorReason` (or a detail's `name`) names the offending field or header. */
    errorReason: {
        namesField: boolean;
        at: string;
    };
    /** Every check the spec defines, by id. */
    checks: ReadonlyMap<string, CheckRule>;
    token: TokenSource | undefined;
    /** The room's WebSocket protocol, when the spec states one. */
    websocket: WebSocketRule | undefined;
}

/**
 * Validators for every operation of an OpenAPI 3.1 document, compiled once with Ajv
 * (JSON Schema 2020-12, which is what OpenAPI 3.1 schemas are), and the document's
 * machine-readable rules.
 */
declare class SpecValidator {
    #private;
    readonly document: OpenApiDocument;
    readonly operations: ReadonlyMap<string, Operation>;
    /** The root `x-cobrowse-rules`: error codes and the checks a server makes. */
    readonly rules: SpecRules;
    /** The root `x-cobrowse-provenance`: which rules the vendor documents and which this spec decides. */
    readonly provenance: ProvenanceMap;
    constructor(document: OpenApiDocument);
    /** The properties of a schema (its `$ref` chain followed), by name. */
    properties(schema: JsonSchema | undefined): Record<string, JsonSchema>;
    operation(operationId: string): Operation;
    /** The node a `#/...` pointer (or a rebased `urn:…#/...` reference) names in the document. */
    resolve<T = unknown>(ref: string): T;
    /** A schema with its top-level `$ref` chain followed (nested references stay). */
    deref(schema: JsonSchema): JsonSchema;
    /** One check of an operation's order (`validation`, `bodySize`, ...); throws naming what the order holds. */
    check(operationId: string, id: string): OperationCheck;
    /** The `errorCode` of an error body for an HTTP status (the status times `errorCode.statusFactor`). */
    errorCode(status: number): number;
    /** The token operation and its lifetime header, from the bearer scheme's `x-cobrowse-token`. */
    tokenSource(): ResolvedTokenSource;
    /** The operation for a method and path, or why there is none. */
    match(method: string, path: string): {
        operation: Operation;
    } | {
        status: 404;
    } | {
        status: 405;
        allow: string[];
    };
    /** The provenance of the rule at a JSON pointer (see `x-cobrowse-provenance`); undefined when no entry covers it. */
    provenanceOf(at: string): Provenance | undefined;
    /** The issues of a request body, each with the schema keyword it breaks and that keyword's place in the spec. */
    requestBodyViolations(operationId: string, body: unknown): Violation[];
    /** The issues of an answer's body against the schema documented for its status, each with the keyword's place in the spec. */
    responseViolations(operationId: string, status: number, body: unknown): Violation[];
    /** The issues of header parameter values, each with the keyword's place in the spec. */
    requestHeaderViolations(operationId: string, headers: Record<string, string | string[] | undefined>): Violation[];
    /** Validates a parsed JSON request body against the operation's schema. */
    validateRequestBody(operationId: string, body: unknown): Issue[];
    /**
     * Validates the operation's header parameters (not the security headers). Header names
     * are matched case-insensitively; `headers` maps names to raw values.
     */
    validateRequestHeaders(operationId: string, headers: Record<string, string | string[] | undefined>): Issue[];
    /**
     * Validates the raw value of one of the operation's security headers (matched by name,
     * case-insensitively) against its scheme's `x-cobrowse-value-schema`. `undefined` or `""`
     * is a missing header (`failures.missing` applies); any other issue means the value is
     * malformed (`failures.malformed`). For a bearer scheme the value must be `Bearer <token>`
     * and the token is what the schema checks. Without a schema only presence is checked.
     * Throws when the operation has no such security header.
     */
    validateSecurityHeader(operationId: string, headerName: string, value: string | undefined): Issue[];
    /** The documented response for a status: the exact one, else its `NXX` range; undefined when neither is documented. */
    documentedResponse(operationId: string, status: number): ResolvedResponse | undefined;
    /** Validates a response: its status must be documented and its body match that status's schema. */
    validateResponse(operationId: string, status: number, body: unknown): Issue[];
    /**
     * Validates a response's headers against those documented for its status: a required one
     * must be there, and each one sent must match its schema (from its raw string value).
     * Names are matched case-insensitively. An undocumented status has no headers to check.
     */
    validateResponseHeaders(operationId: string, status: number, headers: Record<string, string | string[] | undefined>): Issue[];
    /** Validates a value against a named component schema (`TokenResponse`, ...). */
    validateSchema(name: string, value: unknown): Issue[];
    /** Validates a value against any schema of (or rebased into) this document, such as a header's or a property's. */
    validateValue(schema: JsonSchema, value: unknown): Issue[];
}

/** Starts the mock server; resolves once it listens. */
export declare function startMockServer(options?: MockServerOptions): Promise<MockServer>;

/** What the request log records of the bearer token a request carried. */
export declare interface TokenArrival {
    /** The token's id (`t7`); absent for an unknown token. */
    id?: string;
    state: TokenState;
    /** Milliseconds since it expired, was revoked, or since the answer of the newer token finished. */
    lateMs?: number;
}

/** Where the bearer token comes from (`x-cobrowse-token` on the bearer scheme). */
declare interface TokenSource {
    /** The bearer scheme that carries it. */
    scheme: string;
    /** The operation that issues tokens. */
    operationId: string;
    /** Property names in that operation's 200 body (`appKey`: the app it was issued to, when the answer says). */
    fields: {
        token: string;
        createTime: string;
        lifetime: string;
        appKey?: string;
    };
    /** The request header that asks for a lifetime; its schema gives the range and default. */
    lifetimeHeader: string;
    /** The request body fields that carry the app key and the app secret. */
    credentials: {
        appKey: string;
        appSecret: string;
    };
    at: string;
}

/** A token's state when a request carrying it arrived; precedence revoked > expired > superseded > valid. */
export declare type TokenState = "valid" | "expired" | "revoked" | "superseded" | "unknown";

/** An issue with the rule it breaks: the schema keyword, and where that keyword is in the spec. */
declare interface Violation extends Issue {
    /** The JSON Schema keyword broken (`maxLength`, `required`, `enum`, ...). */
    keyword: string;
    /** The keyword's place in the spec, as a JSON pointer (`#/components/schemas/Role/enum`). */
    at: string;
}

/** The room's WebSocket protocol (`x-cobrowse-rules.websocket`). */
declare interface WebSocketRule {
    /** Where rooms are served: the path before the percent-encoded room id. */
    path: string;
    /** The query parameter carrying the connectParam. */
    connectParam: string;
    /** The optional query parameter naming the side. */
    role: string;
    /** The largest message relayed. */
    maxMessageBytes: number;
    /** The HTTP status of a refused upgrade, by reason. */
    refusals: Record<"missing" | "malformed" | "forged" | "expired" | "otherRoom" | "otherRole" | "otherApp" | "notFound" | "unavailable" | "handshake" | "method" | "roomFull" | "capacity", number>;
    /** The close code, by reason. */
    close: Record<"messageTooLarge" | "peerTooSlow" | "goingAway" | "messagesLost", number>;
    /** Whether a connectParam expires no later than the bearer token of the request that obtained it. */
    expiresWithToken: boolean;
    at: string;
}

/** Runs `next` once every answer to the requests before the upgrade on `socket` is written (at once when there are none). */
export declare function whenAnswered(socket: Duplex, next: () => void): void;

export { }
