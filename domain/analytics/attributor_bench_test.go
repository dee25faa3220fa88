package analytics_test

import (
	"math/rand/v2"
	"testing"
	"time"

	"github.com/onefunnel/onefunnel/domain/analytics"
)

// BenchmarkAttributor feeds one report's worth of journeys to each model:
// 50,000 journeys, 1,000,000 touches over ten channels, 80% converted, and
// reports the cost per touch (Add for every journey, then Result).
func BenchmarkAttributor(b *testing.B) {
	js, touches := benchmarkJourneys()
	for _, m := range analytics.Models {
		b.Run(string(m), func(b *testing.B) {
			b.ReportAllocs()
			for b.Loop() {
				a, _ := analytics.NewAttributor(m, analytics.Params{})
				for _, j := range js {
					a.Add(j)
				}
				a.Result()
			}
			b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(b.N*touches), "ns/touch")
		})
	}
}

// BenchmarkShapleyManyGroups is shapley over 40 groups (campaigns, say),
// beyond enumeration: the closed form makes one pass over the distinct sets.
func BenchmarkShapleyManyGroups(b *testing.B) {
	js, touches := benchmarkJourneys()
	campaigns := groupNames(40)
	rng := rand.New(rand.NewPCG(4, 4))
	for k := range js {
		for i := range js[k].Touches {
			js[k].Touches[i].Group = campaigns[rng.IntN(len(campaigns))]
		}
	}
	for b.Loop() {
		a, _ := analytics.NewAttributor(analytics.Shapley, analytics.Params{})
		for _, j := range js {
			a.Add(j)
		}
		a.Result()
	}
	b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(b.N*touches), "ns/touch")
}

func benchmarkJourneys() ([]analytics.Journey, int) {
	channels := []string{"Direct", "Organic Search", "Paid Search", "Display", "Organic Social",
		"Paid Social", "Email", "Affiliates", "Referral", "Video"}
	rng := rand.New(rand.NewPCG(1, 2))
	js := make([]analytics.Journey, 50_000)
	touches := 0
	for k := range js {
		n := 1 + rng.IntN(39) // 20 on average
		j := analytics.Journey{Converted: rng.IntN(5) > 0, Revenue: float64(rng.IntN(5_000_000)), Touches: make([]analytics.Touch, n)}
		at := journeyDay0
		for i := range j.Touches {
			at = at.Add(time.Duration(rng.IntN(48)) * time.Hour)
			j.Touches[i] = analytics.Touch{Group: channels[rng.IntN(len(channels))], At: at}
		}
		j.ConvertedAt = at.Add(time.Hour)
		j.LeadAt = j.Touches[n/3].At
		j.OpportunityAt = j.Touches[n/2].At
		j.WonAt = j.ConvertedAt
		js[k] = j
		touches += n
	}
	return js, touches
}
