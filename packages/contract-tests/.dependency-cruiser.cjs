// The suite's module structure, held by dependency-cruiser (`pnpm lint:structure`, and
// test/structure.test.ts, which also proves on a planted tree that each rule finds what it
// forbids):
// - no import cycle, type-only imports included;
// - no check imports another check's module, nor does any other module: a check module is
//   imported by its registry alone (checks/index.ts for the suite's checks, traffic/judge.ts for
//   the traffic's), and the helpers checks share live in checks/support/ or the suite's own
//   modules (forge.ts, websocket-url.ts, answer-rules.ts, judge.ts...).
// A suite check module is a file directly in src/checks/ but the registry and check.ts (the
// CheckDefinition type); a traffic check module is a src/traffic/*-checks.ts.

/** The suite's check modules. */
const SUITE_CHECK = { path: "^src/checks/[^/]+\\.ts$", pathNot: "^src/checks/(index|check)\\.ts$" };
/** The traffic's check modules. */
const TRAFFIC_CHECK = { path: "^src/traffic/[^/]+-checks\\.ts$" };

/** @type {import('dependency-cruiser').IConfiguration} */
module.exports = {
  forbidden: [
    {
      name: "no-cycle",
      severity: "error",
      comment:
        "An import cycle (type-only imports included): a module that needs part of another's state takes that part, not the whole.",
      from: {},
      to: { circular: true },
    },
    {
      name: "suite-check-outside-registry",
      severity: "error",
      comment:
        "A suite check module is imported by checks/index.ts alone: move the helper it shares to checks/support/ or a module of the suite.",
      from: { pathNot: "^src/checks/index\\.ts$" },
      to: SUITE_CHECK,
    },
    {
      name: "traffic-check-outside-registry",
      severity: "error",
      comment:
        "A traffic check module is imported by traffic/judge.ts alone: move the helper it shares to a module of traffic/ or of the suite.",
      from: { pathNot: "^src/traffic/judge\\.ts$" },
      to: TRAFFIC_CHECK,
    },
  ],
  options: {
    // type-only imports are edges too (they make cycles as real as any other)
    tsPreCompilationDeps: true,
    doNotFollow: { path: "node_modules" },
    exclude: { path: "node_modules" },
    enhancedResolveOptions: { extensions: [".ts", ".js", ".json"] },
  },
};
