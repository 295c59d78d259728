// The spec's machine-readable rules: the root `x-cobrowse-rules` (error codes, the checks a
// server makes and the status each answers), each operation's `x-cobrowse-check-order`, and
// the bearer scheme's `x-cobrowse-token`. Their shape is checked against a JSON Schema here,
// so a typo in the spec fails loudly, naming the place, instead of quietly meaning nothing.
import { Ajv2020 } from "ajv/dist/2020.js";
import type { JsonSchema, OpenApiDocument } from "./document-types.js";
import { pointer } from "./pointer.js";

/** One check a server makes (`x-cobrowse-rules.checks.<id>`). */
export interface CheckRule {
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

/** Where the bearer token comes from (`x-cobrowse-token` on the bearer scheme). */
export interface TokenSource {
  /** The bearer scheme that carries it. */
  scheme: string;
  /** The operation that issues tokens. */
  operationId: string;
  /** Property names in that operation's 200 body (`appKey`: the app it was issued to, when the answer says). */
  fields: { token: string; createTime: string; lifetime: string; appKey?: string };
  /** The request header that asks for a lifetime; its schema gives the range and default. */
  lifetimeHeader: string;
  /** The request body fields that carry the app key and the app secret. */
  credentials: { appKey: string; appSecret: string };
  at: string;
}

/** How an operation names a room (`x-cobrowse-room`). */
export interface RoomRule {
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

/** Which fields of a 200 answer say whether the operation succeeded (`x-cobrowse-outcome`). */
export interface OutcomeRule {
  /** The boolean field: true when it succeeded. */
  success: string;
  /** The field present on success. */
  data: string;
  /** Fields that are null on success. */
  nullOnSuccess: string[];
  at: string;
}

/** The room's WebSocket protocol (`x-cobrowse-rules.websocket`). */
export interface WebSocketRule {
  /** Where rooms are served: the path before the percent-encoded room id. */
  path: string;
  /** The query parameter carrying the connectParam. */
  connectParam: string;
  /** The optional query parameter naming the side. */
  role: string;
  /** The largest message relayed. */
  maxMessageBytes: number;
  /** The HTTP status of a refused upgrade, by reason. */
  refusals: Record<
    | "missing"
    | "malformed"
    | "forged"
    | "expired"
    | "otherRoom"
    | "otherRole"
    | "otherApp"
    | "notFound"
    | "unavailable"
    | "handshake"
    | "method"
    | "roomFull"
    | "capacity",
    number
  >;
  /** The close code, by reason. */
  close: Record<"messageTooLarge" | "peerTooSlow" | "goingAway" | "messagesLost", number>;
  /** Whether a connectParam expires no later than the bearer token of the request that obtained it. */
  expiresWithToken: boolean;
  at: string;
}

/** The response header carrying a request's id (`x-cobrowse-rules.requestId`): every answer of every operation declares it. */
export interface RequestIdRule {
  /** Its name, as the spec spells it (`X-Request-Id`). */
  header: string;
  at: string;
}

/**
 * What the SDK's clients send on every request besides the API's own headers
 * (`x-cobrowse-client-headers`): who they are, and which attempt of its call a request is.
 */
export interface ClientHeadersRule {
  /** The identification header (`User-Agent`): its name and the product token's prefix (`cec-cobrowse-`, then the language). */
  userAgent: { header: string; productPrefix: string };
  /** The header carrying the attempt's number within its call (1, 2, …). */
  attempt: { header: string };
  at: string;
}

export interface SpecRules {
  /** An error body's `errorCode` is the HTTP status times `statusFactor`. */
  errorCode: { statusFactor: number; at: string };
  /** Whether an error answer's `errorReason` (or a detail's `name`) names the offending field or header. */
  errorReason: { namesField: boolean; at: string };
  /** Every check the spec defines, by id. */
  checks: ReadonlyMap<string, CheckRule>;
  token: TokenSource | undefined;
  /** The room's WebSocket protocol, when the spec states one. */
  websocket: WebSocketRule | undefined;
  /** The response header carrying the request id, when the spec states one (every answer declares it). */
  requestId?: RequestIdRule | undefined;
  /** The headers the SDK's clients add (`x-cobrowse-client-headers`), when the spec states them. */
  clientHeaders?: ClientHeadersRule | undefined;
}

const RULES_AT = pointer("x-cobrowse-rules");

const description = { type: "string" };
/** An HTTP field name (RFC 9110 §5.1: a token). */
const fieldName = { type: "string", pattern: "^[!#$%&'*+.^_`|~0-9A-Za-z-]+$" };
const status = { type: "integer", minimum: 400, maximum: 499 };
const check = {
  type: "object",
  required: ["status", "description"],
  additionalProperties: false,
  properties: {
    description,
    status,
    security: { type: "boolean" },
    maxBytes: { type: "integer", minimum: 1 },
    accept: { type: "array", minItems: 1, uniqueItems: true, items: { type: "string", minLength: 1 } },
  },
};

const statusesOf = (keys: string[], min: number, max: number) => ({
  type: "object",
  required: keys,
  additionalProperties: false,
  properties: Object.fromEntries(keys.map((k) => [k, { type: "integer", minimum: min, maximum: max }])),
});

const WEBSOCKET_SCHEMA = {
  type: "object",
  required: ["path", "connectParam", "role", "maxMessageBytes", "refusals", "close"],
  additionalProperties: false,
  properties: {
    description,
    path: { type: "string", pattern: "^/.*/$" },
    connectParam: { type: "string", minLength: 1 },
    role: { type: "string", minLength: 1 },
    maxMessageBytes: { type: "integer", minimum: 1 },
    refusals: statusesOf(
      [
        "missing",
        "malformed",
        "forged",
        "expired",
        "otherRoom",
        "otherRole",
        "otherApp",
        "notFound",
        "unavailable",
        "handshake",
        "method",
        "roomFull",
        "capacity",
      ],
      400,
      599,
    ),
    close: statusesOf(["messageTooLarge", "peerTooSlow", "goingAway", "messagesLost"], 1000, 4999),
    expiresWithToken: { type: "boolean" },
  },
};

/** The JSON Schema of `x-cobrowse-rules`. */
export const RULES_SCHEMA: JsonSchema = {
  type: "object",
  required: ["errorCode", "errorReason", "checks"],
  additionalProperties: false,
  properties: {
    errorCode: {
      type: "object",
      required: ["statusFactor"],
      additionalProperties: false,
      properties: { description, statusFactor: { type: "integer", minimum: 1 } },
    },
    errorReason: {
      type: "object",
      required: ["namesField"],
      additionalProperties: false,
      properties: { description, namesField: { type: "boolean" } },
    },
    websocket: WEBSOCKET_SCHEMA,
    requestId: {
      type: "object",
      required: ["header"],
      additionalProperties: false,
      properties: { description, header: fieldName },
    },
    checks: {
      type: "object",
      minProperties: 1,
      additionalProperties: check,
      properties: {
        bodySize: { ...check, required: ["status", "description", "maxBytes"] },
        contentEncoding: { ...check, required: ["status", "description", "accept"] },
      },
    },
  },
};

/** The JSON Schema of an operation's `x-cobrowse-check-order`. */
export const CHECK_ORDER_SCHEMA: JsonSchema = {
  type: "array",
  minItems: 1,
  uniqueItems: true,
  items: { type: "string" },
};

const name = { type: "string", minLength: 1 };
const names = { type: "array", uniqueItems: true, items: name };

/** The JSON Schema of the bearer scheme's `x-cobrowse-token`. */
export const TOKEN_SCHEMA: JsonSchema = {
  type: "object",
  required: ["operationId", "token", "createTime", "lifetime", "lifetimeHeader", "credentials"],
  additionalProperties: false,
  properties: {
    ...Object.fromEntries(
      ["operationId", "token", "createTime", "lifetime", "appKey", "lifetimeHeader"].map((key) => [key, name]),
    ),
    credentials: {
      type: "object",
      required: ["appKey", "appSecret"],
      additionalProperties: false,
      properties: { appKey: name, appSecret: name },
    },
  },
};

/** The JSON Schema of an operation's `x-cobrowse-room`. */
export const ROOM_SCHEMA: JsonSchema = {
  type: "object",
  required: ["roomId", "createdFormat", "role", "perRole", "webSocketUrls"],
  additionalProperties: false,
  properties: { description, roomId: name, createdFormat: name, role: name, perRole: names, webSocketUrls: names },
};

/** The JSON Schema of a 200 response's `x-cobrowse-outcome`. */
export const OUTCOME_SCHEMA: JsonSchema = {
  type: "object",
  required: ["success", "data", "nullOnSuccess"],
  additionalProperties: false,
  properties: { description, success: name, data: name, nullOnSuccess: names },
};

/** The JSON Schema of the root's `x-cobrowse-client-headers`. */
export const CLIENT_HEADERS_SCHEMA: JsonSchema = {
  type: "object",
  required: ["userAgent", "attempt"],
  additionalProperties: false,
  properties: {
    description,
    userAgent: {
      type: "object",
      required: ["header", "productPrefix"],
      additionalProperties: false,
      properties: {
        description,
        header: name,
        productPrefix: { type: "string", pattern: "^[!#$%&'*+.^_`|~0-9A-Za-z-]+$" },
      },
    },
    attempt: {
      type: "object",
      required: ["header"],
      additionalProperties: false,
      properties: { description, header: name },
    },
  },
};

const ajv = new Ajv2020({ allErrors: true, strict: false });
const validators = new Map<JsonSchema, ReturnType<typeof ajv.compile>>();

/** Throws naming the place when `value` breaks `schema`. */
export function assertShape(value: unknown, schema: JsonSchema, at: string): void {
  let validate = validators.get(schema);
  if (!validate) validators.set(schema, (validate = ajv.compile(schema)));
  if (validate(value)) return;
  const problems = (validate.errors ?? []).map((e) => `${at}${e.instancePath}: ${e.message ?? e.keyword}`);
  throw new Error(`the spec's ${problems.join("; ")}`);
}

/** Reads `x-cobrowse-rules` from the document root (and `x-cobrowse-token` from the bearer scheme). */
export function readRules(document: OpenApiDocument): SpecRules {
  const raw = document["x-cobrowse-rules"];
  assertShape(raw, RULES_SCHEMA, RULES_AT);
  const rules = raw as {
    errorCode: { statusFactor: number };
    errorReason: { namesField: boolean };
    requestId?: { header: string };
    websocket?: Omit<WebSocketRule, "at" | "expiresWithToken"> & { description?: string; expiresWithToken?: boolean };
    checks: Record<string, Omit<CheckRule, "id" | "at" | "security"> & { security?: boolean }>;
  };
  const checks = new Map<string, CheckRule>();
  for (const [id, value] of Object.entries(rules.checks)) {
    checks.set(id, { ...value, id, security: value.security === true, at: pointer("x-cobrowse-rules", "checks", id) });
  }
  let token: TokenSource | undefined;
  for (const [scheme, value] of Object.entries(document.components.securitySchemes ?? {})) {
    const source = value["x-cobrowse-token"];
    if (source === undefined) continue;
    const at = pointer("components", "securitySchemes", scheme, "x-cobrowse-token");
    if (token)
      throw new Error(
        `the spec's ${at}: only one security scheme may carry x-cobrowse-token (${token.scheme} does too)`,
      );
    assertShape(source, TOKEN_SCHEMA, at);
    const { operationId, token: field, createTime, lifetime, appKey, lifetimeHeader, credentials } = source;
    token = {
      scheme,
      operationId,
      fields: { token: field, createTime, lifetime, ...(appKey ? { appKey } : {}) },
      lifetimeHeader,
      credentials: { ...credentials },
      at,
    };
  }
  const headers = document["x-cobrowse-client-headers"];
  let clientHeaders: ClientHeadersRule | undefined;
  if (headers !== undefined) {
    const at = pointer("x-cobrowse-client-headers");
    assertShape(headers, CLIENT_HEADERS_SCHEMA, at);
    const { userAgent, attempt } = headers as {
      userAgent: { header: string; productPrefix: string };
      attempt: { header: string };
    };
    clientHeaders = {
      userAgent: { header: userAgent.header, productPrefix: userAgent.productPrefix },
      attempt: { header: attempt.header },
      at,
    };
  }
  return {
    clientHeaders,
    errorCode: {
      statusFactor: rules.errorCode.statusFactor,
      at: pointer("x-cobrowse-rules", "errorCode", "statusFactor"),
    },
    errorReason: {
      namesField: rules.errorReason.namesField,
      at: pointer("x-cobrowse-rules", "errorReason", "namesField"),
    },
    checks,
    token,
    ...(rules.requestId
      ? { requestId: { header: rules.requestId.header, at: pointer("x-cobrowse-rules", "requestId") } }
      : {}),
    websocket:
      rules.websocket &&
      (({ description: _description, ...rest }) => ({
        ...rest,
        expiresWithToken: rest.expiresWithToken === true,
        at: pointer("x-cobrowse-rules", "websocket"),
      }))(rules.websocket),
  };
}
