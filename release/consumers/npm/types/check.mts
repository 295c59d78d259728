// Type-checked as a consumer's ES module (tsc under moduleResolution node16 and bundler): the
// declarations of every package resolve and describe what the packages do.
import {
  type CobrowseClientOptions,
  type ConnectionInfo,
  createCobrowseClient,
  fromEnv,
  type Role,
} from "@cec-cobrowse/client";
import { createCobrowseClient as createBrowserClient } from "@cec-cobrowse/client/browser";
import { AuthenticationApi, Configuration, type TokenResponse } from "@cec-cobrowse/client-typescript-fetch";
import { type Report, runContractSuite } from "@cec-cobrowse/contract-tests";
import { type MockServer, startMockServer } from "@cec-cobrowse/mock-server";
import { createHandlers } from "@cec-cobrowse/msw";
import { specValidator } from "@cec-cobrowse/spec";
import type { components, paths } from "@cec-cobrowse/types";

const options: CobrowseClientOptions = {
  baseUrl: "http://127.0.0.1:4010",
  appKey: "k",
  appSecret: "s",
  tenantSpaceId: "t",
};
const role: Role = "recorder";
// @ts-expect-error: a role the spec does not have
const wrongRole: Role = "viewer";
const request: components["schemas"]["GetConnectionInfoRequest"] = { role, roomId: "room-1" };
type TokenPath = keyof paths;
const tokenPath: TokenPath = "/apigovernance/api/oauth/tokenByAkSk";

export async function use(): Promise<[ConnectionInfo, TokenResponse, Report, MockServer, number]> {
  const client = createCobrowseClient(options);
  const { data } = await client.getConnectionInfo(request);
  const browser = createBrowserClient({
    baseUrl: options.baseUrl,
    appKey: "k",
    tenantSpaceId: "t",
    tokenProvider: async () => "token",
  });
  await browser.getConnectionInfo({ role: "replayer", roomId: data.roomId });
  const token = await new AuthenticationApi(new Configuration({ basePath: options.baseUrl })).tokenByAkSk({
    tokenRequest: { appKey: "k", appSecret: "s" },
  });
  const mock = await startMockServer({ port: 0 });
  const report = await runContractSuite({ baseUrl: mock.url, ...mock.credentials });
  return [
    data,
    token,
    report,
    mock,
    specValidator().operations.size + createHandlers().length + tokenPath.length + wrongRole.length + fromEnv.length,
  ];
}
