package api_test

import (
	"context"
	"encoding/json"
	"fmt"
	"math"
	"strings"
	"testing"
	"time"

	"github.com/onefunnel/onefunnel/api/apitest"
	"github.com/onefunnel/onefunnel/domain/demo"
	"github.com/onefunnel/onefunnel/storage"
	"github.com/onefunnel/onefunnel/storage/storagetest"
)

// demoNow fixes the demo's clock: the same seed and clock give the same data,
// ids included, on either database.
var demoNow = time.Date(2026, 6, 30, 12, 0, 0, 0, time.UTC)

const demoPeriod = "from=2026-01-01&to=2026-06-30"

// demoReports are the reports compared across databases, one of each kind.
var demoReports = []string{
	"/api/v1/reports/funnel?split_by=channel&" + demoPeriod,
	"/api/v1/reports/funnel?basis=period&split_by=device_type&" + demoPeriod,
	"/api/v1/reports/velocity?" + demoPeriod,
	"/api/v1/reports/attribution?model=linear&" + demoPeriod,
	"/api/v1/reports/attribution?model=w_shaped&conversion=opportunity&group_by=campaign&" + demoPeriod,
	"/api/v1/reports/attribution?model=time_decay&group_by=source_medium&" + demoPeriod,
	"/api/v1/reports/attribution?model=markov&" + demoPeriod,
	"/api/v1/reports/attribution?model=shapley&group_by=touchpoint_type&" + demoPeriod,
	"/api/v1/reports/lift?exposure_type=ad_impression&stratify_by=channel&" + demoPeriod,
	"/api/v1/reports/roi?model=u_shaped&" + demoPeriod,
}

// loadDemo writes the demo (seed 7, scale 1: about 1,500 prospects and
// 40,000 touchpoints) into a fresh workspace.
func loadDemo(t *testing.T, e *apitest.Env) (apitest.Workspace, demo.Plan) {
	t.Helper()
	ctx := context.Background()
	w := e.Signup("Demo")
	stages, err := e.DB.CRM().Stages.All(ctx, w.ID)
	if err != nil {
		t.Fatal(err)
	}
	plan, err := demo.Generate(demo.Config{Seed: 7, Now: demoNow, WorkspaceID: w.ID, Stages: stages, Owners: []string{w.OwnerID}})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := e.DB.WriteDemo(ctx, plan); err != nil {
		t.Fatal(err)
	}
	return w, plan
}

// The demo is built so a Display ad impression before the decision multiplies
// the chance to win by 1.5, with channels that see more ads winning less: the
// lift report stratified by first-touch channel must find the known factor
// inside its 95% interval, while the crude ratio is pulled down by the
// confounding. Reports must also say the same on SQLite and PostgreSQL.
func TestDemoKnownLiftAndReportsAgreeAcrossDatabases(t *testing.T) {
	answers := map[storage.Dialect]map[string]any{}
	storagetest.Run(t, func(t *testing.T, d storage.Dialect) {
		e := apitest.New(t, d)
		w, plan := loadDemo(t, e)
		truth := plan.Config.Truth

		l := e.Must(200, "GET", "/api/v1/reports/lift?exposure_type=ad_impression&outcome=won&stratify_by=channel&"+demoPeriod, w.Token, nil)
		mh := l.JSON["stratified"].(map[string]any)["risk_ratio"].(map[string]any)
		crude := l.JSON["crude"].(map[string]any)["risk_ratio"].(map[string]any)
		if mh["low"].(float64) > truth.Factor || mh["high"].(float64) < truth.Factor {
			t.Errorf("the known factor %.2f is outside the stratified 95%% interval %.3f [%.3f, %.3f]", truth.Factor, mh["estimate"], mh["low"], mh["high"])
		}
		if crude["estimate"].(float64) >= mh["estimate"].(float64) {
			t.Errorf("crude %.3f should be pulled below the stratified %.3f by the confounding", crude["estimate"], mh["estimate"])
		}
		t.Logf("%s: stratified RR %.3f [%.3f, %.3f], crude %.3f (model's crude expectation %.3f), truth %.2f",
			d, mh["estimate"], mh["low"], mh["high"], crude["estimate"], truth.CrudeRiskRatio(), truth.Factor)

		answers[d] = map[string]any{}
		for _, path := range demoReports {
			var v any
			if err := json.Unmarshal(e.Must(200, "GET", path, w.Token, nil).Body, &v); err != nil {
				t.Fatal(err)
			}
			answers[d][path] = withoutIDs(v)
		}
	})
	sq, pg := answers[storage.SQLite], answers[storage.Postgres]
	if sq == nil || pg == nil {
		t.Fatal("both databases must run")
	}
	for _, path := range demoReports {
		if diff := sameJSON("", sq[path], pg[path]); diff != "" {
			t.Errorf("%s differs between SQLite and PostgreSQL: %s", path, diff)
		}
	}
}

// withoutIDs drops the workspace-specific ids (stages, campaigns are made at
// signup) so answers compare by what they say.
func withoutIDs(v any) any {
	switch x := v.(type) {
	case map[string]any:
		out := map[string]any{}
		for k, val := range x {
			if k != "id" && !strings.HasSuffix(k, "_id") {
				out[k] = withoutIDs(val)
			}
		}
		return out
	case []any:
		out := make([]any, len(x))
		for i, val := range x {
			out[i] = withoutIDs(val)
		}
		return out
	}
	return v
}

// sameJSON compares decoded JSON, numbers to a relative 1e-9 (the databases
// hand journeys over in different orders, so float sums differ in the last
// bits); it returns the first difference.
func sameJSON(at string, a, b any) string {
	switch x := a.(type) {
	case map[string]any:
		y, ok := b.(map[string]any)
		if !ok || len(x) != len(y) {
			return fmt.Sprintf("%s: %v vs %v", at, a, b)
		}
		for k := range x {
			if d := sameJSON(at+"."+k, x[k], y[k]); d != "" {
				return d
			}
		}
		return ""
	case []any:
		y, ok := b.([]any)
		if !ok || len(x) != len(y) {
			return fmt.Sprintf("%s: %d vs %d items", at, len(x), len(y))
		}
		for i := range x {
			if d := sameJSON(fmt.Sprintf("%s[%d]", at, i), x[i], y[i]); d != "" {
				return d
			}
		}
		return ""
	case float64:
		y, ok := b.(float64)
		if !ok || math.Abs(x-y) > 1e-9*math.Max(1, math.Abs(x)) {
			return fmt.Sprintf("%s: %v vs %v", at, a, b)
		}
		return ""
	}
	if fmt.Sprint(a) != fmt.Sprint(b) {
		return fmt.Sprintf("%s: %v vs %v", at, a, b)
	}
	return ""
}
