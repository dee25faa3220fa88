package analytics

import "time"

// Touch is one touchpoint of a journey. Group is what credit is reported by:
// the channel, the campaign, or any other key the caller chooses.
type Touch struct {
	Group string
	At    time.Time
}

// Journey is one prospect's path to a conversion, or to the end of the window
// without one.
//
// The caller prepares it: Touches are in time order (equal times keep the
// caller's order), already cut to the lookback window, and none is after
// ConvertedAt. Add and Explain keep neither the journey nor its slices, so the
// caller may reuse one Touches buffer for every journey it streams.
type Journey struct {
	ID          string  // the prospect's id
	Touches     []Touch // in time order
	Converted   bool    // false: a null path, used only by markov
	ConvertedAt time.Time
	// Revenue is the amount in minor units that the conversion is worth: the
	// won amount, or 0 when the conversion is a lead or an opportunity.
	Revenue float64
	// Milestone times, zero when not reached by ConvertedAt. The position models
	// give a role to the last touch at or before each.
	LeadAt, OpportunityAt, WonAt time.Time
}

// Params tunes the models that have a knob.
type Params struct {
	// HalfLifeDays is time_decay's half-life: a touch this many days older than
	// another earns half its credit. Zero or less means DefaultHalfLifeDays.
	HalfLifeDays float64
}

// DefaultHalfLifeDays is Google Analytics' time-decay half-life.
const DefaultHalfLifeDays = 7.0

// halfLifeDays is HalfLifeDays with the default applied; NaN also means the
// default. +Inf is allowed and makes every touch weigh the same.
func (p Params) halfLifeDays() float64 {
	if p.HalfLifeDays > 0 {
		return p.HalfLifeDays
	}
	return DefaultHalfLifeDays
}
