"""cec_cobrowse: the co-browsing API's Python client, with the token lifecycle, retries within
one attempt budget, bounded attempts and typed errors, on top of the generated client
(``cec_cobrowse_client``).

    from cec_cobrowse import from_env
    client = from_env()  # COBROWSE_BASE_URL, COBROWSE_APP_KEY, COBROWSE_APP_SECRET, COBROWSE_TENANT_SPACE_ID
    customer = client.get_connection_info("recorder", user_id="customer-42")
    agent = client.get_connection_info("replayer", customer.data.room_id, work_no="667")
"""

from ._client import ENV_VARS, ROLES, AccessToken, CobrowseClient, ConnectionInfoResult, from_env
from ._hooks import ErrorEvent, Hooks, RequestEvent, ResponseEvent
from ._identity import sdk_version as _sdk_version
from ._log import configure_from_env as _configure_logging
from .errors import (
    ApiError,
    AuthenticationError,
    BadRequestError,
    CobrowseError,
    ConfigurationError,
    InternalServerError,
    NetworkError,
    NotFoundError,
    PayloadTooLargeError,
    RateLimitError,
    ResponseTooLargeError,
    TimeoutError,
    UnsupportedMediaTypeError,
    ValidationError,
)

__version__ = _sdk_version()

#: COBROWSE_LOG=debug|info|warn|off sets the "cec_cobrowse" logger's level (README: Logging).
_configure_logging()

__all__ = [
    "ENV_VARS",
    "ROLES",
    "AccessToken",
    "ApiError",
    "AuthenticationError",
    "BadRequestError",
    "CobrowseClient",
    "CobrowseError",
    "ConfigurationError",
    "ConnectionInfoResult",
    "ErrorEvent",
    "Hooks",
    "InternalServerError",
    "NetworkError",
    "NotFoundError",
    "PayloadTooLargeError",
    "RateLimitError",
    "RequestEvent",
    "ResponseEvent",
    "ResponseTooLargeError",
    "TimeoutError",
    "UnsupportedMediaTypeError",
    "ValidationError",
    "__version__",
    "from_env",
]
