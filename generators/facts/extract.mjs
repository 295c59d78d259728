// The one extractor of the spec's facts the clients need, read through @cec-cobrowse/spec (never
// the YAML): the operations, their methods and paths; the headers (authorization with its
// prefix, app key, tenant, request id, Retry-After, the token lifetime header with its range and
// default, the SDK's own client headers); the token answer's fields and patterns and the
// credential fields; the room operation's fields and what makes its answer usable; each request
// body's field table with its constraints (through the keyword guard) and each field's name in
// every language; the WebSocket's connectParam query name. The renderers in render/ write it
// for TypeScript, Python, Go and Java; none of them reads the spec.
import { fail, guardField } from "./guard.mjs";
import { goModelName, goName, javaName, pythonName } from "./names.mjs";

const IDENTIFIER = /^[A-Za-z_$][\w$]*$/;
/** RFC 9110 §10.2.3: the header a 429 or 503 answer asks a client to wait with. Its spelling is taken from the spec. */
const RETRY_AFTER = "retry-after";

/** The schema name a `$ref` to `#/components/schemas/<name>` points at, else undefined. */
const componentName = (ref) => /#\/components\/schemas\/([^/]+)$/.exec(ref ?? "")?.[1];

function fieldOf(spec, name, property, at, required) {
  const field = spec.deref(property);
  const rule = guardField(property, field, at);
  if (required) rule.required = true;
  const enumSchema = rule.enum === undefined ? undefined : componentName(property.$ref);
  if (rule.enum !== undefined && enumSchema === undefined)
    fail(
      `${at}: an enum field must be a $ref to a schema under components/schemas (Go and Java check it through that schema's generated enum type)`,
    );
  // No example for a secret (writeOnly), not even a demo one; none outside the enum.
  const example = field.writeOnly
    ? undefined
    : field.enum && !field.enum.includes(field.example)
      ? field.enum[0]
      : field.example;
  return {
    name,
    at,
    rule,
    required,
    enumSchema,
    description: typeof field.description === "string" ? field.description.trim() : undefined,
    example,
    names: { python: pythonName(name), go: goName(name), goModel: goModelName(name), java: javaName(name) },
  };
}

/** An operation's JSON body: its fields (in the spec's order), whether others are allowed, and a minimal example. */
function bodyOf(spec, op) {
  const schema = spec.deref(op.bodySchema);
  if (schema.type !== "object") fail(`${op.bodySchemaAt}: the clients check object bodies only`);
  const schemaName = componentName(op.bodySchemaAt);
  if (!schemaName)
    fail(
      `${op.bodySchemaAt}: a request body must be a schema under components/schemas (the generated models are named after it)`,
    );
  const required = new Set(schema.required ?? []);
  const fields = Object.entries(schema.properties ?? {}).map(([name, property]) =>
    fieldOf(spec, name, property, `${op.bodySchemaAt}/properties/${name}`, required.has(name)),
  );
  for (const name of required)
    if (!fields.some((f) => f.name === name))
      fail(`${op.bodySchemaAt}: requires ${name}, which is not among its properties`);
  const example = Object.fromEntries(
    fields.filter((f) => f.required && f.example !== undefined).map((f) => [f.name, f.example]),
  );
  return {
    operationId: op.operationId,
    schemaName,
    at: op.bodySchemaAt,
    description: typeof schema.description === "string" ? schema.description.trim() : undefined,
    fields,
    additionalProperties: schema.additionalProperties !== false,
    example,
  };
}

