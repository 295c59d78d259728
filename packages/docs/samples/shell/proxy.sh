#!/usr/bin/env bash
# Validate your own traffic: put cobrowse-contract proxy between your application and the
# deployment ($COBROWSE_BASE_URL), run the application through it, stop the proxy (Ctrl-C, or
# SIGINT as here), then judge its recording again offline with cobrowse-contract validate.
set -euo pipefail
cobrowse-contract proxy --target "$COBROWSE_BASE_URL" --port 0 --record traffic.har \
  --reporter junit --output traffic.xml > proxy.log &
proxy=$!
until grep -q '^listening on ' proxy.log; do sleep 0.1; done
url=$(sed -n 's/^listening on //p' proxy.log)

# The application, pointed at the proxy: a token, then both sides of one room.
token=$(curl -sS -X POST "$url/apigovernance/api/oauth/tokenByAkSk" -H 'Content-Type: application/json' \
  --data-raw "{\"app_key\":\"$COBROWSE_APP_KEY\",\"app_secret\":\"$COBROWSE_APP_SECRET\"}" | jq -r .AccessToken)
room=""
for role in recorder replayer; do
  body=$(jq -cn --arg role "$role" --arg room "$room" 'if $room == "" then {role: $role} else {role: $role, roomId: $room} end')
  room=$(curl -sS -X POST "$url/apiaccess/api/cobrowse/getConnectionInfo" -H 'Content-Type: application/json' \
    -H "Authorization: Bearer $token" -H "x-app-key: $COBROWSE_APP_KEY" -H "X-TenantSpaceID: $COBROWSE_TENANT_SPACE_ID" \
    --data-raw "$body" | jq -r .data.roomId)
done

kill -INT "$proxy"
status=0
wait "$proxy" || status=$?
echo "proxy exit status: $status (0: no violation)"
grep -o '<testsuite [^>]*>' traffic.xml | head -n 1
cobrowse-contract validate traffic.har --no-color --no-save-failures | tail -n 1
