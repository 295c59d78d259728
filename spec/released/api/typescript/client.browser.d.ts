import { Client } from 'openapi-fetch';

/** The caller aborted the request through an AbortSignal. `cause` is the signal's reason. */
export declare class AbortError extends CobrowseError {
    name: string;
    constructor(operation: OperationId, cause: unknown);
}

/** A token, as `getToken()` answers it and as a `tokenProvider` may resolve it. */
export declare interface AccessToken {
    /** The bearer token. */
    accessToken: string;
    /** Seconds the client still treats the token as valid (its own estimate, margins included). */
    expiresIn?: number;
    /** When the client stops using the token, in epoch milliseconds of this machine's clock. */
    expiresAt?: number;
}

/* Excluded from this release type: AkSkContext */

/**
 * The server answered, but not with success: a non-2xx status, a 200 with
 * `success: false`, or an answer the client cannot use. Subclasses name the common statuses.
 */
export declare class ApiError extends CobrowseError {
    name: string;
    /** The operation that failed. */
    readonly operation: OperationId;
    /** The HTTP status (200 for a `success: false` answer). */
    readonly status: number;
    /** The API's `errorCode`, when the body has one (the status times 100 for non-2xx answers). */
    readonly errorCode: number | undefined;
    /** The API's `errorReason`, when the body has one. */
    readonly errorReason: string | undefined;
    /** Each problem the server found, when it listed them. */
    readonly details: ErrorDetail[] | undefined;
    /** The server's `X-Request-Id`, to quote when reporting a problem. */
    readonly requestId: string | undefined;
    /** The response headers. */
    readonly headers: Headers | undefined;
    /** The parsed response body (or its text when it is not JSON). */
    readonly body: unknown;
    constructor(init: ApiErrorInit, message?: string);
}

/** Fields every ApiError is built from. */
export declare interface ApiErrorInit {
    operation: OperationId;
    status: number;
    errorCode?: number | null | undefined;
    errorReason?: string | null | undefined;
    details?: ErrorDetail[] | undefined;
    requestId?: string | undefined;
    headers?: Headers | undefined;
    body?: unknown;
}

/** 401: wrong app key or secret, or a token the server refused even after one refresh. */
export declare class AuthenticationError extends ApiError {
    name: string;
}

/** 400: the server found the request malformed; `details` names the fields. */
export declare class BadRequestError extends ApiError {
    name: string;
}

/** A token and the times (epoch ms, this machine's clock) that govern its use. */
declare interface CachedToken {
    token: string;
    /** After this, calls start a background refresh but still use the token. */
    refreshAt: number;
    /** After this, calls wait for a new token. */
    expiresAt: number;
}

/** A call of an operation. */
declare interface Call<T> {
    op: OperationId;
    /** The token cache, for an operation that needs a token. */
    tokens?: TokenCache | undefined;
    exchange: Exchange;
    /** The result of a 2xx JSON answer; throws Unusable when the answer cannot be used. */
    accept: (json: unknown, response: Response, sentAt: number) => T;
}

/**
 * A client of the co-browsing API. Create it with `createCobrowseClient()` (or `fromEnv()` on
 * Node). It gets and caches tokens, retries what is safe to retry, and throws typed errors.
 */
export declare class CobrowseClient {
    #private;
    /** The gateway URL, without a trailing slash. */
    readonly baseUrl: string;
    /** The app key (sent as `x-app-key`; not a secret). */
    readonly appKey: string;
    /** The tenant space id (sent as `X-TenantSpaceID`). */
    readonly tenantSpaceId: string;
    /* Excluded from this release type: __constructor */
    /**
     * The underlying openapi-fetch client, typed by the spec's `paths`. It sends `x-app-key`
     * and `X-TenantSpaceID`; add `Authorization: Bearer ${(await client.getToken()).accessToken}`
     * yourself. Middleware added with `raw.use()` also sees this client's own calls. It follows no
     * redirect (a 3xx comes back as it is) and reads no answer past `maxResponseBytes`; it does not
     * retry, time out, or check answers.
     */
    get raw(): Client<paths>;
    /**
     * Connection information for one side of a room: call it with the customer's role (`recorder`)
     * and with the agent's (`replayer`), with the same `roomId`. The body is checked against the
     * spec's schema first: a ValidationError names the field at fault, and nothing is sent.
     *
     * Without `roomId` the client names a new room (a UUID) before the first attempt, so that a
     * retry after a lost answer asks for the same room instead of creating a second one.
     */
    getConnectionInfo(request: GetConnectionInfoRequest, options?: RequestOptions): Promise<ConnectionInfoResult>;
    /**
     * A valid token: the cached one, or a new one (one request however many callers wait).
     * `forceRefresh` drops the cached token first. A backend can hand the result to a browser,
     * whose `tokenProvider` resolves to it.
     */
    getToken(options?: {
        forceRefresh?: boolean;
        signal?: AbortSignal;
    }): Promise<AccessToken>;
    /** Forgets the cached token; the next call gets a new one. */
    invalidateToken(): void;
}

