import { defineConfig } from "vitest/config";

// The soak (100 connections for 10 s, heap watched) runs on its own: `pnpm test:soak`, a step
// of its own in .ci/run after the main tests, so its load never shares the machine with them.
const soak = process.env.MOCK_SOAK === "1";

export default defineConfig({
  test: {
    include: soak ? ["test/soak/**/*.test.ts"] : ["test/**/*.test.ts"],
    exclude: soak ? [] : ["test/soak/**", "**/node_modules/**"],
    setupFiles: ["test/setup.ts"],
    testTimeout: 30_000,
    hookTimeout: 30_000,
  },
});
