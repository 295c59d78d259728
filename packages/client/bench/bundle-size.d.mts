// Types of bundle-size.mjs, for test/bundle-size.test.ts.
export interface BundleSize {
  minifiedBytes: number;
  gzipBytes: number;
}
export interface CommittedSize extends BundleSize {
  /** The largest gzipped size let through: the committed one plus the tolerance. */
  limitBytes: number;
}
export const TOLERANCE_SHARE: number;
export const MIN_TOLERANCE_BYTES: number;
export function measureBundle(): Promise<BundleSize>;
export function committedSize(): CommittedSize;
export function judge(measured: BundleSize, committed?: CommittedSize): { ok: boolean; message: string };
