// getConnectionInfo for both sides of one room: the customer's call names the room, the agent joins it.
import { connectUrl, fromEnv } from "@cec-cobrowse/client";

const client = fromEnv(); // COBROWSE_BASE_URL, COBROWSE_APP_KEY, COBROWSE_APP_SECRET, COBROWSE_TENANT_SPACE_ID
const customer = await client.getConnectionInfo({ role: "recorder", userId: "customer-42", userName: "Alex Doe" });
const agent = await client.getConnectionInfo({ role: "replayer", roomId: customer.data.roomId, workNo: "667" });

console.log(`room: ${agent.data.roomId}`);
console.log(`customer connects to: ${customer.data.wssUrlOut}`);
console.log(`agent connects to: ${agent.data.wssUrlOut}`);
// Each side opens its WebSocket at connectUrl(data, { out: true }): wssUrlOut?connectParam=<its own connectParam>.
console.log(`own connectParams: ${connectUrl(customer.data, { out: true }) !== connectUrl(agent.data, { out: true })}`);
