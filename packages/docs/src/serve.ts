#!/usr/bin/env node
// `pnpm docs:serve`: serves the built portal (dist/) with the embedded mock beside it on one origin.
// Prints exactly one line to stdout, `listening on http://HOST:PORT`; notes go to stderr.
import { docsOptionsFromEnv, startDocsServer } from "./server.js";

const note = (line: string) => process.stderr.write(`docs: ${line}\n`);

async function main(): Promise<void> {
  const docs = await startDocsServer(docsOptionsFromEnv());
  note(
    `embedded mock ${docs.mock.url} behind ${docs.url} (the API's paths and /ws/cobrowse/ go to it; app key ${docs.mock.credentials.appKey})`,
  );
  note(
    `playground ${docs.url}/playground.html; the app secret stays on this server (its token route answers tokens only)`,
  );
  process.stdout.write(`listening on ${docs.url}\n`);
  let stopping = false;
  const stop = (signal: NodeJS.Signals) => {
    if (stopping) process.exit(1);
    stopping = true;
    note(`${signal}: shutting down`);
    docs.close().then(
      () => process.exit(0),
      () => process.exit(1),
    );
  };
  process.on("SIGINT", stop);
  process.on("SIGTERM", stop);
}

main().catch((error: unknown) => {
  process.stderr.write(`docs: cannot start: ${(error as Error).message}\n`);
  process.exit(1);
});
