package api_test

import (
	"fmt"
	"slices"
	"testing"

	"github.com/onefunnel/onefunnel/api/apitest"
	"github.com/onefunnel/onefunnel/storage"
	"github.com/onefunnel/onefunnel/storage/storagetest"
)

// contactID is the id of the one contact with this email.
func contactID(t *testing.T, e *apitest.Env, token, email string) string {
	t.Helper()
	cs := e.Must(200, "GET", "/api/v1/contacts?email="+email, token, nil).Data()
	if len(cs) != 1 {
		t.Fatalf("contacts with %s: %v", email, cs)
	}
	return cs[0]["id"].(string)
}

// wantMerged checks that every request to a merged contact answers 404
// "merged" naming the survivor.
func wantMerged(t *testing.T, e *apitest.Env, token, gone, survivor string) {
	t.Helper()
	for _, r := range []struct{ method, path string }{
		{"GET", "/api/v1/contacts/" + gone}, {"GET", "/api/v1/contacts/" + gone + "/timeline"},
		{"PATCH", "/api/v1/contacts/" + gone}, {"DELETE", "/api/v1/contacts/" + gone},
	} {
		var body any
		if r.method == "PATCH" {
			body = map[string]any{"first_name": "Ghost"}
		}
		got := e.Call(r.method, r.path, token, body)
		wantProblem(t, r.method+" the merged contact", got, 404, "merged")
		if got.Str("merged_into") != survivor {
			t.Errorf("%s %s: merged_into %q, want %s", r.method, r.path, got.Str("merged_into"), survivor)
		}
	}
}

// timelineKinds lists a contact's timeline as "kind" or "kind:detail" entries, newest first.
func timelineKinds(t *testing.T, e *apitest.Env, token, contact string) ([]string, map[string]any) {
	t.Helper()
	var out []string
	var merge map[string]any
	for _, it := range e.Must(200, "GET", "/api/v1/contacts/"+contact+"/timeline?limit=200", token, nil).Data() {
		switch it["kind"] {
		case "event":
			out = append(out, "event:"+it["event"].(map[string]any)["event"].(string))
		case "touchpoint":
			out = append(out, "touchpoint:"+it["touchpoint"].(map[string]any)["type"].(string))
		case "merge":
			merge = it["merge"].(map[string]any)
			out = append(out, "merge:"+merge["reason"].(string))
		default:
			out = append(out, it["kind"].(string))
		}
	}
	return out, merge
}

