// proxy-from-env ships no types.
declare module "proxy-from-env" {
  /** The proxy URL for `url` from *_PROXY / ALL_PROXY, or "" (none set, or NO_PROXY matches). */
  export function getProxyForUrl(url: string | URL): string;
}
