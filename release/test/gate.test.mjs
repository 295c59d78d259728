// The spec's half of the breaking-change gate on temporary copies of the spec: each breaking
// case fails with oasdiff's explanation, the additive case passes and suggests the changeset's
// lines, and a major changeset lets a breaking change through. (The languages' half:
// api-gate.test.mjs; the whole gate on this checkout: the first case.)
import { spawnSync } from "node:child_process";
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { parseDocument } from "yaml";
import { root } from "../lib/common.mjs";
import { oasdiff } from "../lib/tools.mjs";

const work = mkdtempSync(join(tmpdir(), "cec-cobrowse-gate-"));
const spec = readFileSync(join(root, "spec", "openapi.yaml"), "utf8");
const request = ["components", "schemas", "GetConnectionInfoRequest"];

/** A copy of the spec with one edit, written to the temporary folder. */
function variant(name, edit) {
  const document = parseDocument(spec);
  edit(document);
  const file = join(work, `${name}.yaml`);
  writeFileSync(file, document.toString());
  return file;
}

/** A folder whose .changeset/ holds the given changesets (name → text). */
function changesets(name, files) {
  const dir = join(work, name);
  mkdirSync(join(dir, ".changeset"), { recursive: true });
  for (const [file, text] of Object.entries(files)) writeFileSync(join(dir, ".changeset", file), text);
  return dir;
}

function gate(revision, cwd = changesets("none", {}), only = ["--only", "spec"]) {
  const result = spawnSync(
    process.execPath,
    [join(root, "release", "bin", "lint-breaking.mjs"), "--spec", revision, "--cwd", cwd, ...only],
    { encoding: "utf8" },
  );
  return { code: result.status, out: `${result.stdout}${result.stderr}` };
}

const removedEnumValue = () =>
  variant("removed-enum-value", (d) => {
    const values = d.getIn(["components", "schemas", "Role", "enum"]);
    values.items = values.items.filter((item) => String(item.value ?? item) !== "replayer");
  });

beforeAll(async () => {
  await oasdiff(); // built once, outside the cases' timing
});
afterAll(() => rmSync(work, { recursive: true, force: true }));

describe("the breaking-change gate (oasdiff against spec/released/openapi.yaml)", () => {
  it("passes this checkout: its spec and its API in every language against what spec/released/ records", () => {
    const { code, out } = gate(join(root, "spec", "openapi.yaml"), root, []);
    expect(out).toMatch(/^spec \(oasdiff v[^)]+\): /m);
    for (const label of ["TypeScript", "Python", "Go", "Java"])
      expect(out).toMatch(new RegExp(`^${label} \\([^)]+\\): `, "m"));
    expect(code, out).toBe(0);
  });

  it("fails on a removed enum value, with oasdiff's explanation", () => {
    const { code, out } = gate(removedEnumValue());
    expect(code).toBe(1);
    expect(out).toContain("[request-property-enum-value-removed]");
    expect(out).toContain("removed the enum value `replayer` of the request property `role`");
    expect(out).toContain("(spec) break the clients of the last release");
  });

  it("fails on a tightened maxLength", () => {
    const { code, out } = gate(
      variant("tightened-max-length", (d) => d.setIn([...request, "properties", "roomId", "maxLength"], 64)),
    );
    expect(code).toBe(1);
    expect(out).toContain("[request-property-max-length-decreased]");
    expect(out).toContain("the `roomId` request property's maxLength was decreased to `64`");
  });

  it("fails on a new required field", () => {
    const file = variant("new-required-field", (d) => {
      d.setIn(
        [...request, "properties", "channel"],
        d.createNode({ type: "string", maxLength: 32, description: "The contact channel." }),
      );
      d.getIn([...request, "required"]).add("channel");
    });
    const { code, out } = gate(file);
    expect(code).toBe(1);
    expect(out).toContain("[new-required-request-property]");
    expect(out).toContain("added the new required request property `channel`");
  });

  it("passes a new optional field and suggests the changeset's lines", () => {
    const file = variant("new-optional-field", (d) =>
      d.setIn(
        [...request, "properties", "channel"],
        d.createNode({ type: "string", maxLength: 32, description: "The contact channel." }),
      ),
    );
    const { code, out } = gate(file);
    expect(code, out).toBe(0);
    expect(out).toContain("no breaking change");
    expect(out).toContain("Suggested changeset");
    expect(out).toContain(
      "- POST /apiaccess/api/cobrowse/getConnectionInfo: added the new optional request property `channel` (new-optional-request-property)",
    );
  });

  it("lets a breaking change through when a pending changeset makes it a major release", () => {
    const cwd = changesets("major", {
      "drop-replayer.md": '---\n"@cec-cobrowse/spec": major\n---\n\nThe replayer role is gone.\n',
    });
    const { code, out } = gate(removedEnumValue(), cwd);
    expect(code, out).toBe(0);
    expect(out).toContain("breaking changes (spec), released as a major version by .changeset/drop-replayer.md");
  });

  it("does not count a minor changeset as covering a breaking change", () => {
    const cwd = changesets("minor", {
      "drop-replayer.md": '---\n"@cec-cobrowse/spec": minor\n---\n\nThe replayer role is gone.\n',
    });
    expect(gate(removedEnumValue(), cwd).code).toBe(1);
  });
});
