package marketing

import (
	"time"

	"github.com/onefunnel/onefunnel/domain"
)

// Spend is what a campaign cost over one period, in minor units of a
// currency. A campaign's periods never overlap, so summing them never counts
// a day twice.
type Spend struct {
	WorkspaceID string `gorm:"primaryKey"`
	ID          string `gorm:"primaryKey"`
	CampaignID  string
	PeriodStart time.Time
	PeriodEnd   time.Time
	Amount      int64
	Currency    string
	CreatedAt   time.Time `gorm:"autoCreateTime:false"`
}

// TableName names the table for GORM: spend is a mass noun.
func (Spend) TableName() string { return "campaign_spend" }

// Period is the spend's days, both ends included.
func (s Spend) Period() Period { return Period{Start: s.PeriodStart, End: s.PeriodEnd} }

// SpendInput is what a client may set on a spend row (all required).
type SpendInput struct {
	PeriodStart time.Time
	PeriodEnd   time.Time
	Amount      int64
	Currency    string
}

// Period is a run of calendar days, both ends included.
type Period struct {
	Start, End time.Time
}

// Overlaps reports whether p and q share a day. Both ends are included, so a
// period ending on the 31st and one starting on the 31st overlap, and one
// starting on the 1st of the next month does not.
func (p Period) Overlaps(q Period) bool {
	return !p.Start.After(q.End) && !q.Start.After(p.End)
}

// FirstOverlap returns the first of existing whose period shares a day with p.
func FirstOverlap(existing []Spend, p Period) (Spend, bool) {
	for _, s := range existing {
		if s.Period().Overlaps(p) {
			return s, true
		}
	}
	return Spend{}, false
}

// validateSpend checks a spend row and normalises its dates and currency.
func validateSpend(in *SpendInput) error {
	v := &domain.ValidationError{}
	in.PeriodStart, in.PeriodEnd = Date(in.PeriodStart), Date(in.PeriodEnd)
	if in.PeriodStart.IsZero() {
		v.Add("period_start", "required", "must be a date")
	}
	if in.PeriodEnd.IsZero() {
		v.Add("period_end", "required", "must be a date")
	} else if in.PeriodEnd.Before(in.PeriodStart) {
		v.Add("period_end", "before_start", "must be on or after period_start")
	}
	if in.Amount < 0 {
		v.Add("amount", "invalid", "must be 0 or more (minor units)")
	}
	in.Currency = domain.CheckCurrency(v, "currency", in.Currency)
	return v.Err()
}
