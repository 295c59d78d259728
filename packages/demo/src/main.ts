// The main job (`pnpm start`): a customer and an agent join one co-browsing room.
//
// Without COBROWSE_BASE_URL it starts the embedded mock server, gets connection info for the
// customer (recorder) and the agent (replayer) through the TypeScript client, connects both
// WebSockets, and sends one event each way. With COBROWSE_BASE_URL (and the credentials) set
// it runs the HTTP part against that deployment instead.
import {
  type CobrowseClient,
  CobrowseError,
  connectUrl,
  createCobrowseClient,
  createNodeFetch,
  fromEnv,
} from "@cec-cobrowse/client";
import { type MockServer, optionsFromEnv, startMockServer } from "@cec-cobrowse/mock-server";
import { WebSocket } from "ws";

const STEP_TIMEOUT_MS = 10_000;
const steps = 7;
let step = 0;

function say(label: string, text: string): void {
  step += 1;
  console.log(`[${step}/${steps}] ${label.padEnd(10)} ${text}`);
}

/** Rejects when `promise` takes longer than STEP_TIMEOUT_MS, naming what was awaited. */
function within<T>(what: string, promise: Promise<T>): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`${what}: no answer within ${STEP_TIMEOUT_MS} ms`)), STEP_TIMEOUT_MS);
  });
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}

function open(url: string, who: string): Promise<WebSocket> {
  return within(
    `${who} WebSocket`,
    new Promise((resolve, reject) => {
      const ws = new WebSocket(url);
      ws.once("open", () => resolve(ws));
      ws.once("unexpected-response", (_req, res) =>
        reject(new Error(`${who} WebSocket refused: HTTP ${res.statusCode}`)),
      );
      ws.once("error", reject);
    }),
  );
}

function nextMessage(ws: WebSocket, who: string): Promise<unknown> {
  return within(
    `${who} waiting for a message`,
    new Promise((resolve) => {
      ws.once("message", (data) => resolve(JSON.parse(String(data))));
    }),
  );
}

async function main(): Promise<void> {
  const remote = process.env.COBROWSE_BASE_URL;
  console.log("cec-cobrowse demo: a customer and an agent share one co-browsing room\n");

  let mock: MockServer | undefined;
  let client: CobrowseClient;
  if (remote) {
    client = fromEnv();
    say("target", `${remote} (from COBROWSE_BASE_URL)`);
  } else {
    const options = optionsFromEnv({ ...process.env, PORT: process.env.PORT ?? "0" });
    mock = await startMockServer(options);
    // The embedded mock is on this machine: never through a proxy of the shell (HTTP_PROXY).
    client = createCobrowseClient({ baseUrl: mock.url, ...mock.credentials, fetch: createNodeFetch({ proxy: false }) });
    say("mock", `embedded mock server listening on ${mock.url} (app key ${mock.credentials.appKey})`);
  }

  try {
    const token = await client.getToken();
    say("token", `tokenByAkSk issued a bearer token; the client caches it and reuses it for ${token.expiresIn} s`);

    const customer = await client.getConnectionInfo({ role: "recorder", userId: "customer-42", userName: "Alex Doe" });
    const roomId = customer.data.roomId;
    if (!roomId) throw new Error("getConnectionInfo answered no roomId for the customer");
    say("customer", `getConnectionInfo(role=recorder) created room ${roomId}`);

    const agent = await client.getConnectionInfo({ role: "replayer", roomId, workNo: "667" });
    if (agent.data.roomId !== roomId) throw new Error(`the agent got room ${agent.data.roomId}, not ${roomId}`);
    if (agent.data.connectParam === customer.data.connectParam) throw new Error("both sides got the same connectParam");
    say("agent", `getConnectionInfo(role=replayer, roomId=${roomId}) joined the same room with its own connectParam`);

    if (!mock) {
      console.log("\nThe WebSocket part runs against the embedded mock only (the vendor does not publish its");
      console.log("message protocol). HTTP flow against the deployment: OK.");
      return;
    }

    const customerWs = await open(connectUrl(customer.data), "customer");
    const agentWs = await open(connectUrl(agent.data), "agent");
    await mock.rooms.waitFor(roomId, { recorder: 1, replayer: 1 }, STEP_TIMEOUT_MS);
    say("sockets", `customer and agent connected to ${customer.data.wssUrl}`);

    try {
      const event = { type: "click", selector: "#checkout", at: Date.now() };
      const started = performance.now();
      const received = nextMessage(agentWs, "agent");
      customerWs.send(JSON.stringify(event));
      const got = await received;
      if (JSON.stringify(got) !== JSON.stringify(event)) throw new Error(`the agent received ${JSON.stringify(got)}`);
      say(
        "event",
        `customer → agent: ${JSON.stringify(event)} relayed in ${(performance.now() - started).toFixed(1)} ms`,
      );

      const control = { type: "highlight", selector: "#checkout" };
      const back = nextMessage(customerWs, "customer");
      agentWs.send(JSON.stringify(control));
      const gotBack = await back;
      if (JSON.stringify(gotBack) !== JSON.stringify(control))
        throw new Error(`the customer received ${JSON.stringify(gotBack)}`);
      say("control", `agent → customer: ${JSON.stringify(control)} relayed`);
    } finally {
      customerWs.close();
      agentWs.close();
    }
    console.log("\ndone: both sides joined one room and exchanged an event over the WebSocket.");
  } finally {
    await mock?.close();
  }
}

main().then(
  () => process.exit(0),
  (error: unknown) => {
    // CobrowseError messages never carry the secret or a token.
    const message = error instanceof CobrowseError || error instanceof Error ? error.message : String(error);
    console.error(`\ndemo failed: ${message}`);
    process.exit(1);
  },
);
