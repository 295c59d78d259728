declare namespace _$_cec_cobrowse_spec0 {
    export {
        CheckRule,
        EvaluatedLink,
        Example,
        ExampleObject,
        FAILURE_KINDS,
        FailureKind,
        HeaderObject,
        Issue,
        JsonSchema,
        LinkContext,
        LinkObject,
        MediaTypeObject,
        OpenApiDocument,
        Operation,
        OperationCheck,
        OperationObject,
        OutcomeRule,
        PROVENANCE_KINDS,
        ParameterObject,
        Provenance,
        ProvenanceKind,
        ProvenanceMap,
        Reference,
        ResolvedHeader,
        ResolvedLink,
        ResolvedResponse,
        ResolvedTokenSource,
        ResponseObject,
        RoomRule,
        SecurityCheck,
        SecurityFailures,
        SecurityHeader,
        SecuritySchemeExtensions,
        SecuritySchemeObject,
        SpecRules,
        SpecValidator,
        TokenSource,
        Violation,
        WebSocketRule,
        deref,
        document_2 as document,
        escapeSegment,
        evaluateExpression,
        evaluateLink,
        evaluateLinkValue,
        formatIssues,
        isReference,
        locationOf,
        pointer,
        readRules,
        resolvePointer,
        segmentsOf,
        specValidator,
        unescapeSegment
    }
}

/** Every check of the suite for a spec (default: the shipped one), in run order (the response rules last: they read every exchange). */
export declare function allChecks(spec?: SpecValidator): CheckDefinition[];

/** A baseline file: the failures a team has accepted (`--update-baseline` writes it). */
export declare interface Baseline {
    format: typeof BASELINE_FORMAT;
    /** The spec the failures were found against. */
    spec?: {
        title: string;
        version: string;
    };
    entries: BaselineEntry[];
}

export declare const BASELINE_FORMAT = "cobrowse-contract-baseline/1";

