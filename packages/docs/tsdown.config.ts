import { defineConfig } from "tsdown";

// The docs server (lib/serve.mjs, lib/server.mjs). The site itself is written by src/build/site.ts.
export default defineConfig({
  entry: ["src/serve.ts", "src/server.ts"],
  outDir: "lib",
  format: ["esm"],
  platform: "node",
  dts: false,
  clean: true,
  fixedExtension: true,
});
