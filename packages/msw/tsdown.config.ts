import { defineConfig } from "tsdown";

export default defineConfig({
  entry: ["src/index.ts"],
  format: ["esm"],
  platform: "neutral",
  dts: true,
  clean: true,
  fixedExtension: true,
  // msw is the user's (a peer); the spec, the types and openapi-msw stay dependencies.
  deps: { neverBundle: ["msw", "openapi-msw", /^@cec-cobrowse\//] },
});
