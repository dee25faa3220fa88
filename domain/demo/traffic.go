package demo

import (
	"math/rand/v2"

	"github.com/onefunnel/onefunnel/domain/tracking"
)

// site is the demo company's website: example.com is reserved (RFC 2606).
const site = "https://www.example.com"

var (
	homePages    = []string{site + "/", site + "/product", site + "/pricing"}
	searchPages  = []string{site + "/lp/crm-software", site + "/lp/pipeline-analytics", site + "/"}
	contentPages = []string{site + "/blog/b2b-buying-journey", site + "/blog/attribution-without-cookies", site + "/blog/share-of-voice", site + "/blog/one-funnel"}
	reviewPages  = []string{site + "/customers", site + "/pricing", site + "/"}
	emailPages   = []string{site + "/webinars", site + "/blog/one-funnel", site + "/pricing"}
	adPages      = []string{site + "/lp/pipeline-analytics", site + "/demo"}
)

// trafficSource is how a visit arrives, as tracking records it: source and
// medium as SourceMedium resolves them (a referrer host without "www." and
// organic/social/referral, or the UTM tags), the campaign key, the referring
// host. tracking.ChannelOf of source, medium and campaign is the channel it
// is listed under (the tests hold the list to that).
type trafficSource struct {
	source, medium, campaign string
	referrer                 string
	weight                   float64
	landings                 []string
}

// channelSources lists each channel's sources; a campaign's source is used
// only while the campaign runs, else the channel's first source stands in.
var channelSources = map[tracking.Channel][]trafficSource{
	tracking.ChannelDirect: {{"(direct)", "(none)", "", "", 1, homePages}},
	tracking.ChannelOrganicSearch: {
		{"google.com", "organic", "", "www.google.com", 0.8, contentPages},
		{"bing.com", "organic", "", "www.bing.com", 0.2, contentPages},
	},
	tracking.ChannelPaidSearch: {
		{"google", "cpc", "crm-software", "www.google.com", 0.5, searchPages},
		{"google", "cpc", "brand-search", "www.google.com", 0.35, homePages},
		{"bing", "cpc", "bing-search", "www.bing.com", 0.15, searchPages},
	},
	tracking.ChannelReferral: {
		{"g2.com", "referral", "", "www.g2.com", 0.5, reviewPages},
		{"capterra.com", "referral", "", "www.capterra.com", 0.3, reviewPages},
		{"saasweekly.example", "referral", "", "saasweekly.example", 0.2, contentPages},
	},
	tracking.ChannelEmail: {{"newsletter", "email", "newsletter", "", 1, emailPages}},
	tracking.ChannelOrganicSocial: {
		{"linkedin.com", "social", "", "www.linkedin.com", 0.5, contentPages},
		{"facebook.com", "social", "", "www.facebook.com", 0.2, contentPages},
		{"linkedin", "social", "buying-guide", "www.linkedin.com", 0.3, contentPages},
	},
	tracking.ChannelPaidSocial: {
		{"linkedin", "paid_social", "linkedin-leadgen", "www.linkedin.com", 0.7, adPages},
		{"facebook", "paid_social", "fb-retargeting", "www.facebook.com", 0.3, adPages},
	},
	tracking.ChannelDisplay: {
		{"dv360", "display", "display-prospecting", "", 0.6, adPages},
		{"criteo", "display", "display-retargeting", "", 0.4, adPages},
	},
}

// returnMix is the channel of a visit after the first: people come back
// directly or through search and email far more than through ads. Display
// brings no visits: its campaigns are impressions only, so a report on a
// display campaign sees the same exposures as one on ad_impression.
var returnMix = []struct {
	channel tracking.Channel
	weight  float64
}{
	{tracking.ChannelDirect, 0.30}, {tracking.ChannelOrganicSearch, 0.22}, {tracking.ChannelPaidSearch, 0.12},
	{tracking.ChannelEmail, 0.12}, {tracking.ChannelReferral, 0.06}, {tracking.ChannelOrganicSocial, 0.08},
	{tracking.ChannelPaidSocial, 0.10},
}

// deviceMix is each channel's split of desktop, mobile and tablet: social is
// mostly read on phones, search and referrals at a desk. Given the channel,
// the device changes nothing in the model.
var deviceMix = map[tracking.Channel][3]float64{
	tracking.ChannelDirect:        {0.70, 0.25, 0.05},
	tracking.ChannelOrganicSearch: {0.60, 0.35, 0.05},
	tracking.ChannelPaidSearch:    {0.65, 0.30, 0.05},
	tracking.ChannelReferral:      {0.75, 0.20, 0.05},
	tracking.ChannelEmail:         {0.50, 0.45, 0.05},
	tracking.ChannelOrganicSocial: {0.30, 0.65, 0.05},
	tracking.ChannelPaidSocial:    {0.25, 0.70, 0.05},
	tracking.ChannelDisplay:       {0.50, 0.45, 0.05},
}

func device(r *rand.Rand, ch tracking.Channel) tracking.Device {
	mix, u := deviceMix[ch], r.Float64()
	switch {
	case u < mix[0]:
		return tracking.DeviceDesktop
	case u < mix[0]+mix[1]:
		return tracking.DeviceMobile
	}
	return tracking.DeviceTablet
}

// returnChannel draws the channel of a later visit.
func returnChannel(r *rand.Rand) tracking.Channel {
	return returnMix[pick(r, len(returnMix), func(i int) float64 { return returnMix[i].weight })].channel
}

// pick draws one of n weighted items.
func pick(r *rand.Rand, n int, weight func(i int) float64) int {
	u := r.Float64()
	for i := range n - 1 {
		if u < weight(i) {
			return i
		}
		u -= weight(i)
	}
	return n - 1
}
