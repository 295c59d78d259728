import { defineConfig } from "tsdown";

export default defineConfig({
  entry: ["src/index.ts", "src/cli.ts"],
  format: ["esm", "cjs"],
  platform: "node",
  dts: true,
  clean: true,
  fixedExtension: true,
});
