package analytics

import "github.com/onefunnel/onefunnel/domain"

// Weights returns each touch's share of j's conversion under the rule model m:
// one weight per touch, in the touches' order, summing to 1 up to float
// rounding. A journey with no touches has no weights (nil). Markov and shapley
// have no per-journey rule and return an error; use Explain for them.
func Weights(m Model, j Journey, p Params) ([]float64, error) {
	if !m.Rule() {
		return nil, errNotRule(m)
	}
	if len(j.Touches) == 0 {
		return nil, nil
	}
	return weigh(make([]float64, len(j.Touches)), m, j, p), nil
}

func errNotRule(m Model) error {
	if _, err := ParseModel(string(m)); err != nil {
		return err
	}
	return domain.Invalid("model", "not_rule", "%s shares credit across the whole population, not by a per-journey rule", m)
}

// weigh fills w, which has one slot per touch of j (at least one), with the
// rule model m's weights. It allocates nothing, so an Attributor can call it for
// every journey of a large report with one reused buffer.
func weigh(w []float64, m Model, j Journey, p Params) []float64 {
	clear(w)
	switch m {
	case FirstTouch:
		w[0] = 1
	case LastTouch:
		w[len(w)-1] = 1
	case Linear:
		share := 1 / float64(len(w))
		for i := range w {
			w[i] = share
		}
	case TimeDecay:
		timeDecayWeights(w, j.Touches, p.halfLifeDays())
	default:
		positionWeights(w, positionRuleOf(m), j)
	}
	return w
}
