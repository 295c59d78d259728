#!/usr/bin/env node
// The programs the tests start or call that are not npm packages, and the Debian packages that
// provide them. `pnpm test` runs this first, and `.ci/run` runs it before anything else:
//
//   node scripts/system.mjs               install what is missing (as root, with apt-get), else
//                                          stop at once with the exact command to run
//   node scripts/system.mjs --no-install   only check: name what is missing and the command
//
// Plain Node, no dependencies: it runs before `pnpm install`.
import { spawnSync } from "node:child_process";
import { accessSync, constants, rmSync, writeFileSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";

/**
 * What the tests need. `apt`: the Debian package (null when Debian's is unsuitable: `hint` says
 * what to do); `recommends`: installed with its recommended packages (Chromium needs its fonts).
 */
export const NEEDS = [
  { program: "redis-server", apt: "redis-server", for: "the mock's sandbox tests (Redis)" },
  { program: "nginx", apt: "nginx-light", for: "the mock's sandbox tests (the load balancer)" },
  {
    program: "chromium",
    apt: "chromium",
    recommends: true,
    for: "the browser tests of the docs portal and the contract suite's HTML report",
  },
  { program: "zip", apt: "zip", for: "the release's Central Portal bundle" },
  { program: "unzip", apt: "unzip", for: "the release's Go module checks" },
  { program: "gpg", apt: "gnupg", for: "the release dry run's signatures" },
  { program: "sha256sum", apt: "coreutils", for: "the release's SHA256SUMS" },
  { program: "java", apt: "openjdk-17-jdk-headless", for: "the Java client and openapi-generator" },
  { program: "mvn", apt: "maven", for: "the Java client's build" },
  { program: "python3", apt: "python3-venv", for: "the Python client's tests (a venv)" },
  {
    program: "go",
    apt: null,
    hint: "Go 1.23 or later from https://go.dev/dl (Debian 12's golang is 1.19)",
    for: "the Go client's tests",
  },
];

/** Where programs are looked for: PATH, then the sbin folders a non-root PATH may lack (nginx is in /usr/sbin). */
export function searchPath(env = process.env) {
  const extra = (env.COBROWSE_SYSTEM_SBIN ?? "/usr/sbin:/usr/local/sbin").split(":");
  return [...(env.PATH ?? "").split(":"), ...extra].filter(Boolean);
}

/** The full path of `program`, or undefined. */
export function which(program, dirs) {
  for (const dir of dirs) {
    const file = path.join(dir, program);
    try {
      accessSync(file, constants.X_OK);
      return file;
    } catch {}
  }
  return undefined;
}

/** The needs whose program is not found. */
export const missing = (dirs, needs = NEEDS) => needs.filter((n) => !which(n.program, dirs));

/** The apt-get command lines that install `needs` (Chromium apart, with its recommends). */
export function aptCommands(needs) {
  const plain = needs.filter((n) => n.apt && !n.recommends).map((n) => n.apt);
  const withRecommends = needs.filter((n) => n.apt && n.recommends).map((n) => n.apt);
  return [
    ...(plain.length ? [["apt-get", "install", "-y", "--no-install-recommends", ...plain]] : []),
    ...(withRecommends.length ? [["apt-get", "install", "-y", ...withRecommends]] : []),
  ];
}

/** What to tell a person who must install `needs` themselves. */
export function instructions(needs) {
  const lines = needs.map((n) => `  - ${n.program}: ${n.for}${n.apt ? ` (Debian: ${n.apt})` : `; ${n.hint}`}`);
  const commands = aptCommands(needs).map((c) => `  sudo ${c.join(" ")}`);
  return [
    `system: missing ${needs.length === 1 ? "a program" : `${needs.length} programs`} the tests need:`,
    ...lines,
    ...(commands.length ? ["Install them with:", "  sudo apt-get update", ...commands] : []),
    ...needs.filter((n) => !n.apt).map((n) => `And: ${n.hint}.`),
  ].join("\n");
}

/**
 * Installs `needs` with apt-get (found on `dirs`), keeping the packages' own services from
 * starting (the tests start their own on free ports). Returns false when apt-get failed.
 */
function install(needs, dirs, env) {
  const aptGet = which("apt-get", dirs);
  const policy = env.COBROWSE_SYSTEM_POLICY_RC_D ?? "/usr/sbin/policy-rc.d";
  const run = (args) => {
    console.log(`system: ${["apt-get", ...args].join(" ")}`);
    return (
      spawnSync(aptGet, args, { stdio: "inherit", env: { ...env, DEBIAN_FRONTEND: "noninteractive" } }).status === 0
    );
  };
  writeFileSync(policy, "#!/bin/sh\nexit 101\n", { mode: 0o755 });
  try {
    if (!run(["update"])) return false;
    return aptCommands(needs).every(([, ...args]) => run(args));
  } finally {
    rmSync(policy, { force: true });
  }
}

/** The step: 0 when everything is there (or was installed), 1 otherwise. */
export function ensure({ argv = process.argv.slice(2), env = process.env, isRoot = process.getuid?.() === 0 } = {}) {
  const dirs = searchPath(env);
  const absent = missing(dirs);
  if (absent.length === 0) return 0;
  const installable = absent.filter((n) => n.apt);
  const canInstall = !argv.includes("--no-install") && isRoot && which("apt-get", dirs) && installable.length > 0;
  if (canInstall) {
    console.log(
      `system: installing ${installable.map((n) => n.apt).join(", ")} for ${installable.map((n) => n.program).join(", ")}`,
    );
    if (!install(installable, dirs, env)) {
      console.error("system: apt-get failed (see above)");
      return 1;
    }
    const still = missing(dirs);
    if (still.length === 0) return 0;
    console.error(instructions(still));
    return 1;
  }
  console.error(instructions(absent));
  if (!argv.includes("--no-install") && !isRoot && installable.length)
    console.error("(Not root, so nothing was installed; run the commands above, then the tests again.)");
  return 1;
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) process.exit(ensure());
