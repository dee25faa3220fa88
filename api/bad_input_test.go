package api_test

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net/http/httptest"
	"net/url"
	"strings"
	"testing"

	"github.com/onefunnel/onefunnel/api/apitest"
	"github.com/onefunnel/onefunnel/storage"
	"github.com/onefunnel/onefunnel/storage/storagetest"
)

// badInput is one hostile or broken request and the answer it must get.
type badInput struct {
	name         string
	method, path string
	body         any               // a string is sent as is; {placeholders} name the tenant's records
	header       map[string]string // e.g. Content-Type ("" removes it)
	status       int               // clientError: 400 or 422, whichever layer refuses first
	code         string            // the problem's code; "" when the status says enough
	allow        string            // for 405: the Allow header
	emptyList    bool              // for an injection in a filter: 200 and no rows
}

// clientError accepts 400 or 422: the request is refused as the client's
// mistake, whichever layer (JSON decoding or schema) sees it first.
const clientError = -1

// Bodies built to sit exactly on, or just past, a limit.
var (
	overMiB   = `{"name":"` + strings.Repeat("a", 1<<20) + `"}`
	exactMiB  = `{"name":"` + strings.Repeat("a", 1<<20-len(`{"name":""}`)) + `"}`
	deep33    = `{"name":"x","domain":` + strings.Repeat("[", 32) + strings.Repeat("]", 32) + `}`
	deep32    = `{"name":"x","domain":` + strings.Repeat("[", 31) + strings.Repeat("]", 31) + `}`
	keys257   = manyKeys(257)
	keys256   = manyKeys(256)
	name256   = strings.Repeat("n", 256)
	ids101    = `["` + strings.TrimSuffix(strings.Repeat("{contact}\",\"", 101), `","`) + `"]`
	contacts  = `[` + strings.TrimSuffix(strings.Repeat(`{"contact_id":"{contact}"},`, 101), ",") + `]`
	password  = `"password":"correct horse battery staple"`
	longKey   = strings.Repeat("k", 256)
	textPlain = map[string]string{"Content-Type": "text/plain"}
)

// manyKeys is an account body with n keys in one object.
func manyKeys(n int) string {
	var b strings.Builder
	b.WriteString(`{"name":"x"`)
	for i := 1; i < n; i++ {
		fmt.Fprintf(&b, `,"k%d":1`, i)
	}
	return b.String() + "}"
}

// q builds a query string with each value escaped, so injection strings reach
// the server whole (a raw ";" would make Go drop the pair and prove nothing).
func q(path string, kv ...string) string {
	v := url.Values{}
	for i := 0; i < len(kv); i += 2 {
		v.Set(kv[i], kv[i+1])
	}
	return path + "?" + v.Encode()
}

