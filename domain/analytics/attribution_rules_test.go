package analytics_test

import (
	"errors"
	"math"
	"testing"
	"time"

	"github.com/onefunnel/onefunnel/domain"
	"github.com/onefunnel/onefunnel/domain/analytics"
)

// Touches are a day apart (touch i on day i), so a milestone at day i lands on
// touch i and one at day i+0.5 also lands on touch i: the last touch at or
// before it.
func TestWeights(t *testing.T) {
	with := func(n int, change func(*analytics.Journey)) analytics.Journey {
		groups := make([]string, n)
		for i := range groups {
			groups[i] = string(rune('a' + i))
		}
		j := path(groups...)
		if change != nil {
			change(&j)
		}
		return j
	}
	lead := func(d float64) func(*analytics.Journey) {
		return func(j *analytics.Journey) { j.LeadAt = onDay(d) }
	}
	tests := []struct {
		name    string
		model   analytics.Model
		journey analytics.Journey
		params  analytics.Params
		want    []float64
	}{
		{"first touch takes all", analytics.FirstTouch, with(3, nil), analytics.Params{}, []float64{1, 0, 0}},
		{"last touch takes all", analytics.LastTouch, with(3, nil), analytics.Params{}, []float64{0, 0, 1}},
		{"linear shares equally", analytics.Linear, with(4, nil), analytics.Params{}, []float64{.25, .25, .25, .25}},

		{"u_shaped: first, lead, and the rest spread", analytics.UShaped, with(4, lead(2)), analytics.Params{}, []float64{.4, .1, .4, .1}},
		{"u_shaped: a milestone between touches lands on the touch before it", analytics.UShaped, with(4, lead(2.5)), analytics.Params{}, []float64{.4, .1, .4, .1}},
		{"u_shaped: a lead after the last touch is created by the last touch", analytics.UShaped, with(3, lead(9)), analytics.Params{}, []float64{.4, .2, .4}},
		{"u_shaped: two touches, first and lead, no middle: the spread goes back to the roles", analytics.UShaped, with(2, lead(1)), analytics.Params{}, []float64{.5, .5}},
		{"u_shaped: no lead milestone: its share goes to first", analytics.UShaped, with(2, nil), analytics.Params{}, []float64{.8, .2}},
		{"u_shaped: a lead before the first touch is absent too", analytics.UShaped, with(3, lead(-1)), analytics.Params{}, []float64{.8, .1, .1}},
		{"u_shaped: lead on the first touch adds up on it", analytics.UShaped, with(3, lead(0.5)), analytics.Params{}, []float64{.8, .1, .1}},
		{"u_shaped: a tie at the milestone goes to the later touch", analytics.UShaped, with(4, func(j *analytics.Journey) {
			j.Touches[2].At = j.Touches[1].At
			j.LeadAt = j.Touches[1].At
		}), analytics.Params{}, []float64{.4, .1, .4, .1}},

		{"w_shaped: first, lead, opportunity and two in the middle", analytics.WShaped, with(5, func(j *analytics.Journey) {
			j.LeadAt, j.OpportunityAt = onDay(2), onDay(4)
		}), analytics.Params{}, []float64{.3, .05, .3, .05, .3}},
		{"w_shaped: no opportunity: first and lead share 90", analytics.WShaped, with(4, lead(1)), analytics.Params{}, []float64{.45, .45, .05, .05}},
		{"w_shaped: lead and opportunity on the same touch", analytics.WShaped, with(3, func(j *analytics.Journey) {
			j.LeadAt, j.OpportunityAt = onDay(1), onDay(1.5)
		}), analytics.Params{}, []float64{.3, .6, .1}},
		{"w_shaped: three touches, three roles, no middle", analytics.WShaped, with(3, func(j *analytics.Journey) {
			j.LeadAt, j.OpportunityAt = onDay(1), onDay(2)
		}), analytics.Params{}, []float64{1. / 3, 1. / 3, 1. / 3}},

		{"full_path: four roles and two in the middle", analytics.FullPath, with(6, func(j *analytics.Journey) {
			j.LeadAt, j.OpportunityAt, j.WonAt = onDay(2), onDay(3), onDay(5)
		}), analytics.Params{}, []float64{.225, .05, .225, .225, .05, .225}},
		{"full_path: not won: three roles share 90", analytics.FullPath, with(4, func(j *analytics.Journey) {
			j.LeadAt, j.OpportunityAt = onDay(1), onDay(2)
		}), analytics.Params{}, []float64{.3, .3, .3, .1}},
		{"full_path: every milestone on the last touch", analytics.FullPath, with(3, func(j *analytics.Journey) {
			j.LeadAt, j.OpportunityAt, j.WonAt = onDay(2), onDay(2), onDay(3)
		}), analytics.Params{}, []float64{.225, .1, .675}},

		{"j_shaped: 20 first, 60 last, 20 in the middle", analytics.JShaped, with(4, nil), analytics.Params{}, []float64{.2, .1, .1, .6}},
		{"j_shaped: two touches", analytics.JShaped, with(2, nil), analytics.Params{}, []float64{.25, .75}},
		{"j_shaped ignores milestones", analytics.JShaped, with(3, lead(1)), analytics.Params{}, []float64{.2, .2, .6}},
		{"inverse_j: 60 first, 20 last, 20 in the middle", analytics.InverseJ, with(4, nil), analytics.Params{}, []float64{.6, .1, .1, .2}},
		{"inverse_j: two touches", analytics.InverseJ, with(2, nil), analytics.Params{}, []float64{.75, .25}},

		{"time_decay: a half-life apart, half the weight", analytics.TimeDecay, with(2, func(j *analytics.Journey) {
			j.Touches[1].At = j.Touches[0].At.Add(7 * 24 * time.Hour)
		}), analytics.Params{}, []float64{1. / 3, 2. / 3}},
		{"time_decay: the half-life is a parameter", analytics.TimeDecay, with(2, func(j *analytics.Journey) {
			j.Touches[1].At = j.Touches[0].At.Add(2 * 24 * time.Hour)
		}), analytics.Params{HalfLifeDays: 2}, []float64{1. / 3, 2. / 3}},
		{"time_decay: a negative half-life means the default 7", analytics.TimeDecay, with(2, func(j *analytics.Journey) {
			j.Touches[1].At = j.Touches[0].At.Add(7 * 24 * time.Hour)
		}), analytics.Params{HalfLifeDays: -3}, []float64{1. / 3, 2. / 3}},
		{"time_decay: NaN means the default 7", analytics.TimeDecay, with(2, func(j *analytics.Journey) {
			j.Touches[1].At = j.Touches[0].At.Add(7 * 24 * time.Hour)
		}), analytics.Params{HalfLifeDays: math.NaN()}, []float64{1. / 3, 2. / 3}},
		{"time_decay: ties weigh the same", analytics.TimeDecay, with(2, func(j *analytics.Journey) {
			j.Touches[1].At = j.Touches[0].At
		}), analytics.Params{}, []float64{.5, .5}},
		{"time_decay: an infinite half-life is linear", analytics.TimeDecay, with(3, nil), analytics.Params{HalfLifeDays: math.Inf(1)}, []float64{1. / 3, 1. / 3, 1. / 3}},
		{"time_decay: a touch a year before, with a one-hour half-life, underflows to nothing", analytics.TimeDecay, with(2, func(j *analytics.Journey) {
			j.Touches[1].At = j.Touches[0].At.Add(365 * 24 * time.Hour)
		}), analytics.Params{HalfLifeDays: 1. / 24}, []float64{0, 1}},
		{"time_decay: the smallest half-life still gives the latest touch everything", analytics.TimeDecay, with(2, nil),
			analytics.Params{HalfLifeDays: math.SmallestNonzeroFloat64}, []float64{0, 1}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := analytics.Weights(tt.model, tt.journey, tt.params)
			if err != nil {
				t.Fatal(err)
			}
			if len(got) != len(tt.want) {
				t.Fatalf("Weights = %v, want %v", got, tt.want)
			}
			for i := range got {
				if math.Abs(got[i]-tt.want[i]) > 1e-12 {
					t.Fatalf("Weights = %v, want %v", got, tt.want)
				}
			}
		})
	}
}

