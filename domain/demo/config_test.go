package demo

import (
	"strings"
	"testing"
	"time"

	"github.com/onefunnel/onefunnel/domain/crm"
)

// Generate refuses a config it cannot honour, naming what is wrong.
func TestGenerateRefuses(t *testing.T) {
	for _, c := range []struct {
		name   string
		change func(*Config)
		want   string
	}{
		{"no clock", func(c *Config) { c.Now = time.Time{} }, "Now is required"},
		{"a negative scale", func(c *Config) { c.Scale = -1 }, "scale"},
		{"no owners", func(c *Config) { c.Owners = nil }, "owner"},
		{"a pipeline without won", func(c *Config) { c.Stages = c.Stages[:6] }, "won"},
		{"a pipeline opening on won", func(c *Config) { c.Stages = append([]crm.Stage{c.Stages[6]}, c.Stages...) }, "not a lead stage"},
		{"a win chance above 1", func(c *Config) { c.Truth = DefaultTruth(); c.Truth.Factor = 3 }, "probabilities"},
		{"shares not summing to 1", func(c *Config) { c.Truth = DefaultTruth(); c.Truth.Strata = c.Truth.Strata[1:] }, "sum to"},
		{"a stratum the demo cannot send", func(c *Config) { c.Truth = DefaultTruth(); c.Truth.Strata[0].Channel = "Audio" }, "Audio"},
		{"another exposure", func(c *Config) { c.Truth = DefaultTruth(); c.Truth.Exposure = "webinar" }, "Display ad_impression"},
	} {
		t.Run(c.name, func(t *testing.T) {
			cfg := testConfig(1, 0.1)
			c.change(&cfg)
			if _, err := Generate(cfg); err == nil || !strings.Contains(err.Error(), c.want) {
				t.Errorf("err %v, want one naming %q", err, c.want)
			}
		})
	}
	if p := mustGenerate(t, testConfig(1, 0)); p.Config.Scale != 1 || p.Config.Months != 6 || p.Config.Truth.Factor != 1.5 {
		t.Errorf("defaults: %+v", p.Config)
	}
}

// Account names and domains never repeat, past every combination of the
// word lists too.
func TestCompanyNamesAreUnique(t *testing.T) {
	names, domains := map[string]bool{}, map[string]bool{}
	for n := range companyCombos + 5000 {
		name, domain := company(n)
		if names[name] || domains[domain] {
			t.Fatalf("account %d: %q / %q repeats", n, name, domain)
		}
		names[name], domains[domain] = true, true
	}
}
