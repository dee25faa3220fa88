package demo

import (
	"math"
	"math/rand/v2"
	"time"

	"github.com/onefunnel/onefunnel/domain"
	"github.com/onefunnel/onefunnel/domain/marketing"
	"github.com/onefunnel/onefunnel/domain/tracking"
)

// campaignSpec is one campaign of the story. from and to place its dates in
// the window (0 its start, 1 Now); to above 1 ends after Now, 0 never.
type campaignSpec struct {
	name           string
	key            string // utm_campaign
	source, medium string
	weekly         int64 // spend per week at scale 1, euro cents
	from, to       float64
}

// campaignSpecs: search and social buy the traffic, display buys the
// impressions the model is about, email and webinars nurture.
var campaignSpecs = []campaignSpec{
	{"Brand search", "brand-search", "google", "cpc", 90000, 0, 0},
	{"CRM software search", "crm-software", "google", "cpc", 240000, 0, 0},
	{"Bing search", "bing-search", "bing", "cpc", 40000, 0, 1.2},
	{"LinkedIn lead gen", "linkedin-leadgen", "linkedin", "paid_social", 220000, 0, 0},
	{"Facebook retargeting", "fb-retargeting", "facebook", "paid_social", 90000, 0.15, 0.85},
	{"Display prospecting", "display-prospecting", "dv360", "display", 180000, 0, 0},
	{"Display retargeting", "display-retargeting", "criteo", "display", 110000, 0, 0},
	{"Monthly newsletter", "newsletter", "newsletter", "email", 12000, 0, 0},
	{"Webinar series", "webinar-series", "webinar", "email", 35000, 0, 1.1},
	{"B2B buying guide", "buying-guide", "linkedin", "social", 50000, 0.25, 0},
}

// campaign is a generated campaign with what touches need to link to it.
type campaign struct {
	marketing.Campaign
	spec campaignSpec
}

// active reports whether the campaign runs on t's day.
func (c *campaign) active(t time.Time) bool {
	d := marketing.Date(t)
	return (c.StartsOn == nil || !d.Before(*c.StartsOn)) && (c.EndsOn == nil || !d.After(*c.EndsOn))
}

// campaigns makes the plan's campaigns, in spec order.
func (p Plan) campaigns(r *rand.Rand) []*campaign {
	out := make([]*campaign, len(campaignSpecs))
	for i, s := range campaignSpecs {
		starts := marketing.Date(p.at(s.from))
		created := starts.Add(-72 * time.Hour)
		c := &campaign{spec: s, Campaign: marketing.Campaign{
			WorkspaceID: p.Config.WorkspaceID, ID: newID(r, created), Name: s.name,
			Channel: tracking.ChannelOf(s.source, s.medium, s.key), UTMCampaign: s.key,
			StartsOn: &starts, CreatedAt: created, UpdatedAt: created,
		}}
		if s.to > 0 {
			ends := marketing.Date(p.at(s.to))
			c.EndsOn = &ends
		}
		out[i] = c
	}
	return out
}

// weeklySpend is each campaign's spend per calendar week (Monday to Sunday,
// both days included, so the periods never overlap), from its start to
// today or its end, prorated for part weeks and within ±15% of the budget.
func (p Plan) weeklySpend(r *rand.Rand, cs []*campaign) []marketing.Spend {
	today := marketing.Date(p.Config.Now)
	var out []marketing.Spend
	for _, c := range cs {
		last := today
		if c.EndsOn != nil && c.EndsOn.Before(last) {
			last = *c.EndsOn
		}
		for from := *c.StartsOn; !from.After(last); {
			monday := from.AddDate(0, 0, -(int(from.Weekday())+6)%7)
			to := monday.AddDate(0, 0, 6)
			if to.After(last) {
				to = last
			}
			days := float64(to.Sub(from)/(24*time.Hour) + 1)
			amount := float64(c.spec.weekly) * p.Config.Scale * days / 7 * (0.85 + 0.3*r.Float64())
			recorded := domain.Earliest(to.Add(30*time.Hour), p.Config.Now)
			out = append(out, marketing.Spend{
				WorkspaceID: p.Config.WorkspaceID, ID: newID(r, recorded), CampaignID: c.ID,
				PeriodStart: from, PeriodEnd: to, Amount: int64(math.Round(amount)), Currency: currency, CreatedAt: recorded,
			})
			from = to.AddDate(0, 0, 1)
		}
	}
	return out
}

// currency is the demo's money: spend and deal sizes in euro cents.
const currency = "EUR"
