package demo

import (
	"math"
	"testing"
	"time"

	"github.com/onefunnel/onefunnel/domain/crm"
	"github.com/onefunnel/onefunnel/domain/tracking"
)

// analysis is a lift report computed from the rows alone, as a report over
// the written data would: per stratum, prospects and wins, exposed or not.
type analysis map[string]*table

func (a analysis) add(stratum string, exposed, won bool) {
	t := a[stratum]
	if t == nil {
		t = &table{}
		a[stratum] = t
	}
	w := 0.0
	if won {
		w = 1
	}
	if exposed {
		t.n1, t.a = t.n1+1, t.a+w
	} else {
		t.n0, t.c = t.n0+1, t.c+w
	}
}

func (a analysis) stratified() (rr, se float64) {
	var ts []table
	for _, t := range a {
		ts = append(ts, *t)
	}
	return mhRiskRatio(ts)
}

func (a analysis) crude() (rr, se float64) {
	var all table
	for _, t := range a {
		all.a, all.n1, all.c, all.n0 = all.a+t.a, all.n1+t.n1, all.c+t.c, all.n0+t.n0
	}
	return mhRiskRatio([]table{all})
}

// wins reads a large plan as reports would, in four ways, and checks which
// recover the truth: exposure is a Display impression on a buying-group
// contact before the decision (closed_at) or, for open prospects, before Now.
type wins struct {
	decided      analysis // decided prospects by first-touch channel
	allOpened    analysis // every prospect, open ones counting as not won
	byDevice     analysis // decided prospects by first-touch device
	anyTimeExpo  analysis // decided, counting impressions after the decision too
	mismatches   int      // prospects whose rows disagree with their Outcome
	afterOutcome int      // decided unexposed prospects with impressions only after
}

// analyse reads the plan a chunk at a time: a prospect's rows never leave
// its chunk, and the whole of a large plan need not be in memory.
func analyse(p Plan) wins {
	out := wins{decided: analysis{}, allOpened: analysis{}, byDevice: analysis{}, anyTimeExpo: analysis{}}
	for c := range p.Chunks() {
		w := newWorld(p)
		w.add(c)
		out.add(w)
	}
	return out
}

func (out *wins) add(w *world) {
	now := w.plan.Config.Now
	for _, p := range w.prospects {
		o := w.outcomes[p.ID]
		cut := now
		if p.ClosedAt != nil {
			cut = *p.ClosedAt
		}
		exposed, won := w.exposedBefore(p.ID, cut), p.Status == crm.StatusWon
		if exposed != o.Exposed || won != o.Won || (p.Status != crm.StatusOpen) != o.Decided {
			out.mismatches++
		}
		out.allOpened.add(*p.FirstTouch.Channel, exposed, won)
		if p.Status == crm.StatusOpen {
			continue
		}
		ever := w.exposedBefore(p.ID, now.Add(time.Second))
		if ever && !exposed {
			out.afterOutcome++
		}
		out.decided.add(*p.FirstTouch.Channel, exposed, won)
		out.byDevice.add(*p.FirstTouch.DeviceType, exposed, won)
		out.anyTimeExpo.add(*p.FirstTouch.Channel, ever, won)
	}
}

