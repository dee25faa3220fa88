package api_test

import (
	"fmt"
	"math"
	"strings"
	"testing"

	"github.com/onefunnel/onefunnel/api/apitest"
	"github.com/onefunnel/onefunnel/storage"
	"github.com/onefunnel/onefunnel/storage/storagetest"
)

// reportWorld is a small imported history whose every report number can be
// worked out by hand (see each assertion's comment). June 2026:
//
//	P1 acme/c1  opened 06-01 → Qualified 06-05 → Discovery 06-10 → Won 06-20, 10,000 EUR
//	P2 c2       opened 06-02 → Lost 06-15
//	P3 c3       opened 06-03 → Discovery 06-12 → Won 06-25, 5,000 EUR
//	P4 (nobody) opened 06-04, still a lead
//	P5 c4       opened 06-05 → Won 06-07, 0 EUR
//
//	c1: Paid Search ad_click 05-20 (campaign spring), Display ad_impression 06-03, Email 06-08,
//	    Organic Search 06-18, Display ad_impression 06-22 (after the win)
//	c2: Display ad_impression 06-10      c3: Organic Search 06-01, Email 06-11
//	c4: Display ad_impression 06-09 (after its win)
type reportWorld struct {
	e      *apitest.Env
	tok    string
	stage  map[string]string // name → id
	p      [6]string         // prospects P1..P5 at 1..5
	spring string
}

func newReportWorld(t *testing.T, d storage.Dialect) *reportWorld {
	e := apitest.New(t, d)
	w := &reportWorld{e: e, tok: e.Signup("Reports").Token, stage: map[string]string{}}
	for _, s := range e.Must(200, "GET", "/api/v1/stages", w.tok, nil).Data() {
		w.stage[s["name"].(string)] = s["id"].(string)
	}
	post := func(path string, body map[string]any) string {
		t.Helper()
		return e.Must(201, "POST", path, w.tok, body).Str("id")
	}
	acme := post("/api/v1/accounts", map[string]any{"name": "Acme", "domain": "acme.test"})
	c := map[int]string{
		1: post("/api/v1/contacts", map[string]any{"email": "c1@acme.test", "account_id": acme}),
		2: post("/api/v1/contacts", map[string]any{"email": "c2@globex.test"}),
		3: post("/api/v1/contacts", map[string]any{"email": "c3@initech.test"}),
		4: post("/api/v1/contacts", map[string]any{"email": "c4@hooli.test"}),
	}
	w.spring = post("/api/v1/campaigns", map[string]any{"name": "Spring", "channel": "Paid Search", "utm_campaign": "spring"})
	e.Must(201, "POST", "/api/v1/campaigns/"+w.spring+"/spend", w.tok, map[string]any{"period_start": "2026-06-01", "period_end": "2026-06-30", "amount": 3000, "currency": "EUR"})
	open := func(contact, opened string) string {
		body := map[string]any{"title": "Deal " + opened, "currency": "EUR", "created_at": "2026-" + opened + "T09:00:00Z"}
		if contact != "" {
			body["contact_ids"] = []string{contact}
		}
		return post("/api/v1/prospects", body)
	}
	move := func(p, stage, at string, amount int) {
		body := map[string]any{"stage_id": w.stage[stage], "occurred_at": "2026-" + at + "T09:00:00Z"}
		if amount > 0 {
			body["amount"] = amount
		}
		e.Must(201, "POST", "/api/v1/prospects/"+p+"/stage-changes", w.tok, body)
	}
	w.p[1], w.p[2], w.p[3], w.p[4], w.p[5] = open(c[1], "06-01"), open(c[2], "06-02"), open(c[3], "06-03"), open("", "06-04"), open(c[4], "06-05")
	move(w.p[1], "Qualified", "06-05", 0)
	move(w.p[1], "Discovery", "06-10", 0)
	move(w.p[1], "Won", "06-20", 10000)
	move(w.p[2], "Lost", "06-15", 0)
	move(w.p[3], "Discovery", "06-12", 0)
	move(w.p[3], "Won", "06-25", 5000)
	move(w.p[5], "Won", "06-07", 0)
	touch := func(contact int, typ, channel, at string, extra ...string) {
		body := map[string]any{"contact_id": c[contact], "type": typ, "channel": channel, "occurred_at": "2026-" + at + "T08:00:00Z"}
		if len(extra) > 0 {
			body["campaign"] = extra[0]
		}
		post("/api/v1/touchpoints", body)
	}
	touch(1, "ad_click", "Paid Search", "05-20", "spring")
	touch(1, "ad_impression", "Display", "06-03")
	touch(1, "email_click", "Email", "06-08")
	touch(1, "article_read", "Organic Search", "06-18")
	touch(1, "ad_impression", "Display", "06-22")
	touch(2, "ad_impression", "Display", "06-10")
	touch(3, "article_read", "Organic Search", "06-01")
	touch(3, "email_click", "Email", "06-11")
	touch(4, "ad_impression", "Display", "06-09")
	return w
}

