// The chaos mode's settings: what they are, their defaults and bounds, their JSON Schema (whose
// messages name the field and the fix), and the short form `seed=7,rate=0.3` of
// COBROWSE_MOCK_CHAOS and `--chaos`.
import type { SpecValidator } from "@cec-cobrowse/spec";
import { Ajv2020, type ErrorObject, type ValidateFunction } from "ajv/dist/2020.js";
import ajvErrors from "ajv-errors";
import { FaultSpecError } from "../faults/model.js";
import { lifetimeRange } from "../tokens/lifetime.js";

/** The faults the chaos mode draws from. */
export const CHAOS_KINDS = ["unavailable", "revoke", "reset", "resetAfterAnswer", "slow"] as const;
export type ChaosKind = (typeof CHAOS_KINDS)[number];

/** A range of whole numbers, both ends included. */
export interface Range {
  min: number;
  max: number;
}

/** Chaos settings as given (`mock.chaos.start`, `POST /__mock/chaos`); every field but `seed` has a default. */
export interface ChaosSettings {
  /** The schedule's seed (a whole number from 0 to 2^53 − 1): the same seed and order of requests give the same faults. */
  seed: number;
  /** The share of requests that get a fault, 0 to 1 (default 0.3). */
  rate?: number;
  /** The weight of each kind (default 1 each); a kind left out of an object weighs 0. A list gives the listed kinds 1 each. */
  kinds?: Partial<Record<ChaosKind, number>> | ChaosKind[];
  /** The `Retry-After` seconds of an `unavailable` 503 (default 1). */
  retryAfter?: number;
  /** The delay of a `slow` fault that stays under a client's timeout, in ms (default 100–500). */
  slowMs?: Range;
  /** The delay of a `slow` fault that goes over it, in ms (default 1500–2500). */
  slowOverMs?: Range;
  /** The share of `slow` faults drawn from `slowOverMs` (default 0.5). */
  slowOverShare?: number;
  /** The lifetime in seconds every token issued in the scope gets at most, drawn per token (default 1–3); null: no cap. */
  tokenLifetime?: Range | null;
}

/** Chaos settings with every default filled in. */
export interface ResolvedChaosSettings {
  seed: number;
  rate: number;
  kinds: Record<ChaosKind, number>;
  retryAfter: number;
  slowMs: Range;
  slowOverMs: Range;
  slowOverShare: number;
  tokenLifetime: Range | null;
}

export const CHAOS_DEFAULTS = Object.freeze({
  rate: 0.3,
  retryAfter: 1,
  slowMs: Object.freeze({ min: 100, max: 500 }),
  slowOverMs: Object.freeze({ min: 1500, max: 2500 }),
  slowOverShare: 0.5,
  tokenLifetime: Object.freeze({ min: 1, max: 3 }),
});

/** Scopes with the chaos mode on at once, at most (in all). */
export const MAX_CHAOS_SCOPES = 100;
const MAX_WEIGHT = 1000;
const MAX_RETRY_AFTER_SECONDS = 3600;

/** Why chaos settings are refused, naming the field: `rate: must be a number from 0 to 1`. */
export class ChaosSettingsError extends FaultSpecError {
  override name = "ChaosSettingsError";
}

const bounds = (min: number, max: number) => ({
  type: "object",
  additionalProperties: false,
  required: ["min", "max"],
  properties: {
    min: { type: "integer", minimum: min, maximum: max },
    max: { type: "integer", minimum: min, maximum: max },
  },
});
const range = (name: string, min: number, max: number, unit: string) => ({
  ...bounds(min, max),
  errorMessage: `${name}: must be {"min":…,"max":…}, whole numbers of ${unit} from ${min} to ${max}`,
});

/** The JSON Schema of chaos settings, with the delay bound and the spec's token lifetimes. */
export function chaosSchema(spec: SpecValidator, maxDelayMs: number): Record<string, unknown> {
  const { minimum, maximum } = lifetimeRange(spec);
  const weight = { type: "number", minimum: 0, maximum: MAX_WEIGHT };
  const kinds = CHAOS_KINDS.join(", ");
  return {
    type: "object",
    errorMessage: {
      type: 'chaos: must be a JSON object such as {"seed":7,"rate":0.3}',
      required: "seed: is required (a whole number; the same seed gives the same faults)",
    },
    additionalProperties: false,
    required: ["seed"],
    properties: {
      seed: {
        type: "integer",
        minimum: 0,
        maximum: Number.MAX_SAFE_INTEGER,
        errorMessage: `seed: must be a whole number from 0 to ${Number.MAX_SAFE_INTEGER}`,
      },
      rate: {
        type: "number",
        minimum: 0,
        maximum: 1,
        errorMessage: "rate: must be a number from 0 to 1 (the share of requests that get a fault)",
      },
      kinds: {
        oneOf: [
          {
            type: "object",
            additionalProperties: false,
            minProperties: 1,
            properties: Object.fromEntries(CHAOS_KINDS.map((k) => [k, weight])),
          },
          { type: "array", minItems: 1, uniqueItems: true, items: { enum: [...CHAOS_KINDS] } },
        ],
        errorMessage: `kinds: must map some of ${kinds} to weights from 0 to ${MAX_WEIGHT}, or list some of them`,
      },
      retryAfter: {
        type: "integer",
        minimum: 0,
        maximum: MAX_RETRY_AFTER_SECONDS,
        errorMessage: `retryAfter: must be a whole number of seconds from 0 to ${MAX_RETRY_AFTER_SECONDS}`,
      },
      slowMs: range("slowMs", 0, maxDelayMs, "milliseconds"),
      slowOverMs: range("slowOverMs", 0, maxDelayMs, "milliseconds"),
      slowOverShare: {
        type: "number",
        minimum: 0,
        maximum: 1,
        errorMessage: "slowOverShare: must be a number from 0 to 1",
      },
      tokenLifetime: {
        anyOf: [{ type: "null" }, bounds(minimum, maximum)],
        errorMessage: `tokenLifetime: must be null or {"min":…,"max":…}, whole numbers of seconds from ${minimum} to ${maximum}`,
      },
    },
  };
}

