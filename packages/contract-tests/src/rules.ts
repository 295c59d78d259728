// The expectations the spec states only in prose, in one table.
//
// Everything else the suite expects is read from the machine-readable parts of the spec
// (paths, parameters, schemas, security requirements, documented responses). These rules
// live in description text, so they are encoded here once, each next to the sentence it
// encodes and the pointer to where that sentence is. When the spec changes one of these
// sentences, change this table; a test (test/rules.test.ts) checks that every quoted
// sentence is still in the spec, so an edited sentence cannot go unnoticed.
//
// Proposal for the spec (made to the lead, not applied here): carry these as extensions,
// e.g. `x-cobrowse-failures: { missing: 400, malformed: 400, unknown: 404 }` and
// `x-cobrowse-schema: { type: string, pattern: "^[A-Za-z0-9_-]{1,64}$" }` on each security
// scheme, `x-cobrowse-max-body-bytes: 1048576` on the API, and
// `x-cobrowse-error-code: "status * 100"` on ErrorResponse.errorCode; this table would
// then be read from the document instead.

export interface ProseRule<T> {
  value: T;
  /** Where the sentence is, as a JSON pointer into the spec. */
  at: string;
  /** The sentence, quoted exactly (whitespace-normalised). */
  quote: string;
}

const rule = <T>(value: T, at: string, quote: string): ProseRule<T> => ({ value, at, quote });

export interface SecuritySchemeRules {
  /** Status when the header is absent. */
  missing: ProseRule<number>;
  /** Status when the value is malformed (bad shape, no `Bearer ` prefix...). */
  malformed: ProseRule<number>;
  /** Status when the value is well-formed but not known to / not matching the deployment. */
  unknown: ProseRule<number>;
  /** Which credential the header carries (`token` for bearer schemes). */
  credential: "token" | "appKey" | "tenantSpaceId";
  /** Malformed values to send, and the shape they break, when the spec states one. */
  shape?: ProseRule<RegExp>;
}

/** Per security scheme (by its name in `components.securitySchemes`). */
export const SECURITY_SCHEME_RULES: Record<string, SecuritySchemeRules> = {
  bearerAuth: {
    credential: "token",
    missing: rule(401, "#/components/responses/Unauthorized/description",
      "Authentication failed: wrong app key or secret, or a missing, malformed, unknown or expired token"),
    malformed: rule(401, "#/info/description",
      "a missing, malformed, unknown or expired bearer token; an `Authorization` header without the `Bearer ` prefix"),
    unknown: rule(401, "#/components/responses/Unauthorized/description",
      "Authentication failed: wrong app key or secret, or a missing, malformed, unknown or expired token"),
  },
  appKey: {
    credential: "appKey",
    missing: rule(401, "#/info/description", "a missing `x-app-key`, or one that is not the app the token was issued to."),
    malformed: rule(401, "#/info/description", "a missing `x-app-key`, or one that is not the app the token was issued to."),
    unknown: rule(401, "#/info/description", "a missing `x-app-key`, or one that is not the app the token was issued to."),
  },
  tenantSpaceId: {
    credential: "tenantSpaceId",
    missing: rule(400, "#/components/securitySchemes/tenantSpaceId/description", "Missing or malformed: 400; unknown to the deployment: 404."),
    malformed: rule(400, "#/components/securitySchemes/tenantSpaceId/description", "Missing or malformed: 400; unknown to the deployment: 404."),
    unknown: rule(404, "#/components/securitySchemes/tenantSpaceId/description", "Missing or malformed: 400; unknown to the deployment: 404."),
    shape: rule(/^[A-Za-z0-9_-]{1,64}$/, "#/components/securitySchemes/tenantSpaceId/description",
      "The tenant space ID, 1 to 64 characters of letters, digits, `_` and `-`."),
  },
};

