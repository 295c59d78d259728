import { defineConfig } from "vitest/config";

// No test picks up a proxy from the developer's environment: the Node transport reads these
// (empty counts as unset). Tests of proxies set them themselves.
const noProxyEnv = Object.fromEntries(
  ["HTTP_PROXY", "HTTPS_PROXY", "ALL_PROXY", "NO_PROXY"].flatMap((v) => [
    [v, ""],
    [v.toLowerCase(), ""],
  ]),
);

export default defineConfig({
  test: {
    include: ["test/**/*.test.ts"],
    testTimeout: 30_000,
    hookTimeout: 30_000,
    env: noProxyEnv,
  },
});