/** Options of `createCobrowseClient`. */
export declare interface CobrowseClientOptions {
    /** The gateway's URL, such as `https://service.besclouds.com`. HTTPS unless loopback. */
    baseUrl: string;
    /** The app key configured on the API Fabric (sent as `x-app-key`). */
    appKey: string;
    /** The app secret. Server side only; never accepted by the browser build. */
    appSecret?: string | undefined;
    /** The tenant space id (sent as `X-TenantSpaceID`). */
    tenantSpaceId: string;
    /** Gets tokens elsewhere instead of calling tokenByAkSk with the app secret. */
    tokenProvider?: TokenProvider | undefined;
    /** Token lifetime to ask for, in seconds, sent as `X-Token-Expire`; within the range the spec gives that header (1 s to one day). */
    tokenExpire?: number | undefined;
    /** Stop using a token this long before it expires (ms; default 30 000, at most a tenth of its lifetime). */
    tokenSafetyMarginMs?: number | undefined;
    /** Start a background refresh this long before expiry (ms; default 60 000, at most 30% of the lifetime). */
    tokenRefreshAheadMs?: number | undefined;
    /** Time limit of each attempt in milliseconds (default 10 000): connect, headers and the whole body; fresh for each retry. */
    timeoutMs?: number | undefined;
    /**
     * Retries after the first attempt (default 2). 0 turns retries off. A call makes at most
     * `maxRetries + 2` attempts: `maxRetries + 1` that may end in a retryable failure, plus one
     * replay after a 401 on the token that was current.
     */
    maxRetries?: number | undefined;
    /** First backoff step in ms (default 500); doubles each retry, with full jitter. */
    retryBaseDelayMs?: number | undefined;
    /** Longest backoff in ms (default 8 000). */
    retryMaxDelayMs?: number | undefined;
    /** Longest `Retry-After` honoured, in ms (default 60 000); longer hints wait this long. */
    maxRetryAfterMs?: number | undefined;
    /**
     * Largest answer accepted, in bytes, as received and once decoded (gzip, deflate, br) (default
     * 16 MiB; `Infinity` for no limit), whatever the transport. A larger answer is a
     * ResponseTooLargeError, not retried.
     */
    maxResponseBytes?: number | undefined;
    /** Aborts every call of this client. */
    signal?: AbortSignal | undefined;
    /** A fetch-compatible function. Default: Node's keep-alive transport (Node), `globalThis.fetch` (browser). */
    fetch?: FetchLike | undefined;
    /** Allow plain `http://` to a host that is not loopback (insecure: tokens travel in clear). */
    allowInsecureHttp?: boolean | undefined;
    /** Headers sent with every request. */
    headers?: Record<string, string> | undefined;
}

