import { defineConfig } from "vitest/config";

// The regeneration test runs openapi-generator (one JVM, twelve generator runs): allow for a
// busy 2-core machine, in the tests and in the hooks that generate their inputs.
export default defineConfig({ test: { include: ["test/**/*.test.mjs"], testTimeout: 180_000, hookTimeout: 180_000 } });
