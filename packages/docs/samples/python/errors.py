# Errors, retries and timeouts: every error is a CobrowseError; ApiError carries the status,
# error_code, error_reason and request id. 429, 5xx, 408 and network errors are retried with
# backoff (honouring Retry-After), and each attempt gets its own timeout.
from cec_cobrowse import ApiError, AuthenticationError, TimeoutError, ValidationError, from_env

client = from_env(timeout=5, max_retries=2)

# A body the spec's schema refuses is stopped before anything is sent.
try:
    client.get_connection_info("viewer")
except ValidationError as e:
    print(f"not sent: {e}")

# A wrong secret: tokenByAkSk answers 401, which is not retried.
wrong = from_env(app_secret="not-the-secret")
try:
    wrong.get_connection_info("recorder")
except AuthenticationError as e:
    print(f"authentication failed: {e.status} {e.error_code} (request id {e.request_id})")
except ApiError as e:
    print(f"API error: {e.status} {e.error_code} {e.error_reason}")
except TimeoutError as e:
    print(f"no answer within {e.timeout} s")
