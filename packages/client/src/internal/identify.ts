// Identification (the spec's x-cobrowse-client-headers, through the generated constants): the
// SDK's User-Agent, `cec-cobrowse-typescript/<version> <runtime>/<version> <OS>`, with a caller's
// product token appended. The SDK version is the package's own (package.json, which the release's
// version step writes; the build inlines it): never typed twice. Browsers send their own
// User-Agent (a page cannot set it), so only the Node entry builds one. @internal
import { version } from "../../package.json";
import { clientHeaders } from "../generated/spec.js";

/** The SDK's version, as the package's package.json states it. */
export const SDK_VERSION: string = version;

/** The language token of the product name (`cec-cobrowse-typescript`). */
export const LANGUAGE = "typescript";

/** A `userAgentSuffix` the header can carry: printable ASCII, one or more product tokens or comments, at most this long. */
const SUFFIX = /^[\x21-\x7e]([\x20-\x7e]*[\x21-\x7e])?$/;
export const MAX_SUFFIX_LENGTH = 256;

/** What is wrong with a `userAgentSuffix`, or undefined when it can be sent. */
export function suffixProblem(suffix: unknown): string | undefined {
  if (typeof suffix !== "string" || !SUFFIX.test(suffix) || suffix.length > MAX_SUFFIX_LENGTH) {
    return `must be printable ASCII without leading or trailing spaces, at most ${MAX_SUFFIX_LENGTH} characters, such as "acme-contact-center/4.2"`;
  }
  return undefined;
}

/** `cec-cobrowse-typescript/0.2.0 Node.js/20.20.2 Linux`, then the caller's suffix. */
export function userAgent(runtime: string, os: string, suffix: string | undefined): string {
  const sdk = `${clientHeaders.userAgent.productPrefix}${LANGUAGE}/${SDK_VERSION} ${runtime} ${os}`;
  return suffix ? `${sdk} ${suffix}` : sdk;
}
