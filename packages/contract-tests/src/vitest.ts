// A helper for consumers' vitest runs: one `it` per check, the suite run once.
import { beforeAll, describe, it } from "vitest";
import { selectChecks } from "./checks/index.js";
import { formatFailure } from "./reporters/pretty.js";
import { runContractSuite } from "./runner.js";
import type { ContractOptions, Report } from "./types.js";

export interface VitestContractOptions
  extends Omit<ContractOptions, "baseUrl" | "appKey" | "appSecret" | "tenantSpaceId"> {
  /** Title of the describe block (default "cobrowse contract"). */
  name?: string;
  /** Timeout of the whole run (the beforeAll hook) in ms (default 300000). `timeoutMs` is per request. */
  runTimeoutMs?: number;
  /**
   * The target, or a function giving it (called in beforeAll, so a server started in your own
   * beforeAll can supply its URL).
   */
  target:
    | Pick<ContractOptions, "baseUrl" | "appKey" | "appSecret" | "tenantSpaceId">
    | (() =>
        | Pick<ContractOptions, "baseUrl" | "appKey" | "appSecret" | "tenantSpaceId">
        | Promise<Pick<ContractOptions, "baseUrl" | "appKey" | "appSecret" | "tenantSpaceId">>);
  /** Called with the report once the run is over (to write JUnit, say). */
  onReport?: (report: Report) => void;
}

/**
 * Registers a describe block with one test per selected check. The suite runs once (in
 * beforeAll); each test then passes, fails with the check's failures (request and response,
 * secrets redacted), or is skipped with the reason.
 */
export function contractTests(options: VitestContractOptions): void {
  const { name = "cobrowse contract", target, onReport, runTimeoutMs = 300_000, ...rest } = options;
  const checks = selectChecks(rest.only, rest.skip, rest.spec);
  describe(name, () => {
    let report: Report | undefined;
    let failure: unknown;
    beforeAll(async () => {
      try {
        const t = typeof target === "function" ? await target() : target;
        report = await runContractSuite({ ...rest, ...t });
        onReport?.(report);
      } catch (error) {
        failure = error;
      }
    }, runTimeoutMs);
    for (const check of checks) {
      it(check.id, (ctx) => {
        if (failure) throw failure;
        const result = report?.results.find((r) => r.id === check.id);
        if (!result) throw new Error(`${check.id} did not run`);
        if (result.status === "skipped") {
          ctx.skip(result.skipReason);
          return;
        }
        if (result.status === "failed") {
          throw new Error(
            `${check.id}: ${result.failureCount} failure(s)\n\n${result.failures.map((f) => formatFailure(f)).join("\n\n")}\n\nreplay: ${report!.replay}`,
          );
        }
      });
    }
  });
}