// alias of two known users makes them one contact: the older keeps its id
// and gets everything of the other, which answers 404 "merged" from then on;
// the merge is on the survivor's timeline.
func TestAliasMergesTwoKnownContacts(t *testing.T) {
	storagetest.Run(t, func(t *testing.T, d storage.Dialect) {
		e := apitest.New(t, d)
		w := e.Signup("Merges")
		key := writeKey(t, e, w)
		tok := w.Token
		ingest(t, e, key,
			// Ann at work, on her laptop: a contact on acme.io's prospect.
			page("p1", "laptop", "2026-01-05T09:00:00Z", "https://acme.io/?utm_source=google&utm_medium=cpc&utm_campaign=spring"),
			identify("i1", "laptop", "u-ann", "2026-01-05T09:05:00Z", `{"email":"ann@acme.io","firstName":"Ann","lastName":"Lee"}`),
			// Ann again on her phone, under her private account: a second contact.
			page("p2", "phone", "2026-01-06T20:00:00Z", "https://acme.io/blog?utm_source=facebook&utm_medium=paid_social"),
			identify("i2", "phone", "u-annie", "2026-01-06T20:01:00Z", `{"email":"annie@gmail.com","name":"Annie L"}`),
			`{"type":"track","messageId":"t1","userId":"u-annie","event":"Webinar Attended","timestamp":"2026-01-06T20:30:00Z"}`,
			`{"type":"track","messageId":"t2","userId":"u-annie","event":"Trial Started","timestamp":"2026-01-06T20:31:00Z"}`,
		)
		processAll(t, e)
		ann, annie := contactID(t, e, tok, "ann@acme.io"), contactID(t, e, tok, "annie@gmail.com")
		annsProspect := e.Must(200, "GET", "/api/v1/prospects?contact_id="+ann, tok, nil).Data()[0]["id"].(string)
		anniesProspect := e.Must(200, "GET", "/api/v1/prospects?contact_id="+annie, tok, nil).Data()[0]["id"].(string)
		// A salesperson already put both on Ann's prospect, noted Annie's
		// phone and logged a call with her.
		e.Must(200, "PATCH", "/api/v1/contacts/"+annie, tok, map[string]any{"phone": "+1 555"})
		e.Must(200, "PATCH", "/api/v1/prospects/"+annsProspect, tok, map[string]any{"contacts": []map[string]any{
			{"contact_id": ann, "role": "champion"}, {"contact_id": annie, "role": "user"}}})
		call := e.Must(201, "POST", "/api/v1/activities", tok, map[string]any{"type": "call", "subject": "Intro", "contact_id": annie}).Str("id")
		before := len(e.Must(200, "GET", "/api/v1/touchpoints?contact_id="+ann, tok, nil).Data()) +
			len(e.Must(200, "GET", "/api/v1/touchpoints?contact_id="+annie, tok, nil).Data())

		ingest(t, e, key, `{"type":"alias","messageId":"a1","previousId":"u-annie","userId":"u-ann","timestamp":"2026-01-07T08:00:00Z"}`)
		processAll(t, e)

		contacts := e.Must(200, "GET", "/api/v1/contacts", tok, nil).Data()
		if len(contacts) != 1 || contacts[0]["id"] != ann {
			t.Fatalf("contacts %v, want Ann's only", contacts)
		}
		c := contacts[0]
		if c["email"] != "ann@acme.io" || c["first_name"] != "Ann" || c["last_name"] != "Lee" || c["phone"] != "+1 555" {
			t.Errorf("survivor %v: want Ann's email and name kept, Annie's phone added", c)
		}
		if ft, _ := c["first_touch"].(map[string]any); ft["channel"] != "Paid Search" {
			t.Errorf("first touch %v, want Ann's own (the earlier)", c["first_touch"])
		}
		wantMerged(t, e, tok, annie, ann)

		touches := e.Must(200, "GET", "/api/v1/touchpoints?contact_id="+ann, tok, nil).Data()
		var channels []string
		for _, tp := range touches {
			channels = append(channels, fmt.Sprintf("%s/%s", tp["type"], tp["channel"]))
			if tp["account_id"] != c["account_id"] {
				t.Errorf("touchpoint %v is not on Ann's account %v", tp, c["account_id"])
			}
		}
		if len(touches) != before || fmt.Sprint(channels) != "[session/Paid Search session/Paid Social webinar/Direct]" {
			t.Errorf("Ann's touchpoints %v, want both devices' (%d)", channels, before)
		}
		if acts := e.Must(200, "GET", "/api/v1/activities?contact_id="+ann, tok, nil).Data(); len(acts) != 1 || acts[0]["id"] != call {
			t.Errorf("Ann's activities %v, want the call logged with Annie", acts)
		}
		prospects := e.Must(200, "GET", "/api/v1/prospects?contact_id="+ann, tok, nil).Data()
		var ids []string
		for _, p := range prospects {
			ids = append(ids, p["id"].(string))
			if p["id"] == annsProspect && fmt.Sprint(p["contact_ids"]) != fmt.Sprint([]any{ann}) {
				t.Errorf("Ann's prospect lists %v, want Ann once", p["contact_ids"])
			}
		}
		slices.Sort(ids)
		want := []string{annsProspect, anniesProspect}
		slices.Sort(want)
		if fmt.Sprint(ids) != fmt.Sprint(want) {
			t.Errorf("Ann's prospects %v, want hers and Annie's %v", ids, want)
		}

		kinds, merge := timelineKinds(t, e, tok, ann)
		// Newest first: the call (logged today), the merge, then both
		// people's histories interleaved in time.
		wantKinds := "[activity merge:alias event:Trial Started touchpoint:webinar event:Webinar Attended stage_change touchpoint:session session stage_change touchpoint:session session]"
		if fmt.Sprint(kinds) != wantKinds {
			t.Errorf("Ann's timeline\n %v\nwant %s", kinds, wantKinds)
		}
		if merge["merged_contact_id"] != annie || merge["email"] != "annie@gmail.com" || merge["user_id"] != "u-annie" || merge["name"] != "Annie L" {
			t.Errorf("the merge entry %v", merge)
		}

		// Annie's userId and email still name Ann: nothing new is created.
		ingest(t, e, key,
			`{"type":"track","messageId":"t3","userId":"u-annie","event":"Webinar Attended","timestamp":"2026-01-08T10:00:00Z"}`,
			identify("i3", "tablet", "", "2026-01-08T11:00:00Z", `{"email":"annie@gmail.com"}`),
		)
		processAll(t, e)
		if n := len(e.Must(200, "GET", "/api/v1/contacts", tok, nil).Data()); n != 1 {
			t.Errorf("%d contacts after events for the merged identity, want 1", n)
		}
		if n := len(e.Must(200, "GET", "/api/v1/touchpoints?contact_id="+ann+"&type=webinar", tok, nil).Data()); n != 2 {
			t.Errorf("Ann has %d webinar touchpoints, want 2", n)
		}
		// alias(anonymousId, userId): the browser's contact and the user's merge.
		ingest(t, e, key,
			identify("i4", "cy-browser", "", "2026-01-09T09:00:00Z", `{"email":"cy@initech.com"}`),
			identify("i5", "", "u-cy", "2026-01-09T09:30:00Z", `{"email":"cyrus@gmail.com"}`),
			`{"type":"alias","messageId":"a2","previousId":"cy-browser","userId":"u-cy","timestamp":"2026-01-09T10:00:00Z"}`,
			// A userId no contact has yet goes to the browser's contact.
			identify("i6", "dot-browser", "", "2026-01-09T11:00:00Z", `{"email":"dot@initech.com"}`),
			`{"type":"alias","messageId":"a3","previousId":"dot-browser","userId":"u-dot","timestamp":"2026-01-09T11:30:00Z"}`,
			`{"type":"track","messageId":"t4","userId":"u-dot","event":"Form Submitted","timestamp":"2026-01-09T12:00:00Z"}`,
		)
		processAll(t, e)
		cy := contactID(t, e, tok, "cy@initech.com")
		if cs := e.Must(200, "GET", "/api/v1/contacts?email=cyrus@gmail.com", tok, nil).Data(); len(cs) != 0 {
			t.Errorf("Cyrus's contact was not merged into Cy's: %v", cs)
		}
		if _, merge := timelineKinds(t, e, tok, cy); merge["user_id"] != "u-cy" || merge["reason"] != "alias" {
			t.Errorf("Cy's merge entry %v", merge)
		}
		dot := contactID(t, e, tok, "dot@initech.com")
		if n := len(e.Must(200, "GET", "/api/v1/touchpoints?contact_id="+dot, tok, nil).Data()); n != 1 {
			t.Errorf("u-dot's form submit is not Dot's (%d touchpoints)", n)
		}
		if n := len(e.Must(200, "GET", "/api/v1/contacts", tok, nil).Data()); n != 3 {
			t.Errorf("%d contacts, want Ann, Cy and Dot", n)
		}

		// Ann in turn merges into an older record of her: both merged ids
		// now lead there.
		ingest(t, e, key,
			identify("i7", "", "u-ann-2019", "2026-01-01T00:00:00Z", `{"email":"a.lee@acme.io"}`),
			`{"type":"alias","messageId":"a4","previousId":"u-ann","userId":"u-ann-2019","timestamp":"2026-01-10T08:00:00Z"}`,
		)
		processAll(t, e)
		oldest := contactID(t, e, tok, "a.lee@acme.io")
		wantMerged(t, e, tok, ann, oldest)
		wantMerged(t, e, tok, annie, oldest)
		if n := len(e.Must(200, "GET", "/api/v1/touchpoints?contact_id="+oldest, tok, nil).Data()); n != 4 {
			t.Errorf("the oldest record has %d touchpoints, want all 4 of Ann's and Annie's", n)
		}

		// Deleting the survivor leaves no pointer to it.
		e.Must(204, "DELETE", "/api/v1/contacts/"+oldest, tok, nil)
		for _, gone := range []string{ann, annie} {
			wantProblem(t, "a merged contact after its survivor was deleted", e.Call("GET", "/api/v1/contacts/"+gone, tok, nil), 404, "not_found")
		}
	})
}

