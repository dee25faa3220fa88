package tracking

import "testing"

// The landing site of every case below.
const site = "https://www.acme.test/pricing"

func TestClassify(t *testing.T) {
	tests := []struct {
		name     string
		page     string // landing page URL: UTM tags and click ids
		referrer string
		want     Channel
	}{
		// Direct: no tags, no referrer from another site.
		{"typed URL or bookmark", site, "", ChannelDirect},
		{"a link between the site's own pages", site, "https://www.acme.test/blog/post", ChannelDirect},
		{"a link from the site's own subdomain", site, "https://docs.acme.test/start", ChannelDirect},

		// Cross-network: Google's Performance Max and Smart campaigns.
		{"campaign named cross-network", site + "?utm_source=google&utm_medium=cpc&utm_campaign=pmax_Cross-Network_q1", "", ChannelCrossNetwork},

		// Paid Shopping: a shopping source or a shopping campaign, paid.
		{"amazon ads", site + "?utm_source=amazon&utm_medium=cpc", "", ChannelPaidShopping},
		{"a google shopping campaign beats paid search", site + "?utm_source=google&utm_medium=cpc&utm_campaign=shopping_spring", "", ChannelPaidShopping},
		{"an eshop campaign from any source", site + "?utm_source=partner&utm_medium=paid&utm_campaign=eshop-launch", "", ChannelPaidShopping},

		// Paid Search: a search source and a paid medium.
		{"google cpc", site + "?utm_source=google&utm_medium=cpc", "", ChannelPaidSearch},
		{"bing ppc", site + "?utm_source=bing&utm_medium=ppc", "", ChannelPaidSearch},
		{"duckduckgo paid_search", site + "?utm_source=duckduckgo&utm_medium=paid_search", "", ChannelPaidSearch},
		{"google cpm is paid search too: .*cp.* is paid", site + "?utm_source=google&utm_medium=cpm", "", ChannelPaidSearch},
		{"gclid alone: Google Ads auto-tagging", site + "?gclid=Cj0KCQ", "https://www.google.com/", ChannelPaidSearch},
		{"wbraid alone", site + "?wbraid=abc", "", ChannelPaidSearch},
		{"gbraid alone", site + "?gbraid=abc", "", ChannelPaidSearch},
		{"msclkid alone: Microsoft Ads", site + "?msclkid=f00", "https://www.bing.com/", ChannelPaidSearch},
		{"gclid fills a missing source", site + "?utm_medium=cpc&gclid=abc", "", ChannelPaidSearch},

		// Paid Social: a social source and a paid medium.
		{"facebook paid_social", site + "?utm_source=facebook&utm_medium=paid_social", "", ChannelPaidSocial},
		{"linkedin cpc", site + "?utm_source=linkedin&utm_medium=cpc", "", ChannelPaidSocial},
		{"instagram retargeting", site + "?utm_source=instagram&utm_medium=retargeting", "", ChannelPaidSocial},
		{"fbclid with a paid medium", site + "?utm_medium=paid&fbclid=IwAR", "", ChannelPaidSocial},
		{"li_fat_id alone: LinkedIn Ads", site + "?li_fat_id=1a2b", "", ChannelPaidSocial},
		{"ttclid alone: TikTok Ads", site + "?ttclid=E.C.P", "", ChannelPaidSocial},

		// Paid Video.
		{"youtube cpv", site + "?utm_source=youtube&utm_medium=cpv", "", ChannelPaidVideo},
		{"vimeo paid", site + "?utm_source=vimeo&utm_medium=paid", "", ChannelPaidVideo},

		// Display.
		{"banner from an ad network", site + "?utm_source=adroll&utm_medium=banner", "", ChannelDisplay},
		{"cpm from a source on no list", site + "?utm_source=taboola&utm_medium=cpm", "", ChannelDisplay},
		{"interstitial", site + "?utm_source=app-network&utm_medium=interstitial", "", ChannelDisplay},
		{"dclid alone: Display & Video 360", site + "?dclid=CJ1", "", ChannelDisplay},

		// Paid Other: paid, but the source is on no list.
		{"a partner's cpc", site + "?utm_source=partner&utm_medium=cpc", "", ChannelPaidOther},
		{"'Google Ads' is not the source google", site + "?utm_source=Google+Ads&utm_medium=cpc", "", ChannelPaidOther},

		// Organic Shopping.
		{"a link from amazon.de", site, "https://www.amazon.de/dp/B0", ChannelOrganicShopping},
		{"a shop campaign beats a social medium", site + "?utm_source=partner&utm_medium=social&utm_campaign=shop_launch", "", ChannelOrganicShopping},

		// Organic Social.
		{"a link from linkedin", site, "https://www.linkedin.com/feed/", ChannelOrganicSocial},
		{"a link through t.co", site, "https://t.co/xyz", ChannelOrganicSocial},
		{"facebook's link shim", site, "https://l.facebook.com/l.php", ChannelOrganicSocial},
		{"fbclid alone is an organic share", site + "?fbclid=IwAR", "https://m.facebook.com/", ChannelOrganicSocial},
		{"medium sm", site + "?utm_source=mastodon&utm_medium=sm", "", ChannelOrganicSocial},

		// Organic Video.
		{"a link from youtube", site, "https://www.youtube.com/watch?v=1", ChannelOrganicVideo},
		{"a video medium", site + "?utm_source=webinar-platform&utm_medium=video", "", ChannelOrganicVideo},

		// Organic Search.
		{"google.com", site, "https://www.google.com/", ChannelOrganicSearch},
		{"a country google", site, "https://www.google.co.uk/", ChannelOrganicSearch},
		{"duckduckgo.com", site, "https://duckduckgo.com/", ChannelOrganicSearch},
		{"bing.com", site, "https://www.bing.com/search?q=acme", ChannelOrganicSearch},
		{"a yahoo search subdomain", site, "https://uk.search.yahoo.com/", ChannelOrganicSearch},
		{"medium organic", site + "?utm_source=directory&utm_medium=organic", "", ChannelOrganicSearch},

		// Referral.
		{"a link from a blog", site, "https://news.example.org/article", ChannelReferral},
		{"gmail is not a search engine", site, "https://mail.google.com/", ChannelReferral},
		{"medium link", site + "?utm_source=partner&utm_medium=link", "", ChannelReferral},
		{"medium app", site + "?utm_source=partner&utm_medium=app", "", ChannelReferral},
		{"referral is tried before email", site + "?utm_source=email&utm_medium=referral", "", ChannelReferral},

		// Email.
		{"a newsletter", site + "?utm_source=newsletter&utm_medium=email", "", ChannelEmail},
		{"source e-mail", site + "?utm_source=e-mail&utm_medium=newsletter", "", ChannelEmail},
		{"case does not matter", site + "?utm_source=Newsletter&utm_medium=EMAIL", "", ChannelEmail},

		// Affiliates, Audio, SMS, Mobile Push Notifications.
		{"affiliate", site + "?utm_source=awin&utm_medium=affiliate", "", ChannelAffiliates},
		{"audio", site + "?utm_source=spotify&utm_medium=audio", "", ChannelAudio},
		{"medium sms", site + "?utm_source=twilio&utm_medium=sms", "", ChannelSMS},
		{"source sms", site + "?utm_source=sms&utm_medium=text", "", ChannelSMS},
		{"medium ending in push", site + "?utm_source=braze&utm_medium=web-push", "", ChannelMobilePush},
		{"medium containing notification", site + "?utm_source=app&utm_medium=in-app-notification", "", ChannelMobilePush},
		{"source firebase", site + "?utm_source=firebase&utm_medium=fcm", "", ChannelMobilePush},

		// Unassigned: tagged, but no rule matches.
		{"a medium no rule knows", site + "?utm_source=flyer&utm_medium=qr", "", ChannelUnassigned},
		{"a source without a medium", site + "?utm_source=partner", "", ChannelUnassigned},
	}
	covered := map[Channel]bool{}
	for _, tt := range tests {
		covered[tt.want] = true
		t.Run(tt.name, func(t *testing.T) {
			touch := TouchFromURL(tt.page, tt.referrer)
			if got := Classify(touch); got != tt.want {
				s, m := touch.SourceMedium()
				t.Errorf("Classify = %q, want %q (source %q, medium %q)", got, tt.want, s, m)
			}
		})
	}
	for _, c := range Channels {
		if !covered[c] {
			t.Errorf("no case covers channel %q", c)
		}
	}
}