var badInputs = []badInput{
	// Size and media type.
	{name: "body over 1 MiB", method: "POST", path: "/api/v1/accounts", body: overMiB, status: 413, code: "body_too_large"},
	{name: "body of exactly 1 MiB passes the size limit", method: "POST", path: "/api/v1/accounts", body: exactMiB, status: 422, code: "validation_failed"},
	{name: "text/plain", method: "POST", path: "/api/v1/accounts", body: `{"name":"x"}`, header: textPlain, status: 415, code: "unsupported_media_type"},
	{name: "form post", method: "POST", path: "/api/v1/accounts", body: `name=x`, header: map[string]string{"Content-Type": "application/x-www-form-urlencoded"}, status: 415, code: "unsupported_media_type"},
	{name: "multipart", method: "POST", path: "/api/v1/contacts", body: "--x\r\n\r\n--x--", header: map[string]string{"Content-Type": "multipart/form-data; boundary=x"}, status: 415, code: "unsupported_media_type"},
	{name: "JSON declared Latin-1", method: "POST", path: "/api/v1/accounts", body: `{"name":"x"}`, header: map[string]string{"Content-Type": "application/json; charset=iso-8859-1"}, status: 415, code: "unsupported_media_type"},
	{name: "no Content-Type", method: "POST", path: "/api/v1/accounts", body: `{"name":"x"}`, header: map[string]string{"Content-Type": ""}, status: 415, code: "unsupported_media_type"},
	{name: "text/plain on a PATCH", method: "PATCH", path: "/api/v1/accounts/{account}", body: `{"name":"x"}`, header: textPlain, status: 415, code: "unsupported_media_type"},
	{name: "text/plain on login", method: "POST", path: "/api/v1/auth/login", body: `{"email":"a@b.example",` + password + `}`, header: textPlain, status: 415, code: "unsupported_media_type"},

	// Text that the two databases would store differently.
	{name: "invalid UTF-8 in a name", method: "POST", path: "/api/v1/accounts", body: "{\"name\":\"Caf\xe9\"}", status: 400, code: "invalid_utf8"},
	{name: "a UTF-16 surrogate encoded as UTF-8", method: "POST", path: "/api/v1/contacts", body: "{\"first_name\":\"\xed\xa0\x80\"}", status: 400, code: "invalid_utf8"},
	{name: "invalid UTF-8 in a key", method: "PATCH", path: "/api/v1/accounts/{account}", body: "{\"na\xffme\":\"x\"}", status: 400, code: "invalid_utf8"},
	{name: "escaped NUL in a name", method: "POST", path: "/api/v1/accounts", body: `{"name":"a\u0000b"}`, status: 400, code: "nul_character"},
	{name: "escaped NUL in a title on PATCH", method: "PATCH", path: "/api/v1/prospects/{prospect}", body: `{"title":"\u0000"}`, status: 400, code: "nul_character"},
	{name: "escaped NUL in a key", method: "POST", path: "/api/v1/accounts", body: `{"name":"x","\u0000":1}`, status: 400, code: "nul_character"},
	{name: "escaped NUL in a password", method: "POST", path: "/api/v1/auth/login", body: `{"email":"a@b.example","password":"a\u0000"}`, status: 400, code: "nul_character"},
	{name: "raw NUL byte in a string", method: "POST", path: "/api/v1/accounts", body: "{\"name\":\"a\x00b\"}", status: 400, code: "malformed_json"},

	// Shapes that parsers disagree on or that cost too much.
	{name: "JSON nested 33 deep", method: "POST", path: "/api/v1/accounts", body: deep33, status: 400, code: "too_deep"},
	{name: "JSON nested 32 deep reaches validation", method: "POST", path: "/api/v1/accounts", body: deep32, status: 422, code: "validation_failed"},
	{name: "duplicate keys", method: "POST", path: "/api/v1/accounts", body: `{"name":"a","name":"b"}`, status: 400, code: "duplicate_key"},
	{name: "duplicate keys in a nested object", method: "POST", path: "/api/v1/prospects", body: `{"title":"x","contacts":[{"contact_id":"{contact}","contact_id":"{contact}"}]}`, status: 400, code: "duplicate_key"},
	{name: "257 keys in one object", method: "POST", path: "/api/v1/accounts", body: keys257, status: 400, code: "too_many_keys"},
	{name: "256 keys reach validation", method: "POST", path: "/api/v1/accounts", body: keys256, status: 422, code: "validation_failed"},
	{name: "truncated JSON", method: "POST", path: "/api/v1/accounts", body: `{"name":`, status: 400, code: "malformed_json"},
	{name: "mismatched brackets", method: "POST", path: "/api/v1/accounts", body: `{"name":"x"]`, status: 400, code: "malformed_json"},
	{name: "unclosed array", method: "PATCH", path: "/api/v1/prospects/{prospect}", body: `{"contact_ids":["{contact}"`, status: 400, code: "malformed_json"},
	{name: "two JSON values", method: "POST", path: "/api/v1/accounts", body: `{"name":"x"} {"name":"y"}`, status: 400, code: "malformed_json"},
	{name: "empty body declared JSON", method: "POST", path: "/api/v1/accounts", body: ``, status: 400, code: "malformed_json"},
	{name: "single quotes", method: "POST", path: "/api/v1/accounts", body: `{'name':'x'}`, status: 400, code: "malformed_json"},
	{name: "a comment", method: "POST", path: "/api/v1/accounts", body: `{"name":"x" /* hi */}`, status: 400, code: "malformed_json"},
	{name: "an array instead of an object", method: "POST", path: "/api/v1/accounts", body: `[{"name":"x"}]`, status: 422, code: "validation_failed"},
	{name: "null instead of an object", method: "PATCH", path: "/api/v1/accounts/{account}", body: `null`, status: 422, code: "validation_failed"},
	{name: "unknown field", method: "POST", path: "/api/v1/accounts", body: `{"name":"x","colour":"red"}`, status: 422, code: "validation_failed"},
	{name: "unknown field on PATCH", method: "PATCH", path: "/api/v1/contacts/{contact}", body: `{"nickname":"x"}`, status: 422, code: "validation_failed"},
	{name: "wrong type", method: "POST", path: "/api/v1/accounts", body: `{"name":42}`, status: 422, code: "validation_failed"},
	{name: "negative amount", method: "PATCH", path: "/api/v1/prospects/{prospect}", body: `{"amount":-1}`, status: 422, code: "validation_failed"},
	{name: "amount past int64", method: "PATCH", path: "/api/v1/prospects/{prospect}", body: `{"amount":9223372036854775808}`, status: clientError},
	{name: "a malformed UUID in a reference", method: "POST", path: "/api/v1/contacts", body: `{"first_name":"x","account_id":"not-a-uuid"}`, status: clientError},

	// Names and arrays past their limits.
	{name: "account name of 256 characters", method: "POST", path: "/api/v1/accounts", body: `{"name":"` + name256 + `"}`, status: 422, code: "validation_failed"},
	{name: "prospect title of 256 characters", method: "PATCH", path: "/api/v1/prospects/{prospect}", body: `{"title":"` + name256 + `"}`, status: 422, code: "validation_failed"},
	{name: "stage name of 256 characters", method: "POST", path: "/api/v1/stages", body: `{"name":"` + name256 + `","phase":"lead"}`, status: 422, code: "validation_failed"},
	{name: "workspace name of 256 characters", method: "PATCH", path: "/api/v1/workspace", body: `{"name":"` + name256 + `"}`, status: 422, code: "validation_failed"},
	{name: "member name of 256 characters", method: "PATCH", path: "/api/v1/me", body: `{"name":"` + name256 + `"}`, status: 422, code: "validation_failed"},
	{name: "contact first name of 256 characters", method: "POST", path: "/api/v1/contacts", body: `{"first_name":"` + name256 + `"}`, status: 422, code: "validation_failed"},
	{name: "signup with a workspace name of 256 characters", method: "POST", path: "/api/v1/auth/signup", body: `{"workspace_name":"` + name256 + `","name":"N","email":"long@x.example",` + password + `}`, status: 422, code: "validation_failed"},
	{name: "contact_ids with 101 entries", method: "POST", path: "/api/v1/prospects", body: `{"title":"x","contact_ids":` + ids101 + `}`, status: 422, code: "validation_failed"},
	{name: "contacts with 101 entries", method: "POST", path: "/api/v1/prospects", body: `{"title":"x","contacts":` + contacts + `}`, status: 422, code: "validation_failed"},
	{name: "contact_ids with 101 entries on PATCH", method: "PATCH", path: "/api/v1/prospects/{prospect}", body: `{"contact_ids":` + ids101 + `}`, status: 422, code: "validation_failed"},
	{name: "Idempotency-Key of 256 characters", method: "POST", path: "/api/v1/accounts", body: `{"name":"x"}`, header: map[string]string{"Idempotency-Key": longKey}, status: 400},
	{name: "Idempotency-Key of invalid UTF-8", method: "POST", path: "/api/v1/accounts", body: `{"name":"x"}`, header: map[string]string{"Idempotency-Key": "k\xff\xfe"}, status: 400, code: "invalid_idempotency_key"},

	// Privileged fields are not in any request schema: refused, never applied.
	{name: "signup choosing a workspace", method: "POST", path: "/api/v1/auth/signup", body: `{"workspace_name":"W","name":"N","email":"in@x.example",` + password + `,"workspace_id":"{workspace}"}`, status: 422, code: "validation_failed"},
	{name: "signup choosing a role", method: "POST", path: "/api/v1/auth/signup", body: `{"workspace_name":"W","name":"N","email":"in@x.example",` + password + `,"role":"owner"}`, status: 422, code: "validation_failed"},
	{name: "signup with a password hash", method: "POST", path: "/api/v1/auth/signup", body: `{"workspace_name":"W","name":"N","email":"in@x.example",` + password + `,"password_hash":"$argon2id$"}`, status: 422, code: "validation_failed"},
	{name: "accepting an invite with another role", method: "POST", path: "/api/v1/auth/accept-invite", body: `{"token":"{invite_token}","name":"N",` + password + `,"role":"owner"}`, status: 422, code: "validation_failed"},
	{name: "accepting an invite into another workspace", method: "POST", path: "/api/v1/auth/accept-invite", body: `{"token":"{invite_token}","name":"N",` + password + `,"workspace_id":"{other_workspace}"}`, status: 422, code: "validation_failed"},
	{name: "account with a workspace_id", method: "POST", path: "/api/v1/accounts", body: `{"name":"x","workspace_id":"{other_workspace}"}`, status: 422, code: "validation_failed"},
	{name: "account with a chosen id", method: "POST", path: "/api/v1/accounts", body: `{"name":"x","id":"{chosen_id}"}`, status: 422, code: "validation_failed"},
	{name: "account with created_at", method: "POST", path: "/api/v1/accounts", body: `{"name":"x","created_at":"2000-01-01T00:00:00Z"}`, status: 422, code: "validation_failed"},
	{name: "account moved to another workspace", method: "PATCH", path: "/api/v1/accounts/{account}", body: `{"workspace_id":"{other_workspace}"}`, status: 422, code: "validation_failed"},
	{name: "account with a new id", method: "PATCH", path: "/api/v1/accounts/{account}", body: `{"id":"{chosen_id}"}`, status: 422, code: "validation_failed"},
	{name: "account backdated", method: "PATCH", path: "/api/v1/accounts/{account}", body: `{"updated_at":"2000-01-01T00:00:00Z"}`, status: 422, code: "validation_failed"},
	{name: "contact with a workspace_id", method: "POST", path: "/api/v1/contacts", body: `{"first_name":"x","workspace_id":"{other_workspace}"}`, status: 422, code: "validation_failed"},
	{name: "prospect created won", method: "POST", path: "/api/v1/prospects", body: `{"title":"x","status":"won"}`, status: 422, code: "validation_failed"},
	{name: "prospect created in a phase", method: "POST", path: "/api/v1/prospects", body: `{"title":"x","phase":"won"}`, status: 422, code: "validation_failed"},
	{name: "prospect created closed", method: "POST", path: "/api/v1/prospects", body: `{"title":"x","closed_at":"2020-01-01T00:00:00Z"}`, status: 422, code: "validation_failed"},
	{name: "prospect patched to won", method: "PATCH", path: "/api/v1/prospects/{prospect}", body: `{"status":"won"}`, status: 422, code: "validation_failed"},
	{name: "prospect patched to a stage", method: "PATCH", path: "/api/v1/prospects/{prospect}", body: `{"stage_id":"{stage}"}`, status: 422, code: "validation_failed"},
	{name: "activity with a creator", method: "POST", path: "/api/v1/activities", body: `{"type":"note","body":"x","created_by_id":"{member}"}`, status: 422, code: "validation_failed"},
	{name: "activity patched done_at", method: "PATCH", path: "/api/v1/activities/{activity}", body: `{"done_at":"2000-01-01T00:00:00Z"}`, status: 422, code: "validation_failed"},
	{name: "me with a role", method: "PATCH", path: "/api/v1/me", body: `{"role":"owner"}`, status: 422, code: "validation_failed"},
	{name: "me with a password hash", method: "PATCH", path: "/api/v1/me", body: `{"password_hash":"$argon2id$"}`, status: 422, code: "validation_failed"},
	{name: "me with an email", method: "PATCH", path: "/api/v1/me", body: `{"email":"taken@x.example"}`, status: 422, code: "validation_failed"},
	{name: "me in another workspace", method: "PATCH", path: "/api/v1/me", body: `{"workspace_id":"{other_workspace}"}`, status: 422, code: "validation_failed"},
	{name: "member with a password hash", method: "PATCH", path: "/api/v1/members/{member}", body: `{"password_hash":"$argon2id$"}`, status: 422, code: "validation_failed"},
	{name: "member with an email", method: "PATCH", path: "/api/v1/members/{member}", body: `{"email":"taken@x.example"}`, status: 422, code: "validation_failed"},
	{name: "member with an unknown role", method: "PATCH", path: "/api/v1/members/{member}", body: `{"role":"superuser"}`, status: 422, code: "validation_failed"},
	{name: "API key with a hash", method: "POST", path: "/api/v1/api-keys", body: `{"name":"k","scope":"read","key_hash":"00"}`, status: 422, code: "validation_failed"},
	{name: "API key with a chosen prefix", method: "POST", path: "/api/v1/api-keys", body: `{"name":"k","scope":"read","prefix":"ofk_mine"}`, status: 422, code: "validation_failed"},
	{name: "API key with an unknown scope", method: "POST", path: "/api/v1/api-keys", body: `{"name":"k","scope":"admin"}`, status: 422, code: "validation_failed"},
	{name: "invite with a chosen token", method: "POST", path: "/api/v1/invites", body: `{"email":"x@x.example","role":"member","token":"ofi_mine"}`, status: 422, code: "validation_failed"},
	{name: "stage with a workspace_id", method: "POST", path: "/api/v1/stages", body: `{"name":"x","phase":"lead","workspace_id":"{other_workspace}"}`, status: 422, code: "validation_failed"},
	{name: "stage changing its phase", method: "PATCH", path: "/api/v1/stages/{stage}", body: `{"phase":"won"}`, status: 422, code: "validation_failed"},
	{name: "workspace with a new id", method: "PATCH", path: "/api/v1/workspace", body: `{"id":"{chosen_id}"}`, status: 422, code: "validation_failed"},

	// Injection strings in filters, sort and search: refused or inert.
	{name: "search for ' OR 1=1 --", method: "GET", path: q("/api/v1/accounts", "q", "' OR 1=1 --"), status: 200, emptyList: true},
	{name: "search for a DROP TABLE", method: "GET", path: q("/api/v1/accounts", "q", "name; DROP TABLE accounts"), status: 200, emptyList: true},
	{name: "search with LIKE wildcards", method: "GET", path: q("/api/v1/contacts", "q", "%' OR '%'='"), status: 200, emptyList: true},
	{name: "domain filter ' OR '1'='1", method: "GET", path: q("/api/v1/accounts", "domain", "' OR '1'='1"), status: 200, emptyList: true},
	{name: "email filter ' OR 1=1 --", method: "GET", path: q("/api/v1/contacts", "email", "' OR 1=1 --"), status: 200, emptyList: true},
	{name: "sort with a DROP TABLE", method: "GET", path: q("/api/v1/accounts", "sort", "name; DROP TABLE accounts"), status: 400},
	{name: "sort by an expression", method: "GET", path: q("/api/v1/prospects", "sort", "(CASE WHEN 1=1 THEN title END)"), status: 400},
	{name: "sort by a column outside the allowlist", method: "GET", path: q("/api/v1/contacts", "sort", "workspace_id"), status: 400},
	{name: "status filter ' OR '1'='1", method: "GET", path: q("/api/v1/prospects", "status", "open' OR '1'='1"), status: 400},
	{name: "id filter ' OR 1=1 --", method: "GET", path: q("/api/v1/prospects", "account_id", "' OR 1=1 --"), status: 400},
	{name: "type filter ' OR 1=1 --", method: "GET", path: q("/api/v1/activities", "type", "note' OR 1=1 --"), status: 400},
	{name: "time filter ' OR 1=1", method: "GET", path: q("/api/v1/accounts", "updated_since", "1970-01-01' OR 1=1"), status: 400},
	{name: "limit 1 OR 1=1", method: "GET", path: q("/api/v1/accounts", "limit", "1 OR 1=1"), status: 400},
	{name: "cursor ' OR 1=1 --", method: "GET", path: q("/api/v1/accounts", "cursor", "' OR 1=1 --"), status: 422, code: "validation_failed"},
	{name: "path id ' OR 1=1 --", method: "GET", path: "/api/v1/accounts/" + url.PathEscape("' OR 1=1 --"), status: 400},
	{name: "visitor filter ' OR 1=1 --", method: "GET", path: q("/api/v1/events", "anonymous_id", "' OR 1=1 --"), status: 200, emptyList: true},
	{name: "visitor filter with LIKE wildcards", method: "GET", path: q("/api/v1/events", "anonymous_id", "%"), status: 200, emptyList: true},
	{name: "event cursor ' OR 1=1 --", method: "GET", path: q("/api/v1/events", "cursor", "' OR 1=1 --"), status: 422, code: "validation_failed"},
	{name: "NUL in a visitor filter", method: "GET", path: "/api/v1/events?anonymous_id=a%00", status: 400, code: "nul_character"},
	{name: "NUL in a search", method: "GET", path: "/api/v1/prospects?q=a%00", status: 400, code: "nul_character"},
	{name: "NUL in a filter", method: "GET", path: "/api/v1/contacts?email=a%00b%40x.example", status: 400, code: "nul_character"},
	{name: "invalid UTF-8 in a search", method: "GET", path: "/api/v1/accounts?q=%ff", status: 400, code: "invalid_utf8"},
	{name: "invalid UTF-8 in a parameter name", method: "GET", path: "/api/v1/accounts?%ff=1", status: 400, code: "invalid_utf8"},

	// Methods a path does not have.
	{name: "PUT on a record", method: "PUT", path: "/api/v1/accounts/{account}", body: `{"name":"x"}`, status: 405, code: "method_not_allowed", allow: "GET, PATCH, DELETE"},
	{name: "POST on a record", method: "POST", path: "/api/v1/prospects/{prospect}", body: `{"title":"x"}`, status: 405, code: "method_not_allowed", allow: "GET, PATCH, DELETE"},
	{name: "DELETE on a collection", method: "DELETE", path: "/api/v1/accounts", status: 405, code: "method_not_allowed", allow: "GET, POST"},
	{name: "DELETE the workspace", method: "DELETE", path: "/api/v1/workspace", status: 405, code: "method_not_allowed", allow: "GET, PATCH"},
	{name: "PATCH a password", method: "PATCH", path: "/api/v1/me/password", body: `{}`, status: 405, code: "method_not_allowed", allow: "POST"},
	{name: "GET login", method: "GET", path: "/api/v1/auth/login", status: 405, code: "method_not_allowed", allow: "POST"},
	{name: "PATCH an API key", method: "PATCH", path: "/api/v1/api-keys/{api_key}", body: `{"scope":"read_write"}`, status: 405, code: "method_not_allowed", allow: "DELETE"},
	{name: "POST an event to the REST API", method: "POST", path: "/api/v1/events", body: `{"type":"track","event":"x","anonymous_id":"v"}`, status: 405, code: "method_not_allowed", allow: "GET"},
	{name: "an unknown API path", method: "GET", path: "/api/v1/accounts/{account}/secrets", status: 404, code: "not_found"},
	{name: "PATCH a touchpoint", method: "PATCH", path: "/api/v1/touchpoints/{touchpoint}", body: `{"channel":"Email"}`, status: 405, code: "method_not_allowed", allow: "GET, DELETE"},
	{name: "PATCH a spend row", method: "PATCH", path: "/api/v1/campaigns/{campaign}/spend/{spend}", body: `{"amount":1}`, status: 405, code: "method_not_allowed", allow: "GET, DELETE"},
	{name: "DELETE all spend", method: "DELETE", path: "/api/v1/campaigns/{campaign}/spend", status: 405, code: "method_not_allowed", allow: "GET, POST"},

	// Campaigns and their spend.
	{name: "campaign name of 256 characters", method: "POST", path: "/api/v1/campaigns", body: `{"name":"` + name256 + `","channel":"Email","utm_campaign":"x"}`, status: 422, code: "validation_failed"},
	{name: "campaign key of 256 characters", method: "POST", path: "/api/v1/campaigns", body: `{"name":"x","channel":"Email","utm_campaign":"` + name256 + `"}`, status: 422, code: "validation_failed"},
	{name: "campaign with an empty key", method: "POST", path: "/api/v1/campaigns", body: `{"name":"x","channel":"Email","utm_campaign":""}`, status: 422, code: "validation_failed"},
	{name: "campaign with a blank key", method: "POST", path: "/api/v1/campaigns", body: `{"name":"x","channel":"Email","utm_campaign":"   "}`, status: 422, code: "validation_failed"},
	{name: "campaign on a channel GA4 does not have", method: "POST", path: "/api/v1/campaigns", body: `{"name":"x","channel":"Billboards","utm_campaign":"x"}`, status: 422, code: "validation_failed"},
	{name: "campaign channel in lower case", method: "PATCH", path: "/api/v1/campaigns/{campaign}", body: `{"channel":"paid search"}`, status: 422, code: "validation_failed"},
	{name: "campaign channel null", method: "PATCH", path: "/api/v1/campaigns/{campaign}", body: `{"channel":null}`, status: 422, code: "validation_failed"},
	{name: "campaign starting on the 30th of February", method: "POST", path: "/api/v1/campaigns", body: `{"name":"x","channel":"Email","utm_campaign":"x","starts_on":"2026-02-30"}`, status: clientError},
	{name: "campaign date with a time", method: "PATCH", path: "/api/v1/campaigns/{campaign}", body: `{"ends_on":"2026-05-31T00:00:00Z"}`, status: clientError},
	{name: "campaign ending before it starts", method: "PATCH", path: "/api/v1/campaigns/{campaign}", body: `{"ends_on":"2025-02-28"}`, status: 422, code: "validation_failed"},
	{name: "campaign with a workspace_id", method: "POST", path: "/api/v1/campaigns", body: `{"name":"x","channel":"Email","utm_campaign":"x","workspace_id":"{other_workspace}"}`, status: 422, code: "validation_failed"},
	{name: "campaign with a chosen id", method: "POST", path: "/api/v1/campaigns", body: `{"name":"x","channel":"Email","utm_campaign":"x","id":"{chosen_id}"}`, status: 422, code: "validation_failed"},
	{name: "campaign with NUL in its key", method: "POST", path: "/api/v1/campaigns", body: `{"name":"x","channel":"Email","utm_campaign":"a\u0000b"}`, status: 400, code: "nul_character"},
	{name: "spend of a negative amount", method: "POST", path: "/api/v1/campaigns/{campaign}/spend", body: `{"period_start":"2025-07-01","period_end":"2025-07-31","amount":-1,"currency":"EUR"}`, status: 422, code: "validation_failed"},
	{name: "spend past int64", method: "POST", path: "/api/v1/campaigns/{campaign}/spend", body: `{"period_start":"2025-07-01","period_end":"2025-07-31","amount":9223372036854775808,"currency":"EUR"}`, status: clientError},
	{name: "spend in a made-up currency", method: "POST", path: "/api/v1/campaigns/{campaign}/spend", body: `{"period_start":"2025-07-01","period_end":"2025-07-31","amount":1,"currency":"EUX"}`, status: 422, code: "validation_failed"},
	{name: "spend in euros spelled out", method: "POST", path: "/api/v1/campaigns/{campaign}/spend", body: `{"period_start":"2025-07-01","period_end":"2025-07-31","amount":1,"currency":"EURO"}`, status: 422, code: "validation_failed"},
	{name: "spend without a currency", method: "POST", path: "/api/v1/campaigns/{campaign}/spend", body: `{"period_start":"2025-07-01","period_end":"2025-07-31","amount":1}`, status: 422, code: "validation_failed"},
	{name: "spend ending before it starts", method: "POST", path: "/api/v1/campaigns/{campaign}/spend", body: `{"period_start":"2025-07-31","period_end":"2025-07-01","amount":1,"currency":"EUR"}`, status: 422, code: "validation_failed"},
	{name: "spend overlapping the seeded month", method: "POST", path: "/api/v1/campaigns/{campaign}/spend", body: `{"period_start":"2025-03-31","period_end":"2025-04-30","amount":1,"currency":"EUR"}`, status: 409, code: "conflict"},
	{name: "spend moved to another campaign", method: "POST", path: "/api/v1/campaigns/{campaign}/spend", body: `{"period_start":"2025-07-01","period_end":"2025-07-31","amount":1,"currency":"EUR","campaign_id":"{chosen_id}"}`, status: 422, code: "validation_failed"},

	// Touchpoints: only the fields a client records; tracking's are not writable.
	{name: "touchpoint of an unknown type", method: "POST", path: "/api/v1/touchpoints", body: `{"contact_id":"{contact}","type":"carrier_pigeon"}`, status: 422, code: "validation_failed"},
	{name: "touchpoint on an unknown channel", method: "POST", path: "/api/v1/touchpoints", body: `{"contact_id":"{contact}","type":"webinar","channel":"Radio"}`, status: 422, code: "validation_failed"},
	{name: "touchpoint on nobody", method: "POST", path: "/api/v1/touchpoints", body: `{"type":"webinar","source":"partner"}`, status: 422, code: "validation_failed"},
	{name: "touchpoint tomorrow", method: "POST", path: "/api/v1/touchpoints", body: `{"contact_id":"{contact}","type":"webinar","occurred_at":"2999-01-01T00:00:00Z"}`, status: 422, code: "validation_failed"},
	{name: "touchpoint at no time", method: "POST", path: "/api/v1/touchpoints", body: `{"contact_id":"{contact}","type":"webinar","occurred_at":"last tuesday"}`, status: clientError},
	{name: "touchpoint source of 256 characters", method: "POST", path: "/api/v1/touchpoints", body: `{"contact_id":"{contact}","type":"webinar","source":"` + name256 + `"}`, status: 422, code: "validation_failed"},
	{name: "touchpoint with NUL in its campaign", method: "POST", path: "/api/v1/touchpoints", body: `{"contact_id":"{contact}","type":"webinar","campaign":"a\u0000"}`, status: 400, code: "nul_character"},
	{name: "touchpoint linked to a chosen campaign", method: "POST", path: "/api/v1/touchpoints", body: `{"contact_id":"{contact}","type":"webinar","campaign_id":"{campaign}"}`, status: 422, code: "validation_failed"},
	{name: "touchpoint claiming a visitor", method: "POST", path: "/api/v1/touchpoints", body: `{"contact_id":"{contact}","type":"session","anonymous_id":"a1"}`, status: 422, code: "validation_failed"},
	{name: "touchpoint claiming a session", method: "POST", path: "/api/v1/touchpoints", body: `{"contact_id":"{contact}","type":"session","session_id":"{chosen_id}"}`, status: 422, code: "validation_failed"},
	{name: "touchpoint with a workspace_id", method: "POST", path: "/api/v1/touchpoints", body: `{"contact_id":"{contact}","type":"webinar","workspace_id":"{other_workspace}"}`, status: 422, code: "validation_failed"},
	{name: "touchpoint with a malformed contact", method: "POST", path: "/api/v1/touchpoints", body: `{"contact_id":"not-a-uuid","type":"webinar"}`, status: clientError},
	{name: "touchpoints filtered by channel ' OR 1=1 --", method: "GET", path: q("/api/v1/touchpoints", "channel", "Email' OR 1=1 --"), status: 400},
	{name: "touchpoints from ' OR 1=1", method: "GET", path: q("/api/v1/touchpoints", "from", "2025-01-01' OR 1=1"), status: 400},
	{name: "touchpoints sorted by workspace_id", method: "GET", path: q("/api/v1/touchpoints", "sort", "workspace_id"), status: 400},
	{name: "touchpoints from after to", method: "GET", path: q("/api/v1/touchpoints", "from", "2025-06-01T00:00:00Z", "to", "2025-01-01T00:00:00Z"), status: 422, code: "validation_failed"},
	{name: "campaigns searched for ' OR 1=1 --", method: "GET", path: q("/api/v1/campaigns", "q", "' OR 1=1 --"), status: 200, emptyList: true},
	{name: "campaigns by key ' OR '1'='1", method: "GET", path: q("/api/v1/campaigns", "utm_campaign", "x' OR '1'='1"), status: 200, emptyList: true},
}