const june = "from=2026-06-01&to=2026-06-30"

func (w *reportWorld) get(t *testing.T, path string) apitest.Response {
	t.Helper()
	return w.e.Must(200, "GET", path, w.tok, nil)
}

func near(a, b float64) bool { return math.Abs(a-b) < 1e-9 }

func groupsOf(r apitest.Response) map[string][2]float64 {
	out := map[string][2]float64{}
	for _, g := range r.JSON["groups"].([]any) {
		m := g.(map[string]any)
		out[m["key"].(string)] = [2]float64{m["conversions"].(float64), m["revenue"].(float64)}
	}
	return out
}

func TestAttributionReportScenario(t *testing.T) {
	storagetest.Run(t, func(t *testing.T, d storage.Dialect) {
		w := newReportWorld(t, d)
		attr := func(q string) apitest.Response {
			return w.get(t, "/api/v1/reports/attribution?"+june+"&"+q)
		}
		// Won in June: P1 (4 touches, 10,000), P3 (2 touches, 5,000), P5 (no touch before its win: unattributed).
		lin := attr("model=linear")
		tot := lin.JSON["totals"].(map[string]any)
		un := lin.JSON["unattributed"].(map[string]any)
		if tot["conversions"] != 3.0 || tot["revenue"] != 15000.0 || un["conversions"] != 1.0 || un["revenue"] != 0.0 || lin.Str("currency") != "EUR" {
			t.Fatalf("linear totals = %s", lin.Body)
		}
		// Linear: a quarter of P1 to each of its four channels, half of P3 to Organic and Email.
		want := map[string][2]float64{"Paid Search": {0.25, 2500}, "Display": {0.25, 2500}, "Email": {0.75, 5000}, "Organic Search": {0.75, 5000}}
		if got := groupsOf(lin); fmt.Sprint(got) != fmt.Sprint(want) {
			t.Errorf("linear = %v, want %v", got, want)
		}
		// First touch: P1's Paid Search click, P3's Organic visit.
		// (Groups the journeys touched that earned nothing are listed with 0.)
		if got := groupsOf(attr("model=first_touch")); len(got) != 4 || got["Paid Search"] != [2]float64{1, 10000} || got["Organic Search"] != [2]float64{1, 5000} || got["Email"] != [2]float64{} {
			t.Errorf("first touch = %v", got)
		}
		// U-shaped: each lead was "created" (opened) after only its first touch, so first and lead
		// roles share one touch (80%); the other touches split the remaining 20%.
		u := groupsOf(attr("model=u_shaped"))
		if !near(u["Paid Search"][0], 0.8) || !near(u["Display"][0], 0.2/3) || !near(u["Organic Search"][0], 0.2/3+0.8) || !near(u["Email"][0], 0.2/3+0.2) {
			t.Errorf("u-shaped = %v", u)
		}
		// Every model's groups and unattributed part add up to the totals.
		for _, m := range []string{"first_touch", "last_touch", "linear", "u_shaped", "w_shaped", "full_path", "time_decay", "j_shaped", "inverse_j", "markov", "shapley"} {
			r := attr("model=" + m + "&group_by=campaign")
			conv, rev := 0.0, 0.0
			for _, g := range groupsOf(r) {
				conv, rev = conv+g[0], rev+g[1]
			}
			un := r.JSON["unattributed"].(map[string]any)
			if !near(conv+un["conversions"].(float64), 3) || rev+un["revenue"].(float64) != 15000 || r.Str("model") != m {
				t.Errorf("%s: groups %v + unattributed %v ≠ totals", m, groupsOf(r), un)
			}
		}
		// Lead conversions: all five opened in June; P1's and P3's first touches came before they opened.
		lead := groupsOf(attr("model=first_touch&conversion=lead&group_by=source_medium"))
		if len(lead) != 1 || lead["(direct) / (none)"][0] != 2 {
			t.Errorf("lead by source/medium = %v", lead)
		}
		// A five-day lookback leaves P1 only its Organic visit of 06-18, and P3 nothing.
		if got := groupsOf(attr("model=first_touch&lookback_days=5")); got["Organic Search"] != [2]float64{1, 10000} || len(got) != 1 {
			t.Errorf("lookback 5 days = %v", got)
		}
		// The drill-down: P1 under u_shaped, touch by touch.
		dd := w.get(t, "/api/v1/reports/attribution/prospects/"+w.p[1]+"?"+june+"&model=u_shaped")
		touches := dd.JSON["touches"].([]any)
		first := touches[0].(map[string]any)
		if len(touches) != 4 || dd.JSON["converted"] != true || dd.JSON["revenue"] != 10000.0 || !near(first["conversion"].(float64), 0.8) ||
			fmt.Sprint(first["roles"]) != "[first lead]" || fmt.Sprint(touches[3].(map[string]any)["roles"]) != "[last won]" {
			t.Errorf("drill-down = %s", dd.Body)
		}
		dd = w.get(t, "/api/v1/reports/attribution/prospects/"+w.p[1]+"?"+june+"&model=markov")
		sum := 0.0
		for _, tc := range dd.JSON["touches"].([]any) {
			sum += tc.(map[string]any)["conversion"].(float64)
		}
		if !near(sum, 1) {
			t.Errorf("markov drill-down credits add up to %v: %s", sum, dd.Body)
		}
		// Bad filters are 4xx and say which field.
		for q, field := range map[string]string{"model=astrology": "model", "lookback_days=0": "lookback_days", "from=2026-07-01&to=2026-06-01": "from", "conversion=signup": "conversion"} {
			r := w.e.Call("GET", "/api/v1/reports/attribution?"+q, w.tok, nil)
			if r.Status != 400 && r.Status != 422 || !strings.Contains(string(r.Body), field) {
				t.Errorf("%s: %d %s", q, r.Status, r.Body)
			}
		}
		other := w.e.Signup("Other").Token
		if r := w.e.Call("GET", "/api/v1/reports/attribution/prospects/"+w.p[1], other, nil); r.Status != 404 {
			t.Errorf("another workspace's drill-down: %d", r.Status)
		}
		if r := w.e.Must(200, "GET", "/api/v1/reports/attribution?"+june, other, nil); r.JSON["totals"].(map[string]any)["conversions"] != 0.0 {
			t.Errorf("another workspace sees conversions: %s", r.Body)
		}
	})
}

