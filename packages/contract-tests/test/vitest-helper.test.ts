// The documented way to use the suite from a consumer's own vitest run.
import { afterAll } from "vitest";
import { contractTests } from "../src/vitest.js";
import { mock } from "./support/servers.js";

let server: Awaited<ReturnType<typeof mock>> | undefined;
afterAll(() => server?.close());

contractTests({
  name: "contract via the vitest helper",
  cases: 25,
  seed: 11,
  skip: ["token.lifetime"],
  target: async () => {
    server = await mock();
    return server.target;
  },
});

contractTests({
  name: "contract via the vitest helper, stateless",
  cases: 5,
  seed: 12,
  stateless: true,
  only: ["token.", "flow.both-roles"],
  target: async () => {
    server ??= await mock();
    return server.target;
  },
});
