// `cobrowse-contract proxy --target URL`: relays an application's own traffic to the deployment
// unchanged and judges every exchange with the suite's judge; violations print as they are found,
// and every reporter gets them on exit (Ctrl-C, SIGTERM or --duration).
import { writeFileSync } from "node:fs";
import { parseArgs } from "node:util";
import type { SpecValidator } from "@cec-cobrowse/spec";
import { loadSpec } from "@cec-cobrowse/spec/file";
import { PROFILES, type Profile } from "../profile.js";
import { startContractProxy } from "../proxy/proxy.js";
import { liveLine } from "../reporters/live.js";
import {
  baselineOption,
  clearReplays,
  colorOn,
  DEFAULT_FAILURES_DIR,
  machineToStdout,
  outputsOf,
  parseInteger,
  saveReplays,
  UsageError,
  updateBaseline,
  writeReports,
} from "./common.js";

export const DEFAULT_PROXY_PORT = 4020;

export const PROXY_USAGE = `Usage: cobrowse-contract proxy --target URL [options]

A reverse proxy in front of a deployment: your application's requests (and the room's WebSocket
upgrades) go through it unchanged, byte for byte, and every exchange is judged with the contract
suite's own judge: the documented status, the body's schema for that status, the headers, the
rules one exchange shows, and the token and room flow across exchanges (a token or connectParam
used after its token expired, a replayer joining a room no recorder created...). Each violation
prints as it is found (secrets redacted); on exit (Ctrl-C, SIGTERM or --duration) the report goes
to every reporter asked for. Prints "listening on http://HOST:PORT" when ready.

  --target URL              the deployment (http or https; a path in it prefixes every request's);
                            default $COBROWSE_BASE_URL
  --port N                  the port to listen on (default ${DEFAULT_PROXY_PORT}; 0 takes a free port)
  --host HOST               the address to listen on (default 127.0.0.1)
  --preserve-host           forward the client's Host header (the deployment then builds its URLs,
                            the room's WebSocket URLs included, on the proxy's address); by default
                            Host is the target's, the one header a reverse proxy changes
  --duration SECONDS        stop after this long (default: until Ctrl-C or SIGTERM)
  --record FILE.har         write the traffic as HAR 1.2 on exit, the app secret, tokens and
                            connectParams as pseudonyms ([REDACTED:token-1]...)
  --profile spec|vendor     spec (default): fail on vendor facts and the spec's decisions;
                            vendor: fail only on vendor facts, list broken decisions as divergences
  --spec FILE               judge by this OpenAPI document instead of the shipped spec
  --reporter R, --output F  pretty|junit|json|html|sarif, repeatable, paired in order (default pretty)
  --baseline FILE           accepted failures: only new ones fail; --update-baseline writes FILE
  --save-failures DIR       save each failure's replay file in DIR (default ${DEFAULT_FAILURES_DIR})
  --no-save-failures        do not
  --no-color, -h/--help

Exit status: 0 no violation was seen, 1 one was, 2 bad usage.
`;

