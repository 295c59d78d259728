// The validating proxy as a library: the relay (server.ts) with the traffic judge behind it, and
// the exchanges kept for a HAR recording when asked.
import type { SpecValidator } from "@cec-cobrowse/spec";
import type { Har } from "../har/har.js";
import { harOf } from "../har/write.js";
import type { Profile } from "../profile.js";
import type { TrafficExchange } from "../traffic/exchange.js";
import { TrafficJudge } from "../traffic/judge.js";
import type { Baseline, FailureNote, Report } from "../types.js";
import { type RelayOptions, startRelay } from "./server.js";

export interface ContractProxyOptions extends Omit<RelayOptions, "onExchange"> {
  spec?: SpecValidator;
  profile?: Profile;
  baseline?: Baseline;
  baselineFile?: string;
  /** Told of every violation as it is found (secrets redacted). */
  onFailure?: (note: FailureNote) => void;
  /** Keep every exchange, for `har()` (memory grows with the traffic). */
  record?: boolean;
  /** The command the report names to judge this traffic again. */
  replay?: string;
}

export interface ContractProxy {
  /** `http://HOST:PORT` */
  url: string;
  judge: TrafficJudge;
  /** The exchanges kept (with `record`). */
  readonly exchanges: readonly TrafficExchange[];
  /** The recording so far, secrets as pseudonyms. */
  har(): Har;
  /** Stops the proxy (the exchanges in flight get `graceMs` to end) and resolves with the report. */
  stop(graceMs?: number): Promise<Report>;
}

export async function startContractProxy(options: ContractProxyOptions): Promise<ContractProxy> {
  const judge = new TrafficJudge({
    target: options.target,
    source: { mode: "proxy", source: options.target },
    ...(options.spec ? { spec: options.spec } : {}),
    ...(options.profile ? { profile: options.profile } : {}),
    ...(options.baseline ? { baseline: options.baseline } : {}),
    ...(options.baselineFile ? { baselineFile: options.baselineFile } : {}),
    ...(options.onFailure ? { onFailure: options.onFailure } : {}),
    ...(options.replay ? { replay: options.replay } : {}),
  });
  const exchanges: TrafficExchange[] = [];
  const relay = await startRelay({
    ...options,
    onExchange: (t) => {
      if (options.record) exchanges.push(t);
      judge.judge(t);
    },
  });
  return {
    url: relay.url,
    judge,
    exchanges,
    har: () => harOf(exchanges, judge.state.options.spec, options.target),
    async stop(graceMs) {
      await relay.close(graceMs);
      return judge.report();
    },
  };
}
