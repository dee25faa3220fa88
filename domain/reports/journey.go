package reports

import (
	"context"
	"time"

	"github.com/onefunnel/onefunnel/domain"
	"github.com/onefunnel/onefunnel/domain/analytics"
)

// Conversion is the milestone a journey converts at.
type Conversion string

const (
	ConvertLead        Conversion = "lead"        // the prospect opened
	ConvertOpportunity Conversion = "opportunity" // first entry into an opportunity-phase stage or later
	ConvertWon         Conversion = "won"         // first entry into a won-phase stage or later
)

// GroupBy is what attribution credit is grouped by.
type GroupBy string

const (
	GroupChannel   GroupBy = "channel"
	GroupCampaign  GroupBy = "campaign"
	GroupSourceMed GroupBy = "source_medium"
	GroupTouchType GroupBy = "touchpoint_type"
)

// Attribution's defaults and bounds.
const (
	DefaultLookback = 90  // days of touches before a conversion
	MaxLookback     = 730 // two years: beyond any sales cycle we report on
	defaultModel    = analytics.Linear
	// DefaultHalfLifeDays is time_decay's half-life without one asked for.
	DefaultHalfLifeDays = analytics.DefaultHalfLifeDays
	directSourceMedium  = "(direct) / (none)"
)

// JourneyQuery selects journeys: prospects converting in the period (and,
// WithNull, those opened in it that did not), with the touches of their
// contacts and account in the lookback window before the conversion.
type JourneyQuery struct {
	Period       Period
	Conversion   Conversion
	GroupBy      GroupBy
	LookbackDays int
	Currency     string // revenue counts only in this currency
	WithNull     bool
	ProspectID   string // one prospect, whenever it converted (the drill-down)
	Details      bool   // fill JourneyTouch details (the drill-down)
}

// JourneyTouch is a touch with what the drill-down shows of it.
type JourneyTouch struct {
	ID                                      string
	At                                      time.Time
	Type, Channel, Source, Medium, Campaign string
}

// JourneyStore streams journeys.
type JourneyStore interface {
	// Journeys calls fn once per journey, touches in time order. touches is
	// filled only with q.Details; fn must not keep j.Touches after it
	// returns (the store may reuse the slice).
	Journeys(ctx context.Context, ws string, q JourneyQuery, fn func(j analytics.Journey, touches []JourneyTouch) error) error
}

// GroupKey is the attribution group of a touch.
func GroupKey(by GroupBy, typ, channel, source, medium, campaign string) string {
	switch by {
	case GroupCampaign:
		if campaign == "" {
			return NoneKey
		}
		return campaign
	case GroupSourceMed:
		if source == "" && medium == "" {
			return directSourceMedium
		}
		if medium == "" {
			medium = "(none)"
		}
		if source == "" {
			source = "(not set)"
		}
		return source + " / " + medium
	case GroupTouchType:
		return typ
	}
	if channel == "" {
		return "Unassigned"
	}
	return channel
}

func parseConversion(s string) (Conversion, error) {
	switch c := Conversion(s); c {
	case "":
		return ConvertWon, nil
	case ConvertLead, ConvertOpportunity, ConvertWon:
		return c, nil
	}
	return "", domain.Invalid("conversion", "invalid", "must be lead, opportunity or won")
}

func parseGroupBy(s string) (GroupBy, error) {
	switch g := GroupBy(s); g {
	case "":
		return GroupChannel, nil
	case GroupChannel, GroupCampaign, GroupSourceMed, GroupTouchType:
		return g, nil
	}
	return "", domain.Invalid("group_by", "invalid", "must be channel, campaign, source_medium or touchpoint_type")
}
