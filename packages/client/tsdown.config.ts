import { defineConfig } from "tsdown";

export default defineConfig({
  entry: ["src/index.ts", "src/browser.ts", "src/cli.ts"],
  format: ["esm", "cjs"],
  platform: "neutral",
  dts: true,
  clean: true,
  fixedExtension: true,
  // Node built-ins (used by the Node entry only) stay imports.
  deps: { neverBundle: [/^node:/] },
});
