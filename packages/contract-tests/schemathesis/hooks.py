"""Schemathesis hooks for the co-browsing API: the spec's token flow as auth.

Loaded with SCHEMATHESIS_HOOKS=<this file> (see scripts/schemathesis.mjs). The token comes
from tokenByAkSk with the credentials in COBROWSE_APP_KEY / COBROWSE_APP_SECRET, at the
deployment in COBROWSE_BASE_URL; x-app-key and X-TenantSpaceID are the other two security
headers of getConnectionInfo. The secret is never printed.
"""

import json
import os
import urllib.request

import schemathesis

TOKEN_PATH = "/apigovernance/api/oauth/tokenByAkSk"


def _env(name: str) -> str:
    value = os.environ.get(name, "")
    if not value:
        raise RuntimeError(f"{name} is not set; run through `cobrowse-mock exec` or set it for your deployment")
    return value


# Refresh well inside the token's default 600-second lifetime; on a 401 Schemathesis
# fetches a new token and replays once (retry_on defaults to [401]).
@schemathesis.auth(refresh_interval=300)
class TokenByAkSk:
    """Bearer token from tokenByAkSk, plus the app key and tenant space headers."""

    def get(self, case, context):
        body = json.dumps({"app_key": _env("COBROWSE_APP_KEY"), "app_secret": _env("COBROWSE_APP_SECRET")}).encode()
        request = urllib.request.Request(
            _env("COBROWSE_BASE_URL").rstrip("/") + TOKEN_PATH,
            data=body,
            method="POST",
            headers={"Content-Type": "application/json", "Accept": "application/json"},
        )
        with urllib.request.urlopen(request, timeout=10) as response:
            if response.status != 200:
                raise RuntimeError(
                    f"tokenByAkSk answered {response.status}; check COBROWSE_APP_KEY / COBROWSE_APP_SECRET"
                )
            return json.load(response)["AccessToken"]

    def set(self, case, data, context):
        case.headers = case.headers or {}
        case.headers["Authorization"] = f"Bearer {data}"
        case.headers["x-app-key"] = _env("COBROWSE_APP_KEY")
        case.headers["X-TenantSpaceID"] = _env("COBROWSE_TENANT_SPACE_ID")
