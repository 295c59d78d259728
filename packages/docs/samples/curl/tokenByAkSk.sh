#!/usr/bin/env bash
# tokenByAkSk from a backend: the app key and secret for a bearer token (here for 600 s).
# jq writes the JSON body, so the secret is neither on the command line nor mis-quoted.
set -euo pipefail
jq -n --arg key "$COBROWSE_APP_KEY" --arg secret "$COBROWSE_APP_SECRET" '{app_key: $key, app_secret: $secret}' |
  curl -sS --fail-with-body -X POST "$COBROWSE_BASE_URL/apigovernance/api/oauth/tokenByAkSk" \
    -H 'Content-Type: application/json' \
    -H 'X-Token-Expire: 600' \
    --data-binary @-
