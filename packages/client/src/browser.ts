// The browser entry: no Node API, no app secret. Tokens come from a tokenProvider.
import { CobrowseClient, type Platform } from "./client.js";
import { consoleLogger } from "./internal/log.js";
import type { CobrowseClientOptions } from "./options.js";

export * from "./common.js";

const browser: Platform = {
  // Answers are read and capped by the client (internal/body.ts); a redirect comes back opaque
  // (redirect: "manual") and is refused.
  defaultFetch: () => (input, init) => globalThis.fetch(input, init),
  credentials(o, fail) {
    if (o.appSecret !== undefined) fail("appSecret", "the browser build never takes the app secret; use tokenProvider");
    if (!o.tokenProvider) fail("tokenProvider", "missing; pass a function that gets tokens from your backend");
    if (o.userAgentSuffix !== undefined)
      fail(
        "userAgentSuffix",
        "a browser sends its own User-Agent, which a page cannot set; the browser build sends none of its own",
      );
  },
  // Only the API's own headers by default: a header the gateway's CORS policy does not list makes
  // the browser refuse the call. `attemptHeader: true` adds the attempt header.
  attemptHeader: false,
  logger: consoleLogger((level, line) => console[level](line)),
};

/**
 * Creates a client for a browser. It needs a `tokenProvider` (your backend hands out tokens)
 * and refuses `appSecret`: the secret never reaches a browser.
 */
export function createCobrowseClient(options: CobrowseClientOptions): CobrowseClient {
  return new CobrowseClient(options, browser);
}
