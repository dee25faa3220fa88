package marketing

import "github.com/onefunnel/onefunnel/domain/tracking"

// validChannel reports whether c is one of GA4's default channel names,
// spelled as tracking.Channels spells them, so reports group one name once.
func validChannel(c tracking.Channel) bool {
	for _, x := range tracking.Channels {
		if c == x {
			return true
		}
	}
	return false
}

// CampaignKey is how a utm_campaign value is compared and stored: trimmed and
// lower-cased, as GA4 compares campaign names, so "Spring-Launch " tagged on
// an ad and "spring-launch" on the campaign are one campaign.
func CampaignKey(s string) string { return lowerTrim(s) }
