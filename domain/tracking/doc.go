// Package tracking is the pure logic of event tracking: it parses and checks
// Segment Spec messages (the /v1 tracking API), corrects client clock skew,
// classifies a visit's traffic source into a GA4 default channel, splits a
// visitor's hits into sessions, tells a device type from a user agent, maps
// named track events to touchpoint types, and tells company email domains
// from free-mail ones.
//
// It holds no state and does no I/O: the ingest endpoints call ParseBatch or
// ParseMessage, storage persists the Messages, and the event processor folds
// them, one by one, through NextSession, Classify, ClassifyDevice and
// EventMap.Lookup. Everything here is deterministic given its inputs (the one
// exception is a messageId generated for a message that came without one), so
// replaying stored events gives the same sessions and channels.
//
// The event processor (Processor) applies stored events through the
// ProcessorStore interface storage implements: sessions, touchpoints, and
// identity stitching, which finds, creates and merges contacts (PlanMerge
// decides a merge) and finds accounts by groupId. Events, the read side of
// the stored event log, and EventMaps, a workspace's own event map, are the
// use cases here that members call through the API.
package tracking
