// The room's WebSocket URL as the spec names it: the answer's field a side connects at (one of
// x-cobrowse-room's webSocketUrls) and the URL it opens there, with the query parameters of
// x-cobrowse-rules.websocket. The suite's one builder: the client's connectUrl
// (@cec-cobrowse/client) is not a dependency of the published suite, and writes the names the
// spec states (connectParam, wssUrl) as constants, where the suite reads them from the spec it
// is given.
import type { WebSocketRule } from "@cec-cobrowse/spec";
import type { SuiteRules } from "./rules.js";

/** The answer's WebSocket URL field the suite connects to: the last of x-cobrowse-room's webSocketUrls (the public one, wssUrlOut). */
export const connectUrlField = (rules: SuiteRules): string => rules.connection.room.webSocketUrls.at(-1)!;

/** The URL a side connects to: the answer's WebSocket URL with its connectParam (and other query parameters) added. */
export function connectUrl(
  ws: WebSocketRule,
  base: string,
  param: string | undefined,
  extra: Record<string, string> = {},
): string {
  const url = new URL(base);
  if (param !== undefined) url.searchParams.set(ws.connectParam, param);
  for (const [k, v] of Object.entries(extra)) url.searchParams.set(k, v);
  return url.href;
}