/** Checks chaos settings and fills in the defaults. Internal. */
export class ChaosChecker {
  readonly #validate: ValidateFunction;

  constructor(spec: SpecValidator, maxDelayMs: number) {
    const ajv = new Ajv2020({ allErrors: true, strict: false });
    ajvErrors(ajv);
    this.#validate = ajv.compile(chaosSchema(spec, maxDelayMs));
  }

  /** The settings with their defaults, or a ChaosSettingsError naming each field at fault. */
  resolve(given: ChaosSettings): ResolvedChaosSettings {
    if (!this.#validate(given)) throw new ChaosSettingsError(describe(this.#validate.errors ?? []));
    const kinds = Object.fromEntries(CHAOS_KINDS.map((k) => [k, given.kinds === undefined ? 1 : 0])) as Record<
      ChaosKind,
      number
    >;
    if (Array.isArray(given.kinds)) for (const k of given.kinds) kinds[k] = 1;
    else Object.assign(kinds, given.kinds);
    const s: ResolvedChaosSettings = {
      seed: given.seed,
      rate: given.rate ?? CHAOS_DEFAULTS.rate,
      kinds,
      retryAfter: given.retryAfter ?? CHAOS_DEFAULTS.retryAfter,
      slowMs: { ...(given.slowMs ?? CHAOS_DEFAULTS.slowMs) },
      slowOverMs: { ...(given.slowOverMs ?? CHAOS_DEFAULTS.slowOverMs) },
      slowOverShare: given.slowOverShare ?? CHAOS_DEFAULTS.slowOverShare,
      tokenLifetime: given.tokenLifetime === null ? null : { ...(given.tokenLifetime ?? CHAOS_DEFAULTS.tokenLifetime) },
    };
    const problems: string[] = [];
    if (Object.values(kinds).every((w) => w === 0)) problems.push("kinds: give at least one kind a weight above 0");
    for (const name of ["slowMs", "slowOverMs", "tokenLifetime"] as const) {
      const r = s[name];
      if (r && r.min > r.max) problems.push(`${name}: min must not be above max`);
    }
    // A slow fault is clearly under or clearly over a client's timeout, never both.
    if (s.slowMs.max >= s.slowOverMs.min)
      problems.push(
        `slowMs: its max (${s.slowMs.max}) must be below slowOverMs.min (${s.slowOverMs.min}); put a client's timeout between them`,
      );
    if (problems.length > 0) throw new ChaosSettingsError(problems.join("; "));
    return s;
  }
}

function describe(errors: ErrorObject[]): string {
  const lines = errors.map((error) => {
    if (error.keyword === "additionalProperties" && error.instancePath === "") {
      return `${String(error.params.additionalProperty)}: is not a known field; use seed, rate, kinds, retryAfter, slowMs, slowOverMs, slowOverShare, tokenLifetime`;
    }
    return String(error.message);
  });
  return [...new Set(lines)].join("; ");
}

/**
 * Chaos settings from text (COBROWSE_MOCK_CHAOS, `--chaos`): a seed (`7`), a JSON object, or
 * `key=value` pairs separated by commas, where a range is `min..max` and kinds are
 * `name+name` or `name:weight+name:weight` (`seed=7,rate=0.5,kinds=unavailable+revoke,tokenLifetime=1..3`).
 * Only the form is checked here; the values when the mock starts. Throws naming `source`.
 */
export function chaosSettingsFrom(text: string, source = "COBROWSE_MOCK_CHAOS"): ChaosSettings {
  const value = text.trim();
  if (/^\d+$/.test(value)) return { seed: Number(value) };
  if (value.startsWith("{")) {
    try {
      return JSON.parse(value) as ChaosSettings;
    } catch (error) {
      throw new ChaosSettingsError(`${source}: is not valid JSON (${(error as Error).message.slice(0, 100)})`);
    }
  }
  const out: Record<string, unknown> = {};
  for (const pair of value.split(",")) {
    const match = /^\s*([A-Za-z]+)\s*=\s*(\S+)\s*$/.exec(pair);
    if (!match)
      throw new ChaosSettingsError(
        `${source}: ${JSON.stringify(pair.slice(0, 60))} is not key=value; give a seed (7), JSON, or pairs like seed=7,rate=0.3`,
      );
    const [, key, raw] = match as unknown as [string, string, string];
    const bounds = /^(\d+)\.\.(\d+)$/.exec(raw);
    if (key === "kinds") {
      const parts = raw.split("+").map((p) => p.split(":"));
      out.kinds = parts.every((p) => p.length === 1)
        ? parts.map((p) => p[0])
        : Object.fromEntries(parts.map(([k, w]) => [k, w === undefined ? 1 : Number(w)]));
    } else if (bounds) out[key] = { min: Number(bounds[1]), max: Number(bounds[2]) };
    else if (raw === "null") out[key] = null;
    else if (/^-?\d+(\.\d+)?$/.test(raw)) out[key] = Number(raw);
    else
      throw new ChaosSettingsError(`${source}: ${key}=${raw.slice(0, 40)}: give a number, a range min..max, or null`);
  }
  return out as unknown as ChaosSettings;
}
