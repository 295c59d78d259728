// The token lifetimes the spec allows (the lifetime header's schema): the range a capped or
// chaos-drawn lifetime must stay in. Read from the spec, never assumed.
import type { SpecValidator } from "@cec-cobrowse/spec";

/** The lifetime header's minimum and maximum, in seconds; throws naming the spec's place when either is missing. */
export function lifetimeRange(spec: SpecValidator): { minimum: number; maximum: number } {
  const source = spec.tokenSource();
  const { minimum, maximum } = source.lifetime;
  if (minimum === undefined || maximum === undefined) {
    throw new Error(
      `the spec's ${source.lifetimeHeader.at}: its schema needs a minimum and a maximum (the lifetimes the mock may issue)`,
    );
  }
  return { minimum, maximum };
}
