#!/usr/bin/env bash
# The curl walkthrough of docs/api.md, runnable against a live server:
#
#   bash docs/walkthrough.sh http://localhost:8080
#
# It signs up a new workspace, so it can run again and again on one server.
# Every command block of the walkthrough in docs/api.md is copied from here
# (walkthrough_test.go checks it); here each step also checks its status code
# and stops at the first surprise. Needs only bash, curl, grep, sed and tr.
set -euo pipefail

HEADERS=$(mktemp)
trap 'rm -f "$HEADERS"' EXIT

# In this script curl also keeps the response headers, so that each step can
# check its status and Location; the commands are otherwise those of the doc.
curl() { command curl -D "$HEADERS" "$@"; }

step=""
# status_was CODE BODY: stop unless the last response had status CODE.
status_was() {
	local got
	got=$(sed -n '1s/^HTTP\/[0-9.]* \([0-9]*\).*/\1/p' "$HEADERS")
	if [[ "$got" != "$1" ]]; then
		echo "walkthrough: $step: status ${got:-none}, want $1" >&2
		echo "${2:-}" >&2
		exit 1
	fi
}
# location_is PATH: stop unless the last response's Location is PATH.
location_is() {
	local got
	got=$(sed -n 's/^[Ll]ocation: *//p' "$HEADERS" | tr -d '\r')
	if [[ "$got" != "$1" ]]; then
		echo "walkthrough: $step: Location ${got:-none}, want $1" >&2
		exit 1
	fi
}
# contains TEXT BODY: stop unless BODY contains TEXT.
contains() {
	if [[ "$2" != *"$1"* ]]; then
		echo "walkthrough: $step: the answer lacks $1:" >&2
		echo "$2" >&2
		exit 1
	fi
}

