package demo

import (
	"time"

	"github.com/onefunnel/onefunnel/domain"
	"github.com/onefunnel/onefunnel/domain/marketing"
	"github.com/onefunnel/onefunnel/domain/tracking"
)

// Engagement that is not a visit, per contact, none with any effect on the
// outcome (their true risk ratio is 1): mean counts of social and article
// touches over the contact's time with us, and the chance of clicking one
// newsletter or attending one webinar that falls in it.
const (
	likesPerContact         = 0.5
	sharesPerContact        = 0.12
	readsPerContact         = 0.7
	articleSharesPerContact = 0.08
	newsletterClickChance   = 0.2
	webinarChance           = 0.12
)

var (
	socialPost   = trafficSource{source: "linkedin", medium: "social"}
	guidePost    = trafficSource{source: "linkedin", medium: "social", campaign: "buying-guide", landings: contentPages}
	articlePost  = trafficSource{source: "linkedin.com", medium: "social", landings: contentPages}
	newsletter   = channelSources[tracking.ChannelEmail][0]
	webinarEmail = trafficSource{source: "webinar", medium: "email", campaign: "webinar-series"}
)

// visits records n sessions of a visitor, each a sessions row and a session
// touchpoint: the first at first through ch, the others between first and
// end through the channels people return by. It records the visitor too,
// and returns the first session.
func (b *builder) visits(who identity, first, end time.Time, ch tracking.Channel, n int) tracking.VisitSession {
	r, now := b.r, b.p.Config.Now
	starts := make([]time.Time, n)
	starts[0] = first
	for i := 1; i < n; i++ {
		starts[i] = between(r, first, end)
	}
	sortTimes(starts[1:])
	var firstSession, last tracking.VisitSession
	var lastSource trafficSource
	for i, at := range starts {
		c := ch
		if i > 0 {
			c = returnChannel(r)
		}
		src := b.source(c, at)
		dev := who.device
		if r.Float64() < 0.15 {
			dev = device(r, c)
		}
		pages := 1
		for pages < 15 && r.Float64() < 0.6 {
			pages++
		}
		s := tracking.VisitSession{
			WorkspaceID: b.p.Config.WorkspaceID, ID: newID(r, at), AnonymousID: who.anon, ContactID: who.contactID,
			Number: i + 1, StartedAt: at, LastAt: domain.Earliest(at.Add(time.Duration(pages-1)*(30*time.Second+time.Duration(r.IntN(150))*time.Second)), now),
			Channel: c, Source: src.source, Medium: src.medium, Campaign: src.campaign,
			LandingPage: src.landings[r.IntN(len(src.landings))], Referrer: src.referrer, DeviceType: dev, PageViews: pages,
		}
		b.c.Sessions = append(b.c.Sessions, s)
		id := s.ID
		b.record(who, marketing.Touchpoint{
			Type: tracking.TouchSession, Channel: c, Source: s.Source, Medium: s.Medium, Campaign: s.Campaign,
			OccurredAt: at, SessionID: &id, LandingPage: s.LandingPage, Referrer: s.Referrer, DeviceType: dev,
		})
		if i == 0 {
			firstSession = s
		}
		last, lastSource = s, src
	}
	lastID := last.ID
	key := ""
	if lastSource.campaign != "" {
		key = tracking.Touch{Source: lastSource.source, Medium: lastSource.medium, Campaign: lastSource.campaign}.CampaignKey()
	}
	b.c.Visitors = append(b.c.Visitors, tracking.Visitor{
		WorkspaceID: b.p.Config.WorkspaceID, AnonymousID: who.anon, ContactID: who.contactID, AccountID: who.accountID,
		FirstSeenAt: first, LastSeenAt: last.LastAt, SessionID: &lastID,
		Session: tracking.SessionState{Number: n, StartedAt: last.StartedAt, LastAt: last.LastAt, Campaign: key, Hits: last.PageViews},
	})
	return firstSession
}

// source draws how a visit through ch arrives; a campaign that is not
// running that day gives way to the channel's first source, which always runs.
func (b *builder) source(ch tracking.Channel, at time.Time) trafficSource {
	list := channelSources[ch]
	s := list[pick(b.r, len(list), func(i int) float64 { return list[i].weight })]
	if c := b.p.byKey[s.campaign]; c != nil && !c.active(at) {
		return list[0]
	}
	return s
}

// engagement records a contact's social, article, newsletter and webinar
// touches between from and end.
func (b *builder) engagement(who identity, from, end time.Time) {
	r, now := b.r, b.p.Config.Now
	social := []struct {
		typ  tracking.TouchpointType
		mean float64
	}{
		{tracking.TouchSocialLike, likesPerContact}, {tracking.TouchSocialShare, sharesPerContact},
		{tracking.TouchArticleRead, readsPerContact}, {tracking.TouchArticleShare, articleSharesPerContact},
	}
	for _, e := range social {
		for range poisson(r, e.mean) {
			at := between(r, from, end)
			src := socialPost
			if e.typ == tracking.TouchArticleRead {
				src = articlePost
				if b.p.byKey[guidePost.campaign].active(at) && r.Float64() < 0.5 {
					src = guidePost
				}
			}
			b.touch(who, e.typ, tracking.ChannelOrganicSocial, src, at, device(r, tracking.ChannelOrganicSocial))
		}
	}
	for _, sent := range b.p.mailshots {
		if at := sent.Add(days(3 * r.Float64())); !sent.Before(from) && !sent.After(end) && !at.After(now) && r.Float64() < newsletterClickChance {
			b.touch(who, tracking.TouchEmailClick, tracking.ChannelEmail, newsletter, at, device(r, tracking.ChannelEmail))
		}
	}
	for _, held := range b.p.webinars {
		if !held.Before(from) && !held.After(end) && r.Float64() < webinarChance {
			b.touch(who, tracking.TouchWebinar, tracking.ChannelEmail, webinarEmail, held, tracking.DeviceDesktop)
		}
	}
}

// impressions serves n Display ad impressions to members of group at random
// times in [from, to].
func (b *builder) impressions(group []identity, from, to time.Time, n int) {
	for range n {
		at := between(b.r, from, to)
		who := group[b.r.IntN(len(group))]
		b.touch(who, tracking.TouchAdImpression, tracking.ChannelDisplay, b.source(tracking.ChannelDisplay, at), at, device(b.r, tracking.ChannelDisplay))
	}
}

// touch records a touch that is not a visit: no session, and a landing page
// only when the touch opened one of ours.
func (b *builder) touch(who identity, typ tracking.TouchpointType, ch tracking.Channel, src trafficSource, at time.Time, dev tracking.Device) {
	t := marketing.Touchpoint{
		Type: typ, Channel: ch, Source: src.source, Medium: src.medium, Campaign: src.campaign, OccurredAt: at, DeviceType: dev,
	}
	if len(src.landings) > 0 {
		t.LandingPage = src.landings[b.r.IntN(len(src.landings))]
	}
	b.record(who, t)
}

// record completes a touchpoint with its ids and links (the campaign by its
// utm key, as the stores link them) and adds it to the chunk.
func (b *builder) record(who identity, t marketing.Touchpoint) {
	t.WorkspaceID, t.ID, t.CreatedAt = b.p.Config.WorkspaceID, newID(b.r, t.OccurredAt), t.OccurredAt
	t.ContactID, t.AccountID, t.AnonymousID = who.contactID, who.accountID, who.anon
	if c := b.p.byKey[t.Campaign]; c != nil {
		t.CampaignID = &c.ID
	}
	b.c.Touchpoints = append(b.c.Touchpoints, t)
}
