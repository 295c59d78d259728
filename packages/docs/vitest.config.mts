import { defineConfig } from "vitest/config";

// The browser tests share one Chromium and one docs server per file; files run one at a time so
// the samples' toolchains (Maven, javac, go build) and Chromium do not compete for the 2 cores.
export default defineConfig({
  test: { include: ["test/**/*.test.ts"], fileParallelism: false, testTimeout: 60_000, hookTimeout: 300_000 },
});
