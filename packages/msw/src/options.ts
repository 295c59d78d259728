// The options every handler takes, and the operation ids of the spec's types.
import type { operations } from "@cec-cobrowse/types";

/** An operation of the spec, by operationId. */
export type OperationId = keyof operations;

export interface MswOptions {
  /**
   * Where the API is, such as `https://service.besclouds.com` (a base path is kept). Default `*`:
   * any origin, so the handlers catch the API's paths whatever `baseUrl` the code under test uses.
   */
  baseUrl?: string;
}

export interface ScenarioOptions extends MswOptions {
  /** Answer only the first matching request, then let the next handler (the defaults) answer. Default true. */
  once?: boolean;
}

export function base(options: MswOptions): string {
  return (options.baseUrl ?? "*").replace(/\/+$/, "");
}
