package reports

import (
	"context"
	"github.com/onefunnel/onefunnel/domain"
	"sort"
	"time"

	"github.com/onefunnel/onefunnel/domain/auth"
)

// ROIStore reads campaigns and their spend.
type ROIStore interface {
	// Spend lists the spend periods in currency that overlap the period,
	// with their campaign.
	Spend(ctx context.Context, ws string, p Period, currency string) ([]SpendPeriod, error)
	// Campaigns lists the workspace's campaigns.
	Campaigns(ctx context.Context, ws string) ([]CampaignRef, error)
}

// CampaignRef is a campaign as reports name it.
type CampaignRef struct {
	ID, Name, Channel, Key string
}

// SpendPeriod is an amount spent on a campaign over days (both included).
type SpendPeriod struct {
	CampaignID string
	Start, End time.Time
	Amount     int64
}

// CampaignROI is one campaign's return.
type CampaignROI struct {
	Campaign    CampaignRef
	Spend       int64
	Leads, Won  float64
	Revenue     float64
	ROAS        *float64 // revenue / spend
	CostPerLead *float64
	CostPerWon  *float64
}

// ROI is the ROI report.
type ROI struct {
	Query     AttributionQuery
	Currency  string
	Campaigns []CampaignROI
	Totals    CampaignROI
}

// ROI sets each campaign's spend in the period (pro rata by day for periods
// that straddle it) against the leads, wins and revenue the model credits to
// it.
func (s *Service) ROI(ctx context.Context, p auth.Principal, q AttributionQuery) (ROI, error) {
	if err := readable(p); err != nil {
		return ROI{}, err
	}
	cur, err := s.currency(ctx, p.WorkspaceID, q.Journeys.Currency)
	if err != nil {
		return ROI{}, err
	}
	q.Journeys.Currency, q.Journeys.GroupBy = cur, GroupCampaign
	campaigns, err := s.st.Campaigns(ctx, p.WorkspaceID)
	if err != nil {
		return ROI{}, err
	}
	spend, err := s.st.Spend(ctx, p.WorkspaceID, q.Journeys.Period, cur)
	if err != nil {
		return ROI{}, err
	}
	lq := q
	lq.Journeys.Conversion = ConvertLead
	leads, err := s.attribute(ctx, p.WorkspaceID, lq)
	if err != nil {
		return ROI{}, err
	}
	wq := q
	wq.Journeys.Conversion = ConvertWon
	won, err := s.attribute(ctx, p.WorkspaceID, wq)
	if err != nil {
		return ROI{}, err
	}
	byKey := map[string]*CampaignROI{}
	byID := map[string]*CampaignROI{}
	r := ROI{Query: q, Currency: cur, Campaigns: make([]CampaignROI, len(campaigns))}
	for i, c := range campaigns {
		r.Campaigns[i].Campaign = c
		byKey[c.Key], byID[c.ID] = &r.Campaigns[i], &r.Campaigns[i]
	}
	for _, sp := range spend {
		if c := byID[sp.CampaignID]; c != nil {
			c.Spend += prorate(sp, q.Journeys.Period)
		}
	}
	for _, g := range leads.Groups {
		if c := byKey[g.Key]; c != nil {
			c.Leads += g.Conversions
		}
	}
	for _, g := range won.Groups {
		if c := byKey[g.Key]; c != nil {
			c.Won, c.Revenue = c.Won+g.Conversions, c.Revenue+g.Revenue
		}
	}
	for i := range r.Campaigns {
		c := &r.Campaigns[i]
		c.rates()
		r.Totals.Spend += c.Spend
		r.Totals.Leads += c.Leads
		r.Totals.Won += c.Won
		r.Totals.Revenue += c.Revenue
	}
	r.Totals.Campaign = CampaignRef{Name: "All campaigns"}
	r.Totals.rates()
	sort.SliceStable(r.Campaigns, func(i, j int) bool { return r.Campaigns[i].Spend > r.Campaigns[j].Spend })
	return r, nil
}

func (c *CampaignROI) rates() {
	if c.Spend > 0 {
		roas := c.Revenue / float64(c.Spend)
		c.ROAS = &roas
	}
	c.CostPerLead = per(c.Spend, c.Leads)
	c.CostPerWon = per(c.Spend, c.Won)
}

// per is spend per credited conversion; none without conversions or spend.
func per(spend int64, n float64) *float64 {
	if n <= 0 || spend <= 0 {
		return nil
	}
	v := float64(spend) / n
	return &v
}

// prorate is the part of a spend period's amount that falls in p, by days.
func prorate(sp SpendPeriod, p Period) int64 {
	start, end := midnight(sp.Start), midnight(sp.End).Add(day) // [start, end)
	total := end.Sub(start)
	if total <= 0 {
		return 0
	}
	from, to := domain.Latest(start, p.From), domain.Earliest(end, p.To)
	if !to.After(from) {
		return 0
	}
	return int64(float64(sp.Amount)*float64(to.Sub(from))/float64(total) + 0.5)
}
