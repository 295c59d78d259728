// The expectations the suite does not read from a schema, in one place.
//
// Security headers: each security scheme's statuses (missing / malformed / unknown) and the
// shape of its value are machine-readable in the spec, as the scheme's `x-cobrowse-failures`
// and `x-cobrowse-value-schema` extensions; `securitySchemeRules()` reads them (through
// `@cec-cobrowse/spec`) with the JSON pointer of each, and refuses a spec that lacks them.
//
// The rest of this file, `PROSE`, is what the spec still states only in description text:
// each rule is encoded once, next to the sentence it encodes and the pointer to where that
// sentence is. When the spec changes one of these sentences, change this table; a test
// (test/rules.test.ts) checks that every quoted sentence is still in the spec, so an edited
// sentence cannot go unnoticed.
import type { JsonSchema } from "@cec-cobrowse/spec";
import { pointer, spec } from "./spec.js";

export interface ProseRule<T> {
  value: T;
  /** Where the sentence is, as a JSON pointer into the spec. */
  at: string;
  /** The sentence, quoted exactly (whitespace-normalised). */
  quote: string;
}

/** A value read from the spec's machine-readable parts, with where it is. */
export interface SpecRule<T> {
  value: T;
  /** Where the value is, as a JSON pointer into the spec. */
  at: string;
}

const rule = <T>(value: T, at: string, quote: string): ProseRule<T> => ({ value, at, quote });

export interface SecuritySchemeRules {
  /** Status when the header is absent (`x-cobrowse-failures.missing`). */
  missing: SpecRule<number>;
  /** Status when the value is malformed: breaks its schema, no `Bearer ` prefix... (`x-cobrowse-failures.malformed`). */
  malformed: SpecRule<number>;
  /** Status when the value is well-formed but not known to / not matching the deployment (`x-cobrowse-failures.unknown`). */
  unknown: SpecRule<number>;
  /** Which configured credential the header carries (`token` for bearer schemes). */
  credential: "token" | "appKey" | "tenantSpaceId";
  /**
   * The JSON Schema of the value (of the token for a bearer scheme), from
   * `x-cobrowse-value-schema`; check values with `spec().validateSecurityHeader`.
   */
  schema?: SpecRule<JsonSchema>;
}

/**
 * Which of the suite's configured credentials each security scheme carries. This is the
 * suite's own wiring (its options are an app key, a secret and a tenant space), not a rule
 * of the spec; a scheme missing here is reported by name.
 */
const CREDENTIALS: Record<string, SecuritySchemeRules["credential"]> = {
  bearerAuth: "token",
  appKey: "appKey",
  tenantSpaceId: "tenantSpaceId",
};

let rules: Record<string, SecuritySchemeRules> | undefined;

/**
 * Per security scheme (by its name in `components.securitySchemes`) that an operation uses:
 * its statuses and value schema, read from the spec's extensions.
 */
export function securitySchemeRules(): Record<string, SecuritySchemeRules> {
  if (rules) return rules;
  const out: Record<string, SecuritySchemeRules> = {};
  for (const op of spec().operations.values()) {
    for (const h of op.securityHeaders) {
      if (out[h.scheme]) continue;
      const at = (...rest: string[]) => pointer("components", "securitySchemes", h.scheme, ...rest);
      if (!h.failures) {
        throw new Error(`contract-tests: the spec's security scheme "${h.scheme}" has no x-cobrowse-failures ({ missing, malformed, unknown } statuses); add it to ${at()}`);
      }
      const credential = h.kind === "bearer" ? "token" : CREDENTIALS[h.scheme];
      if (!credential) {
        throw new Error(`contract-tests: no configured credential for security scheme "${h.scheme}" (${h.header}); map it in src/rules.ts`);
      }
      out[h.scheme] = {
        credential,
        missing: { value: h.failures.missing, at: at("x-cobrowse-failures", "missing") },
        malformed: { value: h.failures.malformed, at: at("x-cobrowse-failures", "malformed") },
        unknown: { value: h.failures.unknown, at: at("x-cobrowse-failures", "unknown") },
        ...(h.schema ? { schema: { value: h.schema, at: at("x-cobrowse-value-schema") } } : {}),
      };
    }
  }
  rules = out;
  return out;
}

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
  /** A content coding other than identity (a compressed body). */
  unsupportedEncoding: rule(415, "#/components/responses/UnsupportedMediaType/description",
    "or is sent with a `Content-Encoding` other than `identity`"),
  /** The body size limit. */
  maxBodyBytes: rule(1024 * 1024, "#/info/description", "the body size (413, bodies over 1 MiB)"),
  tooLarge: rule(413, "#/info/description", "the body size (413, bodies over 1 MiB)"),
  /** A method the path does not have. */
  methodNotAllowed: rule(405, "#/info/description", "the method (405, with `Allow`)"),
  /** The order in which the server checks a request; the first failing check answers. */
  order: rule(
    ["method", "size", "contentType", "contentEncoding", "auth", "schema", "tenant"] as const,
    "#/info/description",
    "A server checks, in order: the method (405, with `Allow`), the body size (413, bodies over 1 MiB), the content type (415, only `application/json`), the content coding (415, no `Content-Encoding` other than `identity`), authentication (401), the JSON syntax and schema of headers and body (400), and the tenant space (404). The first failing check answers.",
  ),
  /** tokenByAkSk's credentials travel in the body, so they are checked after the 400s. */
  credentialsAfterSchema: rule(
    ["schema", "credentials"] as const,
    "#/info/description",
    "`tokenByAkSk` carries its credentials in the body, so its credential check (401, wrong app key or secret) comes after the header and body checks (400).",
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
  return [...Object.values(PROSE)];
}
