package api_test

import (
	"fmt"
	"testing"

	"github.com/onefunnel/onefunnel/api/apitest"
	"github.com/onefunnel/onefunnel/storage"
	"github.com/onefunnel/onefunnel/storage/storagetest"
)

func group(id, user, groupID, at, traits string) string {
	return fmt.Sprintf(`{"type":"group","messageId":%q,"userId":%q,"groupId":%q,"timestamp":%q,"traits":%s}`, id, user, groupID, at, traits)
}

// accountOf is the name of the account the contact with this email is on ("" for none).
func accountOf(t *testing.T, e *apitest.Env, token, email string) string {
	t.Helper()
	cs := e.Must(200, "GET", "/api/v1/contacts?email="+email, token, nil).Data()
	if len(cs) != 1 {
		t.Fatalf("contacts with %s: %v", email, cs)
	}
	id, _ := cs[0]["account_id"].(string)
	if id == "" {
		return ""
	}
	return e.Must(200, "GET", "/api/v1/accounts/"+id, token, nil).Str("name")
}

// The groupId is kept on the account: a later group call with the same
// groupId finds it without traits, and traits fill what it lacks.
func TestGroupFindsAccountsByGroupID(t *testing.T) {
	storagetest.Run(t, func(t *testing.T, d storage.Dialect) {
		e := apitest.New(t, d)
		w := e.Signup("Groups by id")
		key := writeKey(t, e, w)
		tok := w.Token
		people := []string{}
		for _, p := range []string{"dan", "eve", "fay", "gus", "hal", "jo"} {
			domain := "gmail.com"
			if p == "gus" {
				domain = "hooli.com" // an account from the email domain, before any group call
			}
			people = append(people, identify("i-"+p, "", "u-"+p, "2026-01-05T09:00:00Z", fmt.Sprintf(`{"email":"%s@%s"}`, p, domain)))
		}
		ingest(t, e, key, people...)
		ingest(t, e, key,
			group("g1", "u-dan", "org-1", "2026-01-05T10:00:00Z", `{"name":"Initech","website":"https://www.initech.com/"}`),
			// The same groupId without traits: the same account.
			group("g2", "u-eve", "org-1", "2026-01-05T10:01:00Z", `{}`),
			// A groupId alone makes an account named by it; its traits later name it.
			group("g3", "u-fay", "org-2", "2026-01-05T10:02:00Z", `{}`),
			group("g4", "u-fay", "org-2", "2026-01-05T10:03:00Z", `{"name":"Globex","domain":"globex.com"}`),
			// The email domain's account adopts the groupId its website names.
			group("g5", "u-gus", "org-3", "2026-01-05T10:04:00Z", `{"name":"Hooli","website":"hooli.com"}`),
			group("g6", "u-hal", "org-3", "2026-01-05T10:05:00Z", `{}`),
			// Another groupId with Initech's website is another account.
			group("g7", "u-jo", "org-4", "2026-01-05T10:06:00Z", `{"website":"initech.com"}`),
		)
		processAll(t, e)
		for email, want := range map[string]string{"dan@gmail.com": "Initech", "eve@gmail.com": "Initech", "fay@gmail.com": "Globex", "gus@hooli.com": "Hooli", "hal@gmail.com": "Hooli", "jo@gmail.com": "org-4"} {
			if got := accountOf(t, e, tok, email); got != want {
				t.Errorf("%s is on %q, want %q", email, got, want)
			}
		}
		accounts := e.Must(200, "GET", "/api/v1/accounts?sort=name", tok, nil).Data()
		var got []string
		for _, a := range accounts {
			got = append(got, fmt.Sprintf("%s/%v", a["name"], a["domain"]))
		}
		if want := "[Globex/globex.com Hooli/hooli.com Initech/initech.com org-4/<nil>]"; fmt.Sprint(got) != want {
			t.Errorf("accounts %v, want %s", got, want)
		}

		// A name someone set is theirs: traits do not rename it back.
		initech := e.Must(200, "GET", "/api/v1/accounts?domain=initech.com", tok, nil).Data()[0]["id"].(string)
		e.Must(200, "PATCH", "/api/v1/accounts/"+initech, tok, map[string]any{"name": "Initech Corp"})
		ingest(t, e, key,
			group("g8", "u-dan", "org-1", "2026-01-05T11:00:00Z", `{"name":"Initech","website":"initech.com"}`),
			// A browser's group call: the visitor's contact joins.
			page("p1", "ivy-browser", "2026-01-05T11:00:00Z", "https://initech.com/"),
			identify("i-ivy", "ivy-browser", "", "2026-01-05T11:01:00Z", `{"email":"ivy@gmail.com"}`),
			`{"type":"group","messageId":"g9","anonymousId":"ivy-browser","groupId":"org-1","timestamp":"2026-01-05T11:02:00Z"}`,
		)
		processAll(t, e)
		if got := e.Must(200, "GET", "/api/v1/accounts/"+initech, tok, nil).Str("name"); got != "Initech Corp" {
			t.Errorf("the account was renamed to %q by a group call", got)
		}
		if got := accountOf(t, e, tok, "ivy@gmail.com"); got != "Initech Corp" {
			t.Errorf("the anonymous group call put Ivy on %q", got)
		}
		if n := len(e.Must(200, "GET", "/api/v1/accounts", tok, nil).Data()); n != 4 {
			t.Errorf("%d accounts, want still 4", n)
		}
	})
}