// The effect is in the data: stratified by first-touch channel, the risk
// ratio of winning after a Display impression is Truth.Factor within
// sampling error, both over decided prospects and over all prospects opened
// (open ones as not won); the crude ratio is confounded down to about
// CrudeRiskRatio; stratifying by device does not remove the confounding;
// and counting impressions served after the decision dilutes the effect.
// With Factor 1 the stratified ratio is 1: the effect is the factor's.
func TestTruthIsInTheData(t *testing.T) {
	for _, c := range []struct {
		name   string
		factor float64
		scale  float64
	}{
		{"default +50%", 1.5, 12},
		{"no effect", 1, 8},
		{"doubling", 2, 8},
	} {
		t.Run(c.name, func(t *testing.T) {
			cfg := testConfig(2026, c.scale)
			cfg.Truth = DefaultTruth()
			cfg.Truth.Factor = c.factor
			got := analyse(mustGenerate(t, cfg))
			if got.mismatches != 0 {
				t.Fatalf("%d prospects' rows disagree with their Outcome", got.mismatches)
			}
			near := func(name string, a analysis, want float64) (rr, z float64) {
				rr, se := a.stratified()
				z = (math.Log(rr) - math.Log(want)) / se
				t.Logf("%s: risk ratio %.3f (SE of log %.3f), %+.1f SE from %.2f", name, rr, se, z, want)
				return rr, z
			}
			if _, z := near("decided, by channel (MH)", got.decided, c.factor); math.Abs(z) > 3 {
				t.Errorf("the stratified estimate misses the factor")
			}
			if _, z := near("all opened, by channel (MH)", got.allOpened, c.factor); math.Abs(z) > 3 {
				t.Errorf("the stratified estimate over all prospects opened misses the factor")
			}
			crude, crudeSE := got.decided.crude()
			expected := cfg.Truth.CrudeRiskRatio()
			t.Logf("crude: %.3f (SE of log %.3f); the model expects %.3f", crude, crudeSE, expected)
			// The crude ratio also varies with how the strata's sizes fall, which
			// its standard error leaves out: hold it to 4 of them, not 3.
			if math.Abs(math.Log(crude)-math.Log(expected)) > 4*crudeSE || math.Abs(math.Log(crude)-math.Log(c.factor)) < 3*crudeSE {
				t.Errorf("the crude ratio %.3f is not the confounded %.3f, or not clearly away from %.2f", crude, expected, c.factor)
			}
			if c.factor == 1.5 {
				if _, z := near("decided, by device (MH)", got.byDevice, c.factor); z > -3 {
					t.Errorf("stratifying by device removed the confounding; the model says it should not")
				}
				if _, z := near("decided, impressions at any time", got.anyTimeExpo, c.factor); z > -3 {
					t.Errorf("counting impressions after the decision did not dilute the effect (%d prospects have them)", got.afterOutcome)
				}
			}
		})
	}
}

// CrudeRiskRatio is the model's expectation: with every stratum alike it is
// the factor, and the default strata pull it far below.
func TestCrudeRiskRatio(t *testing.T) {
	tr := DefaultTruth()
	if c := tr.CrudeRiskRatio(); c > 1.15 || c < 1 {
		t.Errorf("default crude risk ratio %.3f, want about 1.07", c)
	}
	for i := range tr.Strata {
		tr.Strata[i].WinRate, tr.Strata[i].Exposure = 0.3, 0.4
	}
	if c := tr.CrudeRiskRatio(); math.Abs(c-tr.Factor) > 1e-12 {
		t.Errorf("unconfounded crude risk ratio %v, want %v", c, tr.Factor)
	}
}

// Every channel a stratum or a visit can come from is classified by GA4's
// rules as the channel it is listed under, so the first-touch channel a
// report reads is the stratum the model drew.
func TestTrafficSourcesClassify(t *testing.T) {
	for ch, sources := range channelSources {
		sum := 0.0
		for _, s := range sources {
			if got := tracking.ChannelOf(s.source, s.medium, s.campaign); got != ch {
				t.Errorf("%s/%s/%s is %s by GA4's rules, listed under %s", s.source, s.medium, s.campaign, got, ch)
			}
			sum += s.weight
		}
		if math.Abs(sum-1) > 1e-9 {
			t.Errorf("%s: weights sum to %v", ch, sum)
		}
		// The first source stands in when a campaign is not running.
		if key := sources[0].campaign; key != "" {
			if s := campaignSpecByKey(key); s.from != 0 || s.to != 0 && s.to < 1 {
				t.Errorf("%s: the first source's campaign %s does not run throughout", ch, key)
			}
		}
	}
	for _, s := range campaignSpecs {
		want := map[string]tracking.Channel{"buying-guide": tracking.ChannelOrganicSocial, "webinar-series": tracking.ChannelEmail}[s.key]
		if got := tracking.ChannelOf(s.source, s.medium, s.key); want != "" && got != want {
			t.Errorf("campaign %s is %s, want %s", s.key, got, want)
		}
	}
}

func campaignSpecByKey(key string) campaignSpec {
	for _, s := range campaignSpecs {
		if s.key == key {
			return s
		}
	}
	return campaignSpec{}
}
