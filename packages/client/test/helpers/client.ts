import { type CobrowseClientOptions, createCobrowseClient } from "../../src/index.js";
import type { TestMock } from "./mock.js";

/** A client of the mock over its checked fetch, with short retry delays unless told otherwise. */
export function clientFor(mock: TestMock, options: Partial<CobrowseClientOptions> = {}) {
  return createCobrowseClient({
    baseUrl: mock.url,
    ...mock.creds,
    retryBaseDelayMs: 10,
    retryMaxDelayMs: 50,
    fetch: mock.fetch,
    ...options,
  });
}
