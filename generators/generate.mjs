#!/usr/bin/env node
// Regenerates every openapi-generator client from spec/openapi.yaml, wholesale, in one JVM.
//
//   pnpm generate:clients         at the root (uncached), or
//   pnpm generate                 at the root (turbo: @cec-cobrowse/generators#generate, cached)
//
// For each generators/<name>.yaml it deletes that config's outputDir, then runs
// `openapi-generator batch` once over all configs (one JVM, one thread per generator),
// prints one progress line per generator with its time, and finally checks that each output
// folder holds exactly the files the generator lists in its .openapi-generator/FILES manifest.
// Each generator reads the spec with its config's one-line `appDescription` standing for
// `info.description` (see lib.mjs). The generator jar version is pinned in
// generators/openapitools.json; openapi-generator-cli downloads it from Maven Central on
// first use (timed separately).
import { ensureJar, GenerateError, jar, loadConfigs, runBatch } from "./lib.mjs";

const seconds = (ms) => `${(ms / 1000).toFixed(1)} s`;

try {
  const started = performance.now();
  const generators = loadConfigs();
  const download = await ensureJar();
  if (download !== null) {
    console.log(`  jar     openapi-generator ${jar().version} downloaded from Maven Central in ${seconds(download)}`);
  }
  await runBatch(
    generators.map((generator) => ({
      config: generator.config,
      outputDir: generator.outputDir,
      label: generator.file,
    })),
    {
      onFinished(job, { ms, files }) {
        console.log(
          `  ✓ ${job.config.generatorName.padEnd(17)} ${seconds(ms).padStart(6)}  ${files} files → ${job.outputDir}`,
        );
      },
    },
  );
  console.log(`generate:clients: ${generators.length} generators in ${seconds(performance.now() - started)} (one JVM)`);
} catch (error) {
  console.error(`generate:clients: ${error instanceof GenerateError ? error.message : (error?.stack ?? error)}`);
  process.exit(1);
}
