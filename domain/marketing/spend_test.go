package marketing

import (
	"testing"
	"time"
)

func TestPeriodOverlaps(t *testing.T) {
	march := Period{Start: day("2026-03-01"), End: day("2026-03-31")}
	tests := []struct {
		name  string
		other Period
		want  bool
	}{
		{"the same period", march, true},
		{"inside it", Period{day("2026-03-10"), day("2026-03-12")}, true},
		{"around it", Period{day("2026-02-01"), day("2026-04-30")}, true},
		{"sharing the last day", Period{day("2026-03-31"), day("2026-04-30")}, true},
		{"sharing the first day", Period{day("2026-02-01"), day("2026-03-01")}, true},
		{"one day, on the first day", Period{day("2026-03-01"), day("2026-03-01")}, true},
		{"the next month", Period{day("2026-04-01"), day("2026-04-30")}, false},
		{"the month before", Period{day("2026-02-01"), day("2026-02-28")}, false},
		{"a day after", Period{day("2026-04-01"), day("2026-04-01")}, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := march.Overlaps(tt.other); got != tt.want {
				t.Errorf("march overlaps %v: %v, want %v", tt.other, got, tt.want)
			}
			if got := tt.other.Overlaps(march); got != tt.want {
				t.Errorf("overlap is not symmetric for %v", tt.other)
			}
		})
	}
}

func TestFirstOverlap(t *testing.T) {
	existing := []Spend{
		{ID: "jan", PeriodStart: day("2026-01-01"), PeriodEnd: day("2026-01-31")},
		{ID: "mar", PeriodStart: day("2026-03-01"), PeriodEnd: day("2026-03-31")},
	}
	for _, tc := range []struct {
		p    Period
		want string
	}{
		{Period{day("2026-02-01"), day("2026-02-28")}, ""},
		{Period{day("2026-01-31"), day("2026-02-10")}, "jan"},
		{Period{day("2026-02-15"), day("2026-03-01")}, "mar"},
		{Period{day("2025-12-01"), day("2026-12-31")}, "jan"},
	} {
		got, ok := FirstOverlap(existing, tc.p)
		if ok != (tc.want != "") || got.ID != tc.want {
			t.Errorf("FirstOverlap(%v) = %q %v, want %q", tc.p, got.ID, ok, tc.want)
		}
	}
}

func TestValidateSpend(t *testing.T) {
	valid := func() SpendInput {
		return SpendInput{PeriodStart: day("2026-03-01"), PeriodEnd: day("2026-03-31"), Amount: 250000, Currency: "eur"}
	}
	tests := []struct {
		name   string
		change func(*SpendInput)
		want   []string
	}{
		{name: "a month of spend", change: func(*SpendInput) {}},
		{name: "one day", change: func(in *SpendInput) { in.PeriodEnd = in.PeriodStart }},
		{name: "nothing spent", change: func(in *SpendInput) { in.Amount = 0 }},
		{name: "ends before it starts", change: func(in *SpendInput) { in.PeriodEnd = day("2026-02-28") }, want: []string{"period_end:before_start"}},
		{name: "no start", change: func(in *SpendInput) { in.PeriodStart = time.Time{} }, want: []string{"period_start:required"}},
		{name: "no end", change: func(in *SpendInput) { in.PeriodEnd = time.Time{} }, want: []string{"period_end:required"}},
		{name: "a refund as negative spend", change: func(in *SpendInput) { in.Amount = -1 }, want: []string{"amount:invalid"}},
		{name: "a made-up currency", change: func(in *SpendInput) { in.Currency = "EUX" }, want: []string{"currency:invalid_currency"}},
		{name: "a currency name", change: func(in *SpendInput) { in.Currency = "euro" }, want: []string{"currency:invalid_currency"}},
		{name: "no currency", change: func(in *SpendInput) { in.Currency = "" }, want: []string{"currency:invalid_currency"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			in := valid()
			tt.change(&in)
			if got := fieldCodes(t, validateSpend(&in)); !equal(got, tt.want) {
				t.Fatalf("errors = %v, want %v", got, tt.want)
			}
			if tt.want == nil && in.Currency != "EUR" {
				t.Errorf("currency = %q, want it upper-cased to EUR", in.Currency)
			}
		})
	}
}
