package api_test

import (
	"bytes"
	"encoding/json"
	"fmt"
	"net/url"
	"slices"
	"strings"
	"testing"

	"github.com/onefunnel/onefunnel/api/apitest"
	"github.com/onefunnel/onefunnel/domain"
	"github.com/onefunnel/onefunnel/storage"
	"github.com/onefunnel/onefunnel/storage/storagetest"
)

// tenant is a workspace with one record of every kind an :id route names.
type tenant struct {
	apitest.Workspace
	ids    map[string]string // record kind → id
	key    string            // a read_write API key
	stages []string
}

// seedTenant fills a workspace. Both tenants use the same names and emails,
// so a search or filter that ignored the workspace would find the other's rows.
func seedTenant(e *apitest.Env, name string) tenant {
	e.T.Helper()
	t := tenant{Workspace: e.Signup(name), ids: map[string]string{}}
	t.stages = e.Stages(t.Token)
	tok := t.Token
	t.ids["member"] = t.OwnerID
	t.ids["account"] = e.Must(201, "POST", "/api/v1/accounts", tok, map[string]any{"name": "Initech", "domain": "initech.example"}).Str("id")
	t.ids["contact"] = e.Must(201, "POST", "/api/v1/contacts", tok, map[string]any{"email": "peter@initech.example", "first_name": "Peter", "last_name": "Gibbons", "account_id": t.ids["account"]}).Str("id")
	t.ids["prospect"] = e.Must(201, "POST", "/api/v1/prospects", tok, map[string]any{"title": "TPS reports", "account_id": t.ids["account"], "contact_ids": []string{t.ids["contact"]}, "amount": 5000}).Str("id")
	e.Must(201, "POST", "/api/v1/prospects/"+t.ids["prospect"]+"/stage-changes", tok, map[string]any{"stage_id": t.stages[1]})
	t.ids["activity"] = e.Must(201, "POST", "/api/v1/activities", tok, map[string]any{"type": "call", "subject": "Case of the Mondays", "prospect_id": t.ids["prospect"], "contact_id": t.ids["contact"], "account_id": t.ids["account"]}).Str("id")
	t.ids["invite"] = e.Must(201, "POST", "/api/v1/invites", tok, map[string]any{"email": "milton@initech.example", "role": "member"}).Str("id")
	t.key, t.ids["api_key"] = newAPIKey(e, tok, "read_write")
	t.ids["stage"] = e.Must(201, "POST", "/api/v1/stages", tok, map[string]any{"name": "Red stapler", "phase": "opportunity"}).Str("id")
	wk := e.Must(201, "POST", "/api/v1/write-keys", tok, map[string]any{"name": "Website"})
	t.ids["write_key"] = wk.Str("id")
	if r := track(e, "/v1/batch", wk.Str("key"), `{"batch":[{"type":"page","anonymousId":"visitor-1","name":"Pricing"},{"type":"identify","anonymousId":"visitor-1","userId":"peter"}]}`); r.Status != 200 {
		e.T.Fatalf("seeding events: %d %s", r.Status, r.Body)
	}
	t.ids["event"] = e.Must(200, "GET", "/api/v1/events?limit=1", tok, nil).Data()[0]["id"].(string)
	t.ids["campaign"] = e.Must(201, "POST", "/api/v1/campaigns", tok, map[string]any{"name": "Spring launch", "channel": "Paid Search", "utm_campaign": "spring-launch", "starts_on": "2025-03-01", "ends_on": "2025-05-31"}).Str("id")
	t.ids["spend"] = e.Must(201, "POST", "/api/v1/campaigns/"+t.ids["campaign"]+"/spend", tok, map[string]any{"period_start": "2025-03-01", "period_end": "2025-03-31", "amount": 500000, "currency": "EUR"}).Str("id")
	t.ids["touchpoint"] = e.Must(201, "POST", "/api/v1/touchpoints", tok, map[string]any{"contact_id": t.ids["contact"], "type": "ad_click", "source": "google", "medium": "cpc", "campaign": "spring-launch", "occurred_at": "2025-03-02T10:00:00Z"}).Str("id")
	return t
}

// recordKinds maps an :id route's collection to the kind of record its id names.
// A new collection with :id routes must be added here, with a record in
// seedTenant, or TestCrossWorkspaceMatrix fails.
var recordKinds = map[string]string{
	"accounts": "account", "contacts": "contact", "prospects": "prospect", "activities": "activity",
	"stages": "stage", "members": "member", "invites": "invite", "api-keys": "api_key", "write-keys": "write_key",
	"campaigns": "campaign", "touchpoints": "touchpoint",
}

