import { defineConfig } from "vitest/config";

// The soaks (100 connections for 10 s, heap watched; the relay's floods, memory watched) run on
// their own: `pnpm test:soak`, a step of its own in .ci/run after the main tests, so their load
// never shares the machine with them; one file at a time, so no soak's load skews another's
// figures (a reader that must keep up at 8 MiB/s needs the cores it is measured on).
const soak = process.env.MOCK_SOAK === "1";

export default defineConfig({
  test: {
    include: soak ? ["test/soak/**/*.test.ts"] : ["test/**/*.test.ts"],
    exclude: soak ? [] : ["test/soak/**", "**/node_modules/**"],
    setupFiles: ["test/setup.ts"],
    fileParallelism: !soak,
    testTimeout: 30_000,
    hookTimeout: 30_000,
  },
});
