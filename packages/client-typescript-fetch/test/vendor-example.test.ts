// The vendor's own example request, {"roomId":"10***04","workNo":"667","role":"replayer"},
// through the generated typescript-fetch client to the mock server (cobrowse-mock exec): sent as
// the vendor shows it, answered with the room id echoed.
import { describe, expect, it } from "vitest";
import { AuthenticationApi, CoBrowsingApi, Configuration, GetConnectionInfoRequestToJSON, Role } from "../src/index";

function env(name: string): string {
  const value = process.env[name];
  if (!value)
    throw new Error(`${name} is not set: run these tests with \`pnpm test\` (cobrowse-mock exec -- vitest run)`);
  return value;
}

describe("the vendor's example request", () => {
  it("is built as the vendor shows it, sent, and answered", async () => {
    const basePath = env("COBROWSE_BASE_URL");
    const example = { roomId: "10***04", workNo: "667", role: Role.Replayer };
    expect(GetConnectionInfoRequestToJSON(example)).toEqual({ roomId: "10***04", workNo: "667", role: "replayer" });
    const { accessToken } = await new AuthenticationApi(new Configuration({ basePath })).tokenByAkSk({
      tokenRequest: { appKey: env("COBROWSE_APP_KEY"), appSecret: env("COBROWSE_APP_SECRET") },
    });
    const api = new CoBrowsingApi(
      new Configuration({
        basePath,
        accessToken,
        apiKey: (header) =>
          header.toLowerCase() === "x-app-key" ? env("COBROWSE_APP_KEY") : env("COBROWSE_TENANT_SPACE_ID"),
      }),
    );
    const answer = await api.getConnectionInfo({ getConnectionInfoRequest: example });
    expect(answer.success).toBe(true);
    expect(answer.data?.roomId).toBe("10***04");
    expect(answer.data?.wssUrl).toMatch(/\/ws\/cobrowse\/10\*\*\*04$/);
  });
});
