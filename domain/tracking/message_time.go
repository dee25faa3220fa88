package tracking

import (
	"time"
)

// correctTimestamp is Segment's clock-skew correction (Spec: Common Fields,
// "Timestamps"): the client stamps each call (originalTimestamp) and the
// request (sentAt) with its own clock, which may be wrong; sentAt and our
// receivedAt are "assumed to occur at the same time", so
//
//	timestamp = receivedAt - (sentAt - originalTimestamp)
//
// keeps the client's interval between the call and the send while replacing
// its clock with ours. Without sentAt the client's timestamp is taken as
// given (server-side libraries and historical imports set it on purpose);
// without any client timestamp the event happened when it arrived. An event
// is never placed after its arrival: a future timestamp is a skewed clock,
// not a prediction, and would sort events wrongly and break sessions.
func correctTimestamp(original, sentAt, receivedAt time.Time) time.Time {
	ts := receivedAt
	switch {
	case !original.IsZero() && !sentAt.IsZero():
		ts = receivedAt.Add(-sentAt.Sub(original))
	case !original.IsZero():
		ts = original
	}
	if ts.After(receivedAt) {
		ts = receivedAt
	}
	return utcMicro(ts)
}

// parseTimestamp reads the ISO-8601 date-times Segment's libraries send
// (RFC 3339, with or without fractional seconds). A zone is required:
// without one the instant is unknowable.
func parseTimestamp(s string) (time.Time, error) {
	t, err := time.Parse(time.RFC3339Nano, s)
	if err != nil {
		return time.Time{}, err
	}
	return utcMicro(t), nil
}

// utcMicro is the form both databases keep (see domain.Now), so a stored
// time reads back equal.
func utcMicro(t time.Time) time.Time {
	if t.IsZero() {
		return t
	}
	return t.UTC().Truncate(time.Microsecond)
}
