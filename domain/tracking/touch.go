package tracking

import (
	"net/url"
	"strings"

	"golang.org/x/net/publicsuffix"
)

// Touch is what one hit tells about how the visitor arrived: the UTM tags of
// the landing page, the ad-platform click ids appended to it, and the host
// of the referring page.
type Touch struct {
	Source   string // utm_source
	Medium   string // utm_medium
	Campaign string // utm_campaign (Segment: context.campaign.name)
	Term     string // utm_term
	Content  string // utm_content
	Referrer string // host of the referring page; "" when none
	Host     string // host of the landing page, to recognise internal referrers
	ClickIDs ClickIDs
}

// ClickIDs are the ids ad platforms append to landing-page URLs when they
// auto-tag a click. Their presence says where a click came from when the
// advertiser set no UTM tags.
type ClickIDs struct {
	GCLID   string // Google Ads
	WBRAID  string // Google Ads, iOS web-to-app
	GBRAID  string // Google Ads, iOS app-to-web
	DCLID   string // Google Display & Video 360 / Campaign Manager
	MSCLKID string // Microsoft Advertising (Bing)
	LiFatID string // LinkedIn Ads (li_fat_id)
	TTCLID  string // TikTok Ads
	FBCLID  string // Meta: added to ad clicks AND to organic outbound links
}

// clickRule is the source and medium a click id stands for when the UTM tags
// do not say. Earlier rules win when a URL carries several ids. FBCLID is last
// and medium "social": Meta appends it to every outbound link, shared posts
// included, so alone it proves a visit from Facebook, not a paid one. A paid
// Meta click is Paid Social only when utm_medium says paid (Meta's own ad URL
// builder sets it).
var clickRules = []struct {
	param          string
	id             func(ClickIDs) string
	source, medium string
}{
	{"gclid", func(c ClickIDs) string { return c.GCLID }, "google", "cpc"},
	{"wbraid", func(c ClickIDs) string { return c.WBRAID }, "google", "cpc"},
	{"gbraid", func(c ClickIDs) string { return c.GBRAID }, "google", "cpc"},
	{"dclid", func(c ClickIDs) string { return c.DCLID }, "dv360", "display"},
	{"msclkid", func(c ClickIDs) string { return c.MSCLKID }, "bing", "cpc"},
	{"li_fat_id", func(c ClickIDs) string { return c.LiFatID }, "linkedin", "cpc"},
	{"ttclid", func(c ClickIDs) string { return c.TTCLID }, "tiktok", "cpc"},
	{"fbclid", func(c ClickIDs) string { return c.FBCLID }, "facebook", "social"},
}

// click returns the first click id present: its parameter, value, and the
// source and medium it implies.
func (c ClickIDs) click() (param, value, source, medium string, ok bool) {
	for _, r := range clickRules {
		if v := r.id(c); v != "" {
			return r.param, v, r.source, r.medium, true
		}
	}
	return "", "", "", "", false
}

// TouchFromURL reads a Touch from a landing page URL and the referrer URL
// (document.referrer; a bare host is accepted too). Unparsable URLs yield
// empty fields rather than an error: a visit with a broken referrer is still
// a visit.
func TouchFromURL(pageURL, referrer string) Touch {
	var t Touch
	if u, err := url.Parse(strings.TrimSpace(pageURL)); err == nil {
		q := u.Query()
		t.Source, t.Medium, t.Campaign = q.Get("utm_source"), q.Get("utm_medium"), q.Get("utm_campaign")
		t.Term, t.Content = q.Get("utm_term"), q.Get("utm_content")
		t.Host = u.Hostname()
		t.ClickIDs = ClickIDs{
			GCLID: q.Get("gclid"), WBRAID: q.Get("wbraid"), GBRAID: q.Get("gbraid"), DCLID: q.Get("dclid"),
			MSCLKID: q.Get("msclkid"), LiFatID: q.Get("li_fat_id"), TTCLID: q.Get("ttclid"), FBCLID: q.Get("fbclid"),
		}
	}
	t.Referrer = hostOf(referrer)
	return t
}

// hostOf is the host of a URL, or of a bare "example.com/path".
func hostOf(raw string) string {
	raw = strings.TrimSpace(raw)
	if raw == "" {
		return ""
	}
	u, err := url.Parse(raw)
	if err == nil && u.Host == "" && !strings.Contains(raw, "://") {
		u, err = url.Parse("//" + raw)
	}
	if err != nil {
		return ""
	}
	return u.Hostname()
}

// normHost lower-cases a host and drops "www." and a trailing dot, the forms
// under which one site appears.
func normHost(h string) string {
	h = strings.TrimSuffix(strings.ToLower(strings.TrimSpace(h)), ".")
	return strings.TrimPrefix(h, "www.")
}

// registrable is a host's registrable domain ("shop.acme.co.uk" →
// "acme.co.uk"), or the host itself when it has none (an IP, "localhost").
func registrable(host string) string {
	if d, err := publicsuffix.EffectiveTLDPlusOne(host); err == nil {
		return d
	}
	return host
}

// externalReferrer is the normalised referrer host, or "" when there is none
// or it is the landing site itself (a link between its own pages, or between
// its subdomains, is not a new traffic source).
func (t Touch) externalReferrer() string {
	ref := normHost(t.Referrer)
	if ref == "" {
		return ""
	}
	if host := normHost(t.Host); host != "" && (ref == host || registrable(ref) == registrable(host)) {
		return ""
	}
	return ref
}

// SourceMedium resolves the visit's source and medium, lower-cased, in this
// order:
//  1. UTM tags, with a click id filling a missing source or medium;
//  2. a click id alone (see clickRules);
//  3. an external referrer: its host as the source, and as the medium
//     "organic" for a search engine, "social" for a social site, else
//     "referral";
//  4. otherwise "(direct)" / "(none)", GA4's names for a visit with no known
//     origin (typed URL, bookmark, or an app that sends no referrer).
func (t Touch) SourceMedium() (source, medium string) {
	source, medium = lower(t.Source), lower(t.Medium)
	_, _, cs, cm, clicked := t.ClickIDs.click()
	if source != "" || medium != "" {
		if source == "" && clicked {
			source = cs
		}
		if medium == "" && clicked {
			medium = cm
		}
		return source, medium
	}
	if clicked {
		return cs, cm
	}
	if ref := t.externalReferrer(); ref != "" {
		switch SourceCategoryOf(ref) {
		case CategorySearch:
			return ref, "organic"
		case CategorySocial:
			return ref, "social"
		}
		return ref, "referral"
	}
	return "(direct)", "(none)"
}

// CampaignKey identifies the campaign a hit was tagged with: its UTM source,
// medium and campaign and its click id. It is "" for an untagged hit (a
// referral, a direct visit, an internal page view), which never starts a new
// session by itself.
func (t Touch) CampaignKey() string {
	param, value, _, _, clicked := t.ClickIDs.click()
	s, m, c := lower(t.Source), lower(t.Medium), lower(t.Campaign)
	if s == "" && m == "" && c == "" && !clicked {
		return ""
	}
	key := s + "|" + m + "|" + c
	if clicked {
		key += "|" + param + "=" + value
	}
	return key
}

func lower(s string) string { return strings.ToLower(strings.TrimSpace(s)) }
