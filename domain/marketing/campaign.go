package marketing

import (
	"strings"
	"time"

	"github.com/onefunnel/onefunnel/domain"
	"github.com/onefunnel/onefunnel/domain/tracking"
)

// Campaign is a marketing effort. Touchpoints tagged with its UTMCampaign key
// link to it; its spend per period is what reports weigh against their credit.
type Campaign struct {
	WorkspaceID string `gorm:"primaryKey"`
	ID          string `gorm:"primaryKey"`
	Name        string
	Channel     tracking.Channel
	UTMCampaign string `gorm:"column:utm_campaign"`
	StartsOn    *time.Time
	EndsOn      *time.Time
	CreatedAt   time.Time `gorm:"autoCreateTime:false"`
	UpdatedAt   time.Time `gorm:"autoUpdateTime:false"`
}

// CampaignInput is what a client may set on a campaign.
type CampaignInput struct {
	Name        domain.Optional[string]
	Channel     domain.Optional[tracking.Channel]
	UTMCampaign domain.Optional[string]
	StartsOn    domain.Optional[time.Time]
	EndsOn      domain.Optional[time.Time]
}

// CampaignFilter narrows a list of campaigns.
type CampaignFilter struct {
	domain.ListQuery
	Q           string
	Channel     tracking.Channel
	UTMCampaign string
}

// validateCampaign checks a new campaign or a patch (creating tells which)
// field by field and normalises what it keeps: the key, and dates to
// midnight UTC. The date order needs the stored dates too: see checkDates.
func validateCampaign(in *CampaignInput, creating bool) error {
	v := &domain.ValidationError{}
	if in.Name.Set || creating {
		in.Name.Value = domain.CheckName(v, "name", in.Name.Value)
	}
	if (in.Channel.Set || creating) && !validChannel(in.Channel.Value) {
		v.Add("channel", "invalid_channel", "must be a GA4 default channel such as %q", tracking.ChannelPaidSearch)
	}
	if in.UTMCampaign.Set || creating {
		in.UTMCampaign.Value = CampaignKey(in.UTMCampaign.Value)
		if in.UTMCampaign.Value == "" {
			v.Add("utm_campaign", "required", "must not be empty")
		} else {
			domain.CheckText(v, "utm_campaign", in.UTMCampaign.Value, domain.MaxNameLen)
		}
	}
	in.StartsOn.Value, in.EndsOn.Value = Date(in.StartsOn.Value), Date(in.EndsOn.Value)
	return v.Err()
}

// checkDates holds a campaign to ending on or after the day it starts; either
// date may be open.
func checkDates(startsOn, endsOn *time.Time) error {
	if startsOn != nil && endsOn != nil && endsOn.Before(*startsOn) {
		return domain.Invalid("ends_on", "before_start", "must be on or after starts_on")
	}
	return nil
}

// Date is the calendar day of t as midnight UTC, the form dates are compared
// and stored in.
func Date(t time.Time) time.Time {
	if t.IsZero() {
		return t
	}
	y, m, d := t.Date()
	return time.Date(y, m, d, 0, 0, 0, 0, time.UTC)
}

func lowerTrim(s string) string { return strings.ToLower(strings.TrimSpace(s)) }
