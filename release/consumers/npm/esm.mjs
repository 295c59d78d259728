// Every npm tarball imported as ESM by a consumer project that installed them with npm, then
// used against the mock (run under the installed `cobrowse-mock exec`): the typed client on both
// sides of one room, the generated typescript-fetch client, the spec's validator on its answers,
// the mock started in-process, the msw handlers, the contract suite's API, and the spec bundle
// for documentation portals that @cec-cobrowse/spec ships (bundle/openapi.yaml and .json).
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { AuthenticationError, connectUrl, fromEnv } from "@cec-cobrowse/client";
import { AuthenticationApi, Configuration, TokenResponseToJSON } from "@cec-cobrowse/client-typescript-fetch";
import { runContractSuite, VERSION } from "@cec-cobrowse/contract-tests";
import { startMockServer } from "@cec-cobrowse/mock-server";
import { createHandlers } from "@cec-cobrowse/msw";
import { document, formatIssues, specValidator } from "@cec-cobrowse/spec";

const expected = process.argv[2];
const require = createRequire(import.meta.url);
for (const name of ["spec", "types", "client", "client-typescript-fetch", "mock-server", "contract-tests", "msw"]) {
  const manifest = require(`@cec-cobrowse/${name}/package.json`);
  assert.equal(manifest.version, expected, `@cec-cobrowse/${name} is ${manifest.version}`);
  assert.ok(
    !/workspace:/.test(JSON.stringify(manifest)),
    `@cec-cobrowse/${name}'s package.json still has a workspace: range`,
  );
}
assert.ok(
  import.meta.resolve("@cec-cobrowse/client").includes("/node_modules/@cec-cobrowse/client/"),
  "the client resolved outside node_modules",
);
assert.equal(VERSION, expected, "the contract suite's VERSION");
// OpenTelemetry is an optional peer of the client: npm installs the client without it, and the
// calls below run with no @opentelemetry/api to be found from the client's own folder.
const clientManifest = require("@cec-cobrowse/client/package.json");
assert.equal(
  clientManifest.peerDependenciesMeta?.["@opentelemetry/api"]?.optional,
  true,
  "@opentelemetry/api is not an optional peer of the client",
);
assert.throws(
  () => createRequire(require.resolve("@cec-cobrowse/client")).resolve("@opentelemetry/api"),
  { code: "MODULE_NOT_FOUND" },
  "@opentelemetry/api was installed with the client",
);

const spec = specValidator();
const client = fromEnv();
const customer = await client.getConnectionInfo({ role: "recorder", userId: "customer-42" });
const agent = await client.getConnectionInfo({ role: "replayer", roomId: customer.data.roomId, workNo: "667" });
assert.equal(agent.data.roomId, customer.data.roomId);
assert.notEqual(connectUrl(customer.data, { out: true }), connectUrl(agent.data, { out: true }));

const secret = "consumer-wrong-secret";
await assert.rejects(fromEnv(process.env, { appSecret: secret }).getConnectionInfo({ role: "recorder" }), (error) => {
  assert.ok(error instanceof AuthenticationError, String(error));
  assert.equal(error.status, 401);
  assert.ok(!`${error.message} ${error.stack} ${JSON.stringify(error)}`.includes(secret), "the secret is in the error");
  return true;
});

const generated = new AuthenticationApi(new Configuration({ basePath: process.env.COBROWSE_BASE_URL }));
const token = await generated.tokenByAkSk({
  tokenRequest: { appKey: process.env.COBROWSE_APP_KEY, appSecret: process.env.COBROWSE_APP_SECRET },
});
const tokenOp = spec.tokenSource().operation.operationId;
assert.equal(
  formatIssues(spec.validateResponse(tokenOp, 200, TokenResponseToJSON(token))),
  "",
  "the token answer against the spec",
);

const mock = await startMockServer({ port: 0 });
try {
  const report = await runContractSuite({
    baseUrl: mock.url,
    ...mock.credentials,
    cases: 5,
    only: ["token.", "flow."],
  });
  assert.ok(report.summary.passed > 0, "the contract suite passed no check");
  assert.deepEqual(
    report.results.filter((result) => result.status === "failed").map((result) => result.id),
    [],
    "contract checks failed against the in-process mock",
  );
} finally {
  await mock.close();
}

assert.ok(createHandlers().length >= 2, "msw handlers for both operations");

// The spec bundle, through the package's exports: the spec as installed, plus every operation's
// samples (lang, label, source) and x-tagGroups covering every tag; YAML and JSON the same.
const bundleFile = (ext) => readFileSync(require.resolve(`@cec-cobrowse/spec/bundle/openapi.${ext}`), "utf8");
const bundle = JSON.parse(bundleFile("json"));
const yaml = createRequire(require.resolve("@cec-cobrowse/spec/package.json"))("yaml");
assert.deepEqual(yaml.parse(bundleFile("yaml")), bundle, "bundle/openapi.yaml and bundle/openapi.json differ");
const bundled = Object.values(bundle.paths).flatMap((item) => Object.values(item));
assert.deepEqual(
  bundled.map((op) => op.operationId).sort(),
  [...spec.operations.keys()].sort(),
  "the bundle's operations",
);
for (const op of bundled) {
  const samples = op["x-codeSamples"] ?? [];
  assert.ok(samples.length >= 5, `${op.operationId}: ${samples.length} x-codeSamples`);
  for (const sample of samples)
    assert.ok(
      sample.lang && sample.label && sample.source?.trim(),
      `${op.operationId}: a sample without lang, label or source`,
    );
}
assert.deepEqual(
  bundle["x-tagGroups"].flatMap((group) => group.tags),
  document.tags.map((tag) => tag.name),
  "x-tagGroups cover every tag",
);
const stripped = structuredClone(bundle);
delete stripped["x-tagGroups"];
for (const op of Object.values(stripped.paths).flatMap((item) => Object.values(item))) delete op["x-codeSamples"];
assert.deepEqual(
  stripped,
  JSON.parse(JSON.stringify(document)),
  "the bundle is the installed spec plus its samples and tag groups",
);
console.log(
  `npm (ESM): 7 packages at ${expected} (the client without @opentelemetry/api), room ${agent.data.roomId}, 401 as AuthenticationError, contract checks pass on an in-process mock, the spec bundle with ${bundled.reduce((n, op) => n + op["x-codeSamples"].length, 0)} samples`,
);
