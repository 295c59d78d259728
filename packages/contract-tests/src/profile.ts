// The run's profile: a module of its own because both the report's types and the replay record
// name it (types.ts holds a ReplayRecord; the record must not import types.ts back).

/**
 * How failures count. `spec` (the default): every broken rule fails the run. `vendor`: only a
 * broken vendor fact fails it; a broken decision of this spec is a divergence, listed, not failed.
 */
export type Profile = "spec" | "vendor";
export const PROFILES: readonly Profile[] = ["spec", "vendor"];
