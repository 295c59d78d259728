// The parts of an OpenAPI 3.1 document this package reads. Loose on purpose: the spec is
// checked by Redocly and Spectral; these types only keep the validator honest.
export type JsonSchema = Record<string, unknown>;

export interface Reference {
  $ref: string;
}

export interface HeaderObject {
  description?: string;
  required?: boolean;
  schema?: JsonSchema;
  example?: unknown;
}

export interface ParameterObject extends HeaderObject {
  name: string;
  in: "header" | "query" | "path" | "cookie";
}

export interface MediaTypeObject {
  schema?: JsonSchema;
  example?: unknown;
  examples?: Record<string, ExampleObject | Reference>;
}

export interface ExampleObject {
  summary?: string;
  description?: string;
  value?: unknown;
  /** On the vendor's example request: the example's headers, as the vendor's page shows them. */
  "x-cobrowse-headers"?: Record<string, string>;
}

export interface LinkObject {
  operationId?: string;
  operationRef?: string;
  description?: string;
  parameters?: Record<string, unknown>;
  requestBody?: unknown;
}

export interface ResponseObject {
  description: string;
  links?: Record<string, LinkObject | Reference>;
  /** Which fields of the answer say whether the operation succeeded (see `OutcomeRule`). */
  "x-cobrowse-outcome"?: unknown;
  headers?: Record<string, HeaderObject | Reference>;
  content?: Record<string, MediaTypeObject>;
}

export interface OperationObject {
  operationId: string;
  summary?: string;
  description?: string;
  tags?: string[];
  security?: Array<Record<string, string[]>>;
  parameters?: Array<ParameterObject | Reference>;
  requestBody?: { required?: boolean; content: Record<string, MediaTypeObject> } | Reference;
  responses: Record<string, ResponseObject | Reference>;
  /** The ids of `x-cobrowse-rules.checks`, in the order a server makes them. */
  "x-cobrowse-check-order"?: string[];
  /** How the operation names a room (see `RoomRule`). */
  "x-cobrowse-room"?: unknown;
}

/** The statuses a security header's failures answer (the spec's `x-cobrowse-failures`). */
export interface SecurityFailures {
  /** The header is absent (or empty). */
  missing: number;
  /** The value breaks `x-cobrowse-value-schema` (or, for bearer schemes, lacks `Bearer `). */
  malformed: number;
  /** The value is well formed but unknown to the deployment (or not the token's app). */
  unknown: number;
}

/** This project's extensions on a security scheme. */
export interface SecuritySchemeExtensions {
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
    credentials: { appKey: string; appSecret: string };
  };
}

export type SecuritySchemeObject = SecuritySchemeExtensions &
  (
    | { type: "http"; scheme: string; description?: string }
    | { type: "apiKey"; in: "header" | "query" | "cookie"; name: string; description?: string }
  );

export interface OpenApiDocument {
  openapi: string;
  info: { title: string; version: string; [key: string]: unknown };
  servers?: Array<{
    url: string;
    variables?: Record<string, { default: string; description?: string; enum?: string[] }>;
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
  /** What the SDK's clients add to every request (see `ClientHeadersRule`). */
  "x-cobrowse-client-headers"?: unknown;
  [key: string]: unknown;
}
