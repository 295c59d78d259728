// The playground page: two panes, one room. The customer's clicks and inputs go to the agent over
// the room's WebSocket; the agent's clicks on its view of the page come back as highlights.
import {
  type CobrowseEvent,
  decodeEvent,
  describeEvent,
  encodeEvent,
  loadConfig,
  openRoom,
  paneClient,
} from "./session.js";

const $ = <T extends HTMLElement = HTMLElement>(selector: string, root: ParentNode = document): T => {
  const el = root.querySelector<T>(selector);
  if (!el) throw new Error(`playground: ${selector} is missing`);
  return el;
};

function status(side: "customer" | "agent", state: "idle" | "connecting" | "connected" | "error", text: string): void {
  const el = $(`#${side}-status`);
  el.dataset.state = state;
  el.textContent = text;
}

function openSocket(url: string): Promise<WebSocket> {
  return new Promise((resolve, reject) => {
    const socket = new WebSocket(url);
    socket.addEventListener("open", () => resolve(socket), { once: true });
    socket.addEventListener("error", () => reject(new Error("the WebSocket was refused")), { once: true });
  });
}

const element = (root: ParentNode, target: string) => root.querySelector<HTMLElement>(`[data-cobrowse="${target}"]`);

function flash(el: HTMLElement, attribute: "flash" | "highlighted", ms: number): void {
  el.dataset[attribute] = "true";
  setTimeout(() => delete el.dataset[attribute], ms);
}

let sockets: WebSocket[] = [];

async function start(): Promise<void> {
  const button = $<HTMLButtonElement>("#start");
  button.disabled = true;
  for (const s of sockets) s.close();
  sockets = [];
  status("customer", "connecting", "Getting connection information…");
  status("agent", "connecting", "Getting connection information…");
  try {
    const origin = location.origin;
    const config = await loadConfig(origin);
    const room = await openRoom(paneClient(origin, config), paneClient(origin, config), config);
    const [customer, agent] = await Promise.all([openSocket(room.customer.url), openSocket(room.agent.url)]);
    sockets = [customer, agent];
    $("#room").textContent = `Room ${room.customer.roomId}: both sides connected.`;
    status(
      "customer",
      "connected",
      `Connected as ${config.roles.customer} (request id ${room.customer.requestId ?? "none"}).`,
    );
    status("agent", "connected", `Connected as ${config.roles.agent} (request id ${room.agent.requestId ?? "none"}).`);
    wire(customer, agent);
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    status("customer", "error", message);
    status("agent", "error", message);
    $("#room").textContent = "The session could not start.";
  } finally {
    button.disabled = false;
    button.textContent = "Start a new session";
  }
}

let wired: AbortController | undefined;

function wire(customer: WebSocket, agent: WebSocket): void {
  wired?.abort();
  wired = new AbortController();
  const { signal } = wired;
  const shop = $("#customer-shop");
  const view = $("#agent-view");
  const log = $("#agent-log");
  const send = (socket: WebSocket, event: CobrowseEvent) =>
    socket.readyState === WebSocket.OPEN && socket.send(encodeEvent(event));

  // The customer's page: clicks and inputs of the marked elements.
  shop.addEventListener(
    "click",
    (e) => {
      const target = (e.target as HTMLElement).closest<HTMLElement>("[data-cobrowse]");
      if (target && target.tagName === "BUTTON") send(customer, { type: "click", target: target.dataset.cobrowse! });
    },
    { signal },
  );
  shop.addEventListener(
    "input",
    (e) => {
      const target = e.target as HTMLInputElement;
      if (target.dataset.cobrowse)
        send(customer, { type: "input", target: target.dataset.cobrowse, value: target.value });
    },
    { signal },
  );

  // The agent's view: a click on an element highlights it on the customer's side.
  view.addEventListener(
    "click",
    (e) => {
      const target = (e.target as HTMLElement).closest<HTMLElement>("[data-cobrowse]");
      if (target) send(agent, { type: "highlight", target: target.dataset.cobrowse! });
    },
    { signal },
  );

  agent.addEventListener(
    "message",
    (m) => {
      const event = decodeEvent(m.data);
      if (!event) return;
      const item = document.createElement("li");
      item.textContent = describeEvent(event);
      log.prepend(item);
      const el = element(view, event.target);
      if (!el) return;
      if (event.type === "input" && el instanceof HTMLInputElement) el.value = event.value;
      flash(el, "flash", 800);
    },
    { signal },
  );
  customer.addEventListener(
    "message",
    (m) => {
      const event = decodeEvent(m.data);
      if (event?.type !== "highlight") return;
      const el = element(shop, event.target);
      if (el) flash(el, "highlighted", 2500);
      $("#customer-notice").textContent = `Your agent points at ${el?.textContent?.trim() || `#${event.target}`}.`;
    },
    { signal },
  );
  for (const [socket, side] of [
    [customer, "customer"],
    [agent, "agent"],
  ] as const) {
    socket.addEventListener("close", () => status(side, "idle", "Disconnected."), { signal });
  }
}

$("#start").addEventListener("click", () => void start());
