// After the spec gained GetConnectionInfoRequest.locale, ConnectionInfo.expiresAt and the role
// "observer": the TypeScript client, regenerated and built, with no other edit.
import { createCobrowseClient } from "@cec-cobrowse/client";

const env = process.env;
const client = createCobrowseClient({
  baseUrl: env.COBROWSE_BASE_URL!,
  appKey: env.COBROWSE_APP_KEY!,
  appSecret: env.COBROWSE_APP_SECRET!,
  tenantSpaceId: env.COBROWSE_TENANT_SPACE_ID!,
});
const result = await client.getConnectionInfo({
  role: "observer",
  roomId: "room-evolution",
  userId: "evolution-typescript",
  locale: "en-GB",
});
const expiresAt: string | undefined = result.data.expiresAt;
console.log(JSON.stringify({ roomId: result.data.roomId, expiresAt }));
