package tracking

import (
	"math/rand/v2"
	"regexp"
	"strings"
	"testing"
)

func TestClassifyDevice(t *testing.T) {
	yes, no := true, false
	const (
		iPhoneSafari   = "Mozilla/5.0 (iPhone; CPU iPhone OS 17_5 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.5 Mobile/15E148 Safari/604.1"
		iPhoneFBApp    = "Mozilla/5.0 (iPhone; CPU iPhone OS 17_5 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Mobile/15E148 [FBAN/FBIOS;FBAV/468.0.0.41.106]"
		androidPhone   = "Mozilla/5.0 (Linux; Android 14; Pixel 8) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/125.0.6422.165 Mobile Safari/537.36"
		androidReduced = "Mozilla/5.0 (Linux; Android 10; K) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/125.0.0.0 Mobile Safari/537.36"
		androidTablet  = "Mozilla/5.0 (Linux; Android 13; SM-X700) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/125.0.0.0 Safari/537.36"
		kindleFire     = "Mozilla/5.0 (Linux; Android 12; KFTRWI) AppleWebKit/537.36 (KHTML, like Gecko) Silk/125.3.1 like Chrome/125.0.6422.165 Safari/537.36"
		firefoxTablet  = "Mozilla/5.0 (Android 14; Tablet; rv:126.0) Gecko/126.0 Firefox/126.0"
		firefoxPhone   = "Mozilla/5.0 (Android 14; Mobile; rv:126.0) Gecko/126.0 Firefox/126.0"
		androidApp     = "Dalvik/2.1.0 (Linux; U; Android 14; Pixel 8 Build/AP2A.240605.024)"
		iPadOld        = "Mozilla/5.0 (iPad; CPU OS 12_5 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/12.1.2 Mobile/15E148 Safari/604.1"
		iPadDesktop    = "Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.5 Safari/605.1.15" // iPadOS 13+; the same string as macOS Safari
		windowsChrome  = "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/125.0.0.0 Safari/537.36"
		windowsFirefox = "Mozilla/5.0 (Windows NT 10.0; Win64; x64; rv:126.0) Gecko/20100101 Firefox/126.0"
		macSafari      = iPadDesktop
		chromeOS       = "Mozilla/5.0 (X11; CrOS x86_64 14541.0.0) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/125.0.0.0 Safari/537.36"
		linuxFirefox   = "Mozilla/5.0 (X11; Ubuntu; Linux x86_64; rv:126.0) Gecko/20100101 Firefox/126.0"
		googlebot      = "Mozilla/5.0 (compatible; Googlebot/2.1; +http://www.google.com/bot.html)"
		googlebotPhone = "Mozilla/5.0 (Linux; Android 6.0.1; Nexus 5X Build/MMB29P) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/125.0.6422.175 Mobile Safari/537.36 (compatible; Googlebot/2.1; +http://www.google.com/bot.html)"
		bingbot        = "Mozilla/5.0 AppleWebKit/537.36 (KHTML, like Gecko; compatible; bingbot/2.0; +http://www.bing.com/bingbot.htm) Chrome/116.0.1938.76 Safari/537.36"
		headless       = "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) HeadlessChrome/125.0.0.0 Safari/537.36"
		fbPreview      = "facebookexternalhit/1.1 (+http://www.facebook.com/externalhit_uatext.php)"
		cubotPhone     = "Mozilla/5.0 (Linux; Android 9; CUBOT X19) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/125.0.0.0 Mobile Safari/537.36"
		serverLibrary  = "Go-http-client/1.1"
	)
	tests := []struct {
		name string
		ua   string
		hint DeviceHint
		want Device
	}{
		{"iPhone Safari", iPhoneSafari, DeviceHint{}, DeviceMobile},
		{"Facebook's in-app browser on iPhone", iPhoneFBApp, DeviceHint{}, DeviceMobile},
		{"Android Chrome phone", androidPhone, DeviceHint{}, DeviceMobile},
		{"Android Chrome phone, reduced UA", androidReduced, DeviceHint{}, DeviceMobile},
		{"Android tablet: Android without Mobile", androidTablet, DeviceHint{}, DeviceTablet},
		{"Kindle Fire (Silk)", kindleFire, DeviceHint{}, DeviceTablet},
		{"Firefox on an Android tablet", firefoxTablet, DeviceHint{}, DeviceTablet},
		{"Firefox on an Android phone", firefoxPhone, DeviceHint{}, DeviceMobile},
		{"an Android app's Dalvik agent", androidApp, DeviceHint{Type: "android"}, DeviceMobile},
		{"a phone brand that contains 'bot'", cubotPhone, DeviceHint{}, DeviceMobile},
		{"iPad before iPadOS 13", iPadOld, DeviceHint{}, DeviceTablet},
		{"iPad iPadOS 13+ desktop-mode UA alone looks like a Mac", iPadDesktop, DeviceHint{}, DeviceDesktop},
		{"iPad iPadOS 13+ with the tracker's tablet hint", iPadDesktop, DeviceHint{Type: "tablet"}, DeviceTablet},
		{"iPad iPadOS 13+ with an SDK's device model", iPadDesktop, DeviceHint{Model: "iPad13,4"}, DeviceTablet},
		{"Windows Chrome", windowsChrome, DeviceHint{}, DeviceDesktop},
		{"Windows Firefox", windowsFirefox, DeviceHint{}, DeviceDesktop},
		{"macOS Safari", macSafari, DeviceHint{}, DeviceDesktop},
		{"ChromeOS", chromeOS, DeviceHint{}, DeviceDesktop},
		{"Linux Firefox", linuxFirefox, DeviceHint{}, DeviceDesktop},
		{"Googlebot", googlebot, DeviceHint{}, DeviceBot},
		{"Googlebot smartphone is still a bot", googlebotPhone, DeviceHint{}, DeviceBot},
		{"a bot claiming to be a phone is a bot", googlebot, DeviceHint{Type: "phone"}, DeviceBot},
		{"Bingbot", bingbot, DeviceHint{}, DeviceBot},
		{"headless Chrome", headless, DeviceHint{}, DeviceBot},
		{"Facebook's link preview", fbPreview, DeviceHint{}, DeviceBot},
		{"a hint beats the user agent", androidTablet, DeviceHint{Type: "Phone"}, DeviceMobile},
		{"no UA: an iOS SDK", "", DeviceHint{Type: "ios", Model: "iPhone15,2"}, DeviceMobile},
		{"no UA: an iOS SDK on an iPad", "", DeviceHint{Type: "ios", Model: "iPad13,4"}, DeviceTablet},
		{"no UA: an Android SDK", "", DeviceHint{Type: "android"}, DeviceMobile},
		{"no UA: Client Hints say mobile", "", DeviceHint{Mobile: &yes}, DeviceMobile},
		{"no UA: Client Hints say not mobile", "", DeviceHint{Mobile: &no}, DeviceUnknown},
		{"no UA, no hint: a server-side call", "", DeviceHint{}, DeviceUnknown},
		{"a server library's UA is no bot and no known device", serverLibrary, DeviceHint{}, DeviceUnknown},
		{"an app's own UA", "Acme/3.1 CFNetwork/1494.0.7 Darwin/23.4.0", DeviceHint{}, DeviceUnknown},
		{"an app's own UA with a hint", "Acme/3.1 CFNetwork/1494.0.7 Darwin/23.4.0", DeviceHint{Model: "iPhone15,2"}, DeviceMobile},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := ClassifyDevice(tt.ua, tt.hint); got != tt.want {
				t.Errorf("got %q, want %q", got, tt.want)
			}
		})
	}
}

