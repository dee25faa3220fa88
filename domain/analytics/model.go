package analytics

import "github.com/onefunnel/onefunnel/domain"

// Model names an attribution model, spelled as the API spells it.
type Model string

// The models. Rule models share each journey's conversion over its own touches;
// markov and shapley fit the whole population first.
const (
	FirstTouch Model = "first_touch"
	LastTouch  Model = "last_touch"
	Linear     Model = "linear"
	UShaped    Model = "u_shaped"
	WShaped    Model = "w_shaped"
	FullPath   Model = "full_path"
	TimeDecay  Model = "time_decay"
	JShaped    Model = "j_shaped"
	InverseJ   Model = "inverse_j"
	Markov     Model = "markov"
	Shapley    Model = "shapley"
)

// Models lists every model in the order reports offer them.
var Models = []Model{
	FirstTouch, LastTouch, Linear, UShaped, WShaped, FullPath, TimeDecay, JShaped, InverseJ, Markov, Shapley,
}

// ParseModel accepts a model name exactly as the API spells it.
func ParseModel(s string) (Model, error) {
	for _, m := range Models {
		if string(m) == s {
			return m, nil
		}
	}
	return "", domain.Invalid("model", "invalid", "unknown attribution model %q", s)
}

// Rule reports whether m credits each journey on its own touches alone, so that
// Weights can answer for one journey without the population.
func (m Model) Rule() bool {
	switch m {
	case FirstTouch, LastTouch, Linear, UShaped, WShaped, FullPath, TimeDecay, JShaped, InverseJ:
		return true
	}
	return false
}