// Every row is refused (or, for a read, inert) with the right status and code,
// as problem+json, and no row changes anything.
func TestBadInput(t *testing.T) {
	storagetest.Run(t, func(t *testing.T, d storage.Dialect) {
		e := apitest.New(t, d)
		a := seedTenant(e, "Alpha")
		other := e.Signup("Other")
		inv := e.Must(201, "POST", "/api/v1/invites", a.Token, map[string]any{"email": "pending@alpha.example", "role": "viewer"})
		chosen := "01900000-0000-7000-8000-000000000001"
		fill := strings.NewReplacer("{account}", a.ids["account"], "{contact}", a.ids["contact"], "{prospect}", a.ids["prospect"],
			"{activity}", a.ids["activity"], "{stage}", a.ids["stage"], "{member}", a.OwnerID, "{api_key}", a.ids["api_key"],
			"{workspace}", a.ID, "{other_workspace}", other.ID, "{invite_token}", inv.Str("token"), "{chosen_id}", chosen,
			"{campaign}", a.ids["campaign"], "{spend}", a.ids["spend"], "{touchpoint}", a.ids["touchpoint"])

		workspaces := func() int64 {
			n, err := e.DB.Tenancy().CountWorkspaces(context.Background())
			if err != nil {
				t.Fatal(err)
			}
			return n
		}
		before, nWorkspaces := snapshot(e, a), workspaces()
		for _, row := range badInputs {
			t.Run(row.name, func(t *testing.T) {
				req := apitest.Request{Method: row.method, Path: fill.Replace(row.path), Header: row.header}
				if !strings.HasPrefix(row.path, "/api/v1/auth/") {
					req.Token = a.Token
				}
				if s, ok := row.body.(string); ok {
					req.Body = fill.Replace(s)
				}
				var countsBefore map[string]int
				if row.method != "GET" {
					countsBefore = counts(e, a.Token)
				}
				r := e.Do(req)
				switch {
				case row.status == clientError:
					if r.Status != 400 && r.Status != 422 {
						t.Errorf("status %d, want 400 or 422: %s", r.Status, r.Body)
					} else {
						wantProblem(t, row.name, r, r.Status, "")
					}
				case row.status == 200:
					if r.Status != 200 || !strings.HasPrefix(r.Header.Get("Content-Type"), "application/json") {
						t.Errorf("status %d (%s), want 200 JSON: %s", r.Status, r.Header.Get("Content-Type"), r.Body)
					} else if row.emptyList && len(r.Data()) != 0 {
						t.Errorf("an injection string matched %d rows: %s", len(r.Data()), r.Body)
					}
				case row.status > 0:
					wantProblem(t, row.name, r, row.status, row.code)
				}
				if row.allow != "" && !sameMethods(r.Header.Get("Allow"), row.allow+", OPTIONS") {
					t.Errorf("Allow = %q, want %q and OPTIONS", r.Header.Get("Allow"), row.allow)
				}
				if countsBefore != nil {
					sameCounts(t, row.name, countsBefore, counts(e, a.Token))
				}
			})
		}
		sameSnapshot(t, before, snapshot(e, a))
		if n := workspaces(); n != nWorkspaces {
			t.Errorf("refused signups created %d workspaces", n-nWorkspaces)
		}
		e.Must(404, "GET", "/api/v1/accounts/"+chosen, a.Token, nil)
		// The refused acceptances did not use up the invite, nor give it another role.
		tok := e.Must(201, "POST", "/api/v1/auth/accept-invite", "", map[string]any{"token": inv.Str("token"), "name": "Pending", "password": "correct horse battery staple"})
		me := e.Must(200, "GET", "/api/v1/me", tok.Str("access_token"), nil)
		if role := me.JSON["member"].(map[string]any)["role"]; role != "viewer" {
			t.Errorf("the invited member has role %v, want viewer", role)
		}
	})
}

