// The checks of a request, made in the order the spec's `x-cobrowse-check-order` gives for its
// operation; the first that fails answers, with the status the spec gives that check (or, for a
// security header, the status its `x-cobrowse-failures` gives). Each check id of the spec is
// one function here; a spec naming a check the mock does not know is refused at startup.
import { formatIssues, type Operation, type OperationCheck } from "@cec-cobrowse/spec";
import type { Config } from "../config.js";
import { contentEncodingProblem, contentTypeProblem, parseJson } from "../http/body.js";
import type { Exchange, Failure } from "../http/respond.js";
import { constantTimeEqual } from "../tokens/signing.js";
import type { SecurityHeaders, Verdict } from "./auth.js";

/** A request on its way through the checks: what each check learned, for the next ones and the handler. */
export interface CheckedRequest extends Exchange {
  op: Operation;
  /**
   * The body, read within the limit before the checks run (so they run without waiting), or
   * `"tooLarge"`: the bodySize check answers that at its place in the order.
   */
  body: Buffer | "tooLarge";
  /** The body parsed (once, when it arrived), or the issue that says why it is not JSON. */
  parsed?: ReturnType<typeof parseJson>;
  /** The body's JSON, once the validation check passed it. */
  json?: unknown;
  /** Each security header's verdict, judged once. */
  verdicts: Map<string, Verdict>;
  /** The scope the request names in X-Mock-Scope ("" without one; undefined when malformed). */
  scope?: string;
  /** The bearer token it carries (the value after `Bearer `), when it carries one. */
  bearer?: string;
  /** The longest lifetime a token issued to it may have, in seconds (a fault's or the chaos mode's cap). */
  lifetimeCap?: number;
}

type Check = (request: CheckedRequest, check: OperationCheck) => Failure | undefined;

export class Checks {
  readonly #config: Config;
  readonly #security: SecurityHeaders;
  readonly #checks: Record<string, Check>;
  readonly #credentialFields: { appKey: string; appSecret: string };

  constructor(config: Config, security: SecurityHeaders) {
    this.#config = config;
    this.#security = security;
    this.#credentialFields = config.spec.tokenSource().credentials;
    this.#checks = {
      // Routing answers a wrong method before any check runs: it has no operation to check.
      method: () => undefined,
      bodySize: (request, check) => (request.body === "tooLarge" ? this.#tooLarge(check) : undefined),
      contentType: (request, check) => {
        const reason = contentTypeProblem(request.req.headers["content-type"], request.op.requestMediaTypes);
        return reason === undefined ? undefined : { status: check.status, reason };
      },
      contentEncoding: (request, check) => {
        const accept = check.accept ?? [];
        const reason = contentEncodingProblem(request.req.headers["content-encoding"], accept);
        return reason === undefined
          ? undefined
          : { status: check.status, reason, headers: { "Accept-Encoding": accept.join(", ") } };
      },
      authentication: (request, check) => this.#firstSecurityProblem(request, check),
      tenant: (request, check) => this.#firstSecurityProblem(request, check),
      validation: (request, check) => this.#validation(request, check),
      credentials: (request, check) => {
        // The body's schema (checked before) holds both fields to strings.
        const body = request.json as Record<string, string>;
        const { appKey, appSecret } = this.#credentialFields;
        // Both comparisons always run, so timing says nothing about which one failed.
        const keyOk = constantTimeEqual(body[appKey]!, this.#config.credentials.appKey);
        const secretOk = constantTimeEqual(body[appSecret]!, this.#config.credentials.appSecret);
        if (keyOk && secretOk) return undefined;
        return {
          status: check.status,
          reason: `${appKey} or ${appSecret}: wrong credentials; use the app key and secret configured on the API Fabric`,
        };
      },
    };
    for (const op of config.spec.operations.values()) {
      if (op.checkOrder[0]?.id !== "method")
        throw new Error(
          `the spec's ${op.at}/x-cobrowse-check-order: the mock routes by method first; start the order with "method"`,
        );
      for (const check of op.checkOrder) {
        if (!this.#checks[check.id])
          throw new Error(
            `the spec's ${op.at}/x-cobrowse-check-order: the mock has no check "${check.id}" (it knows ${Object.keys(this.#checks).join(", ")})`,
          );
      }
    }
  }

  /** Runs the operation's checks in order; answers the first failure, or undefined when all pass. */
  run(request: CheckedRequest): Failure | undefined {
    for (const check of request.op.checkOrder) {
      const failure = this.#checks[check.id]!(request, check);
      if (failure) return failure;
    }
    return undefined;
  }

  #tooLarge(check: { status: number }): Failure {
    return {
      status: check.status,
      reason: `body is larger than ${this.#config.maxBodyBytes} bytes; send a smaller body`,
    };
  }

  #firstSecurityProblem(request: CheckedRequest, check: OperationCheck): Failure | undefined {
    const [problem] = this.#security.problems(
      request.req,
      request.op.operationId,
      check.securityChecks,
      request.verdicts,
    );
    return problem && { status: problem.check.status, reason: `${problem.issue.name}: ${problem.issue.message}` };
  }

  /** The JSON syntax, then everything else at once: the body's schema, the header parameters, the security headers of this status. */
  #validation(request: CheckedRequest, check: OperationCheck): Failure | undefined {
    // Only an order that puts validation before bodySize gets here with a body over the limit.
    if (request.body === "tooLarge") return this.#tooLarge(this.#config.spec.rules.checks.get("bodySize")!);
    const parsed = request.parsed ?? parseJson(request.body);
    if ("issue" in parsed) return { status: check.status, reason: parsed.reason, details: [parsed.issue] };
    request.json = parsed.value;
    const { spec } = this.#config;
    const { operationId } = request.op;
    const issues = spec.validateRequestBody(operationId, parsed.value);
    if (check.securityChecks.length > 0) {
      for (const problem of this.#security.problems(request.req, operationId, check.securityChecks, request.verdicts))
        issues.push(problem.issue);
    }
    if (request.op.headers.length > 0) issues.push(...spec.validateRequestHeaders(operationId, request.req.headers));
    return issues.length === 0 ? undefined : { status: check.status, reason: formatIssues(issues), details: issues };
  }
}