/** Every fact the clients need, from `spec` (a SpecValidator); `from` names the spec in the generated files' headers. */
export function extractFacts(spec, from = "spec/openapi.yaml") {
  const operations = [...spec.operations.values()];
  for (const op of operations)
    if (!IDENTIFIER.test(op.operationId))
      fail(`${op.at}: operationId ${JSON.stringify(op.operationId)} is not an identifier in every language`);

  const rooms = operations.filter((op) => op.room !== undefined);
  if (rooms.length !== 1)
    fail(`the spec must have one operation with x-cobrowse-room (the room's), found ${rooms.length}`);
  const [info] = rooms;
  if (!info.bodySchema) fail(`${info.at}: the room's operation has no JSON request body`);

  // The security schemes, by name: the clients' options are named after them (appKey, tenantSpaceId).
  const securitySchemes = {};
  for (const op of operations) {
    for (const h of op.securityHeaders) {
      securitySchemes[h.scheme] =
        h.prefix === undefined
          ? { header: h.header, kind: h.kind }
          : { header: h.header, kind: h.kind, prefix: h.prefix };
    }
  }
  const scheme = (kind, name) => {
    const h = info.securityHeaders.find((s) => s.kind === kind && (name === undefined || s.scheme === name));
    if (!h)
      fail(
        `${info.at}: ${info.operationId} needs a ${kind} security scheme${name ? ` named ${name} (the clients' option)` : ""}`,
      );
    return { scheme: h.scheme, header: h.header, ...(h.prefix === undefined ? {} : { prefix: h.prefix }) };
  };

  const source = spec.tokenSource();
  const answer = source.operation.responses.get("200")?.schema;
  const properties = answer ? (spec.deref(answer).properties ?? {}) : {};
  const patternOf = (key) => {
    const pattern = spec.deref(properties[source.fields[key]] ?? {}).pattern;
    if (typeof pattern !== "string")
      fail(
        `${source.operation.at}: the 200 body's ${source.fields[key]} states no pattern; the clients read ${key} by it`,
      );
    return pattern;
  };
  const { minimum, maximum, default: fallback } = source.lifetime;
  if (minimum === undefined || maximum === undefined)
    fail(`${source.lifetimeHeader.at}: the lifetime header's schema needs a minimum and a maximum`);

  const { requestId, clientHeaders, websocket, token } = spec.rules;
  if (!requestId)
    fail("the spec states no x-cobrowse-rules.requestId: the clients report the request id from the header it names");
  if (!clientHeaders)
    fail(
      "the spec states no x-cobrowse-client-headers: the clients name themselves and their attempts in the headers it names",
    );
  if (!websocket)
    fail(
      "the spec states no x-cobrowse-rules.websocket: the clients build the WebSocket URL with its connectParam query name",
    );
  const retryAfter = operations
    .flatMap((op) => [...op.responses.values()].flatMap((r) => r.headers))
    .find((h) => h.name.toLowerCase() === RETRY_AFTER);
  if (!retryAfter)
    fail("no answer of the spec declares Retry-After: the clients wait as it says before retrying a 429 or 503");

  const bodies = Object.fromEntries(
    operations.filter((op) => op.bodySchema).map((op) => [op.operationId, bodyOf(spec, op)]),
  );
  for (const field of [info.room.roomId, info.room.role]) {
    if (!bodies[info.operationId].fields.some((f) => f.name === field))
      fail(`${info.room.at}: ${field} is not a property of ${info.operationId}'s request body`);
  }

  return {
    from,
    operations: operations.map((op) => ({
      operationId: op.operationId,
      method: op.method,
      path: op.path,
      security: op.securityHeaders.map((h) => h.scheme),
      ...(op.room ? { connectWith: { all: op.room.perRole, oneOf: op.room.webSocketUrls } } : {}),
    })),
    securitySchemes,
    token: {
      operationId: source.operation.operationId,
      scheme: token.scheme,
      fields: { ...source.fields },
      patterns: { createTime: patternOf("createTime"), lifetime: patternOf("lifetime") },
      credentials: { ...token.credentials },
      lifetime: {
        header: source.lifetimeHeader.name,
        minimum,
        maximum,
        ...(fallback === undefined ? {} : { default: fallback }),
      },
    },
    info: {
      operationId: info.operationId,
      roomField: info.room.roomId,
      roleField: info.room.role,
      createdFormat: info.room.createdFormat,
      connectWith: { all: info.room.perRole, oneOf: info.room.webSocketUrls },
    },
    headers: {
      authorization: scheme("bearer"),
      appKey: scheme("apiKey", "appKey"),
      tenant: scheme("apiKey", "tenantSpaceId"),
      requestId: requestId.header,
      retryAfter: retryAfter.name,
      userAgent: { header: clientHeaders.userAgent.header, productPrefix: clientHeaders.userAgent.productPrefix },
      attempt: clientHeaders.attempt.header,
    },
    webSocket: { connectParam: websocket.connectParam },
    bodies,
  };
}

/** The facts as named scalar values (UPPER_SNAKE), in the order the layers' constants list them. */
export function scalars(facts) {
  const op = (id) => facts.operations.find((o) => o.operationId === id);
  const { token, info, headers } = facts;
  return {
    TOKEN_OPERATION: token.operationId,
    INFO_OPERATION: info.operationId,
    AUTHORIZATION_HEADER: headers.authorization.header,
    BEARER_PREFIX: headers.authorization.prefix,
    BEARER_SCHEME: headers.authorization.scheme,
    APP_KEY_HEADER: headers.appKey.header,
    APP_KEY_SCHEME: headers.appKey.scheme,
    TENANT_HEADER: headers.tenant.header,
    TENANT_SCHEME: headers.tenant.scheme,
    LIFETIME_HEADER: token.lifetime.header,
    LIFETIME_MIN: token.lifetime.minimum,
    LIFETIME_MAX: token.lifetime.maximum,
    CREATE_TIME_PATTERN: token.patterns.createTime,
    LIFETIME_PATTERN: token.patterns.lifetime,
    REQUEST_ID_HEADER: headers.requestId,
    RETRY_AFTER_HEADER: headers.retryAfter,
    // Added with the one emitter (issue 18): the rest of the facts.
    TOKEN_METHOD: op(token.operationId).method,
    TOKEN_PATH: op(token.operationId).path,
    INFO_METHOD: op(info.operationId).method,
    INFO_PATH: op(info.operationId).path,
    ...(token.lifetime.default === undefined ? {} : { LIFETIME_DEFAULT: token.lifetime.default }),
    TOKEN_FIELD: token.fields.token,
    CREATE_TIME_FIELD: token.fields.createTime,
    LIFETIME_FIELD: token.fields.lifetime,
    ...(token.fields.appKey === undefined ? {} : { TOKEN_APP_KEY_FIELD: token.fields.appKey }),
    APP_KEY_CREDENTIAL: token.credentials.appKey,
    APP_SECRET_CREDENTIAL: token.credentials.appSecret,
    ROOM_ID_FIELD: info.roomField,
    ROLE_FIELD: info.roleField,
    USER_AGENT_HEADER: headers.userAgent.header,
    USER_AGENT_PRODUCT_PREFIX: headers.userAgent.productPrefix,
    ATTEMPT_HEADER: headers.attempt,
    CONNECT_PARAM_QUERY: facts.webSocket.connectParam,
  };
}

/** Scalars the layers do not use and keep only because their constants modules are public (Python, Java): removing one is a major change. */
export const UNUSED = {
  BEARER_SCHEME: "the generated clients carry the bearer token by their own auth setting",
  LIFETIME_HEADER: "the generated clients send the lifetime as their token operation's header parameter",
};

/** The room operation's string body fields (not enums) and their constraints, as the layers' INFO_FIELDS list them (0 or "": none). */
export function infoStringFields(facts) {
  return facts.bodies[facts.info.operationId].fields
    .filter((f) => f.rule.type === "string" && f.rule.enum === undefined)
    .map((f) => ({
      name: f.name,
      minLength: f.rule.minLength ?? 0,
      maxLength: f.rule.maxLength ?? 0,
      pattern: f.rule.pattern ?? "",
    }));
}
