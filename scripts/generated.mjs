// Where generated, committed files live (git pathspecs): folders named `generated` under
// packages/ (the spec module, openapi-typescript's types, every openapi-generator client, the
// clients' facts of generators/facts) and files named *_gen.go (Go's request type, which sits in
// the sdk package it belongs to). The drift check compares them with a fresh generation; the
// formatters never touch them (scripts/lint.mjs checks that `pnpm format` leaves them alone).
export const GENERATED_PATHSPECS = [":(glob)packages/**/generated/**", ":(glob)packages/**/*_gen.go"];
