import { HttpHandler } from 'msw';
import { OpenApiHttpHandlers } from 'openapi-msw';

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

/**
 * The default handlers, one per operation of the spec. Each checks the request as the spec says
 * (security headers: 401 or 400 as `x-cobrowse-failures` gives; body: 400 with `details`) and
 * answers the spec's 200 example: for `getConnectionInfo` the example whose request example
 * sends the same `role` (the customer's or the agent's), with its `X-Request-Id` example.
 */
export declare function createHandlers(options?: MswOptions): HttpHandler[];

/**
 * openapi-msw's `http`, typed by the spec's `paths` (`@cec-cobrowse/types`): paths, request
 * bodies and response bodies per status are checked by TypeScript. Write your own handlers with it.
 */
export declare function createHttp(options?: MswOptions): OpenApiHttpHandlers<paths>;

export declare interface MswOptions {
    /**
     * Where the API is, such as `https://service.besclouds.com` (a base path is kept). Default `*`:
     * any origin, so the handlers catch the API's paths whatever `baseUrl` the code under test uses.
     */
    baseUrl?: string;
}

/** An operation of the spec, by operationId. */
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

declare interface paths {
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

/** The names of the scenarios. */
export declare type ScenarioName = keyof typeof scenarios;

export declare interface ScenarioOptions extends MswOptions {
    /** Answer only the first matching request, then let the next handler (the defaults) answer. Default true. */
    once?: boolean;
}

/** Named failure scenarios. Put them before the defaults: `server.use(scenarios.rateLimited())`. */
export declare const scenarios: {
    /** The token was refused as expired: the spec's 401 example ("token expired"). A client drops its token, gets a new one and replays once. */readonly expiredToken: (options?: ScenarioOptions & {
        operation?: OperationId;
    }) => HttpHandler; /** 429 with the spec's example body and `Retry-After` (the spec's example, 1 s, unless `retryAfter` says otherwise). */
    readonly rateLimited: (options?: ScenarioOptions & {
        operation?: OperationId;
        retryAfter?: number;
    }) => HttpHandler;
    /**
     * A 200 whose body says `success: false` (the failure the spec allows inside a 200 of an
     * operation with `x-cobrowse-outcome`), with `errorCode` and `errorReason`.
     */
    readonly applicationError: (options?: ScenarioOptions & {
        operation?: OperationId;
        errorCode?: number;
        errorReason?: string;
    }) => HttpHandler; /** 413: the spec's example (a body over the limit). */
    readonly payloadTooLarge: (options?: ScenarioOptions & {
        operation?: OperationId;
    }) => HttpHandler; /** 415: the spec's example (a body not sent as JSON). */
    readonly unsupportedMediaType: (options?: ScenarioOptions & {
        operation?: OperationId;
    }) => HttpHandler;
};

export { }
