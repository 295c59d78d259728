import type { Operation } from "@cec-cobrowse/spec";
import type { CheckContext } from "../context.js";
import type { Exchange } from "../http.js";
import type { Breach } from "./breaches.js";
import type { TrafficExchange } from "./exchange.js";
import type { FlowState } from "./flow.js";

/** One observed exchange, read once for every traffic check. */
export interface View {
  t: TrafficExchange;
  /** The exchange as the suite's judge and reporters take it. */
  x: Exchange;
  /** The operation of the spec it was made to (undefined for a WebSocket handshake or a method the path lacks). */
  op: Operation | undefined;
  /** What the request breaks, as far as this one exchange shows. */
  breaches: Breach[];
  /** The request's JSON body, when it is an object. */
  body: Record<string, unknown> | undefined;
  /** The answer's JSON body, when it is an object. */
  answer: Record<string, unknown> | undefined;
}

/** A check of observed traffic: a stable id, what it checks, where the spec says so, and its judgement of one exchange. */
export interface TrafficCheck {
  id: string;
  title: string;
  specLocations: string[];
  /** Judges one exchange (in the order the answers ended), the flow so far given; records failures on `ctx`. */
  judge(ctx: CheckContext, v: View, flow: FlowState): void;
}
