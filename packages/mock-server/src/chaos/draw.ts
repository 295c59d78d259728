// The chaos schedule: the n-th request of a scope gets the fault f(seed, n), drawn from a small
// counter-based generator (a 32-bit integer hash of seed and n, then splitmix32 steps), so
// any request's fault follows from the seed and its number alone: a run is reproducible from
// its seed given the same order of requests, on any number of replicas.
import { CHAOS_KINDS, type ChaosKind, type Range, type ResolvedChaosSettings } from "./settings.js";

/** What the chaos mode does to one request. */
export interface ChaosDraw {
  /** The fault, or none. */
  kind?: ChaosKind;
  /** A `slow` fault's delay, in ms. */
  delayMs?: number;
  /** The lifetime cap of a token this request may be issued, in seconds (the settings' tokenLifetime). */
  tokenLifetime?: number;
}

const GOLDEN = 0x9e3779b9;

/** A 32-bit integer hash (the lowbias32 finaliser). */
function mix(x: number): number {
  x ^= x >>> 16;
  x = Math.imul(x, 0x21f0aaad);
  x ^= x >>> 15;
  x = Math.imul(x, 0x735a2d97);
  x ^= x >>> 15;
  return x >>> 0;
}

/** A generator of numbers in [0, 1), seeded by `seed` and `n` (whole numbers up to 2^53). */
function stream(seed: number, n: number): () => number {
  const hi = (v: number) => Math.floor(v / 2 ** 32) >>> 0;
  let state = mix(
    mix(mix(seed >>> 0) ^ mix(hi(seed) + GOLDEN)) ^ mix((n >>> 0) + 2 * GOLDEN) ^ mix(hi(n) + 3 * GOLDEN),
  );
  return () => {
    state = (state + GOLDEN) >>> 0;
    return mix(state) / 2 ** 32;
  };
}

const pick = (u: number, r: Range) => r.min + Math.min(r.max - r.min, Math.floor(u * (r.max - r.min + 1)));

/**
 * The fault of the `n`-th request (from 1) of a scope under `settings`. `bearer`: whether the
 * request's operation takes a bearer token; one that does not (the token request) never gets
 * `revoke`: its share goes to the other kinds by their weights.
 */
export function chaosDraw(settings: ResolvedChaosSettings, n: number, bearer: boolean): ChaosDraw {
  const next = stream(settings.seed, n);
  // Always five numbers, in this order, so each part of a draw depends on seed and n only.
  const [hit, which, over, delay, lifetime] = [next(), next(), next(), next(), next()] as [
    number,
    number,
    number,
    number,
    number,
  ];
  const draw: ChaosDraw = {};
  if (settings.tokenLifetime) draw.tokenLifetime = pick(lifetime, settings.tokenLifetime);
  if (hit >= settings.rate) return draw;
  const weights = CHAOS_KINDS.map((k) => (k === "revoke" && !bearer ? 0 : settings.kinds[k]));
  const total = weights.reduce((a, b) => a + b, 0);
  if (total === 0) return draw;
  let target = which * total;
  let i = 0;
  const last = weights.findLastIndex((w) => w > 0);
  while (i < last && (weights[i] === 0 || target >= weights[i]!)) target -= weights[i++]!;
  draw.kind = CHAOS_KINDS[i]!;
  if (draw.kind === "slow")
    draw.delayMs = pick(delay, over < settings.slowOverShare ? settings.slowOverMs : settings.slowMs);
  return draw;
}
