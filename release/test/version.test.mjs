// `pnpm changeset version` on a test changeset, in a clone of this repository's HEAD: every
// artifact of every language moves to one new version, the generated clients carry it, the
// released spec and the SDK's API in every language are recorded, the API's own version stays,
// and the drift check and the breaking-change gate stay green.
// (It clones the commit, so uncommitted changes are not in what it tests. The clone uses this
// checkout's release tools, .cache/tools, instead of building its own.)
import { execFileSync } from "node:child_process";
import { copyFileSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join, relative } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { parse } from "yaml";
import { jar } from "../../generators/lib.mjs";
import { cacheDir, pnpm as pinnedPnpm, root } from "../lib/common.mjs";
import { sdkVersion, versionsOf } from "../lib/version.mjs";

const clone = join(mkdtempSync(join(tmpdir(), "cec-cobrowse-version-")), "repo");
const env = { ...process.env, COBROWSE_RELEASE_CACHE: cacheDir, TURBO_HASH: "" };
const pnpm = (args) =>
  execFileSync(pinnedPnpm.command, [...pinnedPnpm.args, ...args], { cwd: clone, encoding: "utf8", stdio: "pipe", env });
const git = (args) => execFileSync("git", args, { cwd: clone, encoding: "utf8" }).trim();
const before = sdkVersion();
const apiVersion = (cwd) => parse(readFileSync(join(cwd, "spec", "openapi.yaml"), "utf8")).info.version;
let output = "";

beforeAll(() => {
  execFileSync("git", ["clone", "--quiet", "--no-hardlinks", root, clone]);
  git(["config", "user.email", "release-test@example.invalid"]);
  git(["config", "user.name", "release test"]);
  // The pnpm store of this machine already holds every package (the lockfile is the same).
  pnpm(["install", "--frozen-lockfile", "--offline", "--reporter=silent"]);
  // The generator jar the checkout already downloaded, so the clone needs no download.
  const { path } = jar();
  if (existsSync(path)) {
    const target = join(clone, relative(root, path));
    mkdirSync(dirname(target), { recursive: true });
    copyFileSync(path, target);
  }
  writeFileSync(
    join(clone, ".changeset", "release-test.md"),
    '---\n"@cec-cobrowse/client": minor\n---\n\nA test change.\n',
  );
  output = pnpm(["changeset", "version"]);
}, 600_000);
afterAll(() => rmSync(dirname(clone), { recursive: true, force: true }));

describe("pnpm changeset version", () => {
  it("moves every artifact of every language to one new version", () => {
    const after = sdkVersion(clone);
    expect(after).not.toBe(before);
    const versions = versionsOf(clone);
    // npm packages, generator configs, pyproject, poms, go.mod requirements, install lines, and
    // what the generators wrote from them.
    expect(versions.length).toBeGreaterThan(20);
    expect(versions.filter(([, version]) => version !== after)).toEqual([]);
    expect(output).toContain(`every artifact of every language is at ${after}`);
  });

  it("writes the version into the generated clients and records the released spec", () => {
    const after = sdkVersion(clone);
    expect(
      readFileSync(join(clone, "packages/client-python/generated/cec_cobrowse_client/__init__.py"), "utf8"),
    ).toContain(`__version__ = "${after}"`);
    expect(readFileSync(join(clone, "packages/client-java/generated/pom.xml"), "utf8")).toContain(
      `<version>${after}</version>`,
    );
    expect(readFileSync(join(clone, "packages/client-go/sdk/go.mod"), "utf8")).toContain(
      `packages/client-go/generated v${after}`,
    );
    expect(JSON.parse(readFileSync(join(clone, "spec/released/release.json"), "utf8")).sdkVersion).toBe(after);
    expect(readFileSync(join(clone, "spec/released/openapi.yaml"), "utf8")).toBe(
      readFileSync(join(clone, "spec/openapi.yaml"), "utf8"),
    );
  });

  it("records the SDK's public API in every language beside the released spec", () => {
    const manifest = JSON.parse(readFileSync(join(clone, "spec/released/api/manifest.json"), "utf8"));
    expect(manifest.sdkVersion).toBe(sdkVersion(clone));
    for (const file of [
      "typescript/client.api.md",
      "typescript/types.d.ts",
      "python/cec_cobrowse.json",
      "python/cec_cobrowse_client.json",
      "go/sdk.export",
      "go/generated.txt",
      "java/cec-cobrowse-sdk.jar",
      "java/cec-cobrowse-client.txt",
    ]) {
      expect(Object.keys(manifest.files)).toContain(file);
    }
    expect(output).toContain("the public API in every language recorded as the API of");
  });

  it("leaves the API's own version (info.version) alone", () => {
    expect(apiVersion(clone)).toBe(apiVersion(root));
  });

  it("leaves the drift check green", () => {
    git(["add", "-A"]);
    git(["commit", "--quiet", "-m", "version"]);
    // Throws (with the drift check's output) if a regenerated file differs from the commit.
    pnpm(["test:drift"]);
    expect(git(["status", "--porcelain"])).toBe("");
  }, 600_000);

  it("leaves the breaking-change gate green: the new release's spec and API are what it compares with", () => {
    // Throws (with the gate's output) unless it passes.
    const out = pnpm(["lint:breaking"]);
    expect(out).toContain("no change against SDK");
  }, 600_000);
});
