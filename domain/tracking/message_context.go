package tracking

// Readers of the Segment context fields the event processor needs (Spec:
// Common Fields, "Context"). They tolerate any shape: a context is client
// input, and a field of the wrong type reads as absent.

// Touch is how the message's visitor arrived: the UTM tags and click ids of
// PageURL; the referrer (context.page.referrer, or properties.referrer on a
// page call: on other calls properties describe the event, not the page);
// and, for tags the URL lacks, context.campaign (where analytics.js puts the
// UTM parameters and mobile SDKs put deep-link campaigns).
func (m Message) Touch() Touch {
	pageURL := m.PageURL()
	referrer := m.contextString("page", "referrer")
	if referrer == "" && m.Type == TypePage {
		referrer = str(m.Properties["referrer"])
	}
	t := TouchFromURL(pageURL, referrer)
	fill := func(dst *string, key string) {
		if *dst == "" {
			*dst = m.contextString("campaign", key)
		}
	}
	fill(&t.Source, "source")
	fill(&t.Medium, "medium")
	fill(&t.Campaign, "name")
	fill(&t.Term, "term")
	fill(&t.Content, "content")
	return t
}

// PageURL is the page the message was sent from (context.page.url, or
// properties.url on a page call), "" for non-web calls.
func (m Message) PageURL() string {
	if u := m.contextString("page", "url"); u != "" {
		return u
	}
	if m.Type == TypePage {
		return str(m.Properties["url"])
	}
	return ""
}

// UserAgent is the client's user agent (context.userAgent).
func (m Message) UserAgent() string { return m.contextString("userAgent") }

// Device classifies the message's device from context.userAgent,
// context.device and context.userAgentData.
func (m Message) Device() Device {
	hint := DeviceHint{Type: m.contextString("device", "type"), Model: m.contextString("device", "model")}
	if uad, ok := m.Context["userAgentData"].(map[string]any); ok {
		if b, ok := uad["mobile"].(bool); ok {
			hint.Mobile = &b
		}
	}
	return ClassifyDevice(m.UserAgent(), hint)
}

// Hit is the message as sessionisation sees it. Screen calls name their
// screen as the page. Which messages count as hits is the processor's
// choice: client-side calls (they carry context.page or context.userAgent)
// keep a visit alive; a server-side identify does not.
func (m Message) Hit() Hit {
	page := m.PageURL()
	if page == "" && m.Type == TypeScreen {
		page = m.Name
	}
	return Hit{At: m.Timestamp, Touch: m.Touch(), Page: page, MessageID: m.MessageID}
}

// contextString reads a string at a path inside Context.
func (m Message) contextString(path ...string) string {
	var cur any = m.Context
	for _, k := range path {
		obj, ok := cur.(map[string]any)
		if !ok {
			return ""
		}
		cur = obj[k]
	}
	return str(cur)
}

func str(v any) string {
	s, _ := v.(string)
	return s
}
