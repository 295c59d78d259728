// The CLI as users run it: the built bin, against a real mock server.
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { allChecks } from "../src/index.js";
import { cli, work } from "./support/cli.js";
import { mock, packageDir } from "./support/servers.js";

describe("cobrowse-contract CLI", () => {
  let server: Awaited<ReturnType<typeof mock>>;
  let env: Record<string, string>;
  const dir = mkdtempSync(join(tmpdir(), "contract-cli-"));

  beforeAll(async () => {
    server = await mock();
    env = {
      COBROWSE_BASE_URL: server.target.baseUrl,
      COBROWSE_APP_KEY: server.target.appKey,
      COBROWSE_APP_SECRET: server.target.appSecret,
      COBROWSE_TENANT_SPACE_ID: server.target.tenantSpaceId,
    };
  });
  afterAll(async () => {
    await server?.close();
    rmSync(dir, { recursive: true, force: true });
    rmSync(work, { recursive: true, force: true });
  });

  // Each check's line names the provenance of its rules; the last line counts passes, vendor
  // failures, decision failures (divergences under --profile vendor) and skips apart. Without
  // --websocket and --fault-control, the WebSocket checks and the injected-status check skip.
  it("passes against the mock with progress, a summary, the seed and the replay command (exit 0)", async () => {
    const r = await cli(["--cases", "20", "--seed", "99", "--skip", "token.lifetime"], env);
    expect(r.stderr).toBe("");
    expect(r.code, r.stdout).toBe(0);
    const total = allChecks().length - 1;
    expect(r.stdout).toMatch(
      new RegExp(
        `^cobrowse-contract: ${total} checks against http://127\\.0\\.0\\.1:\\d+ \\(seed 99, 20 cases per property, profile spec\\)$`,
        "m",
      ),
    );
    expect(r.stdout).toMatch(/^✓ flow\.both-roles \[vendor\] \(2 cases, 3 requests, \d+ ms\)$/m);
    expect(r.stdout).toMatch(/^✓ request\.check-order \[decision\] /m);
    expect(r.stdout).toMatch(/^- websocket\.relay \[decision\] skipped: --websocket not given/m);
    expect(r.stdout).toMatch(/seed: 99, cases per property: 20/);
    expect(r.stdout).toMatch(
      /replay: COBROWSE_BASE_URL=http:\/\/127\.0\.0\.1:\d+ cobrowse-contract --seed 99 --cases 20 --skip token\.lifetime/,
    );
    expect(r.stdout).toMatch(/^coverage matrix: \d+\.\d% \(\d+ of \d+\)$/m);
    expect(r.stdout).toMatch(
      new RegExp(`^${total - 5} passed, 0 vendor failures, 0 decision failures, 5 skipped \\(profile spec\\)$`, "m"),
    );
    expect(r.stdout).not.toContain(server.target.appSecret);
  });

  it("writes JUnit XML with one testcase per check, and exits 1 with the failure's request and response on a violation", async () => {
    const out = join(dir, "junit.xml");
    // a wrong tenant space: every getConnectionInfo call fails, secrets stay redacted
    const r = await cli(
      ["--cases", "5", "--seed", "3", "--reporter", "junit", "--output", out, "--only", "flow.both-roles,token.issue"],
      { ...env, COBROWSE_TENANT_SPACE_ID: "not-the-tenant" },
    );
    expect(r.code).toBe(1);
    expect(r.stdout).toMatch(/✗ flow\.both-roles/);
    expect(r.stdout).toMatch(/expected 200 \(valid token, headers and body\), got 404/);
    expect(r.stdout).toMatch(/> Authorization: Bearer \[REDACTED\]/);
    expect(r.stdout).toMatch(/report \(junit\) written to /);
    const xml = readFileSync(out, "utf8");
    expect(xml.match(/<testcase /g)).toHaveLength(2);
    expect(xml).toMatch(
      /<testcase classname="contract\.token" name="token\.issue" time="[\d.]+">\s*<properties>\s*<property name="provenance" value="vendor\+decision"\/>\s*<property name="outcome" value="passed"\/>/,
    );
    expect(xml).toMatch(
      /<testcase classname="contract\.flow" name="flow\.both-roles"[^>]*>\s*<properties>[\s\S]*?<\/properties>\s*<failure message="[^"]*\[vendor\] [^"]*expected 200/,
    );
    expect(xml).toContain("curl -sS -i -X POST");
    expect(xml).toContain("-H 'Authorization: Bearer '&quot;$COBROWSE_TOKEN&quot;");
    expect(xml).toContain("&gt; Authorization: Bearer [REDACTED]");
    expect(xml).toMatch(/<property name="seed" value="3"\/>/);
    expect(xml).not.toContain(server.target.appSecret);
  });

  it("prints the JSON report on stdout and progress on stderr with --reporter json", async () => {
    const r = await cli(["--reporter", "json", "--only", "token.", "--skip", "token.lifetime", "--seed", "5"], env);
    expect(r.code).toBe(0);
    const report = JSON.parse(r.stdout);
    expect(report.ok).toBe(true);
    expect(report.seed).toBe(5);
    expect(report.results.map((x: { id: string }) => x.id)).toEqual([
      "token.issue",
      "token.expire-header",
      "token.wrong-credentials",
      "token.expire-out-of-range",
    ]);
    expect(r.stderr).toMatch(/4 passed, 0 vendor failures, 0 decision failures, 0 skipped \(profile spec\)/);
    expect(report.coverage.cells.length).toBeGreaterThan(0);
    expect(report.results.every((x: { provenance: string[] }) => x.provenance.length > 0)).toBe(true);
    expect(r.stdout + r.stderr).not.toContain(server.target.appSecret);
  });

  it("writes the pretty report to --output too", async () => {
    const out = join(dir, "report.txt");
    const r = await cli(["--only", "token.issue", "--seed", "8", "--output", out], env);
    expect(r.code).toBe(0);
    const text = readFileSync(out, "utf8");
    expect(text).toMatch(/^✓ token\.issue \[vendor\+decision\] \(1 case, 1 request, \d+ ms\)\n/);
    expect(text).toMatch(/\ncoverage matrix: /);
    expect(text).toMatch(/\n1 passed, 0 vendor failures, 0 decision failures, 0 skipped \(profile spec\)\n$/);
  });

  it("reads the secret from --app-secret-env or --app-secret-file (- for stdin), never from a flag value", async () => {
    const { COBROWSE_APP_SECRET: secret, ...rest } = env;
    const viaEnv = await cli(["--only", "token.issue", "--app-secret-env", "MY_SECRET"], {
      ...rest,
      MY_SECRET: secret,
    });
    expect(viaEnv.code).toBe(0);
    const viaStdin = await cli(["--only", "token.issue", "--app-secret-file", "-"], rest, `${secret}\n`);
    expect(viaStdin.code).toBe(0);
    const flag = await cli(["--app-secret", secret!], rest);
    expect(flag.code).toBe(2);
    expect(flag.stderr).toMatch(/--app-secret is not accepted: a secret on the command line shows in `ps`/);
    expect(flag.stderr).not.toContain(secret);
  });

  it("exits 2 naming the problem for bad usage or missing configuration", async () => {
    const cases: Array<[string[], Record<string, string>, RegExp]> = [
      [[], {}, /the base URL is not set: set COBROWSE_BASE_URL or pass --base-url/],
      [
        ["--base-url", "ftp://x"],
        { COBROWSE_APP_KEY: "k", COBROWSE_APP_SECRET: "s", COBROWSE_TENANT_SPACE_ID: "t" },
        /is not an http\(s\) URL/,
      ],
      [["--cases", "0"], env, /--cases must be at least 1/],
      [["--cases", "many"], env, /--cases must be a whole number/],
      [["--reporter", "xml"], env, /--reporter must be pretty, junit, json, html/],
      [["--profile", "strict"], env, /--profile must be spec or vendor/],
      [["--min-coverage", "101"], env, /--min-coverage must be a percentage from 0 to 100/],
      [["--websocket", "--no-websocket"], env, /pick one/],
      [["--replay", join(dir, "none.json")], env, /--replay .*none\.json: cannot read it/],
      [["--only", "nope"], env, /unknown check id "nope"; known ids: token\.issue, /],
      [["--frobnicate"], env, /Unknown option '--frobnicate'/],
      [["--app-secret-env", "UNSET_VAR"], env, /environment variable UNSET_VAR is not set/],
    ];
    for (const [args, e, message] of cases) {
      const r = await cli(args, e);
      expect(r.code, args.join(" ")).toBe(2);
      expect(r.stderr, args.join(" ")).toMatch(message);
    }
  });

  it("--spec holds the deployment to another copy of the spec, and names the file it cannot read", async () => {
    const { document } = await import("@cec-cobrowse/spec");
    const { stringify } = await import("yaml");
    const copy = structuredClone(document) as any;
    copy["x-cobrowse-rules"].checks.bodySize.maxBytes = 4096;
    const file = join(dir, "edited.yaml");
    (await import("node:fs")).writeFileSync(file, stringify(copy));
    const listed = await cli(["--spec", file, "--list"], env);
    expect(listed.code).toBe(0);
    expect(listed.stdout).toContain("A body over the documented limit (4096 bytes) answers 413");
    // the mock keeps 1 MiB: held to the edited spec it fails that check
    const run = await cli(["--spec", file, "--only", "request.body-too-large", "--no-color"], env);
    expect(run.code, run.stdout + run.stderr).toBe(1);
    expect(run.stdout).toMatch(/expected 413 \(bodies over 4096 bytes\), got 400/);
    const missing = await cli(["--spec", join(dir, "none.yaml")], env);
    expect(missing.code).toBe(2);
    expect(missing.stderr).toMatch(/--spec .*none\.yaml: cannot read the spec/);
  });

  it("--list prints the check table; --help and --version work", async () => {
    const list = await cli(["--list"]);
    expect(list.code).toBe(0);
    for (const check of allChecks()) expect(list.stdout).toContain(`| \`${check.id}\` |`);
    const help = await cli(["--help"]);
    expect(help.stdout).toMatch(/^Usage: cobrowse-contract \[options\]/);
    const version = await cli(["--version"]);
    expect(version.stdout.trim()).toBe(JSON.parse(readFileSync(join(packageDir, "package.json"), "utf8")).version);
  });
});
