// Type-checked as a consumer's CommonJS module (tsc under moduleResolution node16): the
// `require` condition's declarations resolve.
import client = require("@cec-cobrowse/client");
import spec = require("@cec-cobrowse/spec");
import mock = require("@cec-cobrowse/mock-server");
import contract = require("@cec-cobrowse/contract-tests");
import generated = require("@cec-cobrowse/client-typescript-fetch");
import type types = require("@cec-cobrowse/types");

const role: client.Role = "replayer";
const request: types.components["schemas"]["GetConnectionInfoRequest"] = { role };
export const used = [
  client.createCobrowseClient,
  spec.specValidator,
  mock.startMockServer,
  contract.runContractSuite,
  generated.CoBrowsingApi,
  request,
] as const;