/** Base class of every error this client throws. */
export declare class CobrowseError extends Error {
    name: string;
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

/** The client was configured wrongly (a missing or invalid option). Nothing was sent. */
export declare class ConfigurationError extends CobrowseError {
    name: string;
    /** The option (or environment variable) at fault. */
    readonly field: string;
    constructor(field: string, message: string);
}

export declare type ConnectionInfo = components['schemas']['ConnectionInfo'];

/** What `getConnectionInfo` resolves to. */
export declare interface ConnectionInfoResult {
    /** The connection information: `roomId`, `wssUrl`, `wssUrlOut`, `connectParam`. */
    data: ConnectionInfo;
    /** The server's `X-Request-Id`, when it sent one. */
    requestId: string | undefined;
}

/**
 * The URL a side connects its WebSocket to: `wssUrl` (or `wssUrlOut` with `{ out: true }`)
 * with the `connectParam` query parameter the spec defines (`?connectParam=`, or
 * `&connectParam=` when the URL already has a query), the value URL-encoded.
 * Throws a TypeError naming the field when the URL or the connectParam is missing.
 */
export declare function connectUrl(info: ConnectUrlInfo, options?: ConnectUrlOptions): string;

/** What connectUrl reads from a connection info (`getConnectionInfo`'s `data`). */
export declare interface ConnectUrlInfo {
    wssUrl?: string | undefined;
    wssUrlOut?: string | undefined;
    connectParam?: string | undefined;
}

/** Options of connectUrl. */
export declare interface ConnectUrlOptions {
    /** Use `wssUrlOut` (reachable from public networks) instead of `wssUrl` (inside the platform's network). */
    out?: boolean | undefined;
}

/**
 * Creates a client for a browser. It needs a `tokenProvider` (your backend hands out tokens)
 * and refuses `appSecret`: the secret never reaches a browser.
 */
export declare function createCobrowseClient(options: CobrowseClientOptions): CobrowseClient;

export declare type ErrorDetail = components['schemas']['ErrorDetail'];

/**
 * One attempt's exchange: sends the operation with `token` through `fetch` (openapi-fetch's
 * `request()` with `parseAs: "stream"`; the client's openapi-fetch asks for `redirect: "manual"`)
 * and answers what it answers.
 */
declare type Exchange = (token: string | undefined, fetch: (request: Request) => Promise<Response>) => Promise<{
    data?: unknown;
    error?: unknown;
    response: Response;
}>;

/* Excluded from this release type: Fail */

/** A fetch-compatible function (`globalThis.fetch`, or `createNodeFetch()` on Node). */
export declare type FetchLike = (input: Request, init?: RequestInit) => Promise<Response>;

export declare type GetConnectionInfoRequest = components['schemas']['GetConnectionInfoRequest'];

/** 5xx: the server failed, still after the retries. */
export declare class InternalServerError extends ApiError {
    name: string;
}

/** The request never got an HTTP answer (connection refused or reset, DNS, TLS). See `cause`. */
export declare class NetworkError extends CobrowseError {
    name: string;
    readonly operation: OperationId;
    constructor(operation: OperationId, cause: unknown);
}

/** 404: the resource does not exist, such as an unknown tenant space. */
export declare class NotFoundError extends ApiError {
    name: string;
}

/** The operations of the API, as named by their operationId (the spec's, through its generated types). */
export declare type OperationId = keyof operations;

declare interface operations {
    tokenByAkSk: {
        parameters: {
            query?: never;
            header?: {
                /**
                 * @description The token lifetime wanted, in seconds, from 1 to 86400. When absent the token lives
                 *     600 seconds. A value outside the range, or not a whole number, answers 400.
                 * @example 600
                 */
                "X-Token-Expire"?: components["parameters"]["TokenExpire"];
            };
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["TokenRequest"];
            };
        };
        responses: {
            /** @description The token was issued. */200: {
                headers: {
                    "X-Request-Id": components["headers"]["RequestId"];
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["TokenResponse"];
                };
            };
            400: components["responses"]["BadRequest"];
            401: components["responses"]["Unauthorized"];
            404: components["responses"]["NotFound"];
            413: components["responses"]["PayloadTooLarge"];
            415: components["responses"]["UnsupportedMediaType"];
            429: components["responses"]["TooManyRequests"];
            500: components["responses"]["InternalServerError"];
            503: components["responses"]["ServiceUnavailable"];
        };
    };
    getConnectionInfo: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["GetConnectionInfoRequest"];
            };
        };
        responses: {
            /**
             * @description The operation ran. `success` says whether it succeeded; on success `data`
             *     holds the connection information and `errorCode` and `errorReason` are null.
             */
            200: {
                headers: {
                    "X-Request-Id": components["headers"]["RequestId"];
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["GetConnectionInfoResponse"];
                };
            };
            400: components["responses"]["BadRequest"];
            401: components["responses"]["Unauthorized"];
            404: components["responses"]["NotFound"];
            413: components["responses"]["PayloadTooLarge"];
            415: components["responses"]["UnsupportedMediaType"];
            429: components["responses"]["TooManyRequests"];
            500: components["responses"]["InternalServerError"];
            503: components["responses"]["ServiceUnavailable"];
        };
    };
}

