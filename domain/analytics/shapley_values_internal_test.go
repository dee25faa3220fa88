package analytics

import (
	"math"
	"testing"
)

// The glove game: player 0 holds a left glove, players 1 and 2 a right one; a
// coalition is worth 1 when it can make a pair. Textbook values: 2/3, 1/6,
// 1/6. Player 3 holds nothing, changes no coalition's worth, and gets 0.
func TestShapleyExactGloveGame(t *testing.T) {
	v := make([]float64, 1<<4)
	for s := range v {
		if s&1 != 0 && s&0b110 != 0 {
			v[s] = 1
		}
	}
	want := []float64{2. / 3, 1. / 6, 1. / 6, 0}
	got := shapleyExact(4, v)
	for i := range want {
		if math.Abs(got[i]-want[i]) > 1e-15 {
			t.Fatalf("shapleyExact = %v, want %v", got, want)
		}
	}
}

func TestSubsetSums(t *testing.T) {
	// Exact sets {0}: 1, {0,1}: 2, {2}: 4.
	r := make([]float64, 8)
	r[0b001], r[0b011], r[0b100] = 1, 2, 4
	want := []float64{0, 1, 0, 3, 4, 5, 4, 7}
	got := subsetSums(3, r)
	for s := range want {
		if got[s] != want[s] {
			t.Fatalf("subsetSums = %v, want %v", got, want)
		}
	}
}
