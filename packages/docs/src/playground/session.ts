// The playground's session, without the DOM: the configuration from the docs server (never the
// secret), one browser client per pane whose tokenProvider asks the docs server's token route,
// getConnectionInfo for both sides of one room, and the events the panes exchange.
import { type CobrowseClient, connectUrl, createCobrowseClient } from "@cec-cobrowse/client/browser";
import { CONFIG_PATH, type PlaygroundConfig } from "./routes.js";

export { CONFIG_PATH, type PlaygroundConfig } from "./routes.js";

export async function loadConfig(origin: string, fetchImpl: typeof fetch = fetch): Promise<PlaygroundConfig> {
  const res = await fetchImpl(new URL(CONFIG_PATH, origin));
  if (!res.ok) throw new Error(`the docs server answered ${res.status} to ${CONFIG_PATH}`);
  return (await res.json()) as PlaygroundConfig;
}

/** A pane's client: the browser build, its API on the page's origin, tokens from the docs server. */
export function paneClient(
  origin: string,
  config: PlaygroundConfig,
  options: { fetch?: typeof fetch; retryBaseDelayMs?: number } = {},
): CobrowseClient {
  const fetchImpl = options.fetch ?? ((input: RequestInfo | URL, init?: RequestInit) => globalThis.fetch(input, init));
  return createCobrowseClient({
    baseUrl: origin,
    appKey: config.appKey,
    tenantSpaceId: config.tenantSpaceId,
    fetch: fetchImpl,
    ...(options.retryBaseDelayMs === undefined
      ? {}
      : { retryBaseDelayMs: options.retryBaseDelayMs, retryMaxDelayMs: options.retryBaseDelayMs * 4 }),
    tokenProvider: async ({ signal }) => {
      const res = await fetchImpl(new URL(config.tokenPath, origin), { signal: signal ?? null });
      if (!res.ok) throw new Error(`the docs server's token route answered ${res.status}`);
      return (await res.json()) as { accessToken: string; expiresIn: number };
    },
  });
}

export interface Side {
  roomId: string;
  /** The URL this side opens its WebSocket at (wssUrlOut with its connectParam). */
  url: string;
  requestId: string | undefined;
}

/** getConnectionInfo for the customer (naming a new room), then for the agent in that room. */
export async function openRoom(
  customer: CobrowseClient,
  agent: CobrowseClient,
  config: PlaygroundConfig,
): Promise<{ customer: Side; agent: Side }> {
  const c = await customer.getConnectionInfo({
    role: config.roles.customer,
    userId: "customer-42",
    userName: "Alex Doe",
  });
  const roomId = c.data.roomId;
  if (!roomId) throw new Error("getConnectionInfo answered no roomId for the customer");
  const a = await agent.getConnectionInfo({ role: config.roles.agent, roomId, workNo: "667" });
  if (a.data.roomId !== roomId) throw new Error(`the agent was given room ${a.data.roomId}, not ${roomId}`);
  return {
    customer: { roomId, url: connectUrl(c.data, { out: true }), requestId: c.requestId },
    agent: { roomId, url: connectUrl(a.data, { out: true }), requestId: a.requestId },
  };
}

/** What crosses the room: the customer's clicks and inputs, the agent's highlights. */
export type CobrowseEvent =
  | { type: "click"; target: string }
  | { type: "input"; target: string; value: string }
  | { type: "highlight"; target: string };

export function encodeEvent(event: CobrowseEvent): string {
  return JSON.stringify(event);
}

/** The event in a message, or undefined for anything else (the room relays whatever a side sends). */
export function decodeEvent(data: unknown): CobrowseEvent | undefined {
  if (typeof data !== "string") return undefined;
  let value: unknown;
  try {
    value = JSON.parse(data);
  } catch {
    return undefined;
  }
  if (typeof value !== "object" || value === null) return undefined;
  const e = value as Record<string, unknown>;
  if (typeof e.target !== "string" || !/^[\w-]{1,64}$/.test(e.target)) return undefined;
  if (e.type === "click" || e.type === "highlight") return { type: e.type, target: e.target };
  if (e.type === "input" && typeof e.value === "string")
    return { type: "input", target: e.target, value: e.value.slice(0, 256) };
  return undefined;
}

/** A line of the agent's log or the customer's notice. */
export function describeEvent(event: CobrowseEvent): string {
  switch (event.type) {
    case "click":
      return `click on #${event.target}`;
    case "input":
      return `input in #${event.target}: "${event.value}"`;
    case "highlight":
      return `highlight of #${event.target}`;
  }
}
