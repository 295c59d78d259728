// tokenByAkSk through the client: it fetches the token on first need, caches it and refreshes it
// ahead of expiry, so you rarely call it yourself (a backend route that hands tokens to browsers does).
import { fromEnv } from "@cec-cobrowse/client";

const client = fromEnv(); // COBROWSE_BASE_URL, COBROWSE_APP_KEY, COBROWSE_APP_SECRET, COBROWSE_TENANT_SPACE_ID
const token = await client.getToken();
console.log(`token: ${token.accessToken.length} characters, used for ${token.expiresIn} s`);
