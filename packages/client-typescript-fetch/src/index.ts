// The public surface: everything openapi-generator's typescript-fetch generator wrote into
// ./generated (APIs, models, runtime). Generated code is never edited by hand; regenerate
// with `pnpm generate` at the repository root.
export * from "./generated/index";
