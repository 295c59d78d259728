// The browser bundle's size guard: the built browser entry with openapi-fetch, minified and
// gzipped (bench/bundle-size.mjs measures it as the bench does), is at most its committed size
// (bench/bundle-size.json) plus the tolerance. A change that makes it larger on purpose records
// the new size with `pnpm --filter @cec-cobrowse/client bench:record-size`.
import { describe, expect, it } from "vitest";
import {
  type CommittedSize,
  committedSize,
  judge,
  MIN_TOLERANCE_BYTES,
  measureBundle,
  TOLERANCE_SHARE,
} from "../bench/bundle-size.mjs";

describe("the browser bundle", () => {
  it("is no larger than its committed size (bench/bundle-size.json) plus the tolerance", async () => {
    const { ok, message } = judge(await measureBundle());
    expect(ok, message).toBe(true);
  });

  it("the guard lets through the larger of 1% and 64 bytes, and names the fix past it", () => {
    expect([TOLERANCE_SHARE, MIN_TOLERANCE_BYTES]).toEqual([0.01, 64]);
    const small: CommittedSize = { gzipBytes: 1000, minifiedBytes: 3000, limitBytes: 1064 };
    expect(judge({ gzipBytes: 1064, minifiedBytes: 0 }, small).ok).toBe(true);
    const over = judge({ gzipBytes: 1065, minifiedBytes: 0 }, small);
    expect(over.ok).toBe(false);
    expect(over.message).toContain("bench:record-size");
    const committed = committedSize();
    expect(committed.limitBytes - committed.gzipBytes).toBe(Math.max(64, Math.ceil(committed.gzipBytes * 0.01)));
  });
});
