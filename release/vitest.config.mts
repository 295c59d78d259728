import { defineConfig } from "vitest/config";

export default defineConfig({
  test: {
    include: ["test/**/*.test.mjs"],
    // The first run builds oasdiff (about 45 s); the version test copies the repository,
    // installs it, runs `pnpm changeset version` and the drift check.
    testTimeout: 600_000,
    hookTimeout: 600_000,
  },
});
