import { defineConfig } from "vitest/config";

// One file, one temporary workspace: its regeneration and the four languages' builds take a minute or two.
export default defineConfig({ test: { include: ["test/**/*.test.mjs"], testTimeout: 300_000, hookTimeout: 600_000 } });
