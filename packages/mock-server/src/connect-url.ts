// Kept until @cec-cobrowse/client exports it (the demo imports it from here meanwhile).
/** The URL a side connects its WebSocket to: `wssUrl` (or `wssUrlOut`) with `?connectParam=`. */
export function connectUrl(
  info: { wssUrl?: string; wssUrlOut?: string; connectParam?: string },
  options: { out?: boolean } = {},
): string {
  const base = options.out ? info.wssUrlOut : info.wssUrl;
  if (!base) throw new TypeError(`connectUrl: ${options.out ? "wssUrlOut" : "wssUrl"} is missing from the connection info`);
  if (!info.connectParam) throw new TypeError("connectUrl: connectParam is missing from the connection info");
  const sep = base.includes("?") ? "&" : "?";
  return `${base}${sep}connectParam=${encodeURIComponent(info.connectParam)}`;
}
