package tracking

import (
	"regexp"
	"strings"
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
	if ua != "" && botUA.MatchString(ua) {
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
	case tabletUA.MatchString(ua):
		return DeviceTablet
	case strings.Contains(ua, "Android") && !strings.Contains(ua, "Mobile") && !strings.HasPrefix(ua, "Dalvik/"):
		// Dalvik/… is an Android app's runtime, not a browser: it never says
		// "Mobile", so it falls through to the phone rule.
		return DeviceTablet
	case mobileUA.MatchString(ua):
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

var (
	// botUA: a crawler names itself "…bot/1.0", "…spider", "…crawler" and
	// usually links its documentation ("+http://…"); headless browsers run
	// our tracker too. Requiring "bot" before a slash, semicolon or bracket
	// spares phones named Cubot. HTTP libraries (curl, python-requests,
	// Go-http-client) are deliberately absent: they run no tracker, and they
	// are what Segment's server-side libraries send with, whose events are
	// real — and have no device.
	botUA = regexp.MustCompile(`(?i)(bot[/;)]|bot$|spider|crawl|slurp|\+https?://|facebookexternalhit|` +
		`headlesschrome|phantomjs|lighthouse|pingdom|google-inspectiontool|mediapartners-google)`)
	tabletUA = regexp.MustCompile(`iPad|Kindle|Silk/|PlayBook|Tablet`)
	mobileUA = regexp.MustCompile(`iPhone|iPod|Android|Mobi|Windows Phone|BlackBerry|BB10|Opera Mini`)
)
