// The pending changesets (.changeset/*.md) as the breaking-change gate reads them.
import readChangesets from "@changesets/read";
import { sdkPackages } from "./version.mjs";

/** The pending changesets (as .changeset/<id>.md paths) that bump a package of the SDK's fixed group a major version. */
export async function majorChangesets(dir) {
  const group = new Set(sdkPackages());
  const read = readChangesets.default ?? readChangesets;
  const changesets = await read(dir);
  return changesets
    .filter((c) => c.releases.some((r) => r.type === "major" && group.has(r.name)))
    .map((c) => `.changeset/${c.id}.md`);
}
