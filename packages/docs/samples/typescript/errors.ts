// Errors, retries and timeouts: every error is a CobrowseError; ApiError carries the status,
// errorCode, errorReason and request id. 429, 5xx, 408 and network errors are retried with backoff
// (honouring Retry-After), and each attempt gets its own timeout.
import { ApiError, AuthenticationError, fromEnv, TimeoutError, ValidationError } from "@cec-cobrowse/client";

const client = fromEnv(process.env, { timeoutMs: 5_000, maxRetries: 2 });

// A body the spec's schema refuses is stopped before anything is sent.
try {
  await client.getConnectionInfo({ role: "viewer" as "recorder" });
} catch (e) {
  if (!(e instanceof ValidationError)) throw e;
  console.log(`not sent: ${e.message}`);
}

// A wrong secret: tokenByAkSk answers 401, which is not retried.
const wrong = fromEnv(process.env, { appSecret: "not-the-secret" });
try {
  await wrong.getConnectionInfo({ role: "recorder" });
} catch (e) {
  if (e instanceof AuthenticationError)
    console.log(`authentication failed: ${e.status} ${e.errorCode} (request id ${e.requestId})`);
  else if (e instanceof ApiError) console.log(`API error: ${e.status} ${e.errorCode} ${e.errorReason}`);
  else if (e instanceof TimeoutError) console.log(`no answer within ${e.timeoutMs} ms`);
  else throw e;
}
