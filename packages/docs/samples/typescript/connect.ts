// Both sides of one room connect their WebSockets; a click crosses to the agent, a highlight comes back.
import { connectUrl, fromEnv } from "@cec-cobrowse/client";
import WebSocket from "ws"; // Node 20 has no WebSocket of its own; a page uses the browser's

const client = fromEnv(); // COBROWSE_BASE_URL, COBROWSE_APP_KEY, COBROWSE_APP_SECRET, COBROWSE_TENANT_SPACE_ID
const customer = await client.getConnectionInfo({ role: "recorder", userId: "customer-42" });
const agent = await client.getConnectionInfo({ role: "replayer", roomId: customer.data.roomId, workNo: "667" });

function open(url: string): Promise<WebSocket> {
  return new Promise((resolve, reject) => {
    const socket = new WebSocket(url);
    socket.once("open", () => resolve(socket));
    socket.once("error", reject);
  });
}
function nextMessage(socket: WebSocket): Promise<string> {
  return new Promise((resolve) => socket.once("message", (data) => resolve(String(data))));
}

// wssUrlOut?connectParam=…: each side with its own connectParam (connectUrl(data) for wssUrl, inside the network).
const customerSocket = await open(connectUrl(customer.data, { out: true }));
const agentSocket = await open(connectUrl(agent.data, { out: true }));

const atAgent = nextMessage(agentSocket);
customerSocket.send(JSON.stringify({ type: "click", selector: "#checkout" }));
console.log(`agent received: ${await atAgent}`);

const atCustomer = nextMessage(customerSocket);
agentSocket.send(JSON.stringify({ type: "highlight", selector: "#checkout" }));
console.log(`customer received: ${await atCustomer}`);

customerSocket.close();
agentSocket.close();
