package storage

import (
	"bytes"
	"testing"
)

// A group gathers what is queued up to its row and payload bounds, and
// leaves the rest queued for the next group.
func TestGatherStopsAtRowsAndBytes(t *testing.T) {
	req := func(rows, payload int) *ingestReq {
		r := &ingestReq{rows: make([]EventRow, rows)}
		for i := range r.rows {
			r.rows[i].Payload = bytes.Repeat([]byte("x"), payload)
		}
		return r
	}
	cases := []struct {
		name    string
		maxRows int
		queued  []*ingestReq
		want    int // requests in the group, counting the first
	}{
		{"all queued", 100, []*ingestReq{req(10, 10), req(10, 10), req(10, 10)}, 4},
		{"rows", 25, []*ingestReq{req(10, 10), req(10, 10), req(10, 10)}, 3},
		{"bytes", 1 << 20, []*ingestReq{req(100, 32<<10), req(100, 32<<10), req(100, 32<<10), req(1, 1)}, 4}, // 9.6 MB ≥ 8 MB: the last waits
	}
	for _, c := range cases {
		b := &Batcher{maxRows: c.maxRows, reqs: make(chan *ingestReq, len(c.queued))}
		for _, r := range c.queued {
			b.reqs <- r
		}
		group := b.gather(req(10, 10))
		if len(group) != c.want {
			t.Errorf("%s: the group took %d requests, want %d", c.name, len(group), c.want)
		}
		if left := len(b.reqs); left != len(c.queued)-(c.want-1) {
			t.Errorf("%s: %d requests left queued, want %d", c.name, left, len(c.queued)-(c.want-1))
		}
	}
}
