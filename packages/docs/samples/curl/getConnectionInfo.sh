#!/usr/bin/env bash
# getConnectionInfo for both sides of room 1001202404: the customer (recorder), then the agent (replayer).
set -euo pipefail
token=$(jq -n --arg key "$COBROWSE_APP_KEY" --arg secret "$COBROWSE_APP_SECRET" '{app_key: $key, app_secret: $secret}' |
  curl -sS --fail-with-body -X POST "$COBROWSE_BASE_URL/apigovernance/api/oauth/tokenByAkSk" \
    -H 'Content-Type: application/json' --data-binary @- | jq -r .AccessToken)

connection_info() {
  curl -sS --fail-with-body -X POST "$COBROWSE_BASE_URL/apiaccess/api/cobrowse/getConnectionInfo" \
    -H "Authorization: Bearer $token" \
    -H "x-app-key: $COBROWSE_APP_KEY" \
    -H "X-TenantSpaceID: $COBROWSE_TENANT_SPACE_ID" \
    -H 'Content-Type: application/json' \
    -d "$1"
  echo
}
connection_info '{"roomId": "1001202404", "role": "recorder", "userId": "customer-42", "userName": "Alex Doe"}'
connection_info '{"roomId": "1001202404", "role": "replayer", "workNo": "667"}'
