package tracking

import (
	"regexp"
	"strings"
)

// Channel is a GA4 default channel group.
type Channel string

// The GA4 default channel groups, named as Google Analytics names them.
const (
	ChannelDirect          Channel = "Direct"
	ChannelCrossNetwork    Channel = "Cross-network"
	ChannelPaidShopping    Channel = "Paid Shopping"
	ChannelPaidSearch      Channel = "Paid Search"
	ChannelPaidSocial      Channel = "Paid Social"
	ChannelPaidVideo       Channel = "Paid Video"
	ChannelDisplay         Channel = "Display"
	ChannelPaidOther       Channel = "Paid Other"
	ChannelOrganicShopping Channel = "Organic Shopping"
	ChannelOrganicSocial   Channel = "Organic Social"
	ChannelOrganicVideo    Channel = "Organic Video"
	ChannelOrganicSearch   Channel = "Organic Search"
	ChannelReferral        Channel = "Referral"
	ChannelEmail           Channel = "Email"
	ChannelAffiliates      Channel = "Affiliates"
	ChannelAudio           Channel = "Audio"
	ChannelSMS             Channel = "SMS"
	ChannelMobilePush      Channel = "Mobile Push Notifications"
	ChannelUnassigned      Channel = "Unassigned"
)

// Channels lists every channel in the order the rules are tried.
var Channels = []Channel{
	ChannelDirect, ChannelCrossNetwork, ChannelPaidShopping, ChannelPaidSearch, ChannelPaidSocial,
	ChannelPaidVideo, ChannelDisplay, ChannelPaidOther, ChannelOrganicShopping, ChannelOrganicSocial,
	ChannelOrganicVideo, ChannelOrganicSearch, ChannelReferral, ChannelEmail, ChannelAffiliates,
	ChannelAudio, ChannelSMS, ChannelMobilePush, ChannelUnassigned,
}

// Google's patterns, verbatim from "[GA4] Default channel group"
// (support.google.com/analytics/answer/9756891). Inputs are lower-cased
// first: Google says the definitions are not case-sensitive.
var (
	// paidMedium: the `.*cp.*` arm makes cpc, cpm, cpv, cpa and house
	// variants of them all paid.
	paidMedium = regexp.MustCompile(`^(.*cp.*|ppc|retargeting|paid.*)$`)
	// shoppingCampaign matches "shopping", or "shop" at the start, after a
	// non-letter or after an "e" (eshop): "shop_sale" and "summer-shop"
	// match, "workshop" does not.
	shoppingCampaign = regexp.MustCompile(`^(.*(([^a-df-z]|^)shop|shopping).*)$`)
	videoMedium      = regexp.MustCompile(`^(.*video.*)$`)
)

var (
	displayMedia  = set("display", "banner", "expandable", "interstitial", "cpm")
	socialMedia   = set("social", "social-network", "social-media", "sm", "social network", "social media")
	emailNames    = set("email", "e-mail", "e_mail", "e mail")
	referralMedia = set("referral", "app", "link")
)

// Classify returns the GA4 default channel of a touch: SourceMedium resolves
// its source and medium, then ChannelOf applies Google's rules.
func Classify(t Touch) Channel {
	source, medium := t.SourceMedium()
	return ChannelOf(source, medium, t.Campaign)
}

// ChannelOf applies the GA4 default channel group rules to a source, medium
// and campaign name, in Google's order; the first rule that matches wins
// (docs/channels.md has the table). An empty source and medium count as
// "(direct)" / "(none)", as GA4 reports a visit with neither.
func ChannelOf(source, medium, campaign string) Channel {
	s, m, c := lower(source), lower(medium), lower(campaign)
	if s == "" && m == "" {
		s, m = "(direct)", "(none)"
	}
	cat := SourceCategoryOf(s)
	paid := paidMedium.MatchString(m)
	shopping := cat == CategoryShopping || shoppingCampaign.MatchString(c)
	switch {
	case s == "(direct)" && (m == "(none)" || m == "(not set)"):
		return ChannelDirect
	case strings.Contains(c, "cross-network"):
		return ChannelCrossNetwork
	case shopping && paid:
		return ChannelPaidShopping
	case cat == CategorySearch && paid:
		return ChannelPaidSearch
	case cat == CategorySocial && paid:
		return ChannelPaidSocial
	case cat == CategoryVideo && paid:
		return ChannelPaidVideo
	case displayMedia[m]:
		return ChannelDisplay
	case paid:
		return ChannelPaidOther
	case shopping:
		return ChannelOrganicShopping
	case cat == CategorySocial || socialMedia[m]:
		return ChannelOrganicSocial
	case cat == CategoryVideo || videoMedium.MatchString(m):
		return ChannelOrganicVideo
	case cat == CategorySearch || m == "organic":
		return ChannelOrganicSearch
	case referralMedia[m]:
		return ChannelReferral
	case emailNames[s] || emailNames[m]:
		return ChannelEmail
	case m == "affiliate":
		return ChannelAffiliates
	case m == "audio":
		return ChannelAudio
	case s == "sms" || m == "sms":
		return ChannelSMS
	case strings.HasSuffix(m, "push") || strings.Contains(m, "mobile") || strings.Contains(m, "notification") || s == "firebase":
		return ChannelMobilePush
	}
	return ChannelUnassigned
}

func set(xs ...string) map[string]bool {
	m := make(map[string]bool, len(xs))
	for _, x := range xs {
		m[x] = true
	}
	return m
}
