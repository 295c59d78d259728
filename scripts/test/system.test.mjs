// The fresh-machine step, run with the programs hidden: a PATH of a temporary folder holding
// only a fake apt-get (which records its arguments and "installs" stubs) and what a test adds.
import { spawnSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterEach, describe, expect, it, vi } from "vitest";
import { aptCommands, ensure, NEEDS } from "../system.mjs";

const SCRIPT = path.join(import.meta.dirname, "..", "system.mjs");
const dirs = [];
afterEach(() => {
  vi.restoreAllMocks();
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});

/** A folder to stand for the whole PATH, with a fake apt-get that stubs each package's program. */
function hidden({ withApt = true, present = [] } = {}) {
  const bin = mkdtempSync(path.join(tmpdir(), "system-test-"));
  dirs.push(bin);
  const stub = (name) => writeFileSync(path.join(bin, name), "#!/bin/sh\nexit 0\n", { mode: 0o755 });
  for (const p of present) stub(p);
  const programOf = Object.fromEntries(NEEDS.filter((n) => n.apt).map((n) => [n.apt, n.program]));
  if (withApt) {
    const cases = Object.entries(programOf)
      .map(([apt, program]) => `    ${apt}) : > "${bin}/${program}"; /bin/chmod +x "${bin}/${program}" ;;`)
      .join("\n");
    writeFileSync(
      path.join(bin, "apt-get"),
      `#!/bin/sh\necho "$*" >> "${bin}/apt.log"\n[ "$1" = install ] || exit 0\nfor p in "$@"; do\n  case "$p" in\n${cases}\n  esac\ndone\n`,
      { mode: 0o755 },
    );
  }
  const env = { PATH: bin, COBROWSE_SYSTEM_SBIN: "", COBROWSE_SYSTEM_POLICY_RC_D: path.join(bin, "policy-rc.d") };
  return { bin, env, aptLog: () => readFileSync(path.join(bin, "apt.log"), "utf8").trim().split("\n") };
}

const quiet = () => {
  const out = [];
  vi.spyOn(console, "log").mockImplementation((...a) => out.push(a.join(" ")));
  vi.spyOn(console, "error").mockImplementation((...a) => out.push(a.join(" ")));
  return out;
};

describe("scripts/system.mjs", () => {
  it("installs every missing Debian package with apt-get when root, Chromium with its recommends", () => {
    const { env, aptLog } = hidden({ present: ["go"] });
    quiet();
    expect(ensure({ argv: [], env, isRoot: true })).toBe(0);
    const plain = NEEDS.filter((n) => n.apt && !n.recommends)
      .map((n) => n.apt)
      .join(" ");
    expect(aptLog()).toEqual(["update", `install -y --no-install-recommends ${plain}`, "install -y chromium"]);
  });

  it("installs only what is missing, and does nothing when nothing is", () => {
    const present = NEEDS.map((n) => n.program).filter((p) => p !== "redis-server");
    const { env, aptLog } = hidden({ present });
    quiet();
    expect(ensure({ argv: [], env, isRoot: true })).toBe(0);
    expect(aptLog()).toEqual(["update", "install -y --no-install-recommends redis-server"]);
    expect(ensure({ argv: [], env, isRoot: true })).toBe(0);
    expect(aptLog()).toHaveLength(2);
  });

  it("stops with the exact commands when not root, or with --no-install, and installs nothing", () => {
    for (const [argv, isRoot] of [
      [[], false],
      [["--no-install"], true],
    ]) {
      const { env, bin } = hidden({ present: ["go"] });
      const out = quiet();
      expect(ensure({ argv, env, isRoot })).toBe(1);
      const text = out.join("\n");
      for (const line of aptCommands(NEEDS.filter((n) => n.apt))) expect(text).toContain(`sudo ${line.join(" ")}`);
      expect(text).toContain("redis-server: the mock's sandbox tests (Redis) (Debian: redis-server)");
      expect(() => readFileSync(path.join(bin, "apt.log"))).toThrow();
      vi.restoreAllMocks();
    }
  });

  it("names what apt-get cannot provide (Go) even after installing the rest", () => {
    const { env } = hidden();
    const out = quiet();
    expect(ensure({ argv: [], env, isRoot: true })).toBe(1);
    expect(out.join("\n")).toMatch(/go: the Go client's tests; Go 1\.23 or later from https:\/\/go\.dev\/dl/);
  });

  it("runs as a command before pnpm install: exit 1 and the message with the programs hidden", () => {
    const { bin, env } = hidden({ withApt: false });
    symlinkSync(process.execPath, path.join(bin, "node"));
    const r = spawnSync(process.execPath, [SCRIPT, "--no-install"], { env, encoding: "utf8" });
    expect(r.status).toBe(1);
    expect(r.stderr).toContain("system: missing 11 programs the tests need:");
    expect(r.stderr).toContain("sudo apt-get install -y chromium");
  });
});