func TestSourceMedium(t *testing.T) {
	tests := []struct {
		name           string
		page, referrer string
		source, medium string
	}{
		{"UTM tags are lower-cased and trimmed", site + "?utm_source=+Google+&utm_medium=CPC", "", "google", "cpc"},
		{"UTM tags beat the referrer", site + "?utm_source=newsletter&utm_medium=email", "https://www.google.com/", "newsletter", "email"},
		{"UTM tags beat a click id", site + "?utm_source=partner&utm_medium=display&gclid=x", "", "partner", "display"},
		{"gclid wins over fbclid", site + "?fbclid=a&gclid=b", "", "google", "cpc"},
		{"a search referrer is organic", site, "https://www.google.de/", "google.de", "organic"},
		{"a social referrer is social", site, "https://www.reddit.com/r/x", "reddit.com", "social"},
		{"other referrers are referrals", site, "https://Partner.Example.COM./page", "partner.example.com", "referral"},
		{"a bare referrer host", site, "news.example.org", "news.example.org", "referral"},
		{"a referrer when the page URL is unknown", "", "https://www.linkedin.com/", "linkedin.com", "social"},
		{"nothing", site, "", "(direct)", "(none)"},
		{"an unparsable page URL", "%zz", "", "(direct)", "(none)"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s, m := TouchFromURL(tt.page, tt.referrer).SourceMedium()
			if s != tt.source || m != tt.medium {
				t.Errorf("got %q / %q, want %q / %q", s, m, tt.source, tt.medium)
			}
		})
	}
}

