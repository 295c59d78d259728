// Type-checked as a browser app's module (tsc under moduleResolution bundler with the `browser`
// condition, DOM types and no Node types): what a page imports needs nothing of Node.
import { type ConnectionInfo, connectUrl, createCobrowseClient } from "@cec-cobrowse/client";
import { createCobrowseClient as fromSubpath } from "@cec-cobrowse/client/browser";
import { CoBrowsingApi, Configuration } from "@cec-cobrowse/client-typescript-fetch";
import { createHandlers } from "@cec-cobrowse/msw";
import type { components } from "@cec-cobrowse/types";

const request: components["schemas"]["GetConnectionInfoRequest"] = { role: "replayer", roomId: "room-1" };

export async function page(): Promise<[ConnectionInfo, string, number]> {
  const client = createCobrowseClient({
    baseUrl: location.origin,
    appKey: "k",
    tenantSpaceId: "t",
    tokenProvider: async () => "token",
  });
  const { data } = await client.getConnectionInfo(request);
  const same = fromSubpath === createCobrowseClient;
  const generated = new CoBrowsingApi(new Configuration({ basePath: location.origin }));
  return [data, connectUrl(data), createHandlers().length + Number(same) + Object.keys(generated).length];
}
