// connectUrl: the URL one side of a room opens its WebSocket at. No Node API (both entries).
import { webSocket } from "./generated/spec.js";

/** What connectUrl reads from a connection info (`getConnectionInfo`'s `data`). */
export interface ConnectUrlInfo {
  wssUrl?: string | undefined;
  wssUrlOut?: string | undefined;
  connectParam?: string | undefined;
}

/** Options of connectUrl. */
export interface ConnectUrlOptions {
  /** Use `wssUrlOut` (reachable from public networks) instead of `wssUrl` (inside the platform's network). */
  out?: boolean | undefined;
}

/**
 * The URL a side connects its WebSocket to: `wssUrl` (or `wssUrlOut` with `{ out: true }`)
 * with the `connectParam` query parameter the spec defines (`?connectParam=`, or
 * `&connectParam=` when the URL already has a query), the value URL-encoded.
 * Throws a TypeError naming the field when the URL or the connectParam is missing.
 */
export function connectUrl(info: ConnectUrlInfo, options: ConnectUrlOptions = {}): string {
  const base = options.out ? info.wssUrlOut : info.wssUrl;
  if (!base)
    throw new TypeError(`connectUrl: ${options.out ? "wssUrlOut" : "wssUrl"} is missing from the connection info`);
  if (!info.connectParam) throw new TypeError("connectUrl: connectParam is missing from the connection info");
  const separator = base.includes("?") ? "&" : "?";
  return `${base}${separator}${webSocket.connectParam}=${encodeURIComponent(info.connectParam)}`;
}
