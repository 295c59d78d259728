// The playground's two routes on the docs server and what its configuration route answers:
// shared by the server (Node) and the playground's session (the browser), so neither spells them.
import type { Role } from "@cec-cobrowse/client/browser";

/** Where the tokenProvider asks for a token; the route holds the app secret and answers only a token. */
export const TOKEN_PATH = "/playground/token";
export const CONFIG_PATH = "/playground/config";

/** What GET /playground/config answers: everything a browser may know. */
export interface PlaygroundConfig {
  appKey: string;
  tenantSpaceId: string;
  /** The spec's sides: the customer's (recorder) and the agent's (replayer). */
  roles: { customer: Role; agent: Role };
  /** Where the tokenProvider asks for a token (relative to the page). */
  tokenPath: string;
}
