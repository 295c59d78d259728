// The browser bundle's size guard. The bundle: the built browser entry (dist/browser.mjs) with
// openapi-fetch, bundled and minified by esbuild for browsers, gzipped at level 9, as an
// application's bundler would ship it. Its committed size is in bundle-size.json; the bench
// prints it against that size, and test/bundle-size.test.ts fails when the bundle grows past
// it by more than the tolerance (the larger of 1% and 64 bytes).
//
//   node bench/bundle-size.mjs            checks dist/ against the committed size (exit 1 past it)
//   node bench/bundle-size.mjs --record   writes dist/'s size into bundle-size.json
//
// `pnpm --filter @cec-cobrowse/client bench:record-size` builds, then records: run it when a
// change makes the bundle larger on purpose, and commit bundle-size.json with the change.
import { readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { gzipSync } from "node:zlib";
import { build } from "esbuild";

const here = path.dirname(fileURLToPath(import.meta.url));
const dist = path.resolve(here, "../dist");
const committedFile = path.join(here, "bundle-size.json");

/** Growth let through without re-recording: the larger of this share of the committed size and MIN_TOLERANCE_BYTES. */
export const TOLERANCE_SHARE = 0.01;
export const MIN_TOLERANCE_BYTES = 64;

/** The browser bundle of the built package: its minified and gzipped sizes, in bytes. */
export async function measureBundle() {
  const out = await build({
    entryPoints: [path.join(dist, "browser.mjs")],
    bundle: true,
    minify: true,
    platform: "browser",
    format: "esm",
    target: "es2022",
    write: false,
    logLevel: "silent",
  });
  const minified = out.outputFiles[0].contents;
  return { minifiedBytes: minified.length, gzipBytes: gzipSync(minified, { level: 9 }).length };
}

/** The committed size (bundle-size.json) and the largest gzipped size it lets through. */
export function committedSize() {
  const { gzipBytes, minifiedBytes } = JSON.parse(readFileSync(committedFile, "utf8"));
  const limitBytes = gzipBytes + Math.max(MIN_TOLERANCE_BYTES, Math.ceil(gzipBytes * TOLERANCE_SHARE));
  return { gzipBytes, minifiedBytes, limitBytes };
}

/** A measured size against the committed one: whether it is within the limit, and what to say. */
export function judge(measured, committed = committedSize()) {
  const ok = measured.gzipBytes <= committed.limitBytes;
  const delta = measured.gzipBytes - committed.gzipBytes;
  const message = ok
    ? `${measured.gzipBytes} B gzipped, within the committed ${committed.gzipBytes} B (+ tolerance: at most ${committed.limitBytes} B)` +
      (delta < -Math.max(MIN_TOLERANCE_BYTES, committed.gzipBytes * TOLERANCE_SHARE)
        ? `; ${-delta} B smaller: run bench:record-size to keep it so`
        : "")
    : `${measured.gzipBytes} B gzipped, ${delta} B over the committed ${committed.gzipBytes} B (at most ${committed.limitBytes} B with the tolerance): ` +
      "make it smaller, or, when the growth is intended, run `pnpm --filter @cec-cobrowse/client bench:record-size` and commit bench/bundle-size.json";
  return { ok, message };
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const measured = await measureBundle();
  if (process.argv.includes("--record")) {
    writeFileSync(committedFile, `${JSON.stringify(measured, null, 2)}\n`);
    console.log(
      `browser bundle: ${measured.gzipBytes} B gzipped (${measured.minifiedBytes} B minified) recorded in ${path.relative(process.cwd(), committedFile)}`,
    );
  } else {
    const { ok, message } = judge(measured);
    console.log(`browser bundle: ${message}`);
    if (!ok) process.exitCode = 1;
  }
}