func TestChannelOf(t *testing.T) {
	tests := []struct {
		source, medium, campaign string
		want                     Channel
	}{
		{"(direct)", "(none)", "", ChannelDirect},
		{"(direct)", "(not set)", "", ChannelDirect},
		{"", "", "", ChannelDirect},
		{"google", "organic", "", ChannelOrganicSearch},
		{"google", "", "", ChannelOrganicSearch},
		{"workshop-partner", "referral", "workshop", ChannelReferral}, // "workshop" is not a shop campaign
		{"partner", "referral", "summer-shop", ChannelOrganicShopping},
	}
	for _, tt := range tests {
		if got := ChannelOf(tt.source, tt.medium, tt.campaign); got != tt.want {
			t.Errorf("ChannelOf(%q, %q, %q) = %q, want %q", tt.source, tt.medium, tt.campaign, got, tt.want)
		}
	}
}

func TestSourceCategoryOf(t *testing.T) {
	tests := map[string]SourceCategory{
		"google": CategorySearch, "Google": CategorySearch, "www.google.com": CategorySearch,
		"google.com.br": CategorySearch, "yandex.ru": CategorySearch, "news.google.com": CategorySearch,
		"mail.google.com": CategoryNone, "docs.google.com": CategoryNone, "x.com": CategorySocial,
		"facebook.com": CategorySocial, "de-de.facebook.com": CategoryNone, "amazon.co.jp": CategoryShopping,
		"aws.amazon.com": CategoryNone, "google.partner-site.com": CategoryNone, "m.youtube.com": CategoryVideo, "acme.test": CategoryNone, "": CategoryNone,
	}
	for in, want := range tests {
		if got := SourceCategoryOf(in); got != want {
			t.Errorf("SourceCategoryOf(%q) = %q, want %q", in, got, want)
		}
	}
}

func TestSourceListsAreRealistic(t *testing.T) {
	count := map[SourceCategory]int{}
	for _, c := range sourceCategories {
		count[c]++
	}
	for c, min := range map[SourceCategory]int{CategorySearch: 30, CategorySocial: 30, CategoryShopping: 10, CategoryVideo: 10} {
		if count[c] < min {
			t.Errorf("%s list has %d entries, want at least %d", c, count[c], min)
		}
	}
}
