// Every npm tarball required as CommonJS by the consumer project, then the client used against
// the mock (run under the installed `cobrowse-mock exec`). @cec-cobrowse/msw is ESM only: it is
// required through Node's require(esm), which every Node its `engines` allow (>= 20.19) has.
const assert = require("node:assert/strict");

const expected = process.argv[2];
const { specValidator } = require("@cec-cobrowse/spec");
const { fromEnv, connectUrl, ValidationError } = require("@cec-cobrowse/client");
const { CoBrowsingApi } = require("@cec-cobrowse/client-typescript-fetch");
const { startMockServer } = require("@cec-cobrowse/mock-server");
const { runContractSuite, VERSION } = require("@cec-cobrowse/contract-tests");
const { createHandlers } = require("@cec-cobrowse/msw");
require("@cec-cobrowse/types"); // types only: its runtime module is empty

for (const [name, value] of Object.entries({
  specValidator,
  fromEnv,
  connectUrl,
  CoBrowsingApi,
  startMockServer,
  runContractSuite,
  createHandlers,
})) {
  assert.equal(typeof value, "function", `${name} from require()`);
}
assert.ok(
  require.resolve("@cec-cobrowse/client").endsWith(".cjs"),
  `require() resolved ${require.resolve("@cec-cobrowse/client")}`,
);
// The spec bundle is data: require() of its JSON, through the package's exports, works too.
assert.ok(
  Object.keys(require("@cec-cobrowse/spec/bundle/openapi.json")["x-tagGroups"]).length > 0,
  "require() of @cec-cobrowse/spec/bundle/openapi.json",
);
assert.equal(VERSION, expected);
// The client's optional peer, @opentelemetry/api, is not installed: the calls below run without it.
assert.throws(() => require.resolve("@opentelemetry/api", { paths: [require.resolve("@cec-cobrowse/client")] }), {
  code: "MODULE_NOT_FOUND",
});

(async () => {
  const client = fromEnv();
  const customer = await client.getConnectionInfo({ role: "recorder" });
  const agent = await client.getConnectionInfo({ role: "replayer", roomId: customer.data.roomId });
  assert.equal(agent.data.roomId, customer.data.roomId);
  await assert.rejects(client.getConnectionInfo({ role: "viewer" }), ValidationError);
  assert.ok(specValidator().operations.size >= 2);
  assert.ok(createHandlers().length >= 2);
  console.log(
    `npm (CJS): 7 packages required at ${expected} (no @opentelemetry/api), room ${agent.data.roomId}, ValidationError before sending`,
  );
})().catch((error) => {
  console.error(error);
  process.exit(1);
});