func TestWeightsOfOneTouchIsEverything(t *testing.T) {
	for _, m := range analytics.Models {
		if !m.Rule() {
			continue
		}
		j := path("email")
		j.LeadAt, j.OpportunityAt, j.WonAt = j.ConvertedAt, j.ConvertedAt, j.ConvertedAt
		for _, milestones := range []analytics.Journey{j, path("email")} {
			w, err := analytics.Weights(m, milestones, analytics.Params{})
			if err != nil || len(w) != 1 || math.Abs(w[0]-1) > 1e-15 {
				t.Errorf("%s: Weights = %v, %v; want [1]", m, w, err)
			}
		}
	}
}

func TestWeightsOfNoTouchesIsNil(t *testing.T) {
	for _, m := range analytics.Models {
		if !m.Rule() {
			continue
		}
		w, err := analytics.Weights(m, path(), analytics.Params{})
		if err != nil || w != nil {
			t.Errorf("%s: Weights = %v, %v; want nil", m, w, err)
		}
	}
}

func TestWeightsRefusesPopulationModels(t *testing.T) {
	for m, code := range map[analytics.Model]string{analytics.Markov: "not_rule", analytics.Shapley: "not_rule", "nope": "invalid"} {
		_, err := analytics.Weights(m, path("a", "b"), analytics.Params{})
		var v *domain.ValidationError
		if !errors.As(err, &v) || v.Fields[0].Code != code {
			t.Errorf("Weights(%s) error = %v, want model:%s", m, err, code)
		}
	}
}