// routeKinds names the records of :id routes outside a collection of their
// own, such as a report about one record.
var routeKinds = map[string][]string{"/api/v1/reports/attribution/prospects/:id": {"prospect"}}

// ownNamespaceRoutes take a name the caller chooses within its own workspace
// (an outside metric's name), not an id that could belong to another one:
// there is no foreign record to try. TestReportCSVAndMetricsScenario checks
// that one workspace neither sees nor changes another's metric of the same
// name.
var ownNamespaceRoutes = map[string]bool{"/api/v1/metrics/:metric/points": true}

// paramKinds maps the further parameters of nested routes (after :id) to the
// kind of record they name. A new one must be added here, with a record in
// seedTenant, or TestCrossWorkspaceMatrix fails.
var paramKinds = map[string]string{"spend_id": "spend"}

// crossBodies are plausible, valid bodies for every :id route that takes one,
// built from the caller's own workspace so that only the path's id is foreign.
// A new write route without a body here fails the matrix.
var crossBodies = map[string]func(own tenant) any{
	"PATCH /api/v1/accounts/:id":               func(tenant) any { return map[string]any{"name": "Taken over", "domain": "evil.example"} },
	"PATCH /api/v1/contacts/:id":               func(tenant) any { return map[string]any{"first_name": "Taken", "email": "taken@evil.example"} },
	"PATCH /api/v1/prospects/:id":              func(tenant) any { return map[string]any{"title": "Taken over", "amount": 1} },
	"POST /api/v1/prospects/:id/stage-changes": func(own tenant) any { return map[string]any{"stage_id": own.stages[6]} },
	"PATCH /api/v1/activities/:id":             func(tenant) any { return map[string]any{"subject": "Taken over", "done": true} },
	"PATCH /api/v1/stages/:id":                 func(tenant) any { return map[string]any{"name": "Taken over", "position": 0} },
	"PATCH /api/v1/members/:id":                func(tenant) any { return map[string]any{"role": "viewer"} },
	"PATCH /api/v1/campaigns/:id": func(tenant) any {
		return map[string]any{"name": "Taken over", "channel": "Display", "utm_campaign": "taken-over", "ends_on": nil}
	},
	"POST /api/v1/campaigns/:id/spend": func(tenant) any {
		return map[string]any{"period_start": "2025-06-01", "period_end": "2025-06-30", "amount": 1, "currency": "USD"}
	},
}

// idRoute is one method of a route whose path names records: by :id, and for
// a nested resource by further parameters too.
type idRoute struct {
	method, path string
	kinds        []string // the kind of record each parameter names, in path order
}

// idRoutes walks the live route table, so a route added later is covered
// without editing this test — or makes it fail when it cannot be filled.
func idRoutes(t *testing.T, e *apitest.Env) []idRoute {
	t.Helper()
	var out []idRoute
	for _, r := range e.Echo.Routes() {
		if !strings.HasPrefix(r.Path, "/api/v1/") || !strings.Contains(r.Path, ":") {
			continue
		}
		if ownNamespaceRoutes[r.Path] {
			continue
		}
		if kinds, ok := routeKinds[r.Path]; ok {
			out = append(out, idRoute{r.Method, r.Path, kinds})
			continue
		}
		segs := strings.Split(strings.TrimPrefix(r.Path, "/api/v1/"), "/")
		kind, ok := recordKinds[segs[0]]
		if !ok || len(segs) < 2 || segs[1] != ":id" {
			t.Errorf("route %s %s: the tenancy matrix does not know which record its parameters name; teach recordKinds and seedTenant", r.Method, r.Path)
			continue
		}
		kinds := []string{kind}
		for _, seg := range segs[2:] {
			if !strings.HasPrefix(seg, ":") {
				continue
			}
			if k, ok := paramKinds[seg[1:]]; ok {
				kinds = append(kinds, k)
			} else {
				t.Errorf("route %s %s: the tenancy matrix does not know which record %s names; teach paramKinds and seedTenant", r.Method, r.Path, seg)
			}
		}
		if r.Method != "GET" && r.Method != "DELETE" && crossBodies[r.Method+" "+r.Path] == nil {
			t.Errorf("route %s %s takes a body the tenancy matrix cannot fill; add one to crossBodies", r.Method, r.Path)
			continue
		}
		out = append(out, idRoute{r.Method, r.Path, kinds})
	}
	slices.SortFunc(out, func(a, b idRoute) int { return strings.Compare(a.method+a.path, b.method+b.path) })
	for key := range crossBodies {
		if !slices.ContainsFunc(out, func(r idRoute) bool { return r.method+" "+r.path == key }) {
			t.Errorf("crossBodies has %q, which is no longer a route", key)
		}
	}
	return out
}

