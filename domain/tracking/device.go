package tracking

import (
	"bytes"
	"regexp"
	"strings"
	"unicode/utf8"
)

// Device is the form factor a hit came from, as reports group it.
type Device string

// The device types.
const (
	DeviceMobile  Device = "mobile"
	DeviceTablet  Device = "tablet"
	DeviceDesktop Device = "desktop"
	DeviceBot     Device = "bot"
	DeviceUnknown Device = "unknown" // no user agent and no hint: a server-side call
)

// DeviceHint is what a client reports about its device besides the user
// agent, from the Segment context.
type DeviceHint struct {
	Type   string // context.device.type: "tablet", "phone", ... (mobile SDKs send "ios"/"android")
	Model  string // context.device.model: "iPad13,4", "iPhone15,2", "Pixel 8"
	Mobile *bool  // context.userAgentData.mobile (User-Agent Client Hints)
}

// ClassifyDevice tells the device type from a user agent and the client's
// hints. It is a small rule set rather than a UA-parsing library because the
// one question is the form factor, and the Go library that resolves
// (mileusna/useragent) files Android tablets as phones. The rules, in order:
//
//  1. Crawlers and headless browsers are bots, whatever they claim (botUA).
//  2. A hint that names the form factor wins: only the device knows that
//     an iPad on iPadOS 13+ is one, since its Safari sends a Mac user agent
//     ("desktop mode"). A tracker script should send device.type "tablet"
//     for a Mac user agent with a touch screen (navigator.maxTouchPoints > 1).
//  3. iPad, Kindle, Silk, PlayBook or "Tablet" → tablet; Android without
//     "Mobile" → tablet (Chrome's convention, and Google's Closure Library
//     rule: Android phones say "Mobile", tablets do not).
//  4. iPhone, iPod, Android (including an app's "Dalvik/…" agent), "Mobi"
//     (MDN's advice for phones), Windows Phone, BlackBerry, Opera Mini →
//     mobile.
//  5. Any other browser ("Mozilla/…") → desktop; other agents (HTTP
//     libraries, apps' own strings) → unknown. No user agent: a mobile
//     SDK's "ios"/"android" or a Client Hints mobile flag means mobile,
//     else unknown.
//
// Pass the client's user agent (context.userAgent, see Message.Device), not
// the request header of a server-side library.
func ClassifyDevice(userAgent string, hint DeviceHint) Device {
	ua := strings.TrimSpace(userAgent)
	if ua != "" && isBot(ua) {
		return DeviceBot
	}
	if d, ok := deviceFromHint(hint); ok {
		return d
	}
	switch {
	case ua == "":
		if t := lower(hint.Type); t == "ios" || t == "android" || (hint.Mobile != nil && *hint.Mobile) {
			return DeviceMobile
		}
		return DeviceUnknown
	case containsAny(ua, tabletWords):
		return DeviceTablet
	case strings.Contains(ua, "Android") && !strings.Contains(ua, "Mobile") && !strings.HasPrefix(ua, "Dalvik/"):
		// Dalvik/… is an Android app's runtime, not a browser: it never says
		// "Mobile", so it falls through to the phone rule.
		return DeviceTablet
	case containsAny(ua, mobileWords):
		return DeviceMobile
	case !strings.HasPrefix(ua, "Mozilla/"):
		return DeviceUnknown // every desktop browser says Mozilla/5.0; curl or an app's HTTP stack is no device we know
	}
	return DeviceDesktop
}

func deviceFromHint(h DeviceHint) (Device, bool) {
	switch lower(h.Type) {
	case "tablet", "ipad":
		return DeviceTablet, true
	case "phone", "mobile", "smartphone", "handset":
		return DeviceMobile, true
	case "desktop", "computer", "pc", "laptop":
		return DeviceDesktop, true
	}
	switch model := lower(h.Model); {
	case strings.HasPrefix(model, "ipad"):
		return DeviceTablet, true
	case strings.HasPrefix(model, "iphone"), strings.HasPrefix(model, "ipod"):
		return DeviceMobile, true
	}
	return "", false
}

// isBot is botUA.MatchString without the regular expression on the usual
// ASCII user agent: the (?i) alternation backtracked through every agent,
// and classifying took a tenth of a loaded server's CPU. Only non-ASCII
// agents, where case folding reaches beyond ASCII (the Kelvin sign is a
// "k", the long s an "s"), still go to botUA.
func isBot(ua string) bool {
	var buf [256]byte
	lower := buf[:0]
	for i := 0; i < len(ua); i++ {
		c := ua[i]
		if c >= utf8.RuneSelf {
			return botUA.MatchString(ua)
		}
		if 'A' <= c && c <= 'Z' {
			c += 'a' - 'A'
		}
		lower = append(lower, c)
	}
	for rest := lower; ; {
		i := bytes.Index(rest, []byte("bot"))
		if i < 0 {
			break
		}
		rest = rest[i+3:]
		if len(rest) == 0 || rest[0] == '/' || rest[0] == ';' || rest[0] == ')' {
			return true
		}
	}
	for _, w := range botWords {
		if bytes.Contains(lower, []byte(w)) {
			return true
		}
	}
	return false
}

// containsAny reports whether s contains any of words.
func containsAny(s string, words []string) bool {
	for _, w := range words {
		if strings.Contains(s, w) {
			return true
		}
	}
	return false
}

var (
	// botUA: a crawler names itself "…bot/1.0", "…spider", "…crawler" and
	// usually links its documentation ("+http://…"); headless browsers run
	// our tracker too. Requiring "bot" before a slash, semicolon or bracket
	// spares phones named Cubot. HTTP libraries (curl, python-requests,
	// Go-http-client) are deliberately absent: they run no tracker, and they
	// are what Segment's server-side libraries send with, whose events are
	// real — and have no device. isBot matches the same agents; botWords are
	// its words after "bot".
	botUA = regexp.MustCompile(`(?i)(bot[/;)]|bot$|spider|crawl|slurp|\+https?://|facebookexternalhit|` +
		`headlesschrome|phantomjs|lighthouse|pingdom|google-inspectiontool|mediapartners-google)`)
	botWords = []string{"spider", "crawl", "slurp", "+http://", "+https://", "facebookexternalhit",
		"headlesschrome", "phantomjs", "lighthouse", "pingdom", "google-inspectiontool", "mediapartners-google"}
	// Case-sensitive, as user agents write them.
	tabletWords = []string{"iPad", "Kindle", "Silk/", "PlayBook", "Tablet"}
	mobileWords = []string{"iPhone", "iPod", "Android", "Mobi", "Windows Phone", "BlackBerry", "BB10", "Opera Mini"}
)
