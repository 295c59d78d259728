import { defineConfig } from "tsdown";

export default defineConfig({
  // file.ts (loadSpec) reads files: a separate, Node-only entry, so the main one stays free of
  // Node built-ins for browsers and bundlers (@cec-cobrowse/msw imports it in pages).
  entry: ["src/index.ts", "src/file.ts"],
  format: ["esm", "cjs"],
  platform: "neutral",
  dts: true,
  clean: true,
  fixedExtension: true,
});
