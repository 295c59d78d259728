// Every expectation of the suite, read from the spec's machine-readable parts through
// `@cec-cobrowse/spec`: each value comes with the JSON pointer of where the spec states it, so
// a failure names its source. Nothing here is typed from the spec's prose.
import type {
  JsonSchema,
  Operation,
  OperationCheck,
  OutcomeRule,
  ResolvedLink,
  ResolvedTokenSource,
  RoomRule,
  SpecValidator,
} from "@cec-cobrowse/spec";

/** A value read from the spec, with where it is. */
export interface SpecRule<T> {
  value: T;
  /** Where the value is, as a JSON pointer into the spec. */
  at: string;
}

export interface SecuritySchemeRules {
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

/**
 * Which of the suite's configured credentials each apiKey security scheme carries. This is the
 * suite's own wiring (its options are an app key, a secret and a tenant space), not a rule of
 * the spec; a scheme missing here is reported by name.
 */
const CREDENTIALS: Record<string, SecuritySchemeRules["credential"]> = {
  appKey: "appKey",
  tenantSpaceId: "tenantSpaceId",
};

const cache = new WeakMap<SpecValidator, SuiteRules>();

/** The suite's view of one spec. */
export class SuiteRules {
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
    join: { link: ResolvedLink; role: string | undefined } | undefined;
  };
  readonly errorCode: SpecRule<number>;
  readonly namesField: SpecRule<boolean>;

  /** The rules of a spec, read once per SpecValidator. */
  static of(spec: SpecValidator): SuiteRules {
    let rules = cache.get(spec);
    if (!rules) cache.set(spec, (rules = new SuiteRules(spec)));
    return rules;
  }

  private constructor(readonly spec: SpecValidator) {
    this.operations = [...spec.operations.values()];
    this.securitySchemes = {};
    for (const h of this.operations.flatMap((op) => op.securityHeaders)) {
      if (this.securitySchemes[h.scheme]) continue;
      if (!h.failures)
        throw new Error(
          `contract-tests: the spec's security scheme "${h.scheme}" has no x-cobrowse-failures ({ missing, malformed, unknown } statuses); add it to ${h.at}`,
        );
      const credential = h.kind === "bearer" ? "token" : CREDENTIALS[h.scheme];
      if (!credential)
        throw new Error(
          `contract-tests: no configured credential for security scheme "${h.scheme}" (${h.header}); map it in src/rules.ts`,
        );
      const failure = (kind: "missing" | "malformed" | "unknown") => ({
        value: h.failures![kind],
        at: `${h.at}/x-cobrowse-failures/${kind}`,
      });
      this.securitySchemes[h.scheme] = {
        credential,
        header: h.header,
        at: h.at,
        missing: failure("missing"),
        malformed: failure("malformed"),
        unknown: failure("unknown"),
        ...(h.schema ? { schema: { value: h.schema, at: `${h.at}/x-cobrowse-value-schema` } } : {}),
        ...(h.valueDescription ? { valueDescription: h.valueDescription } : {}),
      };
    }
    this.token = spec.tokenSource();
    const op = this.operations.find((o) => o.room);
    const outcome = op?.responses.get("200")?.outcome;
    if (!op?.room || !outcome)
      throw new Error(
        "contract-tests: the spec has no operation with x-cobrowse-room and an x-cobrowse-outcome on its 200 response",
      );
    const roles = spec.deref(spec.properties(op.bodySchema)[op.room.role] ?? {}).enum as string[] | undefined;
    if (!roles || roles.length < 2)
      throw new Error(`contract-tests: ${op.operationId}'s ${op.room.role} has no enum of two or more roles`);
    const link = op.responses.get("200")?.links.find((l) => l.operationId === op.operationId);
    const literal =
      link && typeof link.requestBody === "object" && link.requestBody !== null
        ? (link.requestBody as Record<string, unknown>)[op.room.role]
        : undefined;
    const join = link
      ? { link, role: typeof literal === "string" && roles.includes(literal) ? literal : undefined }
      : undefined;
    this.connection = { op, room: op.room, outcome, roles, join };
    this.errorCode = { value: spec.rules.errorCode.statusFactor, at: spec.rules.errorCode.at };
    this.namesField = { value: spec.rules.errorReason.namesField, at: spec.rules.errorReason.at };
  }

  /** A check of an operation's order (`validation`, `bodySize`...), its status as a rule. */
  check(op: Operation, id: string): SpecRule<number> & { rule: OperationCheck } {
    const rule = this.spec.check(op.operationId, id);
    return { value: rule.status, at: rule.at, rule };
  }

  /** The security rules of a credential (`tenantSpaceId`...), with the scheme's name; undefined when no scheme carries it. */
  schemeOf(credential: SecuritySchemeRules["credential"]): (SecuritySchemeRules & { scheme: string }) | undefined {
    const found = Object.entries(this.securitySchemes).find(([, r]) => r.credential === credential);
    return found && { ...found[1], scheme: found[0] };
  }

  /** The operations that need the security headers. */
  secured(): Operation[] {
    return this.operations.filter((op) => op.securityHeaders.length > 0);
  }

  /** The operations with a request body schema. */
  withBody(): Operation[] {
    return this.operations.filter((op) => op.bodySchema);
  }

  /** The token request body for the configured credentials. */
  credentialsBody(appKey: string, appSecret: string): Record<string, string> {
    const { credentials } = this.token;
    return { [credentials.appKey]: appKey, [credentials.appSecret]: appSecret };
  }
}
