package tracking

import (
	"cmp"
	"fmt"
	"slices"
	"strings"

	"github.com/onefunnel/onefunnel/domain"
)

// EventMap maps named track events to the touchpoint they record. Keys are
// normalised event names (see NormalizeEventName); build one with
// DefaultEventMap or NewEventMap rather than by hand.
type EventMap map[string]TouchpointType

// EventMapping is one entry of an event map: a track event's name as
// people write it and the touchpoint it records.
type EventMapping struct {
	Event  string
	Type   TouchpointType
	Custom bool // the workspace's own, not one of the defaults
}

// MaxCustomEvents bounds a workspace's own mappings: the map is read for
// every batch of events, and a few dozen named events is what teams use.
const MaxCustomEvents = 200

// defaultEvents is the mapping every workspace starts with. The names follow
// the Segment Spec's "Object Actioned" style; "Email Link Clicked" is the
// Segment Email Spec's own event, so email tools that send it need no setup.
// Sessions, chats, calls, meetings and quote views are not here: OneFunnel
// records those itself, and mapping an event to them too would count each
// twice.
var defaultEvents = []EventMapping{
	{Event: "Ad Impression", Type: TouchAdImpression},
	{Event: "Ad Clicked", Type: TouchAdClick},
	{Event: "Post Liked", Type: TouchSocialLike},
	{Event: "Post Shared", Type: TouchSocialShare},
	{Event: "Article Read", Type: TouchArticleRead},
	{Event: "Article Shared", Type: TouchArticleShare},
	{Event: "Email Clicked", Type: TouchEmailClick},
	{Event: "Email Link Clicked", Type: TouchEmailClick},
	{Event: "Webinar Attended", Type: TouchWebinar},
	{Event: "Form Submitted", Type: TouchFormSubmit},
}

// DefaultEventMap is the map of a workspace that has no mappings of its own.
func DefaultEventMap() EventMap {
	return NewEventMap(nil)
}

// NewEventMap is the defaults overlaid with a workspace's own mappings, as
// CheckEventMappings accepted them. A mapping to a type this version does not
// know is skipped rather than refused, so an old stored row cannot stop
// event processing.
func NewEventMap(custom []EventMapping) EventMap {
	m := make(EventMap, len(defaultEvents)+len(custom))
	for _, e := range defaultEvents {
		m[NormalizeEventName(e.Event)] = e.Type
	}
	for _, e := range custom {
		if key := NormalizeEventName(e.Event); key != "" && e.Type.Mappable() {
			m[key] = e.Type
		}
	}
	return m
}

// CheckEventMappings validates a workspace's own mappings before they are
// saved, so a bad setting fails when it is made, not when events arrive. It
// returns them trimmed and marked custom. Field names are the entries' paths
// ("entries.2.type").
func CheckEventMappings(custom []EventMapping) ([]EventMapping, error) {
	v := &domain.ValidationError{}
	if len(custom) > MaxCustomEvents {
		v.Add("entries", "too_many", "at most %d mappings", MaxCustomEvents)
		return nil, v
	}
	out := make([]EventMapping, len(custom))
	seen := make(map[string]int, len(custom))
	for i, e := range custom {
		field := fmt.Sprintf("entries.%d", i)
		name := strings.TrimSpace(e.Event)
		key := NormalizeEventName(name)
		switch {
		case key == "":
			v.Add(field+".event", "required", "an event name must not be empty")
		case seen[key] > 0:
			v.Add(field+".event", "duplicate", "names the same event as entries.%d", seen[key]-1)
		default:
			seen[key] = i + 1
			domain.CheckText(v, field+".event", name, domain.MaxNameLen)
		}
		switch {
		case !e.Type.Valid():
			v.Add(field+".type", "unknown_touchpoint_type", "unknown touchpoint type %q", e.Type)
		case !e.Type.Mappable():
			v.Add(field+".type", "not_allowed", "%s touchpoints come from page views, not from track events", e.Type)
		}
		out[i] = EventMapping{Event: name, Type: e.Type, Custom: true}
	}
	return out, v.Err()
}

// EffectiveEventMappings lists the map a workspace's events are processed
// with: its own mappings, and every default it did not remap, by name.
func EffectiveEventMappings(custom []EventMapping) []EventMapping {
	own := make(map[string]bool, len(custom))
	out := make([]EventMapping, 0, len(defaultEvents)+len(custom))
	for _, e := range custom {
		if key := NormalizeEventName(e.Event); key != "" && e.Type.Mappable() && !own[key] {
			own[key] = true
			out = append(out, EventMapping{Event: e.Event, Type: e.Type, Custom: true})
		}
	}
	for _, e := range defaultEvents {
		if !own[NormalizeEventName(e.Event)] {
			out = append(out, e)
		}
	}
	slices.SortFunc(out, func(a, b EventMapping) int {
		return cmp.Or(cmp.Compare(NormalizeEventName(a.Event), NormalizeEventName(b.Event)), strings.Compare(a.Event, b.Event))
	})
	return out
}

// Lookup returns the touchpoint a track event records, if any. Matching
// ignores case, surrounding space, and the separators people swap: "Ad
// Clicked", "ad clicked", "ad_clicked" and "Ad-Clicked" are one event.
func (m EventMap) Lookup(event string) (TouchpointType, bool) {
	t, ok := m[NormalizeEventName(event)]
	return t, ok
}

// NormalizeEventName is the key under which an event name is mapped:
// lower-case, with runs of spaces, underscores and hyphens made one space.
func NormalizeEventName(name string) string {
	return strings.Join(strings.FieldsFunc(strings.ToLower(name), func(r rune) bool {
		return r == '_' || r == '-' || r == ' ' || r == '\t' || r == '\n' || r == '\r'
	}), " ")
}
