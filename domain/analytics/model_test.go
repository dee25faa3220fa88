package analytics_test

import (
	"errors"
	"slices"
	"testing"

	"github.com/onefunnel/onefunnel/domain"
	"github.com/onefunnel/onefunnel/domain/analytics"
)

func TestParseModel(t *testing.T) {
	names := []string{"first_touch", "last_touch", "linear", "u_shaped", "w_shaped", "full_path",
		"time_decay", "j_shaped", "inverse_j", "markov", "shapley"}
	var parsed []analytics.Model
	for _, name := range names {
		m, err := analytics.ParseModel(name)
		if err != nil || string(m) != name {
			t.Fatalf("ParseModel(%q) = %q, %v", name, m, err)
		}
		parsed = append(parsed, m)
	}
	if !slices.Equal(parsed, analytics.Models) {
		t.Errorf("Models = %v, want %v", analytics.Models, parsed)
	}
	for _, bad := range []string{"", "Linear", "data_driven", " linear"} {
		_, err := analytics.ParseModel(bad)
		var v *domain.ValidationError
		if !errors.As(err, &v) || v.Fields[0].Field != "model" || v.Fields[0].Code != "invalid" {
			t.Errorf("ParseModel(%q) error = %v, want model:invalid", bad, err)
		}
	}
}

func TestModelRule(t *testing.T) {
	for _, m := range analytics.Models {
		want := m != analytics.Markov && m != analytics.Shapley
		if m.Rule() != want {
			t.Errorf("%s.Rule() = %v", m, !want)
		}
	}
	if analytics.Model("nope").Rule() {
		t.Error("an unknown model is not a rule model")
	}
}

func TestNewAttributorRejectsUnknownModel(t *testing.T) {
	_, err := analytics.NewAttributor("data_driven", analytics.Params{})
	var v *domain.ValidationError
	if !errors.As(err, &v) {
		t.Fatalf("error = %v, want a validation error", err)
	}
}
