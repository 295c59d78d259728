import type { CheckContext, ResolvedOptions } from "../context.js";

/** One check of the suite: a stable id, what it checks, and where the spec says so. */
export interface CheckDefinition {
  /** Stable id, `area.name` (`auth.missing-header`); used by --only/--skip and reports. */
  id: string;
  /** What it checks, in one line. */
  title: string;
  /** The spec locations it enforces (JSON pointers as URI fragments). */
  specLocations: string[];
  /** Set when the check needs a server that keeps state; the reason printed when skipped. */
  stateful?: string;
  /** Response rules run after every other check, over every exchange of the run. */
  phase: "requests" | "responses";
  /** Why the check cannot run with these options (it is skipped, saying so), or undefined when it can. */
  needs?: (options: ResolvedOptions) => string | undefined;
  run(ctx: CheckContext): Promise<void>;
}
