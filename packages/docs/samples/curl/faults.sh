#!/usr/bin/env bash
# A fault for one scope of the mock's control API (cobrowse-mock exec sets COBROWSE_MOCK_CONTROL_URL and
# COBROWSE_MOCK_CONTROL_TOKEN): the scope's next request answers 503 with Retry-After: 1, then all is as usual.
set -euo pipefail
scope="docs-$$"
control=(-H "Authorization: Bearer $COBROWSE_MOCK_CONTROL_TOKEN" -H "X-Mock-Scope: $scope")

curl -sS --fail-with-body -X POST "$COBROWSE_MOCK_CONTROL_URL/faults" "${control[@]}" \
  -H 'Content-Type: application/json' -d '{"count": 1, "status": 503, "retryAfter": 1}'
echo

body=$(jq -n --arg key "$COBROWSE_APP_KEY" --arg secret "$COBROWSE_APP_SECRET" '{app_key: $key, app_secret: $secret}')
for attempt in 1 2; do
  printf '%s' "$body" | curl -sS -o /dev/null -w "attempt $attempt: %{http_code}\n" \
    -X POST "$COBROWSE_BASE_URL/apigovernance/api/oauth/tokenByAkSk" \
    -H "X-Mock-Scope: $scope" -H 'Content-Type: application/json' --data-binary @-
done

curl -sS --fail-with-body -o /dev/null -X DELETE "$COBROWSE_MOCK_CONTROL_URL/faults" "${control[@]}"
