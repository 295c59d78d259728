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

/** Reads an OpenAPI document (YAML or JSON) and compiles its validator; throws naming the file. */
export declare function loadSpec(path: string): Promise<SpecValidator>;

declare interface MediaTypeObject {
    schema?: JsonSchema;
    example?: unknown;
    examples?: Record<string, ExampleObject | Reference>;
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

declare interface Reference {
    $ref: string;
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

export { }