step="setup"
BASE=${1:-http://localhost:8080}
# field NAME: the first "NAME":"value" of the JSON on standard input (no jq needed).
field() { grep -o "\"$1\":\"[^\"]*\"" | sed -n 1p | cut -d '"' -f 4; }

step="1. sign up"
SIGNUP=$(curl -sS -X POST "$BASE/api/v1/auth/signup" \
  -H 'Content-Type: application/json' \
  -d '{"workspace_name":"Acme","name":"Ada Lovelace","email":"ada@acme.example","password":"correct horse battery staple"}')
status_was 201 "$SIGNUP"
TOKEN=$(echo "$SIGNUP" | field access_token)
REFRESH=$(echo "$SIGNUP" | field refresh_token)

step="2. create an account"
ACCOUNT=$(curl -sS -X POST "$BASE/api/v1/accounts" \
  -H "Authorization: Bearer $TOKEN" -H 'Content-Type: application/json' \
  -H 'Idempotency-Key: walkthrough-account-1' \
  -d '{"name":"Globex","domain":"https://www.globex.com/"}')
status_was 201 "$ACCOUNT"
ACCOUNT_ID=$(echo "$ACCOUNT" | field id)
location_is "/api/v1/accounts/$ACCOUNT_ID"
contains '"domain":"globex.com"' "$ACCOUNT"

step="3. create a contact"
CONTACT=$(curl -sS -X POST "$BASE/api/v1/contacts" \
  -H "Authorization: Bearer $TOKEN" -H 'Content-Type: application/json' \
  -d "{\"email\":\"hank@globex.com\",\"first_name\":\"Hank\",\"last_name\":\"Scorpio\",\"account_id\":\"$ACCOUNT_ID\"}")
status_was 201 "$CONTACT"
CONTACT_ID=$(echo "$CONTACT" | field id)
location_is "/api/v1/contacts/$CONTACT_ID"

step="4. open a prospect"
PROSPECT=$(curl -sS -X POST "$BASE/api/v1/prospects" \
  -H "Authorization: Bearer $TOKEN" -H 'Content-Type: application/json' \
  -d "{\"title\":\"Globex platform deal\",\"account_id\":\"$ACCOUNT_ID\",\"amount\":1250000,\"currency\":\"EUR\",\"contacts\":[{\"contact_id\":\"$CONTACT_ID\",\"role\":\"decision_maker\"}]}")
status_was 201 "$PROSPECT"
PROSPECT_ID=$(echo "$PROSPECT" | field id)
location_is "/api/v1/prospects/$PROSPECT_ID"
contains '"status":"open"' "$PROSPECT"

step="5. list the stages"
STAGES=$(curl -sS "$BASE/api/v1/stages" -H "Authorization: Bearer $TOKEN")
status_was 200 "$STAGES"
QUALIFIED_ID=$(echo "$STAGES" | tr '}' '\n' | grep '"name":"Qualified"' | field id)

step="6. move the prospect"
MOVE=$(curl -sS -X POST "$BASE/api/v1/prospects/$PROSPECT_ID/stage-changes" \
  -H "Authorization: Bearer $TOKEN" -H 'Content-Type: application/json' \
  -d "{\"stage_id\":\"$QUALIFIED_ID\"}")
status_was 201 "$MOVE"
contains "\"to_stage_id\":\"$QUALIFIED_ID\"" "$MOVE"

step="7. log a call"
CALL=$(curl -sS -X POST "$BASE/api/v1/activities" \
  -H "Authorization: Bearer $TOKEN" -H 'Content-Type: application/json' \
  -d "{\"type\":\"call\",\"subject\":\"Discovery call\",\"prospect_id\":\"$PROSPECT_ID\",\"contact_id\":\"$CONTACT_ID\"}")
status_was 201 "$CALL"

step="8. read the timeline"
TIMELINE=$(curl -sS "$BASE/api/v1/prospects/$PROSPECT_ID/timeline?limit=20" -H "Authorization: Bearer $TOKEN")
status_was 200 "$TIMELINE"
contains '"kind":"activity"' "$TIMELINE"
contains "\"to_stage_id\":\"$QUALIFIED_ID\"" "$TIMELINE"

step="9. create an API key"
KEY=$(curl -sS -X POST "$BASE/api/v1/api-keys" \
  -H "Authorization: Bearer $TOKEN" -H 'Content-Type: application/json' \
  -d '{"name":"Reporting","scope":"read"}')
status_was 201 "$KEY"
API_KEY=$(echo "$KEY" | field key)
contains 'ofk_' "$API_KEY"

step="10. use the API key"
QUALIFIED=$(curl -sS "$BASE/api/v1/prospects?stage_id=$QUALIFIED_ID" -H "Authorization: Bearer $API_KEY")
status_was 200 "$QUALIFIED"
contains "\"id\":\"$PROSPECT_ID\"" "$QUALIFIED"
DENIED=$(curl -sS -X POST "$BASE/api/v1/accounts" \
  -H "Authorization: Bearer $API_KEY" -H 'Content-Type: application/json' \
  -d '{"name":"Initech"}')
status_was 403 "$DENIED"
contains '"code":"forbidden"' "$DENIED"

step="11. refresh the session"
SESSION=$(curl -sS -X POST "$BASE/api/v1/auth/refresh" \
  -H 'Content-Type: application/json' \
  -d "{\"refresh_token\":\"$REFRESH\"}")
status_was 200 "$SESSION"
TOKEN=$(echo "$SESSION" | field access_token)
REFRESH=$(echo "$SESSION" | field refresh_token)

step="12. log out"
curl -sS -X POST "$BASE/api/v1/auth/logout" \
  -H 'Content-Type: application/json' \
  -d "{\"refresh_token\":\"$REFRESH\"}"
status_was 204
AFTER=$(curl -sS -X POST "$BASE/api/v1/auth/refresh" \
  -H 'Content-Type: application/json' \
  -d "{\"refresh_token\":\"$REFRESH\"}")
status_was 401 "$AFTER"

echo "walkthrough: all steps passed against $BASE"
