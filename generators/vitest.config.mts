import { defineConfig } from "vitest/config";

// The regeneration test runs openapi-generator (one JVM, twelve generator runs): allow for a
// busy 2-core machine.
export default defineConfig({ test: { include: ["test/**/*.test.mjs"], testTimeout: 180_000 } });