// call sends the route with each parameter filled by idOf(the kind it names).
func (r idRoute) call(e *apitest.Env, token string, own tenant, idOf func(kind string) string) apitest.Response {
	var body any
	if f := crossBodies[r.method+" "+r.path]; f != nil {
		body = f(own)
	}
	segs, k := strings.Split(r.path, "/"), 0
	for i, seg := range segs {
		if strings.HasPrefix(seg, ":") && k < len(r.kinds) {
			segs[i], k = idOf(r.kinds[k]), k+1
		}
	}
	return e.Call(r.method, strings.Join(segs, "/"), token, body)
}

// idOf reads a tenant's record ids by kind.
func (t tenant) idOf(kind string) string { return t.ids[kind] }

// madeUp is an id that exists nowhere, whatever kind is asked.
func madeUp(string) string { return domain.NewID() }

// snapshot reads everything the owner of t can see: every record, every list,
// every timeline. Two snapshots are equal only if nothing changed.
func snapshot(e *apitest.Env, t tenant) map[string]string {
	e.T.Helper()
	paths := []string{"/api/v1/me", "/api/v1/workspace", "/api/v1/event-map"}
	for _, c := range collections {
		paths = append(paths, "/api/v1/"+c+"?limit=200")
	}
	for kind, coll := range map[string]string{"account": "accounts", "contact": "contacts", "prospect": "prospects", "activity": "activities",
		"stage": "stages", "member": "members", "campaign": "campaigns", "touchpoint": "touchpoints"} {
		paths = append(paths, "/api/v1/"+coll+"/"+t.ids[kind])
	}
	paths = append(paths, "/api/v1/campaigns/"+t.ids["campaign"]+"/spend", "/api/v1/campaigns/"+t.ids["campaign"]+"/spend/"+t.ids["spend"])
	for _, st := range t.stages {
		paths = append(paths, "/api/v1/stages/"+st)
	}
	paths = append(paths,
		"/api/v1/accounts/"+t.ids["account"]+"/timeline", "/api/v1/contacts/"+t.ids["contact"]+"/timeline",
		"/api/v1/prospects/"+t.ids["prospect"]+"/timeline", "/api/v1/prospects/"+t.ids["prospect"]+"/stage-changes")
	out := map[string]string{}
	for _, p := range paths {
		r := e.Must(200, "GET", p, t.Token, nil)
		out[p] = string(r.Body)
	}
	return out
}

func sameSnapshot(t *testing.T, before, after map[string]string) {
	t.Helper()
	for p, b := range before {
		if after[p] != b {
			t.Errorf("GET %s changed:\nbefore %s\nafter  %s", p, b, after[p])
		}
	}
}

// An id from another workspace answers 404 on every :id route, exactly like an
// id that exists nowhere, and changes nothing there.
func TestCrossWorkspaceMatrix(t *testing.T) {
	storagetest.Run(t, func(t *testing.T, d storage.Dialect) {
		e := apitest.New(t, d)
		a, b := seedTenant(e, "Alpha"), seedTenant(e, "Bravo")
		routes := idRoutes(t, e)
		if t.Failed() {
			t.FailNow()
		}
		before := snapshot(e, b)
		for _, r := range routes {
			what := r.method + " " + r.path
			got := r.call(e, a.Token, a, b.idOf)
			wantProblem(t, what+" with the other workspace's "+strings.Join(r.kinds, " and ")+" (as owner)", got, 404, "not_found")
			if len(r.kinds) > 1 {
				// A's own parent does not make B's nested record reachable.
				mixed := r.call(e, a.Token, a, func(kind string) string {
					if kind == r.kinds[0] {
						return a.ids[kind]
					}
					return b.ids[kind]
				})
				wantProblem(t, what+" with A's "+r.kinds[0]+" and B's "+r.kinds[1], mixed, 404, "not_found")
			}

			// An API key (another principal path) cannot tell B's ids from made-up ones either.
			viaKey, nowhere := r.call(e, a.key, a, b.idOf), r.call(e, a.key, a, madeUp)
			if viaKey.Status != nowhere.Status || viaKey.Str("code") != nowhere.Str("code") {
				t.Errorf("%s as API key: the other workspace's id answers %d %s, a made-up id %d %s",
					what, viaKey.Status, viaKey.Str("code"), nowhere.Status, nowhere.Str("code"))
			}
			if viaKey.Status < 400 || viaKey.Status >= 500 {
				t.Errorf("%s as API key with the other workspace's id: %d %s", what, viaKey.Status, viaKey.Body)
			}
		}
		t.Logf("%d :id routes checked", len(routes))
		sameSnapshot(t, before, snapshot(e, b))
		// B's credentials still work: its key was not revoked, its owner not removed.
		e.Must(200, "GET", "/api/v1/accounts", b.key, nil)
		e.Must(200, "POST", "/api/v1/auth/refresh", "", map[string]any{"refresh_token": b.Refresh})
	})
}

