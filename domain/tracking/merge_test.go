package tracking

import (
	"testing"
	"time"
)

func TestMayMerge(t *testing.T) {
	tests := []struct {
		a, b string // external ids
		want bool
	}{
		{"", "", true},
		{"u1", "", true},
		{"", "u2", true},
		{"u1", "u1", true},
		{"u1", "u2", false}, // two users of the customer's product
	}
	for _, tt := range tests {
		if got := MayMerge(Person{ExternalID: tt.a}, Person{ExternalID: tt.b}); got != tt.want {
			t.Errorf("MayMerge(%q, %q) = %v, want %v", tt.a, tt.b, got, tt.want)
		}
	}
}

func TestPlanMerge(t *testing.T) {
	day := func(d int) time.Time { return time.Date(2026, 1, d, 0, 0, 0, 0, time.UTC) }
	at := func(d int) *time.Time { x := day(d); return &x }
	acct, other := "acct-1", "acct-2"
	tests := []struct {
		name             string
		a, b             Person
		survivor         string
		fill             ContactFill
		takeFirstTouch   bool
		resultFirstTouch *time.Time
	}{
		{
			name:     "the older survives and takes only what it lacks",
			a:        Person{ID: "new", ExternalID: "u-new", Email: "ann@gmail.com", FirstName: "Annie", Phone: "+1", AccountID: &other, CreatedAt: day(9), FirstTouchAt: at(8)},
			b:        Person{ID: "old", Email: "ann@acme.io", FirstName: "Ann", LastName: "Lee", AccountID: &acct, CreatedAt: day(2), FirstTouchAt: at(1)},
			survivor: "old", fill: ContactFill{ExternalID: "u-new", Phone: "+1"}, resultFirstTouch: at(1),
		},
		{
			name:     "the earlier first touch wins, even from the newer contact",
			a:        Person{ID: "old", CreatedAt: day(2), FirstTouchAt: at(2), LastName: "Lee"},
			b:        Person{ID: "new", CreatedAt: day(5), FirstTouchAt: at(1), FirstName: "Ann", LastName: "Li", JobTitle: "CTO", AccountID: &acct},
			survivor: "old", fill: ContactFill{JobTitle: "CTO", AccountID: &acct}, takeFirstTouch: true, resultFirstTouch: at(1),
		},
		{
			name:     "a first touch where the survivor has none",
			a:        Person{ID: "old", CreatedAt: day(2)},
			b:        Person{ID: "new", CreatedAt: day(5), FirstTouchAt: at(4), FirstName: "Ann"},
			survivor: "old", fill: ContactFill{FirstName: "Ann"}, takeFirstTouch: true, resultFirstTouch: at(4),
		},
		{
			name:     "no first touch to take",
			a:        Person{ID: "old", CreatedAt: day(2), FirstTouchAt: at(1)},
			b:        Person{ID: "new", CreatedAt: day(5)},
			survivor: "old", resultFirstTouch: at(1),
		},
		{
			name:     "created at once: the lower id survives, whichever comes first",
			a:        Person{ID: "b", CreatedAt: day(2)},
			b:        Person{ID: "a", CreatedAt: day(2), Email: "x@y.io"},
			survivor: "a", fill: ContactFill{},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			for _, pair := range [][2]Person{{tt.a, tt.b}, {tt.b, tt.a}} {
				m := PlanMerge(pair[0], pair[1])
				if m.Survivor.ID != tt.survivor {
					t.Fatalf("survivor %s, want %s", m.Survivor.ID, tt.survivor)
				}
				if m.Merged.ID == m.Survivor.ID || (m.Merged.ID != tt.a.ID && m.Merged.ID != tt.b.ID) {
					t.Fatalf("merged %s of %s and %s", m.Merged.ID, tt.a.ID, tt.b.ID)
				}
				if m.Fill.ExternalID != tt.fill.ExternalID || m.Fill.Email != tt.fill.Email || m.Fill.FirstName != tt.fill.FirstName ||
					m.Fill.LastName != tt.fill.LastName || m.Fill.Phone != tt.fill.Phone || m.Fill.JobTitle != tt.fill.JobTitle ||
					(m.Fill.AccountID == nil) != (tt.fill.AccountID == nil) {
					t.Errorf("fill %+v, want %+v", m.Fill, tt.fill)
				}
				if m.TakeFirstTouch != tt.takeFirstTouch {
					t.Errorf("take first touch %v, want %v", m.TakeFirstTouch, tt.takeFirstTouch)
				}
				r := m.Result()
				if (r.FirstTouchAt == nil) != (tt.resultFirstTouch == nil) || (r.FirstTouchAt != nil && !r.FirstTouchAt.Equal(*tt.resultFirstTouch)) {
					t.Errorf("result first touch %v, want %v", r.FirstTouchAt, tt.resultFirstTouch)
				}
				if r.ID != tt.survivor || (tt.fill.ExternalID != "" && r.ExternalID != tt.fill.ExternalID) || (tt.fill.AccountID != nil && r.AccountID != tt.fill.AccountID) {
					t.Errorf("result %+v does not carry the fill %+v", r, tt.fill)
				}
			}
		})
	}
}

