// Package analytics turns journeys into numbers a marketer can act on: which
// channels and campaigns earned the conversions and the revenue (attribution),
// and how much more likely a touch makes someone to buy (lift).
//
// It is pure arithmetic over values the caller hands in. Storage streams a
// workspace's journeys into an Attributor one at a time and the API reads the
// Result; nothing here reads a database or knows about HTTP. The models and
// every edge case are described in docs/attribution.md.
package analytics
