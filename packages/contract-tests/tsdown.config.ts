import { defineConfig } from "tsdown";

export default defineConfig({
  entry: ["src/index.ts", "src/vitest.ts", "src/bin.ts"],
  format: ["esm", "cjs"],
  platform: "node",
  dts: true,
  clean: true,
  fixedExtension: true,
});
