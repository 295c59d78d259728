/** A baseline file: the failures a team has accepted (`--update-baseline` writes it). */
declare interface Baseline {
    format: typeof BASELINE_FORMAT;
    /** The spec the failures were found against. */
    spec?: {
        title: string;
        version: string;
    };
    entries: BaselineEntry[];
}

declare const BASELINE_FORMAT = "cobrowse-contract-baseline/1";

/** A baseline entry: an accepted kind of failure. */
declare interface BaselineEntry {
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

/** What a run made of its baseline. */
declare interface BaselineOutcome {
    /** Where the baseline was read from, when a file. */
    file?: string;
    /** Kinds of failure of this run that the baseline lists (accepted), and how many failures they are. */
    accepted: {
        entries: number;
        failures: number;
    };
    /** Kinds of failure of this run that the baseline does not list: these fail the run. */
    new: BaselineEntry[];
    /** Entries of checks that ran and no longer fail that way: fixed (drop them with --update-baseline). */
    disappeared: BaselineEntry[];
    /** Entries of checks that did not run (skipped or not selected): neither seen nor gone. */
    notRun: number;
}

/** A body as segments: text, or one character repeated (a 1 MiB padding stays small). */
declare type BodySegment = {
    text: string;
} | {
    repeat: string;
    times: number;
};

declare interface CheckResult {
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

/** `diverged`: under the vendor profile, the check broke decisions of this spec only. */
declare type CheckStatus = "passed" | "failed" | "diverged" | "skipped";

/** Where to run the suite and how. */
declare interface ContractOptions {
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
    onEvent?: (event: ProgressEvent_2) => void;
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

/**
 * Registers a describe block with one test per selected check. The suite runs once (in
 * beforeAll); each test then passes, fails with the check's failures (request and response,
 * secrets redacted), or is skipped with the reason.
 */
export declare function contractTests(options: VitestContractOptions): void;

declare interface Coverage {
    /** Exercised cells over all cells, in percent (one decimal). */
    percent: number;
    exercised: number;
    total: number;
    cells: CoverageCell[];
}

/** One cell of the matrix. */
declare interface CoverageCell {
    kind: CoverageKind;
    operationId: string;
    /** `200`; `Authorization missing`; `body /roomId maxLength`; `header X-Token-Expire minimum`. */
    label: string;
    /** Where the spec documents it. */
    at: string;
    provenance: ProvenanceKind;
    /** The checks that exercised it (answered the status, sent the failure, broke the constraint). */
    exercisedBy: string[];
}

declare type CoverageKind = "status" | "security" | "constraint";

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

/** How a replay judges the answer it gets again. */
declare type Expectation = {
    type: "status";
    status: number;
} | {
    type: "not-succeed";
} | {
    type: "names-field";
    field: string;
} | {
    type: "response";
    rule: ResponseRule;
};

/** One broken promise: what, where in the spec, and the exchange that showed it. */
declare interface Failure {
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

declare type FailureKind = keyof SecurityFailures;

/** One kind of failure of a check, as a baseline lists it: stable across runs (no message goes into its fingerprint). */
declare interface FailureSignature {
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

/** A request or response as printed in reports: secrets redacted, big bodies cut. */
declare interface PrintedExchange {
    label: string;
    operationId?: string;
    request: {
        method: string;
        path: string;
        headers: Record<string, string>;
        body?: string;
    };
    response?: {
        status: number;
        headers: Record<string, string>;
        body: string;
    };
    error?: string;
}

/**
 * How failures count. `spec` (the default): every broken rule fails the run. `vendor`: only a
 * broken vendor fact fails it; a broken decision of this spec is a divergence, listed, not failed.
 */
declare type Profile = "spec" | "vendor";

declare type ProgressEvent_2 = {
    type: "run-start";
    target: string;
    seed: number;
    cases: number;
    checks: number;
    stateless: boolean;
    profile: Profile;
} | {
    type: "check-start";
    id: string;
    title: string;
} | {
    type: "check-end";
    result: CheckResult;
} | {
    type: "run-end";
    report: Report_2;
};

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

declare const REPLAY_FORMAT = "cobrowse-contract-replay/1";

/** What `--replay` needs to reproduce one failure. Secrets are placeholders (`{{token}}`, `{{secret}}`), never values. */
declare interface ReplayRecord {
    format: typeof REPLAY_FORMAT;
    /** `request`: re-send `request` and judge its answer by `expect`; `check`: run the check again with the run's seed. */
    mode: "request" | "check";
    check: string;
    rule?: string;
    message: string;
    specLocation: string;
    provenance: ProvenanceKind;
    /** The run the failure came from: how to run the check again. */
    run: {
        target: string;
        seed: number;
        cases: number;
        profile: Profile;
        stateless: boolean;
        websocket: boolean;
        faultControl?: string;
    };
    /** The request, each secret as its placeholder (`{{redacted}}` for one the record cannot name: such a record runs its check again). */
    request?: {
        operationId?: string;
        method: string;
        path: string;
        headers: Record<string, string>;
        body?: BodySegment[];
        gzip?: boolean;
    };
    expect: Expectation[];
    /** What each placeholder of `request` stands for. */
    placeholders?: Record<string, string>;
}

declare interface Report_2 {
    ok: boolean;
    tool: {
        name: string;
        version: string;
    };
    spec: {
        title: string;
        version: string;
    };
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
    minCoverage?: {
        percent: number;
        met: boolean;
    };
    /** A command that replays this run exactly (credentials from the environment). */
    replay: string;
    /** How to get the token the failures' curl commands send as `$COBROWSE_TOKEN`. */
    tokenCommand: string;
    /** The baseline's outcome, when the run was given one. */
    baseline?: BaselineOutcome;
    /** Set when the report judges observed traffic (`proxy`, `validate`) rather than the suite's own requests. */
    traffic?: TrafficSource;
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

/** The ids of the per-answer rules (the response checks are `response.<id>`). */
declare const RESPONSE_RULES: readonly ["status-documented", "schema", "content-type", "error-code", "headers", "no-5xx", "secret-not-echoed"];

declare interface ResponseObject {
    description: string;
    links?: Record<string, LinkObject | Reference>;
    /** Which fields of the answer say whether the operation succeeded (see `OutcomeRule`). */
    "x-cobrowse-outcome"?: unknown;
    headers?: Record<string, HeaderObject | Reference>;
    content?: Record<string, MediaTypeObject>;
}

declare type ResponseRule = (typeof RESPONSE_RULES)[number];

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

/** Where judged traffic came from. */
declare interface TrafficSource {
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

/** An issue with the rule it breaks: the schema keyword, and where that keyword is in the spec. */
declare interface Violation extends Issue {
    /** The JSON Schema keyword broken (`maxLength`, `required`, `enum`, ...). */
    keyword: string;
    /** The keyword's place in the spec, as a JSON pointer (`#/components/schemas/Role/enum`). */
    at: string;
}

export declare interface VitestContractOptions extends Omit<ContractOptions, "baseUrl" | "appKey" | "appSecret" | "tenantSpaceId"> {
    /** Title of the describe block (default "cobrowse contract"). */
    name?: string;
    /** Timeout of the whole run (the beforeAll hook) in ms (default 300000). `timeoutMs` is per request. */
    runTimeoutMs?: number;
    /**
     * The target, or a function giving it (called in beforeAll, so a server started in your own
     * beforeAll can supply its URL).
     */
    target: Pick<ContractOptions, "baseUrl" | "appKey" | "appSecret" | "tenantSpaceId"> | (() => Pick<ContractOptions, "baseUrl" | "appKey" | "appSecret" | "tenantSpaceId"> | Promise<Pick<ContractOptions, "baseUrl" | "appKey" | "appSecret" | "tenantSpaceId">>);
    /** Called with the report once the run is over (to write JUnit, say). */
    onReport?: (report: Report_2) => void;
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
