// The spec's part of the breaking-change gate: oasdiff (pinned, built into .cache/tools)
// between the released spec and a revision of it.
import { ReleaseError, run } from "./common.mjs";
import { oasdiff, PINS } from "./tools.mjs";

/**
 * oasdiff's verdict on `revision` against `base`:
 *   breaking   true when `oasdiff breaking --fail-on ERR` finds an error-level change
 *   report     oasdiff's explanation of each breaking change (its text output)
 *   errors     the breaking changes as changelog lines ("POST /path: removed … (check-id)")
 *   lines      the other changes as changelog lines
 *   warnings   how many of those oasdiff rates as possible breaks it cannot decide
 */
export async function specChanges({ base, revision }) {
  const bin = await oasdiff();
  // No external $ref is read (the spec has none; a spec under review must not make oasdiff fetch).
  const common = ["--color", "never", "--allow-external-refs=false"];
  const breaking = await run(bin, ["breaking", base, revision, "--fail-on", "ERR", ...common], {
    capture: true,
    allowFail: true,
  });
  if (breaking.code !== 0 && breaking.code !== 1)
    throw new ReleaseError(`oasdiff breaking exited with ${breaking.code}:\n${breaking.stderr || breaking.stdout}`);
  const changelog = await run(bin, ["changelog", base, revision, "--format", "json", "--allow-external-refs=false"], {
    capture: true,
  });
  const changes = JSON.parse(changelog.stdout || "[]");
  const line = (change) =>
    `${change.operation ? `${change.operation} ${change.path}: ` : ""}${change.text} (${change.id})`;
  // oasdiff levels: 3 ERR, 2 WARN, 1 INFO
  return {
    tool: `oasdiff ${PINS.oasdiff.version}`,
    breaking: breaking.code === 1,
    report: breaking.stdout.trim(),
    errors: changes.filter((change) => change.level === 3).map(line),
    lines: changes.filter((change) => change.level !== 3).map(line),
    warnings: changes.filter((change) => change.level === 2).length,
  };
}
