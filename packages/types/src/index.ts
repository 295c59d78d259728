// The generated types, re-exported so that the build emits .d.mts and .d.cts twins.
export type * from "./generated/openapi.js";