export const PROSE = {
  /** Wrong app key or secret on the token operation. */
  wrongCredentials: rule(401, "#/paths/~1apigovernance~1api~1oauth~1tokenByAkSk/post/description", "Wrong credentials answer 401."),
  /** A header parameter outside its schema (X-Token-Expire). */
  headerOutOfRange: rule(400, "#/components/parameters/TokenExpire/description",
    "A value outside the range, or not a whole number, answers 400."),
  /** A body that breaks its schema, or is not JSON. */
  badBody: rule(400, "#/components/responses/BadRequest/description",
    "The request is malformed: invalid JSON, a body or header that breaks its schema (missing, of the wrong type, out of range, not in the enum)"),
  /** errorReason names the offending field or header. */
  reasonNamesField: rule(true, "#/components/responses/BadRequest/description", "`errorReason` and `details` name the field."),
  /** Media types other than the documented ones. */
  unsupportedMediaType: rule(415, "#/info/description", "the content type (415, only `application/json`)"),
  /** The body size limit. */
  maxBodyBytes: rule(1024 * 1024, "#/info/description", "the body size (413, bodies over 1 MiB)"),
  tooLarge: rule(413, "#/info/description", "the body size (413, bodies over 1 MiB)"),
  /** A method the path does not have. */
  methodNotAllowed: rule(405, "#/info/description", "the method (405, with `Allow`)"),
  /** The order in which the server checks a request; the first failing check answers. */
  order: rule(
    ["method", "size", "contentType", "auth", "schema", "tenant"] as const,
    "#/info/description",
    "A server checks, in order: the method (405, with `Allow`), the body size (413, bodies over 1 MiB), the content type (415, only `application/json`), authentication (401), the JSON syntax and schema of headers and body (400), and the tenant space (404). The first failing check answers.",
  ),
  /** errorCode is the HTTP status times 100. */
  errorCodeFactor: rule(100, "#/components/schemas/ErrorResponse/properties/errorCode/description",
    "The HTTP status times 100 (`40100` for a 401, say)"),
  /** A created room's id is a UUID. */
  createdRoomIsUuid: rule(true, "#/components/schemas/GetConnectionInfoRequest/properties/roomId/description",
    "When absent the server creates a room with a UUID id."),
  /** The room id in the answer is the one sent. */
  roomEchoed: rule(true, "#/components/schemas/ConnectionInfo/properties/roomId/description", "The room id, as sent or as created."),
  /** A connectParam is valid for one room and role only. */
  connectParamPerRole: rule(true, "#/components/schemas/ConnectionInfo/properties/connectParam/description",
    "Opaque to clients; valid for this room and role only."),
  /** wssUrl and wssUrlOut are WebSocket URLs (ws: or wss:). */
  websocketUrl: rule(["wssUrl", "wssUrlOut"], "#/components/schemas/ConnectionInfo/properties/wssUrl/description",
    "The WebSocket URL inside the platform's network."),
  /** On success errorCode and errorReason are null and data is present. */
  successShape: rule(true, "#/components/schemas/GetConnectionInfoResponse/description",
    "On success `data` is present and `errorCode` and `errorReason` are null"),
  /** The token lives Expires seconds from CreateTime. */
  tokenLifetime: rule(true, "#/paths/~1apigovernance~1api~1oauth~1tokenByAkSk/post/description",
    "The token is valid from `CreateTime` for `Expires` seconds"),
  /** The AppKey in a token answer is the caller's. */
  tokenAppKey: rule(true, "#/components/schemas/TokenResponse/properties/AppKey/description", "The app key the token was issued to."),
} as const;

/** All quoted rules, for the test that keeps this table in step with the spec. */
export function allProseRules(): Array<ProseRule<unknown>> {
  const out: Array<ProseRule<unknown>> = [...Object.values(PROSE)];
  for (const scheme of Object.values(SECURITY_SCHEME_RULES)) {
    out.push(scheme.missing, scheme.malformed, scheme.unknown);
    if (scheme.shape) out.push(scheme.shape);
  }
  return out;
}
