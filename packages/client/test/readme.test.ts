// The README's code blocks of the send loop's and the observability sections run, on the built package, against the
// mock with the fault each one is about (so the error path each shows runs too). Each block runs
// as a module of its own in a child process, after a prelude that defines what the README's
// blocks take as given: `options` (the mock's settings) and `client`.
import { spawn } from "node:child_process";
import { mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { transformSync } from "esbuild";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { envOf, INFO, startMock, type TestMock } from "./helpers/mock.js";

const here = path.resolve(import.meta.dirname, "..");
const readme = readFileSync(path.join(here, "README.md"), "utf8");
// A scratch folder whose node_modules links this package, so `@cec-cobrowse/client` resolves to its dist/.
let scratch: string;

/** The ```ts blocks of the README section headed `heading`. */
function blocks(heading: string): string[] {
  const start = readme.indexOf(`\n## ${heading}\n`);
  if (start < 0) throw new Error(`README.md has no section "${heading}"`);
  const end = readme.indexOf("\n## ", start + 1);
  return [...readme.slice(start, end < 0 ? undefined : end).matchAll(/```ts\n([\s\S]*?)```/g)].map((m) => m[1]!);
}

const PRELUDE = `import { createCobrowseClient as __create } from "@cec-cobrowse/client";
const options = { baseUrl: process.env.COBROWSE_BASE_URL, appKey: process.env.COBROWSE_APP_KEY, appSecret: process.env.COBROWSE_APP_SECRET, tenantSpaceId: process.env.COBROWSE_TENANT_SPACE_ID, retryBaseDelayMs: 1, retryMaxDelayMs: 2 };
`;

/** Runs a block as a module (with `client` from the prelude unless it makes its own); answers its exit code and output. */
async function run(
  block: string,
  env: Record<string, string>,
  n: number,
): Promise<{ code: number | null; out: string }> {
  const source = PRELUDE + (/\bconst client\b/.test(block) ? "" : "const client = __create(options);\n") + block;
  const file = path.join(scratch, `block-${n}.mjs`);
  writeFileSync(file, transformSync(source, { loader: "ts", format: "esm", target: "node20" }).code);
  const child = spawn(process.execPath, [file], { env: { ...process.env, ...env }, stdio: ["ignore", "pipe", "pipe"] });
  let out = "";
  child.stdout.on("data", (c) => (out += c));
  child.stderr.on("data", (c) => (out += c));
  return new Promise((resolve) => child.on("close", (code) => resolve({ code, out })));
}

let mock: TestMock;
beforeAll(async () => {
  mock = await startMock();
  scratch = mkdtempSync(path.join(tmpdir(), "client-readme-"));
  mkdirSync(path.join(scratch, "node_modules", "@cec-cobrowse"), { recursive: true });
  symlinkSync(here, path.join(scratch, "node_modules", "@cec-cobrowse", "client"), "dir");
  // The OpenTelemetry section's block imports the API and the SDK, as an application would install them.
  mkdirSync(path.join(scratch, "node_modules", "@opentelemetry"), { recursive: true });
  for (const name of ["api", "sdk-trace-base"])
    symlinkSync(
      path.join(here, "node_modules", "@opentelemetry", name),
      path.join(scratch, "node_modules", "@opentelemetry", name),
      "dir",
    );
});
afterAll(async () => {
  rmSync(scratch, { recursive: true, force: true });
  await mock.close();
});

/** The fault the observability sections' blocks show: the call's first attempt gets a 503 (Retry-After: 0), its retry succeeds. */
const unavailableOnce = () => mock.fault({ operationId: INFO, status: 503, retryAfter: 0 });

describe("README code blocks", () => {
  // Each section, the fault its block is about, and what the block prints of it.
  const sections: [string, () => void, RegExp][] = [
    [
      "Retries and the attempt budget",
      () => mock.fault({ operationId: INFO, status: 503, retryAfter: 0, count: 2 }),
      /^still 503 after the retries /,
    ],
    ["Timeouts and cancellation", () => {}, /^$/],
    [
      "Answer size",
      () => mock.fault({ operationId: INFO, flood: { bytes: 1024 * 1024 } }),
      /^getConnectionInfo: answer over 65536 bytes\n$/,
    ],
    [
      "Redirects",
      () => mock.fault({ operationId: INFO, redirect: "other-origin" }),
      /^the server answered a redirect to http:\/\/localhost:\d+\/apiaccess\/api\/cobrowse\/getConnectionInfo, which the client does not follow/,
    ],
    [
      "Identification",
      unavailableOnce,
      /^tokenByAkSk cec-cobrowse-typescript\/\d+\.\d+\.\d+\S* Node\.js\/\S+ \S+ acme-contact-center\/4\.2 1\ngetConnectionInfo cec-cobrowse-typescript\/\S+ Node\.js\/\S+ \S+ acme-contact-center\/4\.2 1\ngetConnectionInfo \S+ \S+ \S+ acme-contact-center\/4\.2 2\n$/,
    ],
    [
      "Hooks",
      unavailableOnce,
      /^tokenByAkSk #1: HTTP 200 \[[^\]]+\]\ngetConnectionInfo #1: HTTP 503 \[[^\]]+\]\ngetConnectionInfo #1 failed: InternalServerError\ngetConnectionInfo #2: HTTP 200 \[[^\]]+\]\n$/,
    ],
    [
      "OpenTelemetry",
      unavailableOnce,
      /^POST \/apigovernance\/api\/oauth\/tokenByAkSk 200\ntokenByAkSk \nPOST \/apiaccess\/api\/cobrowse\/getConnectionInfo 503\nPOST \/apiaccess\/api\/cobrowse\/getConnectionInfo 200\ngetConnectionInfo \n$/,
    ],
    [
      "Logging",
      unavailableOnce,
      /^tokenByAkSk: token issued, used for \d+ s\ngetConnectionInfo: attempt 1 failed \(getConnectionInfo failed with HTTP 503 \(errorCode 50300\): .*\); retry 1 of 2 in 0\.00 s\n$/,
    ],
  ];
  let n = 0;
  it.each(sections)("%s: its blocks run", async (heading, fault, prints) => {
    const found = blocks(heading);
    expect(found.length).toBeGreaterThan(0);
    for (const block of found) {
      mock.mock.faults.clear();
      fault();
      const r = await run(block, envOf(mock), n++);
      expect(r.code, r.out).toBe(0);
      expect(r.out).toMatch(prints);
      expect(r.out).not.toContain(mock.creds.appSecret);
    }
  });
});