var (
	tabletUA = regexp.MustCompile(`iPad|Kindle|Silk/|PlayBook|Tablet`)
	mobileUA = regexp.MustCompile(`iPhone|iPod|Android|Mobi|Windows Phone|BlackBerry|BB10|Opera Mini`)
)

// classifyByRegexp is ClassifyDevice as it was written first, with a
// regular expression for each rule: the reference the faster one must agree
// with.
func classifyByRegexp(userAgent string, hint DeviceHint) Device {
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
		return DeviceTablet
	case mobileUA.MatchString(ua):
		return DeviceMobile
	case !strings.HasPrefix(ua, "Mozilla/"):
		return DeviceUnknown
	}
	return DeviceDesktop
}

// uaPieces are what random user agents are made of: every word a rule
// looks for, in several cases and cut short, with the characters that
// follow "bot", and non-ASCII letters that fold to ASCII ones.
var uaPieces = []string{
	"Mozilla/5.0 ", "(Linux; ", "Android 14; ", "Mobile", "Mobi", "iPhone", "iPod", "iPad", "ipad", "Kindle", "Silk/", "Silk",
	"PlayBook", "Tablet", "tablet", "Windows Phone", "BlackBerry", "BB10", "Opera Mini", "Dalvik/", "bot", "Bot", "BOT", "bo",
	"/", ";", ")", " ", "(", "spider", "SPIDER", "Crawl", "craw", "slurp", "+http://", "+https://", "+http:/", "http://",
	"facebookexternalhit", "FacebookExternalHit", "HeadlessChrome", "headlesschrom", "PhantomJS", "Lighthouse", "Pingdom",
	"Google-InspectionTool", "Mediapartners-Google", "Cubot", "\u212a", "\u017f", "\u017fpider", "é", "\x00", "\xff", "\t",
}

func randomUserAgent(r *rand.Rand) string {
	var b strings.Builder
	for n := r.IntN(8); n >= 0; n-- {
		b.WriteString(uaPieces[r.IntN(len(uaPieces))])
	}
	return b.String()
}

func TestClassifyDeviceMatchesRegexpRules(t *testing.T) {
	r := rand.New(rand.NewPCG(1, 2))
	hints := []DeviceHint{{}, {Type: "android"}, {Type: "phone"}, {Model: "iPad13,4"}}
	for range 200_000 {
		ua, hint := randomUserAgent(r), hints[r.IntN(len(hints))]
		if got, want := ClassifyDevice(ua, hint), classifyByRegexp(ua, hint); got != want {
			t.Fatalf("ClassifyDevice(%q, %+v) = %q, the rules say %q", ua, hint, got, want)
		}
	}
	long := strings.Repeat("x", 300) + "Bot/"
	if got := ClassifyDevice(long, DeviceHint{}); got != DeviceBot {
		t.Errorf("an agent longer than the stack buffer: %q", got)
	}
}

func FuzzClassifyDevice(f *testing.F) {
	r := rand.New(rand.NewPCG(3, 4))
	for range 50 {
		f.Add(randomUserAgent(r))
	}
	f.Fuzz(func(t *testing.T, ua string) {
		if got, want := ClassifyDevice(ua, DeviceHint{}), classifyByRegexp(ua, DeviceHint{}); got != want {
			t.Fatalf("ClassifyDevice(%q) = %q, the rules say %q", ua, got, want)
		}
	})
}

func BenchmarkClassifyDevice(b *testing.B) {
	ua := "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/125.0.0.0 Safari/537.36"
	b.Run("rules", func(b *testing.B) {
		for b.Loop() {
			ClassifyDevice(ua, DeviceHint{})
		}
	})
	b.Run("regexp", func(b *testing.B) {
		for b.Loop() {
			classifyByRegexp(ua, DeviceHint{})
		}
	})
}
