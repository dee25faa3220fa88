package demo

import (
	"fmt"

	"github.com/onefunnel/onefunnel/domain/tracking"
)

// Truth is the effect built into the data, so that a report can be checked
// against it. The model, per prospect:
//
//  1. Its stratum is the channel of its first touch (the prospect's
//     first_touch_channel), drawn with the stratum's Share.
//  2. It is exposed — one of its contacts is served a Display ad_impression
//     before the decision — with the stratum's Exposure probability. The
//     impressions fall between the first touch and the decision (closed_at;
//     Now for a prospect still open), at least an hour before it.
//  3. Once decided, it is won with probability WinRate, times Factor when
//     exposed; otherwise lost. Factor is therefore the risk ratio of winning,
//     exposed against not, inside every stratum (1.5 = +50%).
//  4. How long the decision takes does not depend on the outcome, the
//     exposure or the stratum. So which prospects have been decided by Now
//     does not bias any win rate, and counting the open ones as "not won"
//     (as a report over all prospects opened in a period does) scales both
//     arms alike and leaves the ratio at Factor.
//  5. AfterOutcome of the decided prospects that were not exposed are served
//     impressions only after the decision. They are a trap: a report that
//     counts every impression, not only those before closed_at, calls them
//     exposed and underestimates the effect.
//
// Baseline win rates and exposure differ by stratum in opposite directions
// (social first touches win least and see the most display ads), so the
// crude risk ratio (CrudeRiskRatio, about 1.07 by default) hides most of the
// effect; a Cochran–Mantel–Haenszel risk ratio stratified by first-touch
// channel recovers Factor. The device type varies by channel but has no
// effect of its own, so stratifying by device does not remove the
// confounding. No other touch type (social, article, email, webinar) has any
// effect: their true risk ratio is 1.
type Truth struct {
	Exposure     tracking.TouchpointType // the touch that has the effect: ad_impression
	Channel      tracking.Channel        // on this channel: Display
	Factor       float64                 // the risk ratio of winning, exposed before the decision vs not
	AfterOutcome float64                 // share of unexposed decided prospects shown impressions only after it
	Strata       []Stratum               // by first-touch channel
}

// Stratum is one first-touch channel's part of the model.
type Stratum struct {
	Channel  tracking.Channel
	Share    float64 // of prospects
	WinRate  float64 // chance a decided, unexposed prospect is won
	Exposure float64 // chance a prospect is exposed before its decision
}

// DefaultTruth is +50% wins from display ads, confounded by channel.
func DefaultTruth() Truth {
	return Truth{
		Exposure: tracking.TouchAdImpression, Channel: tracking.ChannelDisplay, Factor: 1.5, AfterOutcome: 0.3,
		Strata: []Stratum{
			{tracking.ChannelPaidSearch, 0.20, 0.30, 0.50},
			{tracking.ChannelOrganicSearch, 0.24, 0.30, 0.20},
			{tracking.ChannelDirect, 0.12, 0.40, 0.12},
			{tracking.ChannelReferral, 0.10, 0.42, 0.15},
			{tracking.ChannelEmail, 0.08, 0.30, 0.45},
			{tracking.ChannelOrganicSocial, 0.12, 0.14, 0.70},
			{tracking.ChannelPaidSocial, 0.14, 0.12, 0.80},
		},
	}
}

// WinChance is the chance a decided prospect of stratum s is won.
func (t Truth) WinChance(s Stratum, exposed bool) float64 {
	if exposed {
		return s.WinRate * t.Factor
	}
	return s.WinRate
}

// CrudeRiskRatio is the risk ratio of winning a report finds when it does not
// stratify, in expectation over the strata: the confounded number.
func (t Truth) CrudeRiskRatio() float64 {
	var wonExposed, exposed, wonUnexposed, unexposed float64
	for _, s := range t.Strata {
		exposed += s.Share * s.Exposure
		wonExposed += s.Share * s.Exposure * t.WinChance(s, true)
		unexposed += s.Share * (1 - s.Exposure)
		wonUnexposed += s.Share * (1 - s.Exposure) * t.WinChance(s, false)
	}
	return (wonExposed / exposed) / (wonUnexposed / unexposed)
}

// validate checks the numbers are probabilities and the shares sum to one,
// so every draw of the model means what the comment above says.
func (t Truth) validate() error {
	if t.Exposure != tracking.TouchAdImpression || t.Channel != tracking.ChannelDisplay {
		return fmt.Errorf("demo: the model's exposure is a Display ad_impression, not %s on %s", t.Exposure, t.Channel)
	}
	if t.Factor <= 0 || t.AfterOutcome < 0 || t.AfterOutcome > 1 {
		return fmt.Errorf("demo: factor %v must be positive and after-outcome share %v a probability", t.Factor, t.AfterOutcome)
	}
	sum := 0.0
	seen := map[tracking.Channel]bool{}
	for _, s := range t.Strata {
		if _, ok := channelSources[s.Channel]; !ok || seen[s.Channel] {
			return fmt.Errorf("demo: stratum %q is not a channel the demo can send traffic from, or is repeated", s.Channel)
		}
		seen[s.Channel] = true
		if s.Share < 0 || s.Exposure < 0 || s.Exposure > 1 || s.WinRate < 0 || t.WinChance(s, true) > 1 || s.WinRate > 1 {
			return fmt.Errorf("demo: stratum %s: share, exposure and win chances (%v × %v) must be probabilities", s.Channel, s.WinRate, t.Factor)
		}
		sum += s.Share
	}
	if len(t.Strata) == 0 || sum < 0.999 || sum > 1.001 {
		return fmt.Errorf("demo: the strata's shares sum to %v, not 1", sum)
	}
	return nil
}