export declare interface paths {
    "/apigovernance/api/oauth/tokenByAkSk": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Get an access token
         * @description Exchanges the app key and app secret configured on the API Fabric for a bearer
         *     token. Every value in the answer is a string, numbers included. The token is valid
         *     from `CreateTime` for `Expires` seconds; callers cache it and ask for a new one a
         *     little before it runs out. Call this only from a backend: the app secret must never
         *     reach a browser. Wrong credentials answer 401.
         */
        post: operations["tokenByAkSk"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/apiaccess/api/cobrowse/getConnectionInfo": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Get co-browsing connection information
         * @description Returns, for one side of a co-browsing room, the WebSocket URLs to connect to and
         *     the signed `connectParam` to present. Call it once with `role: recorder` for the
         *     customer and once with `role: replayer` for the agent, with the same `roomId`. When
         *     `roomId` is absent the server creates a room and answers its id, a UUID; pass that
         *     id to the other side's call. A 200 answer with `success: false` is a failure too:
         *     its `errorCode` and `errorReason` say why.
         */
        post: operations["getConnectionInfo"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
}

/** 413: the body is larger than the server accepts. */
export declare class PayloadTooLargeError extends ApiError {
    name: string;
}

/* Excluded from this release type: Platform */

/** 429: too many requests, still after the retries (see `headers.get("retry-after")`). */
export declare class RateLimitError extends ApiError {
    name: string;
}

/** Options every call can override. */
export declare interface RequestOptions {
    /** Aborts the call (the wait for a token, every attempt and the delays between them). */
    signal?: AbortSignal | undefined;
    /** Time limit of each attempt in milliseconds (connect, headers and the whole body), fresh for each retry. */
    timeoutMs?: number | undefined;
    /** Retries after the first attempt (network errors, timeouts, 408, 429, 5xx). 0 turns retries off. A call makes at most `maxRetries + 2` attempts. */
    maxRetries?: number | undefined;
    /** Extra headers to send. */
    headers?: Record<string, string> | undefined;
}

/**
 * An answer larger than `maxResponseBytes`, as received or once decoded (gzip, deflate, br): the
 * client stopped reading it and dropped the connection. Not retried (the next answer would be as
 * large). The API's answers are under 1 kB: this means a hostile or broken server.
 */
export declare class ResponseTooLargeError extends CobrowseError {
    name: string;
    readonly operation: OperationId;
    /** The limit the answer broke, in bytes (`maxResponseBytes`). */
    readonly maxResponseBytes: number;
    /** Whether the decoded size broke it (a compressed answer), rather than the size received. */
    readonly decoded: boolean;
    /** The answer's HTTP status, when its headers came. */
    readonly status: number | undefined;
    /** The server's `X-Request-Id`, when its headers came with one. */
    readonly requestId: string | undefined;
    constructor(init: {
        operation: OperationId;
        maxResponseBytes: number;
        decoded?: boolean | undefined;
        status?: number | undefined;
        requestId?: string | undefined;
    }, cause?: unknown);
}

export declare type Role = components['schemas']['Role'];

/** The two sides of a room, as the spec's `Role` enum lists them. */
export declare const ROLES: readonly ["recorder", "replayer"];

/** An attempt took longer than `timeoutMs` (after the retries, when there were any). */
export declare class TimeoutError extends CobrowseError {
    name: string;
    readonly operation: OperationId;
    readonly timeoutMs: number;
    constructor(operation: OperationId, timeoutMs: number);
}

/**
 * The token cache (packages/scenarios/README.md, Tokens): `current()`, `acquire()` and the
 * compare-and-drop `drop(token)`. Each is atomic: JavaScript runs one of them at a time, and none
 * awaits between reading and writing the cached token.
 */
declare class TokenCache {
    #private;
    constructor(load: () => Promise<CachedToken>);
    /**
     * The cached token while it is usable (before its `expiresAt`); in the refresh window it also
     * starts one background refresh. Ask it at the moment of sending: an expired token is never sent.
     */
    current(): CachedToken | undefined;
    /**
     * `current()`, else the single-flight load: one token request however many callers wait; a
     * failed load reaches every waiter and is not cached.
     */
    acquire(): Promise<CachedToken>;
    /**
     * Compare-and-drop: drops the cached token only when it is exactly `token` (a server refused
     * it); true when it did. Of many callers refused with one token, exactly one gets true.
     */
    drop(token: string): boolean;
    /** Forgets the cached token, whichever it is (`invalidateToken()`, `getToken({ forceRefresh })`). */
    clear(): void;
}

/**
 * Gets a token from elsewhere (a browser asks its own backend). Resolves to the token, or to
 * an object with `accessToken` and, when known, `expiresIn` (seconds) or `expiresAt` (epoch
 * ms). A token without a lifetime is used until the server answers 401.
 */
export declare type TokenProvider = (context: {
    signal: AbortSignal | undefined;
}) => Promise<string | AccessToken> | string | AccessToken;

export declare type TokenResponse = components['schemas']['TokenResponse'];

/** 415: the server refused the content type. */
export declare class UnsupportedMediaTypeError extends ApiError {
    name: string;
}

/** A request body broke the API's rules (such as a `role` outside the enum). Nothing was sent. */
export declare class ValidationError extends CobrowseError {
    name: string;
    /** The field at fault, as a JSON pointer into the body (`/role`). */
    readonly field: string;
    constructor(field: string, message: string);
}

export { }
