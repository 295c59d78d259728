# tokenByAkSk through the client: it fetches the token on first need, caches it and refreshes it
# ahead of expiry, so you rarely call it yourself (a backend route that hands tokens to browsers does).
from cec_cobrowse import from_env

client = from_env()  # COBROWSE_BASE_URL, COBROWSE_APP_KEY, COBROWSE_APP_SECRET, COBROWSE_TENANT_SPACE_ID
token = client.get_token()
print(f"token: {len(token.access_token)} characters, used for {int(token.expires_in)} s")
