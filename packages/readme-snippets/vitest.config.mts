import { defineConfig } from "vitest/config";

export default defineConfig({
  test: {
    include: ["test/**/*.test.ts"],
    // The blocks are type-checked in one tsc run and run one node process each: minutes on a busy 2-core machine.
    testTimeout: 300_000,
    hookTimeout: 300_000,
  },
});
