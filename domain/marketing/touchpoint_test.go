package marketing

import (
	"strings"
	"testing"
	"time"

	"github.com/onefunnel/onefunnel/domain"
	"github.com/onefunnel/onefunnel/domain/tracking"
)

func TestNewTouchpoint(t *testing.T) {
	now := time.Date(2026, 6, 1, 12, 0, 0, 0, time.UTC)
	contact, account := domain.NewID(), domain.NewID()
	base := func() TouchpointInput {
		return TouchpointInput{ContactID: domain.Some(contact), Type: tracking.TouchWebinar}
	}
	tests := []struct {
		name        string
		change      func(*TouchpointInput)
		want        []string // field:code
		wantChannel tracking.Channel
		wantAt      time.Time
		check       func(t *testing.T, tp Touchpoint)
	}{
		{name: "a webinar with no source is Direct, as GA4 counts it", change: func(*TouchpointInput) {}, wantChannel: tracking.ChannelDirect, wantAt: now},
		{name: "google / cpc is Paid Search", change: func(in *TouchpointInput) {
			in.Type, in.Source, in.Medium = tracking.TouchAdClick, "google", "cpc"
		}, wantChannel: tracking.ChannelPaidSearch},
		{name: "a newsletter click is Email", change: func(in *TouchpointInput) {
			in.Type, in.Source, in.Medium = tracking.TouchEmailClick, "newsletter", "email"
		}, wantChannel: tracking.ChannelEmail},
		{name: "the campaign name takes part: a shop campaign is Shopping", change: func(in *TouchpointInput) {
			in.Source, in.Medium, in.Campaign = "partner", "cpc", "summer-shop"
		}, wantChannel: tracking.ChannelPaidShopping},
		{name: "a channel sent wins over derivation", change: func(in *TouchpointInput) {
			in.Source, in.Medium, in.Channel = "google", "cpc", domain.Some(tracking.ChannelAffiliates)
		}, wantChannel: tracking.ChannelAffiliates},
		{name: "UTM values are trimmed and lower-cased", change: func(in *TouchpointInput) {
			in.Source, in.Medium, in.Campaign, in.Content, in.Term = " LinkedIn ", "Paid_Social", " Spring-Launch ", " Banner A ", " crm "
		}, wantChannel: tracking.ChannelPaidSocial, check: func(t *testing.T, tp Touchpoint) {
			if tp.Source != "linkedin" || tp.Medium != "paid_social" || tp.Campaign != "spring-launch" || tp.Content != "Banner A" || tp.Term != "crm" {
				t.Errorf("touchpoint = %+v", tp)
			}
		}},
		{name: "a touch from years ago is history, and welcome", change: func(in *TouchpointInput) {
			in.OccurredAt = domain.Some(time.Date(2019, 5, 4, 10, 0, 0, 0, time.FixedZone("CEST", 7200)))
		}, wantChannel: tracking.ChannelDirect, wantAt: time.Date(2019, 5, 4, 8, 0, 0, 0, time.UTC)},
		{name: "a clock a few minutes fast is forgiven", change: func(in *TouchpointInput) {
			in.OccurredAt = domain.Some(now.Add(MaxFutureSkew))
		}, wantChannel: tracking.ChannelDirect, wantAt: now.Add(MaxFutureSkew)},
		{name: "tomorrow has not happened", change: func(in *TouchpointInput) {
			in.OccurredAt = domain.Some(now.Add(24 * time.Hour))
		}, want: []string{"occurred_at:in_future"}},
		{name: "just past the skew", change: func(in *TouchpointInput) {
			in.OccurredAt = domain.Some(now.Add(MaxFutureSkew + time.Second))
		}, want: []string{"occurred_at:in_future"}},
		{name: "an account alone", change: func(in *TouchpointInput) {
			in.ContactID, in.AccountID = domain.Optional[string]{}, domain.Some(account)
		}, wantChannel: tracking.ChannelDirect},
		{name: "a contact and an account", change: func(in *TouchpointInput) { in.AccountID = domain.Some(account) }, wantChannel: tracking.ChannelDirect},
		{name: "nobody", change: func(in *TouchpointInput) { in.ContactID = domain.Optional[string]{} }, want: []string{"contact_id:required"}},
		{name: "nobody, with nulls", change: func(in *TouchpointInput) {
			in.ContactID, in.AccountID = domain.Null[string](), domain.Null[string]()
		}, want: []string{"contact_id:required"}},
		{name: "a contact id that is not a UUID", change: func(in *TouchpointInput) { in.ContactID = domain.Some("42") }, want: []string{"contact_id:invalid_id"}},
		{name: "an unknown type", change: func(in *TouchpointInput) { in.Type = "carrier_pigeon" }, want: []string{"type:invalid"}},
		{name: "an unknown channel", change: func(in *TouchpointInput) { in.Channel = domain.Some(tracking.Channel("Radio")) }, want: []string{"channel:invalid_channel"}},
		{name: "a source of 256 characters", change: func(in *TouchpointInput) { in.Source = strings.Repeat("s", 256) }, want: []string{"source:too_long"}},
		{name: "NUL in a term", change: func(in *TouchpointInput) { in.Term = "a\x00b" }, want: []string{"term:nul_character"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			in := base()
			tt.change(&in)
			tp, err := NewTouchpoint("ws", in, now)
			if got := fieldCodes(t, err); !equal(got, tt.want) {
				t.Fatalf("errors = %v, want %v", got, tt.want)
			}
			if tt.want != nil {
				return
			}
			if tp.Channel != tt.wantChannel {
				t.Errorf("channel = %q, want %q", tp.Channel, tt.wantChannel)
			}
			if !tt.wantAt.IsZero() && !tp.OccurredAt.Equal(tt.wantAt) {
				t.Errorf("occurred_at = %v, want %v", tp.OccurredAt, tt.wantAt)
			}
			if tp.OccurredAt.Location() != time.UTC || tp.WorkspaceID != "ws" || !domain.ValidID(tp.ID) || !tp.CreatedAt.Equal(now) {
				t.Errorf("touchpoint = %+v", tp)
			}
			if tt.check != nil {
				tt.check(t, tp)
			}
		})
	}
}