// An identify that names a second identity of a known visitor or user
// merges the two contacts.
func TestIdentifyWithASecondIdentityMerges(t *testing.T) {
	storagetest.Run(t, func(t *testing.T, d storage.Dialect) {
		e := apitest.New(t, d)
		w := e.Signup("Identities")
		key := writeKey(t, e, w)
		tok := w.Token
		// Bea, typed into the CRM today.
		bea := e.Must(201, "POST", "/api/v1/contacts", tok, map[string]any{"email": "bea@initech.com", "first_name": "Bea"}).Str("id")
		ingest(t, e, key,
			// Gil: a user of the product (contact by userId) ...
			page("p1", "gil-1", "2026-01-05T09:00:00Z", "https://app.io/?utm_source=newsletter&utm_medium=email"),
			identify("i1", "gil-1", "u-gil", "2026-01-05T09:01:00Z", `{"email":"gil@globex.com"}`),
			// ... who earlier filled a form in another browser (contact by email, an earlier first touch).
			page("p2", "gil-2", "2026-01-01T08:00:00Z", "https://app.io/?gclid=xyz"),
			identify("i2", "gil-2", "", "2026-01-06T10:00:00Z", `{"email":"gilbert@gmail.com","name":"Gilbert"}`),
			// Logging in there: the browser's contact and the user's are one person.
			identify("i3", "gil-2", "u-gil", "2026-01-06T10:05:00Z", `{}`),
			// Dee's browser (a user) submits Bea's email: Bea's contact and Dee's are one.
			identify("i4", "dee", "u-dee", "2026-01-05T12:00:00Z", `{}`),
			identify("i5", "dee", "", "2026-01-05T12:10:00Z", `{"email":"bea@initech.com"}`),
			// Two users on one device stay two people.
			identify("i6", "kiosk", "u-kim", "2026-01-05T13:00:00Z", `{"email":"kim@hooli.com"}`),
			identify("i7", "lou", "u-lou", "2026-01-05T13:30:00Z", `{"email":"lou@hooli.com"}`),
			identify("i8", "kiosk", "u-lou", "2026-01-05T14:00:00Z", `{}`),
		)
		processAll(t, e)

		gil := contactID(t, e, tok, "gil@globex.com")
		if cs := e.Must(200, "GET", "/api/v1/contacts?email=gilbert@gmail.com", tok, nil).Data(); len(cs) != 0 {
			t.Errorf("Gilbert's contact is still there: %v", cs)
		}
		g := e.Must(200, "GET", "/api/v1/contacts/"+gil, tok, nil).JSON
		if ft, _ := g["first_touch"].(map[string]any); ft["channel"] != "Paid Search" || ft["occurred_at"] != "2026-01-01T08:00:00Z" {
			t.Errorf("Gil's first touch %v, want the merged contact's earlier Paid Search visit", g["first_touch"])
		}
		if g["first_name"] != "Gilbert" {
			t.Errorf("Gil's name %v, want Gilbert's (Gil had none)", g["first_name"])
		}
		if n := len(e.Must(200, "GET", "/api/v1/touchpoints?contact_id="+gil, tok, nil).Data()); n != 2 {
			t.Errorf("Gil has %d touchpoints, want both browsers' sessions", n)
		}
		kinds, merge := timelineKinds(t, e, tok, gil)
		if !slices.Contains(kinds, "merge:identify") || merge["email"] != "gilbert@gmail.com" || merge["user_id"] != nil {
			t.Errorf("Gil's timeline %v, merge %v", kinds, merge)
		}

		// Dee has been known since her January visit, Bea only since she was
		// typed in today: Dee's contact survives and takes Bea's email and name.
		dee := contactID(t, e, tok, "bea@initech.com")
		if dee == bea {
			t.Fatalf("Bea's newer contact survived")
		}
		if c := e.Must(200, "GET", "/api/v1/contacts/"+dee, tok, nil).JSON; c["first_name"] != "Bea" {
			t.Errorf("the survivor %v did not take Bea's name", c)
		}
		wantMerged(t, e, tok, bea, dee)
		if all := e.Must(200, "GET", "/api/v1/contacts?limit=200", tok, nil).Data(); len(all) != 4 {
			t.Errorf("%d contacts, want Gil, Dee, Kim and Lou", len(all))
		}
		ingest(t, e, key, `{"type":"track","messageId":"t1","userId":"u-dee","event":"Form Submitted","timestamp":"2026-01-07T10:00:00Z"}`)
		processAll(t, e)
		if n := len(e.Must(200, "GET", "/api/v1/touchpoints?contact_id="+dee, tok, nil).Data()); n != 1 {
			t.Errorf("Dee's form submit is not on the survivor (%d touchpoints)", n)
		}

		// Kim and Lou are both still there; the kiosk browser is Lou's now.
		kim, lou := contactID(t, e, tok, "kim@hooli.com"), contactID(t, e, tok, "lou@hooli.com")
		for _, who := range []string{kim, lou} {
			if k, _ := timelineKinds(t, e, tok, who); slices.Contains(k, "merge:identify") {
				t.Errorf("two users were merged: %v", k)
			}
		}
	})
}
