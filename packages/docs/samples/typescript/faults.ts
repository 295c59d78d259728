// Testing against the mock: faults through its control API, in a scope of this test's own
// (X-Mock-Scope), so tests sharing one mock never see each other's faults.
import { randomUUID } from "node:crypto";
import { fromEnv } from "@cec-cobrowse/client";

const control = process.env.COBROWSE_MOCK_CONTROL_URL!; // set by cobrowse-mock exec, with the token
const scope = `docs-${randomUUID()}`;
const headers = { Authorization: `Bearer ${process.env.COBROWSE_MOCK_CONTROL_TOKEN}`, "X-Mock-Scope": scope };
const { last } = await (await fetch(`${control}/requests`, { headers })).json();

// Two 503s with Retry-After: 1 for getConnectionInfo, then the mock answers as usual.
await fetch(`${control}/faults`, {
  method: "POST",
  headers: { ...headers, "content-type": "application/json" },
  body: JSON.stringify({ operationId: "getConnectionInfo", count: 2, status: 503, retryAfter: 1 }),
});

const client = fromEnv(process.env, { headers: { "X-Mock-Scope": scope } });
const { data } = await client.getConnectionInfo({ role: "recorder" });

// The request log (operation and status of each request, no headers or bodies) shows the retries.
const { requests } = await (await fetch(`${control}/requests?since=${last}`, { headers })).json();
const statuses = requests
  .filter((r: { operationId: string }) => r.operationId === "getConnectionInfo")
  .map((r: { status: number }) => r.status);
console.log(`room ${data.roomId}: getConnectionInfo answered ${statuses.join(", ")}`);
await fetch(`${control}/faults`, { method: "DELETE", headers });
