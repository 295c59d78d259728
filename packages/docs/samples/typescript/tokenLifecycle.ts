// The token lifecycle, with 2-second tokens to see it happen: fetched on first need, shared by
// concurrent callers, reused while valid, replaced before it expires.
import { fromEnv } from "@cec-cobrowse/client";

const client = fromEnv(process.env, { tokenExpire: 2 }); // X-Token-Expire: 2 (the server's default is 600)

const [a, b, c] = await Promise.all([client.getToken(), client.getToken(), client.getToken()]);
console.log(
  `three concurrent callers, one token: ${a.accessToken === b.accessToken && b.accessToken === c.accessToken}`,
);
console.log(`used for ${a.expiresIn} s (the lifetime less a safety margin of at most a tenth)`);

await new Promise((resolve) => setTimeout(resolve, 2_100));
const later = await client.getToken();
console.log(`after it expired, a new token: ${later.accessToken !== a.accessToken}`);
