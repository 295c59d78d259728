// Debian's Chromium driven by playwright-core (Playwright's own browser download does not work on
// these machines): headless, no sandbox (root in CI), nothing in the background that would reach
// the network, a fresh profile each launch (Playwright gives every launch a new temporary
// --user-data-dir and removes it on close). Every page records the requests it makes, its console
// errors and its uncaught exceptions.
import { type Browser, type BrowserContext, chromium, type Page } from "playwright-core";

export const CHROMIUM = process.env.CHROMIUM_PATH ?? "/usr/bin/chromium";

export interface Launched {
  browser: Browser;
  close(): Promise<void>;
}

/** `args`: more Chromium switches (`--host-resolver-rules=…` for a test that maps a name to 127.0.0.1). */
export async function launchChromium(args: string[] = []): Promise<Launched> {
  const browser = await chromium.launch({
    executablePath: CHROMIUM,
    headless: true,
    args: [
      "--no-sandbox",
      "--disable-gpu",
      "--disable-quic",
      "--no-first-run",
      "--disable-background-networking",
      "--disable-component-update",
      "--disable-sync",
      "--disable-dev-shm-usage",
      ...args,
    ],
  });
  return {
    browser,
    async close() {
      await browser.close();
    },
  };
}

export interface WatchedPage {
  page: Page;
  context: BrowserContext;
  /** Every request the page made, by URL. */
  requests: string[];
  /** Requests to any other origin than `allowed` (they are also aborted, so nothing leaves). */
  foreign: string[];
  /** Console errors and uncaught exceptions. */
  errors: string[];
  /** Every body the page received, as text (for the secret check). */
  bodies: string[];
}

export async function watchedPage(
  browser: Browser,
  allowed: string,
  options: { colorScheme?: "light" | "dark"; viewport?: { width: number; height: number }; keepBodies?: boolean } = {},
): Promise<WatchedPage> {
  const context = await browser.newContext({
    colorScheme: options.colorScheme ?? "light",
    viewport: options.viewport ?? { width: 1440, height: 900 },
  });
  const page = await context.newPage();
  const w: WatchedPage = { page, context, requests: [], foreign: [], errors: [], bodies: [] };
  const origin = new URL(allowed).origin;
  await context.route("**/*", (route) => {
    const url = route.request().url();
    const sameOrigin =
      url.startsWith(`${origin}/`) || url === origin || url.startsWith("data:") || url.startsWith("blob:");
    if (!sameOrigin) {
      w.foreign.push(url);
      return route.abort("blockedbyclient");
    }
    return route.continue();
  });
  page.on("request", (r) => w.requests.push(r.url()));
  page.on("console", (m) => {
    if (m.type() === "error") w.errors.push(`console: ${m.text()}`);
  });
  page.on("pageerror", (e) => w.errors.push(`pageerror: ${e.message}`));
  page.on("websocket", (ws) => {
    w.requests.push(ws.url());
    if (!ws.url().startsWith(origin.replace(/^http/, "ws"))) w.foreign.push(ws.url());
    if (options.keepBodies) ws.on("framereceived", (f) => w.bodies.push(String(f.payload)));
  });
  if (options.keepBodies) {
    page.on("response", (r) => {
      r.text().then(
        (t) => w.bodies.push(t),
        () => undefined,
      );
    });
  }
  return w;
}