// A body over the limit is refused even when it does not declare its length
// (chunked), so the limit is on bytes read, not on a header.
func TestOversizeBodyWithoutLength(t *testing.T) {
	storagetest.Run(t, func(t *testing.T, d storage.Dialect) {
		e := apitest.New(t, d)
		w := e.Signup("Chunky")
		// io.MultiReader hides the length, as a chunked upload does.
		req := httptest.NewRequest("POST", "/api/v1/accounts", io.MultiReader(strings.NewReader(overMiB)))
		if req.ContentLength != -1 {
			t.Fatalf("the request declares a length (%d); the test would prove nothing", req.ContentLength)
		}
		req.Header.Set("Content-Type", "application/json")
		req.Header.Set("Authorization", "Bearer "+w.Token)
		rec := httptest.NewRecorder()
		e.Echo.ServeHTTP(rec, req)
		var p struct{ Code string }
		_ = json.Unmarshal(rec.Body.Bytes(), &p)
		if rec.Code != 413 || p.Code != "body_too_large" {
			t.Errorf("chunked body over 1 MiB: %d %s, want 413 body_too_large", rec.Code, rec.Body)
		}
		if n := len(e.Must(200, "GET", "/api/v1/accounts", w.Token, nil).Data()); n != 0 {
			t.Errorf("%d accounts stored", n)
		}
	})
}

