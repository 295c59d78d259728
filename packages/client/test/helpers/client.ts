import { createCobrowseClient, type CobrowseClientOptions } from "../../src/index.js";
import type { FakeServer } from "./fake-server.js";

/** A client of the fake server, with short retry delays unless told otherwise. */
export function clientFor(fake: FakeServer, options: Partial<CobrowseClientOptions> = {}) {
  return createCobrowseClient({
    baseUrl: fake.url,
    ...fake.creds,
    retryBaseDelayMs: 10,
    retryMaxDelayMs: 50,
    ...options,
  });
}
