package tracking

import "testing"

func TestMessageTouchAndHit(t *testing.T) {
	tests := []struct {
		name        string
		path, body  string
		wantChannel Channel
		wantPage    string
	}{
		{"analytics.js page: tags in context.page.url", "page",
			`{"anonymousId":"a1","context":{"page":{"url":"https://acme.test/?utm_source=google&utm_medium=cpc","referrer":"https://www.google.com/"}}}`,
			ChannelPaidSearch, "https://acme.test/?utm_source=google&utm_medium=cpc"},
		{"a page call with only properties", "page",
			`{"anonymousId":"a1","properties":{"url":"https://acme.test/docs","referrer":"https://www.linkedin.com/"}}`,
			ChannelOrganicSocial, "https://acme.test/docs"},
		{"context.campaign fills tags missing from the URL", "page",
			`{"anonymousId":"a1","context":{"page":{"url":"https://acme.test/"},"campaign":{"source":"newsletter","medium":"email","name":"march"}}}`,
			ChannelEmail, "https://acme.test/"},
		{"the URL's tags win over context.campaign", "page",
			`{"anonymousId":"a1","context":{"page":{"url":"https://acme.test/?utm_source=bing&utm_medium=cpc"},"campaign":{"source":"newsletter","medium":"email"}}}`,
			ChannelPaidSearch, "https://acme.test/?utm_source=bing&utm_medium=cpc"},
		{"a mobile screen with a deep-link campaign", "screen",
			`{"anonymousId":"a1","name":"Pricing","context":{"campaign":{"source":"braze","medium":"push"}}}`,
			ChannelMobilePush, "Pricing"},
		{"a context of the wrong shape reads as absent", "track",
			`{"anonymousId":"a1","event":"E","context":{"page":"https://acme.test/","campaign":["x"]}}`,
			ChannelDirect, ""},
		{"a track call's properties.url is not its page", "track",
			`{"anonymousId":"a1","event":"Link Clicked","properties":{"url":"https://elsewhere.test/?utm_source=x&utm_medium=email","referrer":"https://www.google.com/"}}`,
			ChannelDirect, ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			m, err := ParseMessage([]byte(tt.body), tt.path, received)
			if err != nil {
				t.Fatal(err)
			}
			h := m.Hit()
			if got := Classify(h.Touch); got != tt.wantChannel {
				t.Errorf("channel %q, want %q", got, tt.wantChannel)
			}
			if h.Page != tt.wantPage || !h.At.Equal(m.Timestamp) || h.MessageID != m.MessageID {
				t.Errorf("hit %+v, want page %q at %v", h, tt.wantPage, m.Timestamp)
			}
		})
	}
}

func TestMessageDevice(t *testing.T) {
	body := `{"userId":"u1","context":{"userAgent":"Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.5 Safari/605.1.15",
		"device":{"type":"tablet"},"userAgentData":{"mobile":false}}}`
	m, err := ParseMessage([]byte(body), "page", received)
	if err != nil {
		t.Fatal(err)
	}
	if got := m.Device(); got != DeviceTablet {
		t.Errorf("Device() = %q, want tablet from context.device.type", got)
	}
}