// References in a body to another workspace's records are refused as invalid
// fields — the same answer as for ids that exist nowhere — and link nothing.
func TestCrossWorkspaceReferences(t *testing.T) {
	storagetest.Run(t, func(t *testing.T, d storage.Dialect) {
		e := apitest.New(t, d)
		a, b := seedTenant(e, "Alpha"), seedTenant(e, "Bravo")
		aPros, aAct := "/api/v1/prospects/"+a.ids["prospect"], "/api/v1/activities/"+a.ids["activity"]
		rows := []struct {
			name, method, path string
			body               map[string]any
			field              string
		}{
			{"contact in B's account", "POST", "/api/v1/contacts", map[string]any{"first_name": "X", "account_id": b.ids["account"]}, "account_id"},
			{"move contact to B's account", "PATCH", "/api/v1/contacts/" + a.ids["contact"], map[string]any{"account_id": b.ids["account"]}, "account_id"},
			{"prospect in B's account", "POST", "/api/v1/prospects", map[string]any{"title": "X", "account_id": b.ids["account"]}, "account_id"},
			{"prospect with B's contact_ids", "POST", "/api/v1/prospects", map[string]any{"title": "X", "contact_ids": []string{b.ids["contact"]}}, "contacts"},
			{"prospect with B's contacts", "POST", "/api/v1/prospects", map[string]any{"title": "X", "contacts": []map[string]any{{"contact_id": b.ids["contact"], "role": "champion"}}}, "contacts"},
			{"prospect owned by B's owner", "POST", "/api/v1/prospects", map[string]any{"title": "X", "owner_id": b.OwnerID}, "owner_id"},
			{"prospect in B's stage", "POST", "/api/v1/prospects", map[string]any{"title": "X", "stage_id": b.ids["stage"]}, "stage_id"},
			{"prospect moved to B's account", "PATCH", aPros, map[string]any{"account_id": b.ids["account"]}, "account_id"},
			{"prospect given B's contact", "PATCH", aPros, map[string]any{"contact_ids": []string{a.ids["contact"], b.ids["contact"]}}, "contacts"},
			{"prospect handed to B's owner", "PATCH", aPros, map[string]any{"owner_id": b.OwnerID}, "owner_id"},
			{"prospect moved to B's stage", "POST", aPros + "/stage-changes", map[string]any{"stage_id": b.ids["stage"]}, "stage_id"},
			{"activity on B's prospect", "POST", "/api/v1/activities", map[string]any{"type": "note", "body": "x", "prospect_id": b.ids["prospect"]}, "prospect_id"},
			{"activity on B's contact", "POST", "/api/v1/activities", map[string]any{"type": "note", "body": "x", "contact_id": b.ids["contact"]}, "contact_id"},
			{"activity on B's account", "POST", "/api/v1/activities", map[string]any{"type": "note", "body": "x", "account_id": b.ids["account"]}, "account_id"},
			{"task for B's owner", "POST", "/api/v1/activities", map[string]any{"type": "task", "subject": "x", "owner_id": b.OwnerID}, "owner_id"},
			{"activity handed to B's owner", "PATCH", aAct, map[string]any{"owner_id": b.OwnerID}, "owner_id"},
			{"touchpoint on B's contact", "POST", "/api/v1/touchpoints", map[string]any{"type": "webinar", "contact_id": b.ids["contact"]}, "contact_id"},
			{"touchpoint on B's account", "POST", "/api/v1/touchpoints", map[string]any{"type": "meeting", "account_id": b.ids["account"]}, "account_id"},
			{"touchpoint on A's contact at B's account", "POST", "/api/v1/touchpoints", map[string]any{"type": "call", "contact_id": a.ids["contact"], "account_id": b.ids["account"]}, "account_id"},
		}
		beforeB, beforeA := snapshot(e, b), snapshot(e, a)
		countsA := counts(e, a.Token)
		for _, row := range rows {
			t.Run(row.name, func(t *testing.T) {
				r := e.Call(row.method, row.path, a.Token, row.body)
				wantProblem(t, row.name, r, 422, "validation_failed")
				if fields := fieldErrors(r); !slices.Contains(fields, row.field) {
					t.Errorf("%s: field errors %v, want %q", row.name, fields, row.field)
				}
				// The same body with made-up ids answers the same: existence does not leak.
				raw, err := json.Marshal(row.body)
				if err != nil {
					t.Fatal(err)
				}
				made := strings.NewReplacer(b.ids["account"], domain.NewID(), b.ids["contact"], domain.NewID(), b.OwnerID, domain.NewID(),
					b.ids["stage"], domain.NewID(), b.ids["prospect"], domain.NewID()).Replace(string(raw))
				if made == string(raw) {
					t.Fatalf("row %q names none of B's ids", row.name)
				}
				r2 := e.Call(row.method, row.path, a.Token, made)
				if r2.Status != r.Status || fmt.Sprint(fieldErrors(r2)) != fmt.Sprint(fieldErrors(r)) {
					t.Errorf("%s: B's ids answer %d %v, made-up ids %d %v", row.name, r.Status, fieldErrors(r), r2.Status, fieldErrors(r2))
				}
			})
		}
		sameCounts(t, "refused cross-workspace references", countsA, counts(e, a.Token))
		sameSnapshot(t, beforeA, snapshot(e, a))
		sameSnapshot(t, beforeB, snapshot(e, b))
	})
}

