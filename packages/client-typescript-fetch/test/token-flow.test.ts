// The generated typescript-fetch client against a running server: a token, then connection
// info for both sides of one room, then a 401 for a bad token. Run through
// `cobrowse-mock exec -- vitest run` (`pnpm test`), which starts the mock server on a free port
// and hands its URL and credentials over in COBROWSE_* variables.
import { randomUUID } from "node:crypto";
import { describe, expect, it } from "vitest";
import {
  AuthenticationApi,
  CoBrowsingApi,
  Configuration,
  ErrorResponseFromJSON,
  ResponseError,
  Role,
} from "../src/index";

function env(name: string): string {
  const value = process.env[name];
  if (!value) {
    throw new Error(
      `${name} is not set: run these tests with \`pnpm test\` (cobrowse-mock exec -- vitest run), which sets it to the mock server's`,
    );
  }
  return value;
}

const basePath = env("COBROWSE_BASE_URL");
const appKey = env("COBROWSE_APP_KEY");
const appSecret = env("COBROWSE_APP_SECRET");
const tenantSpaceId = env("COBROWSE_TENANT_SPACE_ID");

function coBrowsing(accessToken: string): CoBrowsingApi {
  return new CoBrowsingApi(
    new Configuration({
      basePath,
      accessToken,
      // Both apiKey schemes ask this function for their header's value.
      apiKey: (header) => (header.toLowerCase() === "x-app-key" ? appKey : tenantSpaceId),
    }),
  );
}

async function token(): Promise<string> {
  const auth = new AuthenticationApi(new Configuration({ basePath }));
  const answer = await auth.tokenByAkSk({ tokenRequest: { appKey, appSecret }, xTokenExpire: 600 });
  expect(answer.applyType).toBe("Bearer");
  expect(answer.accessToken.length).toBeGreaterThan(0);
  expect(answer.expires).toBe("600");
  expect(answer.createTime).toMatch(/^[0-9]+$/);
  return answer.accessToken;
}

describe("typescript-fetch client", () => {
  it("gets a token, then connection info for both roles of one room", async () => {
    const api = coBrowsing(await token());
    const roomId = `ts-${randomUUID()}`;

    const customer = await api.getConnectionInfo({
      getConnectionInfoRequest: { roomId, role: Role.Recorder, userId: "customer-42", userName: "Alex Doe" },
    });
    const agent = await api.getConnectionInfo({
      getConnectionInfoRequest: { roomId, role: Role.Replayer, workNo: "667" },
    });

    for (const answer of [customer, agent]) {
      expect(answer.success).toBe(true);
      expect(answer.errorCode).toBeNull();
      expect(answer.errorReason).toBeNull();
      expect(answer.data?.roomId).toBe(roomId);
      expect(answer.data?.wssUrl).toMatch(/^wss?:\/\/\S+$/);
      expect(answer.data?.connectParam).toBeTruthy();
    }
    expect(customer.data?.connectParam).not.toBe(agent.data?.connectParam);
  });

  it("passes the room the server created to the other side", async () => {
    const api = coBrowsing(await token());
    const customer = await api.getConnectionInfo({ getConnectionInfoRequest: { role: Role.Recorder } });
    const roomId = customer.data?.roomId;
    expect(roomId).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i);
    const agent = await api.getConnectionInfo({ getConnectionInfoRequest: { roomId, role: Role.Replayer } });
    expect(agent.data?.roomId).toBe(roomId);
  });

  it("surfaces a 401 for a bad token as a ResponseError with the ErrorResponse body", async () => {
    const api = coBrowsing("not-a-token-the-server-issued");
    const error = await api
      .getConnectionInfo({ getConnectionInfoRequest: { roomId: "room-401", role: Role.Replayer } })
      .then(
        () => undefined,
        (caught: unknown) => caught,
      );

    expect(error).toBeInstanceOf(ResponseError);
    const response = (error as ResponseError).response;
    expect(response.status).toBe(401);
    const body = ErrorResponseFromJSON(await response.json());
    expect(body.success).toBe(false);
    expect(body.errorCode).toBe(40100);
    expect(body.errorReason).toMatch(/authorization/i);
  });

  it("surfaces wrong app credentials on tokenByAkSk as a 401", async () => {
    const auth = new AuthenticationApi(new Configuration({ basePath }));
    const error = await auth.tokenByAkSk({ tokenRequest: { appKey, appSecret: `${appSecret}-wrong` } }).then(
      () => undefined,
      (caught: unknown) => caught,
    );
    expect(error).toBeInstanceOf(ResponseError);
    expect((error as ResponseError).response.status).toBe(401);
  });
});