func TestFunnelVelocityLiftROIScenario(t *testing.T) {
	storagetest.Run(t, func(t *testing.T, d storage.Dialect) {
		w := newReportWorld(t, d)
		// Funnel, cohort: five opened; P1 and P3 went on to Won, so they passed every main-line stage
		// before it, skipped or not; P5 jumped to Won; P2 was lost from Lead.
		f := w.get(t, "/api/v1/reports/funnel?"+june)
		seg := f.JSON["segments"].([]any)[0].(map[string]any)
		reached := map[string]float64{}
		for _, st := range seg["stages"].([]any) {
			m := st.(map[string]any)
			reached[m["name"].(string)] = m["reached"].(float64)
		}
		if seg["prospects"] != 5.0 || reached["Lead"] != 5 || reached["Qualified"] != 3 || reached["Won"] != 3 || reached["Lost"] != 1 || reached["Customer"] != 0 {
			t.Errorf("funnel = %v", reached)
		}
		phases := seg["phases"].([]any)
		if p := phases[3].(map[string]any); p["phase"] != "won" || !near(p["from_start"].(float64), 0.6) || !near(p["from_previous"].(float64), 1) {
			t.Errorf("won phase = %v", p)
		}
		// Period basis: entries during June 10–20: P1 → Discovery and Won, P3 → Discovery, P2 → Lost.
		f = w.get(t, "/api/v1/reports/funnel?from=2026-06-10&to=2026-06-20&basis=period")
		reached = map[string]float64{}
		for _, st := range f.JSON["segments"].([]any)[0].(map[string]any)["stages"].([]any) {
			m := st.(map[string]any)
			reached[m["name"].(string)] = m["reached"].(float64)
		}
		if reached["Discovery"] != 2 || reached["Won"] != 1 || reached["Lost"] != 1 || reached["Lead"] != 0 {
			t.Errorf("period funnel = %v", reached)
		}
		if r := w.get(t, "/api/v1/reports/funnel?"+june+"&split_by=owner"); len(r.JSON["segments"].([]any)) != 1 {
			t.Errorf("split by owner = %s", r.Body)
		}
		// Velocity: Lead stays of 4, 13, 9 and 2 days (P1, P2, P3, P5); opened → won 19, 22 and 2 days.
		v := w.get(t, "/api/v1/reports/velocity?"+june)
		day := 86400.0
		for _, st := range v.JSON["stages"].([]any) {
			m := st.(map[string]any)
			if m["name"] == "Lead" {
				d := m["time_in_stage"].(map[string]any)
				if d["count"] != 4.0 || !near(d["median"].(float64), 6.5*day) || !near(d["max"].(float64), 13*day) {
					t.Errorf("time in Lead = %v", d)
				}
			}
		}
		if d := v.JSON["opened_to_won"].(map[string]any); d["count"] != 3.0 || !near(d["median"].(float64), 19*day) {
			t.Errorf("opened to won = %v", d)
		}
		// First touch → won: P1 05-20 08:00 → 06-20 09:00, P3 06-01 08:00 → 06-25 09:00 (P5's only touch came later).
		if d := v.JSON["first_touch_to_won"].(map[string]any); d["count"] != 2.0 || !near(d["min"].(float64), 24*day+3600) {
			t.Errorf("first touch to won = %v", d)
		}
		// P6, lost on 06-08, saw an impression on 06-12: after its loss, so it was not exposed.
		c6 := w.e.Must(201, "POST", "/api/v1/contacts", w.tok, map[string]any{"email": "c6@umbrella.test"}).Str("id")
		p6 := w.e.Must(201, "POST", "/api/v1/prospects", w.tok, map[string]any{"title": "P6", "currency": "EUR", "contact_ids": []string{c6}, "created_at": "2026-06-06T09:00:00Z"}).Str("id")
		w.e.Must(201, "POST", "/api/v1/prospects/"+p6+"/stage-changes", w.tok, map[string]any{"stage_id": w.stage["Lost"], "occurred_at": "2026-06-08T09:00:00Z"})
		w.e.Must(201, "POST", "/api/v1/touchpoints", w.tok, map[string]any{"contact_id": c6, "type": "ad_impression", "channel": "Display", "occurred_at": "2026-06-12T08:00:00Z"})
		// Lift of a display impression on winning: P1 exposed and won, P2 exposed before it was lost;
		// P3 won unexposed, P5's impression came after its win and P6's after its loss (both
		// unexposed), P4 saw nothing.
		l := w.get(t, "/api/v1/reports/lift?"+june+"&exposure_type=ad_impression&outcome=won&stratify_by=channel")
		ex, unex := l.JSON["exposed"].(map[string]any), l.JSON["unexposed"].(map[string]any)
		if ex["prospects"] != 2.0 || ex["outcomes"] != 1.0 || unex["prospects"] != 4.0 || unex["outcomes"] != 2.0 || !strings.Contains(l.Str("note"), "Observational") {
			t.Errorf("lift = %s", l.Body)
		}
		if rr := l.JSON["crude"].(map[string]any)["risk_ratio"].(map[string]any); !near(rr["estimate"].(float64), 1) || rr["low"].(float64) >= 1 || rr["high"].(float64) <= 1 {
			t.Errorf("crude risk ratio = %v", rr)
		}
		for _, q := range []string{"", "exposure_type=ad_impression&exposure_campaign_id=" + w.spring, "exposure_type=telepathy", "exposure_type=ad_impression&outcome=lead"} {
			if r := w.e.Call("GET", "/api/v1/reports/lift?"+q, w.tok, nil); r.Status != 400 && r.Status != 422 {
				t.Errorf("lift?%s = %d %s", q, r.Status, r.Body)
			}
		}
		if r := w.get(t, "/api/v1/reports/lift?"+june+"&exposure_campaign_id="+w.spring); r.Str("exposure") != "campaign:Spring" || r.JSON["exposed"].(map[string]any)["prospects"] != 1.0 {
			t.Errorf("campaign exposure = %s", r.Body)
		}
		// ROI under first touch: Spring's click opened P1 (a lead) and started its win of 10,000 for 3,000 spent.
		roi := w.get(t, "/api/v1/reports/roi?"+june+"&model=first_touch")
		c := roi.JSON["campaigns"].([]any)[0].(map[string]any)
		if c["name"] != "Spring" || c["spend"] != 3000.0 || c["leads"] != 1.0 || c["won"] != 1.0 || c["revenue"] != 10000.0 ||
			!near(c["roas"].(float64), 10000.0/3000) || c["cost_per_won"] != 3000.0 {
			t.Errorf("roi = %s", roi.Body)
		}
		// Half of June's spend falls in June 16–30.
		if c := w.get(t, "/api/v1/reports/roi?from=2026-06-16&to=2026-06-30").JSON["campaigns"].([]any)[0].(map[string]any); c["spend"] != 1500.0 {
			t.Errorf("prorated spend = %v", c["spend"])
		}
	})
}

