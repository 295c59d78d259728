// Every npm tarball with a `require` condition required as CommonJS by the consumer project, then
// the client used against the mock (run under the installed `cobrowse-mock exec`).
// @cec-cobrowse/msw is ESM only (as msw's browser worker is); it is not in this list.
const assert = require("node:assert/strict");

const expected = process.argv[2];
const { specValidator } = require("@cec-cobrowse/spec");
const { fromEnv, connectUrl, ValidationError } = require("@cec-cobrowse/client");
const { CoBrowsingApi } = require("@cec-cobrowse/client-typescript-fetch");
const { startMockServer } = require("@cec-cobrowse/mock-server");
const { runContractSuite, VERSION } = require("@cec-cobrowse/contract-tests");
require("@cec-cobrowse/types"); // types only: its runtime module is empty

for (const [name, value] of Object.entries({ specValidator, fromEnv, connectUrl, CoBrowsingApi, startMockServer, runContractSuite })) {
  assert.equal(typeof value, "function", `${name} from require()`);
}
assert.ok(require.resolve("@cec-cobrowse/client").endsWith(".cjs"), `require() resolved ${require.resolve("@cec-cobrowse/client")}`);
assert.equal(VERSION, expected);

(async () => {
  const client = fromEnv();
  const customer = await client.getConnectionInfo({ role: "recorder" });
  const agent = await client.getConnectionInfo({ role: "replayer", roomId: customer.data.roomId });
  assert.equal(agent.data.roomId, customer.data.roomId);
  await assert.rejects(client.getConnectionInfo({ role: "viewer" }), ValidationError);
  assert.ok(specValidator().operations.size >= 2);
  console.log(`npm (CJS): 6 packages required at ${expected}, room ${agent.data.roomId}, ValidationError before sending`);
})().catch((error) => {
  console.error(error);
  process.exit(1);
});
