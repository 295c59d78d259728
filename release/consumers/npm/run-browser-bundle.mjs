// Runs the browser bundle (bundle.mjs, built by esbuild from browser.mjs) against the mock: a
// token from the mock (the page's backend would fetch it), handed over on globalThis.
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { specValidator } from "@cec-cobrowse/spec";

const bundle = readFileSync(new URL("./bundle.mjs", import.meta.url), "utf8");
assert.ok(!/from\s*["']node:|require\(["']node:/.test(bundle), "the browser bundle imports a Node built-in");
const metafile = JSON.parse(readFileSync(new URL("./bundle.meta.json", import.meta.url), "utf8"));
const inputs = Object.keys(metafile.inputs);
assert.ok(
  inputs.some((input) => input.endsWith("@cec-cobrowse/client/dist/browser.mjs")),
  `the bundler did not take the browser build: ${inputs.join(", ")}`,
);
assert.ok(
  !inputs.some((input) => input.endsWith("@cec-cobrowse/client/dist/index.mjs")),
  "the bundler took the Node build",
);

// The token as the page's backend would buy it: the operation, fields and credentials the spec names.
const { operation, credentials, fields } = specValidator().tokenSource();
const base = process.env.COBROWSE_BASE_URL;
const answer = await fetch(`${base}${operation.path}`, {
  method: "POST",
  headers: { "content-type": "application/json" },
  body: JSON.stringify({
    [credentials.appKey]: process.env.COBROWSE_APP_KEY,
    [credentials.appSecret]: process.env.COBROWSE_APP_SECRET,
  }),
});
assert.equal(answer.status, 200, `${operation.operationId} answered ${answer.status}`);
const token = (await answer.json())[fields.token];
globalThis.COBROWSE_CONSUMER = {
  baseUrl: base,
  appKey: process.env.COBROWSE_APP_KEY,
  tenantSpaceId: process.env.COBROWSE_TENANT_SPACE_ID,
  token,
};
await import("./bundle.mjs");
const { roomId, url, handlers } = globalThis.COBROWSE_CONSUMER.result;
assert.ok(url.includes(roomId));
assert.ok(handlers >= 2, "msw handlers for both operations");
assert.ok(
  inputs.some((input) => input.includes("@cec-cobrowse/spec/dist/")),
  "the spec module is not in the bundle",
);
console.log(
  `npm (browser): the client and the msw handlers bundled by esbuild with the browser condition (${inputs.length} inputs, no Node built-ins), room ${roomId}`,
);