func TestReportCSVAndMetricsScenario(t *testing.T) {
	storagetest.Run(t, func(t *testing.T, d storage.Dialect) {
		w := newReportWorld(t, d)
		// A campaign key a spreadsheet would run as a formula: P3's last touch before its win.
		c3 := w.e.Must(200, "GET", "/api/v1/contacts?email=c3@initech.test", w.tok, nil).Data()[0]["id"]
		w.e.Must(201, "POST", "/api/v1/touchpoints", w.tok, map[string]any{"contact_id": c3, "type": "email_click", "channel": "Email", "campaign": "=HYPERLINK(1)", "occurred_at": "2026-06-24T08:00:00Z"})
		r := w.get(t, "/api/v1/reports/attribution?"+june+"&model=last_touch&group_by=campaign&format=csv")
		lines := strings.Split(strings.TrimSpace(string(r.Body)), "\n")
		if ct := r.Header.Get("Content-Type"); !strings.HasPrefix(ct, "text/csv") || lines[0] != "key,conversions,revenue,removal_effect" {
			t.Fatalf("csv: %s\n%s", ct, r.Body)
		}
		if !strings.Contains(string(r.Body), "'=hyperlink(1),1,5000,") || !strings.Contains(string(r.Body), "(unattributed),1,0,") {
			t.Errorf("csv rows:\n%s", r.Body)
		}
		// Every report exports the rows of its chart.
		for path, header := range map[string]string{
			"funnel?" + june:   "segment,kind,phase,name,reached,from_previous,from_start",
			"velocity?" + june: "measure,count,min_seconds,p25_seconds,median_seconds,p75_seconds,p90_seconds,max_seconds,mean_seconds",
			"lift?" + june + "&exposure_type=ad_impression": "row,exposed_prospects",
			"roi?" + june: "campaign,channel,spend,leads,won,revenue,roas,cost_per_lead,cost_per_won",
			"attribution/prospects/" + w.p[1] + "?" + june + "&model=linear": "touchpoint_id,occurred_at,type",
		} {
			r := w.get(t, "/api/v1/reports/"+path+"&format=csv")
			if !strings.HasPrefix(string(r.Body), header) || len(strings.Split(strings.TrimSpace(string(r.Body)), "\n")) < 2 {
				t.Errorf("%s csv:\n%s", path, r.Body)
			}
		}

		// Outside metrics: points move to their week's Monday; two for one week are refused.
		put := func(points ...any) apitest.Response {
			var ps []map[string]any
			for i := 0; i < len(points); i += 2 {
				ps = append(ps, map[string]any{"period_start": points[i], "value": points[i+1]})
			}
			return w.e.Call("PUT", "/api/v1/metrics/share_of_voice/points", w.tok, map[string]any{"points": ps})
		}
		wantProblem(t, "two points in a week", put("2026-06-01", 0.1, "2026-06-03", 0.2), 422, "validation_failed")
		if r := put("2026-06-03", 0.10, "2026-06-08", 0.12, "2026-06-15", 0.30, "2026-06-22", 0.25, "2026-06-29", 0.2); r.Status != 200 ||
			r.Data() != nil && len(r.JSON["data"].([]any)) != 5 || r.JSON["data"].([]any)[0].(map[string]any)["period_start"] != "2026-06-01" {
			t.Fatalf("put = %d %s", r.Status, r.Body)
		}
		if r := put("2026-06-15", 0.31); r.JSON["data"].([]any)[2].(map[string]any)["value"] != 0.31 {
			t.Errorf("re-import did not replace: %s", r.Body)
		}
		if r := w.get(t, "/api/v1/metrics"); fmt.Sprint(r.JSON["data"]) != "[map[first:2026-06-01 last:2026-06-29 metric:share_of_voice points:5]]" {
			t.Errorf("metrics = %s", r.Body)
		}
		// Weeks of June: pipeline created in the first (P1..P5 = 15,000 once won amounts are in),
		// revenue won 0 (P5), 10,000 (P1, week of the 15th), 5,000 (P3, week of the 22nd).
		c := w.get(t, "/api/v1/reports/metric-correlation?"+june+"&metric=share_of_voice")
		weeks := c.JSON["weeks"].([]any)
		wk := func(i int, k string) any { return weeks[i].(map[string]any)[k] }
		if len(weeks) != 5 || wk(0, "pipeline_created") != 15000.0 || wk(2, "revenue_won") != 10000.0 || wk(3, "revenue_won") != 5000.0 || wk(2, "metric") != 0.31 {
			t.Errorf("weeks = %v", weeks)
		}
		lags := c.JSON["revenue_won"].([]any)
		if len(lags) != 13 || lags[0].(map[string]any)["n"] != 5.0 || lags[12].(map[string]any)["r"] != nil {
			t.Errorf("lags = %v", lags)
		}
		// Another workspace's metric of the same name is its own: it neither sees nor changes ours.
		other := w.e.Signup("Other").Token
		w.e.Must(404, "GET", "/api/v1/metrics/share_of_voice/points", other, nil)
		w.e.Must(200, "PUT", "/api/v1/metrics/share_of_voice/points", other, map[string]any{"points": []map[string]any{{"period_start": "2026-06-15", "value": 99}}})
		w.e.Must(204, "DELETE", "/api/v1/metrics/share_of_voice/points", other, nil)
		if r := w.get(t, "/api/v1/metrics/share_of_voice/points"); len(r.JSON["data"].([]any)) != 5 || r.JSON["data"].([]any)[2].(map[string]any)["value"] != 0.31 {
			t.Errorf("another workspace changed our metric: %s", r.Body)
		}
		for _, bad := range []string{"/api/v1/metrics/Share%20Of%20Voice/points", "/api/v1/reports/metric-correlation?metric=nothing_here"} {
			if r := w.e.Call("GET", bad, w.tok, nil); r.Status < 400 || r.Status >= 500 {
				t.Errorf("%s = %d", bad, r.Status)
			}
		}
		w.e.Must(204, "DELETE", "/api/v1/metrics/share_of_voice/points", w.tok, nil)
		w.e.Must(404, "GET", "/api/v1/metrics/share_of_voice/points", w.tok, nil)
	})
}

