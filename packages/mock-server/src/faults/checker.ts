// Checks fault specs against their JSON Schema (schema.ts) and turns them into pending faults;
// the messages of the refusals, each naming its field.
import type { SpecValidator } from "@cec-cobrowse/spec";
import { Ajv2020, type ErrorObject, type ValidateFunction } from "ajv/dist/2020.js";
import ajvErrors from "ajv-errors";
import {
  DEFAULT_FAULT_LIMITS,
  FaultLimitError,
  type FaultLimits,
  type FaultSpec,
  FaultSpecError,
  type PendingFault,
} from "./model.js";
import { faultSchema } from "./schema.js";

/** One line per problem, each naming its field: `count: must be ...`. */
function describe(errors: ErrorObject[], fields: string[]): string {
  const lines = errors.map((error) => {
    if (error.keyword === "additionalProperties") {
      const field = `${error.instancePath.slice(1).replace(/\//g, ".")}${error.instancePath ? "." : ""}${String(error.params.additionalProperty)}`;
      return `${field}: is not a known field; use ${error.instancePath ? "errorCode, errorReason" : fields.join(", ")}`;
    }
    const field = error.instancePath.slice(1).replace(/\//g, ".");
    // Messages of the cross-field rules (at the root) name their fields themselves.
    return field === "" ? String(error.message) : `${field}: ${error.message}`;
  });
  return [...new Set(lines)].join("; ");
}

/** Checks fault specs against the schema and turns them into pending faults. Internal. */
export class FaultChecker {
  readonly #validate: ValidateFunction;
  readonly #fields: string[];
  readonly #defaultErrorCode: number;
  readonly limits: FaultLimits;

  constructor(spec: SpecValidator, limits: FaultLimits = DEFAULT_FAULT_LIMITS) {
    const ajv = new Ajv2020({ allErrors: true, strict: false });
    ajvErrors(ajv);
    const schema = faultSchema(spec, limits);
    this.limits = limits;
    this.#fields = Object.keys(schema.properties as object);
    this.#defaultErrorCode = spec.errorCode(500);
    this.#validate = ajv.compile(schema);
  }

  /** The pending fault `spec` makes (its defaults filled in), or a FaultSpecError naming the field. */
  pending(spec: FaultSpec, id: number, scope: string): PendingFault {
    if (!this.#validate(spec)) throw new FaultSpecError(describe(this.#validate.errors ?? [], this.#fields));
    const { count = 1, applicationError, ...rest } = structuredClone(spec);
    const fault: PendingFault = { id, scope, remaining: count, ...rest };
    if (applicationError) {
      fault.applicationError = {
        errorCode: applicationError.errorCode ?? this.#defaultErrorCode,
        errorReason: applicationError.errorReason ?? "injected application error",
      };
    }
    return fault;
  }

  /** The refusal of a fault for a scope that already holds `held` (the per-scope limit). */
  scopeFull(scope: string, held: number | string): FaultLimitError {
    return new FaultLimitError(
      `faults: scope ${JSON.stringify(scope)} already holds ${held} queued faults (at most ${this.limits.maxQueuedPerScope}); clear them (DELETE) or wait until they are taken`,
    );
  }

  /** The refusal of a fault when `held` are queued in all scopes (the total limit). */
  queuesFull(held: number | string): FaultLimitError {
    return new FaultLimitError(
      `faults: ${held} are queued in all scopes (at most ${this.limits.maxQueued}); retry once some are taken`,
    );
  }
}