// Whatever two contacts are merged, the survivor keeps every field it had
// and the merged one adds only to empty ones; the first touch never gets later.
func TestPlanMergeNeverOverwrites(t *testing.T) {
	day := time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)
	pick := func(i int, vals ...string) string { return vals[i%len(vals)] }
	for i := range 400 {
		ft := func(k int) *time.Time {
			if k%3 == 0 {
				return nil
			}
			x := day.AddDate(0, 0, k%7)
			return &x
		}
		a := Person{ID: pick(i, "a", "c"), ExternalID: pick(i/2, "", "ua"), Email: pick(i/3, "", "a@x.io"), FirstName: pick(i/5, "", "Ann"),
			LastName: pick(i/7, "", "Lee"), CreatedAt: day.AddDate(0, 0, i%3), FirstTouchAt: ft(i)}
		b := Person{ID: pick(i, "b", "d"), ExternalID: pick(i/11, "", "ub"), Email: pick(i/13, "", "b@y.io"), FirstName: pick(i/17, "", "Bo"),
			LastName: pick(i/19, "", "Ray"), CreatedAt: day.AddDate(0, 0, i%5), FirstTouchAt: ft(i / 2)}
		m := PlanMerge(a, b)
		r := m.Result()
		s, g := m.Survivor, m.Merged
		for _, f := range []struct{ name, before, merged, after string }{
			{"external id", s.ExternalID, g.ExternalID, r.ExternalID}, {"email", s.Email, g.Email, r.Email},
		} {
			if (f.before != "" && f.after != f.before) || (f.before == "" && f.after != f.merged) {
				t.Fatalf("%+v + %+v: %s %q became %q", s, g, f.name, f.before, f.after)
			}
		}
		if (s.FirstName != "" || s.LastName != "") && (r.FirstName != s.FirstName || r.LastName != s.LastName) {
			t.Fatalf("%+v + %+v: name %q %q became %q %q", s, g, s.FirstName, s.LastName, r.FirstName, r.LastName)
		}
		if s.FirstTouchAt != nil && (r.FirstTouchAt == nil || r.FirstTouchAt.After(*s.FirstTouchAt)) {
			t.Fatalf("%+v + %+v: first touch %v became %v", s, g, s.FirstTouchAt, r.FirstTouchAt)
		}
		if g.FirstTouchAt != nil && (r.FirstTouchAt == nil || r.FirstTouchAt.After(*g.FirstTouchAt)) {
			t.Fatalf("%+v + %+v: the result's first touch %v is later than the merged one's %v", s, g, r.FirstTouchAt, g.FirstTouchAt)
		}
		if s.CreatedAt.After(g.CreatedAt) {
			t.Fatalf("the newer contact %+v survived %+v", s, g)
		}
	}
}