// History import: only owners, admins and import-scoped keys may date the
// past; history is imported oldest first; a win can carry its amount.
func TestHistoryImportScenario(t *testing.T) {
	storagetest.Run(t, func(t *testing.T, d storage.Dialect) {
		e := apitest.New(t, d)
		tok := e.Signup("Import").Token
		stages := map[string]string{}
		for _, s := range e.Must(200, "GET", "/api/v1/stages", tok, nil).Data() {
			stages[s["name"].(string)] = s["id"].(string)
		}
		key := func(scope string) string {
			return e.Must(201, "POST", "/api/v1/api-keys", tok, map[string]any{"name": scope, "scope": scope}).Str("key")
		}
		rw, imp := key("read_write"), key("import")
		past := map[string]any{"title": "Old deal", "created_at": "2025-01-10T10:00:00Z"}
		wantProblem(t, "a read_write key backdating", e.Call("POST", "/api/v1/prospects", rw, past), 403, "forbidden")
		p := e.Must(201, "POST", "/api/v1/prospects", imp, past)
		if p.Str("created_at") != "2025-01-10T10:00:00Z" || p.Str("stage_entered_at") != "2025-01-10T10:00:00Z" {
			t.Errorf("imported prospect = %s", p.Body)
		}
		id := p.Str("id")
		move := func(token string, body map[string]any) apitest.Response {
			return e.Call("POST", "/api/v1/prospects/"+id+"/stage-changes", token, body)
		}
		wantProblem(t, "a read_write key backdating a move", move(rw, map[string]any{"stage_id": stages["Qualified"], "occurred_at": "2025-02-01T00:00:00Z"}), 403, "forbidden")
		if r := move(imp, map[string]any{"stage_id": stages["Qualified"], "occurred_at": "2025-02-01T00:00:00Z"}); r.Status != 201 || r.Str("changed_at") != "2025-02-01T00:00:00Z" {
			t.Errorf("imported move = %d %s", r.Status, r.Body)
		}
		for name, c := range map[string]struct {
			body  map[string]any
			field string
		}{
			"older than the latest change": {map[string]any{"stage_id": stages["Discovery"], "occurred_at": "2025-01-20T00:00:00Z"}, "occurred_at"},
			"in the future":                {map[string]any{"stage_id": stages["Discovery"], "occurred_at": "2099-01-01T00:00:00Z"}, "occurred_at"},
			"an amount without a win":      {map[string]any{"stage_id": stages["Discovery"], "amount": 500}, "amount"},
		} {
			r := move(imp, c.body)
			wantProblem(t, name, r, 422, "validation_failed")
			if f := fieldErrors(r); len(f) != 1 || f[0] != c.field {
				t.Errorf("%s: fields %v", name, f)
			}
		}
		won := move(imp, map[string]any{"stage_id": stages["Won"], "occurred_at": "2025-03-01T00:00:00Z", "amount": 42000})
		pr := e.Must(200, "GET", "/api/v1/prospects/"+id, tok, nil)
		if won.Status != 201 || pr.JSON["amount"] != 42000.0 || pr.Str("status") != "won" || pr.Str("closed_at") != "2025-03-01T00:00:00Z" {
			t.Errorf("won = %s; prospect = %s", won.Body, pr.Body)
		}
		// The owner may import too; the history reads in time order.
		if r := move(tok, map[string]any{"stage_id": stages["Customer"], "occurred_at": "2025-04-01T00:00:00Z"}); r.Status != 201 {
			t.Errorf("owner import = %d %s", r.Status, r.Body)
		}
		changes := e.Must(200, "GET", "/api/v1/prospects/"+id+"/stage-changes", tok, nil).Data()
		if len(changes) != 4 || changes[0]["from_stage_id"] != nil || changes[3]["from_stage_id"] != stages["Won"] {
			t.Errorf("history = %v", changes)
		}
	})
}