export async function proxyMain(argv: string[], env: NodeJS.ProcessEnv): Promise<number> {
  let parsed;
  try {
    parsed = parseArgs({
      args: argv,
      strict: true,
      tokens: true,
      allowPositionals: false,
      options: {
        target: { type: "string" },
        port: { type: "string" },
        host: { type: "string" },
        "preserve-host": { type: "boolean" },
        duration: { type: "string" },
        record: { type: "string" },
        profile: { type: "string" },
        spec: { type: "string" },
        reporter: { type: "string", multiple: true },
        output: { type: "string", multiple: true },
        baseline: { type: "string" },
        "update-baseline": { type: "boolean" },
        "save-failures": { type: "string" },
        "no-save-failures": { type: "boolean" },
        "no-color": { type: "boolean" },
        help: { type: "boolean", short: "h" },
      },
    });
  } catch (error) {
    process.stderr.write(`cobrowse-contract proxy: ${(error as Error).message}\n\n${PROXY_USAGE}`);
    return 2;
  }
  const v = parsed.values;
  if (v.help) {
    process.stdout.write(PROXY_USAGE);
    return 0;
  }
  try {
    v.target ??= env.COBROWSE_BASE_URL || undefined;
    if (v.target === undefined)
      throw new UsageError(
        "--target URL is required (or COBROWSE_BASE_URL): the deployment to relay to (e.g. https://gateway.example.com)",
      );
    try {
      const url = new URL(v.target);
      if (url.protocol !== "http:" && url.protocol !== "https:") throw new Error();
    } catch {
      throw new UsageError(`--target must be an http(s) URL (got ${JSON.stringify(v.target)})`);
    }
    if (v.profile !== undefined && !(PROFILES as readonly string[]).includes(v.profile))
      throw new UsageError(`--profile must be ${PROFILES.join(" or ")} (got ${JSON.stringify(v.profile)})`);
    const port = parseInteger("--port", v.port, 0) ?? DEFAULT_PROXY_PORT;
    if (port > 65535) throw new UsageError(`--port must be at most 65535 (got ${port})`);
    const duration = v.duration === undefined ? undefined : Number(v.duration);
    if (duration !== undefined && !(Number.isFinite(duration) && duration > 0))
      throw new UsageError(`--duration must be a positive number of seconds (got ${JSON.stringify(v.duration)})`);
    const outputs = outputsOf(parsed.tokens ?? []);
    const baseline = baselineOption(v.baseline, v["update-baseline"]);
    let spec: SpecValidator | undefined;
    try {
      if (v.spec !== undefined) spec = await loadSpec(v.spec);
    } catch (error) {
      throw new UsageError(`--spec ${(error as Error).message}`);
    }
    const profile = (v.profile ?? "spec") as Profile;
    const progress = machineToStdout(outputs) ? process.stderr : process.stdout;
    const color = colorOn(v["no-color"], env, progress);
    const accepted = new Set(baseline?.entries.map((e) => e.fingerprint) ?? []);
    const again = [
      `cobrowse-contract validate ${v.record ?? "<recording.har>"}`,
      ...(profile !== "spec" ? [`--profile ${profile}`] : []),
      ...(v.spec ? [`--spec ${v.spec}`] : []),
    ].join(" ");
    const proxy = await startContractProxy({
      target: v.target,
      port,
      host: v.host ?? "127.0.0.1",
      preserveHost: v["preserve-host"] === true,
      profile,
      ...(spec ? { spec } : {}),
      ...(baseline ? { baseline } : {}),
      ...(v.baseline ? { baselineFile: v.baseline } : {}),
      record: v.record !== undefined,
      replay: v.record
        ? again
        : `run the traffic through cobrowse-contract proxy --target ${v.target} again (add --record FILE.har to judge it again with validate)`,
      onFailure: (note) => progress.write(liveLine(note, { profile, accepted, color })),
    }).catch((error: NodeJS.ErrnoException) => {
      throw new UsageError(
        error.code === "EADDRINUSE"
          ? `--port ${port} is in use; pick another (--port 0 takes a free one)`
          : error.message,
      );
    });
    process.stdout.write(`listening on ${proxy.url}\n`);
    progress.write(
      `cobrowse-contract proxy: ${proxy.url} → ${v.target}, judged against ${proxy.judge.state.options.spec.document.info.title} ${proxy.judge.state.options.spec.document.info.version} (profile ${profile}); violations print as they are found; stop with Ctrl-C${duration ? ` or after ${duration} s` : ""}\n`,
    );
    await new Promise<void>((resolve) => {
      const stop = () => resolve();
      process.once("SIGINT", stop);
      process.once("SIGTERM", stop);
      if (duration !== undefined) setTimeout(stop, duration * 1000).unref();
    });
    const report = await proxy.stop();
    const note = (t: string) => progress.write(t);
    if (v.record !== undefined) {
      writeFileSync(v.record, `${JSON.stringify(proxy.har(), null, 2)}\n`);
      note(`recording (HAR, ${proxy.exchanges.length} entries, secrets as pseudonyms) written to ${v.record}\n`);
    }
    const failuresDir = v["no-save-failures"] ? undefined : (v["save-failures"] ?? DEFAULT_FAILURES_DIR);
    if (failuresDir) {
      clearReplays(failuresDir);
      // only a request's replay re-sends something: a flow's cannot be replayed alone
      for (const r of report.results) saveReplays(failuresDir, r, (mode) => mode === "request");
    }
    writeReports(report, outputs, note, v.spec, false);
    if (v["update-baseline"]) {
      updateBaseline(v.baseline!, report, note);
      return 0;
    }
    return report.ok ? 0 : 1;
  } catch (error) {
    process.stderr.write(`cobrowse-contract proxy: ${(error as Error).message}\n`);
    return 2;
  }
}