/** A baseline entry: an accepted kind of failure. */
export declare interface BaselineEntry {
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

/** The baseline that accepts every failure of a report (divergences included). */
export declare function baselineOf(report: Report_2): Baseline;

/** What a run made of its baseline. */
export declare interface BaselineOutcome {
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

/** A Map that forgets its oldest entries past FLOW_MEMORY. */
declare class Bounded<V> extends Map<string, V> {
    set(key: string, value: V): this;
}

declare interface Breach {
    /** The check that answers it: `method`, `bodySize`, `contentType`, `contentEncoding`, `authentication`, `validation`... */
    check: string;
    /** The status that check answers. */
    status: number;
    /** The rule broken, as a JSON pointer into the spec. */
    at: string;
    message: string;
    /** The field (`/role`) or header the answer must name. */
    field?: string;
}

declare interface CallOptions {
    /** Case name, shown with failures. */
    label: string;
    /** The JSON body (serialised with JSON.stringify), unless `rawBody` is given. */
    body?: unknown;
    /** Body bytes sent as they are (malformed JSON, a huge body...). */
    rawBody?: string | Buffer;
    /** Headers to add or override; a value of `undefined` removes the header. */
    headers?: Record<string, string | undefined>;
    /** The token for the bearer scheme; default: the run's shared token. */
    token?: string;
    /** Don't add the security headers at all. */
    noSecurity?: boolean;
    /** HTTP method override (for off-spec requests). */
    method?: string;
    /** Send once: no waiting out a 429's Retry-After (an injected 429 is what is being checked). */
    noRetry?: boolean;
    /** The answer will be a fault injected through the fault control. */
    injected?: boolean;
}

export declare const CASE_HEADER = "X-Cobrowse-Contract-Case";

declare class CheckContext {
    #private;
    readonly checkId: string;
    readonly state: RunState;
    /** This check's own seed, derived from the run's seed and the check id. */
    readonly seed: number;
    readonly failures: Failure[];
    failureCount: number;
    /** Failures by the provenance of the rule broken (all of them, kept or not). */
    readonly broken: Record<ProvenanceKind, number>;
    /** Every kind of failure found, by fingerprint. */
    readonly signatures: Map<string, FailureSignature>;
    requests: number;
    cases: number;
    constructor(checkId: string, state: RunState, /** This check's own seed, derived from the run's seed and the check id. */

    seed: number);
    get options(): ResolvedOptions;
    get rules(): SuiteRules;
    get spec(): SpecValidator;
    /**
     * Records a broken rule. Its provenance is the spec's word on `specLocation`. `expect` says
     * how `--replay` re-judges the exchange; without it, a replay runs the whole check again.
     */
    fail(message: string, specLocation: string, exchange?: Exchange, rule?: string, expect?: Expectation[]): void;
    /** Sends a request to an operation of the spec (or, with `method`, to its path with another method). */
    call(op: Operation, options: CallOptions): Promise<Exchange>;
    /** Sends a request as given and logs the exchange. */
    raw(request: HttpRequest, label: string, operationId?: string, options?: {
        noRetry?: boolean;
        injected?: boolean;
    }): Promise<Exchange>;
    /**
     * Waits for the rate limit's next slot and spends one request of the budget (throws
     * RequestsStopped when it is spent): every request the suite sends goes through here.
     */
    politely(): Promise<void>;
    /** The header naming this check and a case, for requests sent outside `raw` (WebSocket handshakes, the fault control). */
    caseHeaders(label: string): Record<string, string>;
    /** Registers a value derived from a token (forged, tampered with...): never printed, and named in replays by how it was made. */
    secret(value: string, label?: SecretLabel): void;
    /**
     * Fails (and returns false) when the exchange got no response at all. The failure is the
     * expectation's (`specLocation`) when given, else the operation's.
     */
    responded(exchange: Exchange, specLocation?: string): exchange is Exchange & {
        response: NonNullable<Exchange["response"]>;
    };
    /**
     * Expects one status; records a failure naming the expectation and where the spec states it.
     * A replay re-judges the status (`expect`, given as `[]` to run the whole check again instead).
     */
    expectStatus(exchange: Exchange, expected: number, specLocation: string, why: string, expect?: Expectation[]): boolean;
    /**
     * Expects a request that breaks a rule to be refused with its status, naming the field when
     * the spec's errorReason rule says so. Whatever the status, a request that breaks a vendor
     * fact must not succeed: that is the vendor's failure, the status and the naming the spec's.
     */
    expectRejected(x: Exchange, rejection: Rejection): boolean;
    /**
     * A new token from the token operation with the configured credentials; aborts the check when
     * there is none, at `abortAt` (default: the token operation's 200 answer).
     */
    newToken(options: {
        label: string;
        expire?: string;
        abortAt?: string;
    }): Promise<{
        token: string;
        exchange: Exchange;
        body: Record<string, unknown>;
    }>;
}

/** One check of the suite: a stable id, what it checks, and where the spec says so. */
export declare interface CheckDefinition {
    /** Stable id, `area.name` (`auth.missing-header`); used by --only/--skip and reports. */
    id: string;
    /** What it checks, in one line. */
    title: string;
    /** The spec locations it enforces (JSON pointers as URI fragments). */
    specLocations: string[];
    /** Set when the check needs a server that keeps state; the reason printed when skipped. */
    stateful?: string;
    /** Response rules run after every other check, over every exchange of the run. */
    phase: "requests" | "responses";
    /** Why the check cannot run with these options (it is skipped, saying so), or undefined when it can. */
    needs?: (options: ResolvedOptions) => string | undefined;
    run(ctx: CheckContext): Promise<void>;
}

/** The provenance of the rules a check enforces: the spec's word on each of its locations. */
export declare function checkProvenance(check: Pick<CheckDefinition, "specLocations">, spec?: _$_cec_cobrowse_spec0.SpecValidator): ProvenanceKind[];

export declare interface CheckResult {
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

/** A per-check seed: the run's seed mixed with the check id, so `--only` replays the same cases. */
export declare function checkSeed(seed: number, id: string): number;

/** The check list as a Markdown table, with the provenance of the rules each enforces (the README's table is generated from this). */
export declare function checksMarkdown(checks: CheckDefinition[], spec?: SpecValidator): string;

/** `diverged`: under the vendor profile, the check broke decisions of this spec only. */
export declare type CheckStatus = "passed" | "failed" | "diverged" | "skipped";

/** Where to run the suite and how. */
export declare interface ContractOptions {
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

export declare interface ContractProxy {
    /** `http://HOST:PORT` */
    url: string;
    judge: TrafficJudge;
    /** The exchanges kept (with `record`). */
    readonly exchanges: readonly TrafficExchange[];
    /** The recording so far, secrets as pseudonyms. */
    har(): Har;
    /** Stops the proxy (the exchanges in flight get `graceMs` to end) and resolves with the report. */
    stop(graceMs?: number): Promise<Report_2>;
}

export declare interface ContractProxyOptions extends Omit<RelayOptions, "onExchange"> {
    spec?: SpecValidator;
    profile?: Profile;
    baseline?: Baseline;
    baselineFile?: string;
    /** Told of every violation as it is found (secrets redacted). */
    onFailure?: (note: FailureNote) => void;
    /** Keep every exchange, for `har()` (memory grows with the traffic). */
    record?: boolean;
    /** The command the report names to judge this traffic again. */
    replay?: string;
}

/** The last line: passes, vendor failures, decision failures (spec profile) or divergences (vendor profile), skips. */
export declare function countsLine(report: Report_2): string;

export declare interface Coverage {
    /** Exercised cells over all cells, in percent (one decimal). */
    percent: number;
    exercised: number;
    total: number;
    cells: CoverageCell[];
}

/** One cell of the matrix. */
export declare interface CoverageCell {
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

export declare type CoverageKind = "status" | "security" | "constraint";

/** The coverage of a run's exchanges. */
export declare function coverageOf(rules: SuiteRules, exchanges: readonly Exchange[], known: {
    issued: ReadonlySet<string>;
    credentials: Record<string, string>;
}): Coverage;

/** A curl command that sends a request again; secrets as $COBROWSE_TOKEN and $COBROWSE_APP_SECRET. */
export declare function curlOf(redactor: Redactor, baseUrl: string, request: HttpRequest): string;

export declare const DEFAULT_CASES = 200;

export declare const DEFAULT_TIMEOUT_MS = 10000;

/** Follows `value`'s `$ref` chain (if any) to the node it names; nested references stay. */
declare function deref<T>(document: OpenApiDocument, value: T | Reference): T;

declare const document_2: OpenApiDocument;

/** Escapes one JSON pointer segment: `~` → `~0`, `/` → `~1`. */
declare function escapeSegment(segment: string | number): string;

/** A link's values, evaluated: the next request's body (when the link gives one) and parameters. */
declare interface EvaluatedLink {
    requestBody?: unknown;
    parameters: Record<string, unknown>;
}

/** The value of one runtime expression (`$response.body#/data/roomId`); throws naming it when it reads nothing. */
declare function evaluateExpression(expression: string, context: LinkContext): unknown;

/** A link's request body (when it gives one) and parameters, evaluated against the exchange it follows. */
declare function evaluateLink(link: Pick<ResolvedLink, "requestBody" | "parameters">, context: LinkContext): EvaluatedLink;

/** A link value evaluated: an expression, a string with `{$…}` inside, or a literal (objects and arrays recursively). */
declare function evaluateLinkValue(value: unknown, context: LinkContext): unknown;

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

declare interface Exchange {
    /** Which operation of the spec the request was made to (undefined for off-spec requests). */
    operationId?: string;
    /** The check that made the request. */
    checkId: string;
    /** A short name of the case within the check. */
    label: string;
    request: HttpRequest;
    /** Absent when the request failed at the network level (see `error`). */
    response?: HttpResponse;
    error?: string;
    durationMs: number;
    /** The answer was a fault injected through the sandbox's fault control, not the server's own. */
    injected?: boolean;
}

/** How a replay judges the answer it gets again. */
export declare type Expectation = {
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
export declare interface Failure {
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

declare const FAILURE_KINDS: readonly FailureKind[];

declare type FailureKind = keyof SecurityFailures;

/** One failure as it is found (every one, kept in full or not): what `proxy` prints live. */
export declare interface FailureNote {
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

/** One kind of failure of a check, as a baseline lists it: stable across runs (no message goes into its fingerprint). */
export declare interface FailureSignature {
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

/** 16 hex digits of the SHA-256 of the parts. */
export declare function fingerprintOf(parts: FingerprintParts): string;

declare interface FingerprintParts {
    check: string;
    rule?: string | undefined;
    operationId?: string | undefined;
    specLocation: string;
    /** The status answered, when there was an answer. */
    status?: number | undefined;
}

declare class FlowState {
    readonly tokens: Bounded<TokenInfo>;
    readonly params: Bounded<ParamInfo>;
    readonly rooms: Bounded<RoomInfo>;
    /** The latest moment a token can expire, when its issue time is known. */
    tokenExpiresBy(token: string | undefined): number | undefined;
    room(roomId: string): RoomInfo;
}

/** The coverage matrix as a text table: per operation, each cell and the checks that exercised it. */
export declare function formatCoverage(coverage: Coverage, color?: boolean): string;

export declare function formatExchange(x: PrintedExchange): string;

export declare function formatFailure(f: Failure, withExchange?: boolean): string;

/** Formats issues as one line: `body /role: must be one of ...; header X-Token-Expire: ...`. */
declare function formatIssues(issues: readonly Issue[]): string;

export declare function formatResult(r: CheckResult, options?: {
    color?: boolean;
    exchanges?: boolean;
}): string;

export declare function formatSummary(report: Report_2, color?: boolean): string;

declare interface Har {
    log: {
        version: string;
        creator: {
            name: string;
            version: string;
        };
        entries: HarEntry[];
        comment?: string;
    };
}

declare interface HarEntry {
    startedDateTime: string;
    time: number;
    request: {
        method: string;
        url: string;
        httpVersion: string;
        cookies: unknown[];
        headers: HarHeader[];
        queryString: HarHeader[];
        postData?: {
            mimeType: string;
            text?: string;
            encoding?: string;
        };
        headersSize: number;
        bodySize: number;
    };
    response: {
        status: number;
        statusText: string;
        httpVersion: string;
        cookies: unknown[];
        headers: HarHeader[];
        content: {
            size: number;
            mimeType: string;
            text?: string;
            encoding?: string;
        };
        redirectURL: string;
        headersSize: number;
        bodySize: number;
        _error?: string;
    };
    cache: Record<string, never>;
    timings: {
        send: number;
        wait: number;
        receive: number;
    };
    _resourceType?: string;
}

declare interface HarHeader {
    name: string;
    value: string;
}

/** The exchanges (in the order they started) as a HAR log, every secret a pseudonym. */
export declare function harOf(exchanges: readonly TrafficExchange[], spec: SpecValidator, origin: string): Har;

declare interface HeaderObject {
    description?: string;
    required?: boolean;
    schema?: JsonSchema;
    example?: unknown;
}

/** The report as one self-contained HTML page. */
export declare function htmlReport(report: Report_2): string;

declare interface HttpRequest {
    method: string;
    /** Path (and query) below the base URL, e.g. `/apiaccess/api/cobrowse/getConnectionInfo`. */
    path: string;
    /** Header name → value; a header not listed is not sent. */
    headers: Record<string, string>;
    /** The body bytes as sent (a JSON text, or anything else a case needs). */
    body?: string | Buffer;
}

declare interface HttpResponse {
    status: number;
    headers: Record<string, string>;
    /** The body as text (UTF-8). */
    text: string;
    /** The parsed body when it parses as JSON, else undefined (see `json`). */
    json: unknown;
    /** Whether `text` parsed as JSON. */
    isJson: boolean;
}

declare const isReference: (value: unknown) => value is Reference;

/** One problem found in a request or response, in the spec's `ErrorDetail` shape. */
declare interface Issue {
    in: "body" | "header" | "path";
    /** A JSON pointer into the body (`""` for the body itself), or a header name. */
    name: string;
    message: string;
}

/** The report as JSON (everything in it is already redacted). */
export declare function jsonReport(report: Report_2): string;

declare type JsonSchema = Record<string, unknown>;

export declare function junitReport(report: Report_2): string;

/** What a runtime expression may read: the request that was sent and the answer it got. */
declare interface LinkContext {
    url?: string;
    method?: string;
    statusCode?: number;
    request?: {
        headers?: Record<string, string | undefined>;
        query?: Record<string, string | undefined>;
        path?: Record<string, string | undefined>;
        body?: unknown;
    };
    response?: {
        headers?: Record<string, string | undefined>;
        body?: unknown;
    };
}

declare interface LinkObject {
    operationId?: string;
    operationRef?: string;
    description?: string;
    parameters?: Record<string, unknown>;
    requestBody?: unknown;
}

/**
 * `✗ response.schema [vendor] #12 POST /…: tokenByAkSk 200: body /Expires: must be of type string (spec #/components/…)`;
 * `≠` for a divergence under the vendor profile, `~` for a failure the baseline accepts.
 */
export declare function liveLine(note: FailureNote, options: {
    profile: Profile;
    accepted?: ReadonlySet<string>;
    color?: boolean;
}): string;

/** The pointer a value sits at: its own `$ref` target when it is a reference, else `fallback`. */
declare function locationOf(value: unknown, fallback: string): string;

export declare function main(argv: string[], env?: NodeJS.ProcessEnv): Promise<number>;

declare interface MediaTypeObject {
    schema?: JsonSchema;
    example?: unknown;
    examples?: Record<string, ExampleObject | Reference>;
}

declare interface ObservedRequest {
    method: string;
    /** The request target as sent: the path and query. */
    path: string;
    /** Header name → value, names as sent (repeated headers joined with ", "). */
    headers: Record<string, string>;
    body?: Buffer;
    /** The body's size in bytes when `body` holds only its start (a recording cut it). */
    bodySize?: number;
    /** The headers in the order sent, names as sent (for recordings). */
    headerList?: Array<[string, string]>;
}

declare interface ObservedResponse {
    status: number;
    /** Header name (lower case) → value. */
    headers: Record<string, string>;
    body: Buffer;
    bodySize?: number;
    /** The recording kept no body (a devtools HAR without content): only the status and headers are judged. */
    bodyUnrecorded?: boolean;
    headerList?: Array<[string, string]>;
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

declare interface ParamInfo {
    roomId: string;
    role: string;
    /** The latest moment the token of the request that obtained it can expire (ms), when known. */
    tokenExpiresBy?: number;
}

/** Requests per second from `5/s`, `300/min` or a bare number; throws naming the flag's form. */
export declare function parseRate(text: string): number;

/** A JSON pointer as a URI fragment: `pointer("paths", "/a/b", "post")` → `#/paths/~1a~1b/post`. */
declare function pointer(...segments: Array<string | number>): string;

declare interface PrettyOptions {
    /** Where lines go (default: process.stdout). */
    write?: (text: string) => void;
    color?: boolean;
    /** Print the request/response of each failure (default true). */
    exchanges?: boolean;
    /** Print the coverage matrix after the summary (default true). */
    coverage?: boolean;
}

/** An event handler printing progress as the run goes. */
export declare function prettyProgress(options?: PrettyOptions): (event: ProgressEvent_2) => void;

/** A request or response as printed in reports: secrets redacted, big bodies cut. */
export declare interface PrintedExchange {
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
export declare type Profile = "spec" | "vendor";

export declare const PROFILES: readonly Profile[];

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
export { ProgressEvent_2 as ProgressEvent }

/** What the spec says about one rule's origin. */
declare interface Provenance {
    /** `vendor`: documented by the vendor; `decision`: decided by this spec where the vendor is silent. */
    provenance: ProvenanceKind;
    /** The entry that decided it (a pointer listed in `x-cobrowse-provenance`). */
    entry: string;
    /** The entry's note. */
    note: string;
}

declare const PROVENANCE_KINDS: readonly ProvenanceKind[];

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

declare class RateLimiter {
    #private;
    readonly perSecond: number;
    constructor(perSecond: number);
    /** Resolves when the next request may leave; slots are reserved in call order. */
    take(): Promise<void>;
}

/** Reads and checks a baseline file; throws naming the file and the problem. */
export declare function readBaseline(file: string): Baseline;

/**
 * Reads a HAR or NDJSON file (by its content), its exchanges in the order to judge them (the
 * order their answers ended); throws naming the file and the problem.
 */
export declare function readRecording(file: string, spec: SpecValidator): Recording;

/** Reads and checks a replay file; throws naming the problem. */
export declare function readReplay(file: string): ReplayRecord;

/** Reads `x-cobrowse-rules` from the document root (and `x-cobrowse-token` from the bearer scheme). */
declare function readRules(document: OpenApiDocument): SpecRules;

/** Recorded traffic as exchanges for the judge. */
export declare interface Recording {
    exchanges: TrafficExchange[];
    /** The deployment the traffic went to (origin and base path), as the recording says. */
    target: string;
    format: "har" | "ndjson";
}

export declare const REDACTED = "[REDACTED]";

export declare class Redactor {
    #private;
    /** Registers a value that must never be printed (values under 4 characters are ignored), with what it stands for when known. */
    add(value: string | undefined, label?: SecretLabel): void;
    /** A string with every registered secret replaced by its placeholder (`{{token}}`, `{{secret}}`, `{{redacted}}`). */
    placeholders(value: string): string;
    /** The label of a registered secret, or undefined. */
    labelOf(value: string): SecretLabel | undefined;
    /** Whether a value is a registered secret. */
    has(value: string): boolean;
    /**
     * Replaces every registered secret in a string, as it is and as JSON text spells it (a quote,
     * backslash or control character escaped). Longest first, so a secret containing another is
     * caught whole.
     */
    text(value: string): string;
    header(name: string, value: string): string;
    headers(headers: Record<string, string>): Record<string, string>;
    /** Redacts a JSON text: values of secret-named fields, then every registered secret. */
    body(body: string | Buffer | undefined): string | undefined;
    exchange(x: Exchange): PrintedExchange;
}

declare interface Reference {
    $ref: string;
}

declare interface Region {
    startLine: number;
    startColumn: number;
    endLine: number;
    endColumn: number;
}

/** What `expectRejected` needs: the status the spec gives the rule broken, and which rule the request breaks. */
declare interface Rejection {
    status: number;
    /** Where the spec states that status. */
    at: string;
    why: string;
    /** The field or header the answer must name (when the spec's errorReason rule says so). */
    field?: string;
    /**
     * The rules the request breaks (JSON pointers). When one of them is a vendor fact, the
     * request must not succeed whatever status it gets: a success is a failure of that fact.
     */
    breaks?: string[];
}

declare interface RelayOptions {
    /** The deployment: an http(s) URL; a path in it is prefixed to every request's. */
    target: string;
    host?: string;
    /** 0 (the default) takes a free port. */
    port?: number;
    /** Forward the client's Host header (the target then builds its URLs, the room's WebSocket URLs included, on the proxy's address). Default: the target's host. */
    preserveHost?: boolean;
    /** Told of each exchange once its answer has ended (or failed), in that order. */
    onExchange: (exchange: TrafficExchange) => void;
}

/** Replays a record against the target the options give (the record's own target by default). */
export declare function replay(record: ReplayRecord, options: ContractOptions & {
    token?: string;
}): Promise<ReplayOutcome>;

export declare const REPLAY_FORMAT = "cobrowse-contract-replay/1";

/** The command that replays a run (credentials come from the environment, never the command line). */
export declare function replayCommand(o: Pick<ResolvedOptions, "seed" | "cases" | "stateless" | "only" | "skip" | "baseUrl"> & Partial<Pick<ResolvedOptions, "profile" | "websocket" | "faultControl" | "rateLimit" | "maxRequests">>): string;

export declare interface ReplayOutcome {
    /** True when the failure no longer shows. */
    ok: boolean;
    record: ReplayRecord;
    /** What was found this time (empty when ok). */
    failures: Failure[];
    /** The exchange re-sent (request mode). */
    exchange?: Exchange;
}

/** What `--replay` needs to reproduce one failure. Secrets are placeholders (`{{token}}`, `{{secret}}`), never values. */
export declare interface ReplayRecord {
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
export { Report_2 as Report }

declare class RequestBudget {
    #private;
    readonly max: number;
    constructor(max: number);
    get spent(): number;
    /** Counts one request; throws RequestsStopped when the budget is spent. */
    spend(): void;
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

declare interface ResolvedOptions extends Required<Omit<ContractOptions, "onEvent" | "only" | "skip" | "spec" | "faultControl" | "faultControlToken" | "baseline" | "baselineFile" | "rateLimit" | "maxRequests">> {
    spec: SpecValidator;
    only: string[];
    skip: string[];
    /** The fault control's absolute URL, when the target has one. */
    faultControl: string | undefined;
    faultControlToken: string | undefined;
    /** The scope this run's faults and the requests they catch name in X-Mock-Scope, so no other caller of a shared sandbox meets them. */
    faultScope: string;
    onEvent?: ContractOptions["onEvent"];
    baseline?: Baseline;
    rateLimit?: number;
    maxRequests?: number;
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

/**
 * The node a local reference names: `#/components/schemas/Role`, or the fragment of a rebased
 * one (`urn:…#/components/…`, as the validator's schemas spell them). Throws naming the
 * reference when nothing is there.
 */
declare function resolvePointer<T = unknown>(document: OpenApiDocument, ref: string): T;

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

declare interface RoomInfo {
    /** An opening side (the recorder) named it, or was answered it. */
    opened: boolean;
    /** Per-role values (connectParam) by value → role. */
    perRole: Map<string, string>;
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

/**
 * Runs the contract suite against a deployment and resolves with the report. Never throws
 * for a failing deployment (read `report.ok`); throws only for bad options.
 */
export declare function runContractSuite(options: ContractOptions): Promise<Report_2>;

/** State shared by all checks of one run. */
declare class RunState {
    #private;
    readonly options: ResolvedOptions;
    readonly exchanges: Exchange[];
    readonly redactor: Redactor;
    /** Values sent as secrets (writeOnly fields): none may come back in a response. */
    readonly sentSecrets: Set<string>;
    /** Every token the token operation issued to the run (a token not among them is unknown to the deployment). */
    readonly issuedTokens: Set<string>;
    /** What the spec says, read once. */
    readonly rules: SuiteRules;
    /** `--rate-limit`: every request waits for its slot. */
    readonly limiter: RateLimiter | undefined;
    /** `--max-requests`: every request spends one. */
    readonly budget: RequestBudget | undefined;
    /** Told of every failure as it is found (kept in full or not). */
    onFailure: ((note: FailureNote) => void) | undefined;
    constructor(options: ResolvedOptions);
    /** A valid token for the configured credentials, fetched once per run. */
    sharedToken(ctx: CheckContext): Promise<string>;
}

export declare interface SarifOptions {
    /** The spec file the run held the target to (`--spec FILE`); default: the shipped one. */
    specFile?: string;
    /** Artifact URIs are relative to this directory when the spec file is below it (default: the working directory). */
    root?: string;
}

export declare function sarifReport(report: Report_2, options?: SarifOptions): string;

/**
 * What a secret stands for, so that a curl command or a replay file can name it instead of
 * showing it: the app secret, an issued token, a token derived from one (tampered with,
 * re-spelled, forged in its shape), a deliberately wrong secret. Unlabelled secrets are only
 * ever `[REDACTED]`.
 */
declare type SecretLabel = "secret" | "token" | "wrong-secret" | `token|${"tamper" | "respell"}` | `token|forge:${number}`;

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

export declare interface SecuritySchemeRules {
    /** Status when the header is absent (`x-cobrowse-failures.missing`). */
    missing: SpecRule<number>;
    /** Status when the value is malformed: breaks its schema, no `Bearer ` prefix... (`x-cobrowse-failures.malformed`). */
    malformed: SpecRule<number>;
    /** Status when the value is well-formed but not known to / not matching the deployment (`x-cobrowse-failures.unknown`). */
    unknown: SpecRule<number>;
    /** Which configured credential the header carries (`token` for bearer schemes). */
    credential: "token" | "appKey" | "tenantSpaceId";
    /** The header it travels in. */
    header: string;
    /** Where the scheme is in the spec. */
    at: string;
    /** The JSON Schema of the value (of the token for a bearer scheme), from `x-cobrowse-value-schema`. */
    schema?: SpecRule<JsonSchema>;
    /** That schema's description, as the spec module reads it (no trailing period). */
    valueDescription?: string;
}

/** The unescaped segments of a pointer or URI fragment: `#/paths/~1a~1b/post` → `["paths", "/a/b", "post"]`; `#` or `#/` → `[]`. */
declare function segmentsOf(pointer: string): string[];

/** The checks an --only/--skip selection keeps; unknown selectors are an error naming the known ids. */
export declare function selectChecks(only?: string[], skip?: string[], spec?: SpecValidator): CheckDefinition[];

/** The spec file `@cec-cobrowse/spec` ships. */
export declare function shippedSpecFile(): string;

export declare class SpecLocator {
    #private;
    readonly file: string;
    constructor(file: string, text?: string);
    /**
     * The region of the node a pointer names (`#/components/schemas/Role/enum`): the key of its
     * last segment (or the array item). `exact` is false when the pointer leaves the file (through
     * a `$ref`, say) and its nearest ancestor in the file is given instead; undefined when not even the root is there.
     */
    locate(pointer: string): {
        region: Region;
        exact: boolean;
    } | undefined;
}

/** A value read from the spec, with where it is. */
export declare interface SpecRule<T> {
    value: T;
    /** Where the value is, as a JSON pointer into the spec. */
    at: string;
}

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

/** The validator for this package's spec, compiled on first use and shared after. */
declare function specValidator(): SpecValidator;

export declare function startContractProxy(options: ContractProxyOptions): Promise<ContractProxy>;

/**
 * A result's status under a profile: a broken vendor fact fails; a broken decision fails under
 * `spec` and diverges under `vendor`. Failures a baseline accepted do not count.
 */
export declare function statusUnder(result: Pick<CheckResult, "status" | "broken" | "accepted">, profile: Profile): CheckStatus;

/** The suite's view of one spec. */
export declare class SuiteRules {
    readonly spec: SpecValidator;
    readonly operations: Operation[];
    /** Per security scheme an operation uses: its statuses, header and value schema. */
    readonly securitySchemes: Record<string, SecuritySchemeRules>;
    /** The token operation and its fields (the bearer scheme's `x-cobrowse-token`). */
    readonly token: ResolvedTokenSource;
    /**
     * The operation that names rooms (`x-cobrowse-room`), its room rule and its 200's outcome rule;
     * `join`: the link of its 200 answer back to itself (the other side joins the room), with the
     * role the link sets when it sets one as a literal.
     */
    readonly connection: {
        op: Operation;
        room: RoomRule;
        outcome: OutcomeRule;
        roles: string[];
        join: {
            link: ResolvedLink;
            role: string | undefined;
        } | undefined;
    };
    readonly errorCode: SpecRule<number>;
    readonly namesField: SpecRule<boolean>;
    /** The rules of a spec, read once per SpecValidator. */
    static of(spec: SpecValidator): SuiteRules;
    private constructor();
    /** A check of an operation's order (`validation`, `bodySize`...), its status as a rule. */
    check(op: Operation, id: string): SpecRule<number> & {
        rule: OperationCheck;
    };
    /** The security rules of a credential (`tenantSpaceId`...), with the scheme's name; undefined when no scheme carries it. */
    schemeOf(credential: SecuritySchemeRules["credential"]): (SecuritySchemeRules & {
        scheme: string;
    }) | undefined;
    /** The operations that need the security headers. */
    secured(): Operation[];
    /** The operations with a request body schema. */
    withBody(): Operation[];
    /** The token request body for the configured credentials. */
    credentialsBody(appKey: string, appSecret: string): Record<string, string>;
}

declare interface TokenInfo {
    /** When its answer ended (the token was issued before): ms since the epoch; undefined without times. */
    issuedBy?: number;
    lifetimeSeconds: number;
    appKey?: string;
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

/** A check of observed traffic: a stable id, what it checks, where the spec says so, and its judgement of one exchange. */
declare interface TrafficCheck {
    id: string;
    title: string;
    specLocations: string[];
    /** Judges one exchange (in the order the answers ended), the flow so far given; records failures on `ctx`. */
    judge(ctx: CheckContext, v: View, flow: FlowState): void;
}

/** Every check of observed traffic, in the order each exchange goes through them. */
export declare function trafficChecks(rules: SuiteRules): TrafficCheck[];

export declare interface TrafficExchange {
    /** 1-based, in the order the requests started (the HAR entry's position). */
    n: number;
    /** When the request started and the answer ended (ms since the epoch); undefined when the source does not say. */
    startedMs?: number;
    endedMs?: number;
    request: ObservedRequest;
    /** Undefined when there was no answer (`error` says why). */
    response?: ObservedResponse;
    /** A WebSocket upgrade: the answer is its handshake (101, or a refusal). */
    upgrade?: boolean;
    /** Why there was no answer: the client gave up, the connection was reset, the target is down. */
    error?: string;
    /** The target's answer was not HTTP at all (its fault, unlike a reset). */
    malformedAnswer?: boolean;
}

export declare class TrafficJudge {
    #private;
    readonly state: RunState;
    readonly rules: SuiteRules;
    constructor(options: TrafficJudgeOptions);
    /** Judges one exchange. Call in the order the answers ended (the proxy does; `validate` sorts). Never throws for bad traffic. */
    judge(t: TrafficExchange): void;
    /** The report of everything judged so far. */
    report(): Report_2;
}

export declare interface TrafficJudgeOptions {
    /** The spec to judge by (default: the one `@cec-cobrowse/spec` ships). */
    spec?: SpecValidator;
    profile?: Profile;
    /** Where the traffic went (the proxy's target; a validated file's origin): curl commands and replay records name it. */
    target: string;
    source: Pick<TrafficSource, "mode" | "source">;
    baseline?: Baseline;
    baselineFile?: string;
    /** Told of every failure as it is found (the proxy prints them live). */
    onFailure?: (note: FailureNote) => void;
    /** The command that judges this traffic again, named in the report. */
    replay?: string;
}

/** Where judged traffic came from. */
export declare interface TrafficSource {
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

/** Unescapes one JSON pointer segment: `~1` → `/`, `~0` → `~`. */
declare function unescapeSegment(segment: string): string;

/** This package's version, from package.json (inlined at build time). */
export declare const VERSION: string;

/** One observed exchange, read once for every traffic check. */
declare interface View {
    t: TrafficExchange;
    /** The exchange as the suite's judge and reporters take it. */
    x: Exchange;
    /** The operation of the spec it was made to (undefined for a WebSocket handshake or a method the path lacks). */
    op: Operation | undefined;
    /** What the request breaks, as far as this one exchange shows. */
    breaches: Breach[];
    /** The request's JSON body, when it is an object. */
    body: Record<string, unknown> | undefined;
    /** The answer's JSON body, when it is an object. */
    answer: Record<string, unknown> | undefined;
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

/** Writes `baselineOf(report)` to a file (sorted, one stable order, so it diffs well in review). */
export declare function writeBaseline(file: string, report: Report_2): Baseline;

export { }