// Filters and searches with another workspace's ids, emails or names find only
// the caller's own rows.
func TestCrossWorkspaceFilters(t *testing.T) {
	storagetest.Run(t, func(t *testing.T, d storage.Dialect) {
		e := apitest.New(t, d)
		a, b := seedTenant(e, "Alpha"), seedTenant(e, "Bravo")
		empty := []string{
			"/api/v1/prospects?account_id=" + b.ids["account"], "/api/v1/prospects?contact_id=" + b.ids["contact"],
			"/api/v1/prospects?stage_id=" + b.stages[1], "/api/v1/prospects?owner_id=" + b.OwnerID,
			"/api/v1/contacts?account_id=" + b.ids["account"], "/api/v1/activities?prospect_id=" + b.ids["prospect"],
			"/api/v1/activities?contact_id=" + b.ids["contact"], "/api/v1/activities?account_id=" + b.ids["account"],
			"/api/v1/touchpoints?contact_id=" + b.ids["contact"], "/api/v1/touchpoints?account_id=" + b.ids["account"],
			"/api/v1/touchpoints?campaign_id=" + b.ids["campaign"],
		}
		for _, p := range empty {
			if got := e.Must(200, "GET", p, a.Token, nil).Data(); len(got) != 0 {
				t.Errorf("GET %s as A found %d rows of B's: %v", p, len(got), got)
			}
		}
		own := map[string]string{
			"/api/v1/accounts?q=Initech":                                         a.ids["account"],
			"/api/v1/accounts?domain=initech.example":                            a.ids["account"],
			"/api/v1/contacts?email=" + url.QueryEscape("peter@initech.example"): a.ids["contact"],
			"/api/v1/contacts?q=Gibbons":                                         a.ids["contact"],
			"/api/v1/prospects?q=TPS":                                            a.ids["prospect"],
			"/api/v1/campaigns?q=Spring":                                         a.ids["campaign"],
			"/api/v1/campaigns?utm_campaign=Spring-Launch":                       a.ids["campaign"],
			// Both workspaces tag with the key spring-launch: each touch links to its own workspace's campaign.
			"/api/v1/touchpoints?campaign_id=" + a.ids["campaign"]: a.ids["touchpoint"],
			"/api/v1/events?anonymous_id=visitor-1&limit=1":        a.ids["event"],
		}
		for p, id := range own {
			got := e.Must(200, "GET", p, a.Token, nil)
			if data := got.Data(); len(data) != 1 || data[0]["id"] != id {
				t.Errorf("GET %s as A: %s, want only A's %s", p, got.Body, id)
			}
		}
		for _, c := range collections {
			ra := e.Must(200, "GET", "/api/v1/"+c+"?limit=200", a.Token, nil)
			rb := e.Must(200, "GET", "/api/v1/"+c+"?limit=200", b.Token, nil)
			for _, rowA := range ra.Data() {
				for _, rowB := range rb.Data() {
					if rowA["id"] == rowB["id"] {
						t.Errorf("%s: both workspaces list %v", c, rowA["id"])
					}
				}
			}
			if bytes.Contains(ra.Body, []byte(b.ID)) || bytes.Contains(ra.Body, []byte(b.OwnerID)) {
				t.Errorf("A's %s list mentions B: %s", c, ra.Body)
			}
		}
	})
}