// Every :id route refuses a malformed id as the client's error and treats a
// well-formed unknown one as not found: never 2xx, never 5xx.
func TestMalformedPathIDs(t *testing.T) {
	storagetest.Run(t, func(t *testing.T, d storage.Dialect) {
		e := apitest.New(t, d)
		a := seedTenant(e, "Alpha")
		before := snapshot(e, a)
		bad := []string{"not-a-uuid", url.PathEscape("' OR 1=1 --"), "00000000-0000-0000-0000-000000000000",
			a.ids["account"] + "0", a.ids["account"][1:], "%00", "%ff", url.PathEscape("../" + a.ids["account"]), "1", "-1"}
		for _, r := range idRoutes(t, e) {
			for _, id := range bad {
				got := r.call(e, a.Token, a, func(string) string { return id })
				if got.Status != 400 && got.Status != 404 {
					t.Errorf("%s %s with id %q: %d, want 400 or 404: %s", r.method, r.path, id, got.Status, got.Body)
				} else if !strings.HasPrefix(got.Header.Get("Content-Type"), "application/problem+json") {
					t.Errorf("%s %s with id %q: Content-Type %q", r.method, r.path, id, got.Header.Get("Content-Type"))
				}
			}
		}
		sameSnapshot(t, before, snapshot(e, a))
	})
}

// sameMethods compares two Allow lists as sets.
func sameMethods(a, b string) bool {
	set := func(s string) map[string]bool {
		m := map[string]bool{}
		for _, x := range strings.Split(s, ",") {
			m[strings.TrimSpace(x)] = true
		}
		return m
	}
	x, y := set(a), set(b)
	if len(x) != len(y) {
		return false
	}
	for k := range x {
		if !y[k] {
			return false
		}
	}
	return true
}
