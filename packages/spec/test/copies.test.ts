// One source for every rule: the hand-written code of the mock server, the contract suite, the
// TypeScript client, the MSW handlers and the docs portal holds no copy of a value the spec
// states. Each entry names the copy it forbids and where the code reads the value instead; the
// client's generated constants, where such values are written on purpose, show that the patterns
// do find them.
//
// The clients' copies of the facts the emitter writes for them (header names in any case, the
// bearer and User-Agent prefixes, methods, paths, field names, the connectParam query name) are
// looked for in every language, the TypeScript client's src/ included, by
// generators/test/layer-copies.test.mjs, from the emitter's own list of facts.
import { readdirSync, readFileSync } from "node:fs";
import { join, relative } from "node:path";
import { describe, expect, it } from "vitest";

const packages = join(__dirname, "..", "..");

function sources(pkg: string): string[] {
  const root = join(packages, pkg, "src");
  return readdirSync(root, { recursive: true, encoding: "utf8" })
    .filter((file) => file.endsWith(".ts") && !file.split(/[\\/]/).includes("generated"))
    .map((file) => join(root, file));
}

interface Copy {
  what: string;
  pattern: RegExp;
  /** Where the value is read instead. */
  instead: string;
  /** Lines that may match: another value that happens to look the same. */
  allow?: RegExp;
}

const COPIES: Copy[] = [
  {
    what: "the token lifetime range (1–86400)",
    pattern: /\b86_?400\b/,
    instead: "tokenSource().lifetime (the lifetime header's schema)",
  },
  {
    what: "the default token lifetime (600)",
    pattern: /\b600\b/,
    instead: "tokenSource().lifetime.default",
    allow: /CONNECT_PARAM_TTL_SECONDS = 600;|PREFLIGHT_MAX_AGE_SECONDS = 600;/,
  },
  {
    what: "the body limit (1 MiB)",
    pattern: /maxBodyBytes[^\n]*(1024|1_?048_?576)|\b1_?048_?576\b|tooLarge[^\n]*1024 \* 1024/,
    instead: "x-cobrowse-rules.checks.bodySize.maxBytes",
  },
  {
    what: "the bearer token's length cap (4096)",
    pattern: /\b409[67]\b/,
    instead: "the bearer scheme's x-cobrowse-value-schema maxLength",
  },
  {
    what: "the role enum",
    pattern: /["'`](recorder|replayer)["'`]/,
    instead: "the Role schema / x-cobrowse-room.role",
  },
  {
    what: "an operation id",
    pattern: /["'`](tokenByAkSk|getConnectionInfo)["'`]/,
    instead: "spec.operations / x-cobrowse-token.operationId (types: keyof operations)",
  },
  {
    what: "a security or lifetime header name",
    pattern: /["'`](x-app-key|X-TenantSpaceID|X-Token-Expire)["'`]/i,
    instead: "each operation's securityHeaders and headers",
  },
  {
    what: "a token answer's field name",
    pattern: /["'`.](AccessToken|Expires|CreateTime)\b(?!:)/,
    instead: "x-cobrowse-token's fields",
  },
  {
    what: "the token answer's Expires or CreateTime pattern",
    pattern: /\\d\{1,(9|12)\}/,
    instead: "the TokenResponse schema's patterns",
  },
  { what: "an operation's path", pattern: /["'`]\/(apigovernance|apiaccess)\//, instead: "each operation's path" },
  {
    what: "a request credential field",
    pattern: /["'`](app_key|app_secret)["'`]/,
    instead: "x-cobrowse-token.credentials",
  },
  {
    what: "the CORS request-header list",
    pattern: /Authorization, Content-Type, x-app-key/,
    instead: "the operations' headers and security headers",
  },
  {
    what: "the contract suite's table of prose rules",
    pattern: /\bPROSE\b/,
    instead: "SuiteRules, read from the spec's extensions",
  },
  {
    what: "a hand-written JSON pointer or $ref resolver",
    pattern: /~1\/g|replace\(\/~0\/g/,
    instead: "@cec-cobrowse/spec's pointer, resolvePointer and deref",
  },
  {
    what: "the token operation found by its answer's $ref",
    pattern: /endsWith\(["']\/TokenResponse/,
    instead: "x-cobrowse-token.operationId",
  },
  {
    what: "a hand-written header validator or status-range fallback",
    pattern: /function headerProblem|`\$\{String\(status\)\[0\]\}XX`/,
    instead: "validateResponseHeaders / documentedResponse",
  },
  { what: "the error-code rule (status × 100)", pattern: /status \* 100|\* 100\b/, instead: "spec.errorCode(status)" },
];

describe.each(["mock-server", "contract-tests", "client", "msw", "docs"])(
  "%s/src holds no copy of a spec value",
  (pkg) => {
    it("scans the package's hand-written sources", () => expect(sources(pkg).length).toBeGreaterThan(3));
    const files = sources(pkg);
    it.each(COPIES.map((c) => [c.what, c] as const))("%s", (_what, copy) => {
      const found: string[] = [];
      for (const file of files) {
        readFileSync(file, "utf8")
          .split("\n")
          .forEach((line, i) => {
            // Comments may name what they explain.
            if (/^\s*(\/\/|\/\*|\*)/.test(line)) return;
            if (copy.pattern.test(line) && !copy.allow?.test(line))
              found.push(`${relative(packages, file)}:${i + 1}: ${line.trim()}`);
          });
      }
      expect(found, `read it from ${copy.instead}`).toEqual([]);
    });
  },
);

describe("the patterns find the values where they are written on purpose", () => {
  const constants = readFileSync(join(packages, "client", "src", "generated", "spec.ts"), "utf8");
  it.each([
    "the token lifetime range (1–86400)",
    "the default token lifetime (600)",
    "the role enum",
    "an operation id",
    "a security or lifetime header name",
    "an operation's path",
  ])("%s: in the client's generated constants", (what) =>
    expect(COPIES.find((c) => c.what === what)!.pattern.test(constants)).toBe(true),
  );
});
