package analytics

import (
	"math"
	"math/rand/v2"
	"testing"
)

// Markov's matrices never need a row swap, so the pivoting is proven here on
// general matrices, including ones with a zero on the diagonal.
func TestFactorLUSolves(t *testing.T) {
	rng := rand.New(rand.NewPCG(3, 4))
	cases := [][]float64{{0, 1, 1, 0}, {0, 2, 0, 3, 0, 0, 0, 0, 4}}
	sizes := []int{2, 3}
	for range 200 {
		n := 1 + rng.IntN(8)
		a := make([]float64, n*n)
		for i := range a {
			a[i] = rng.Float64()*2 - 1
		}
		cases, sizes = append(cases, a), append(sizes, n)
	}
	for c, a := range cases {
		n := sizes[c]
		want := make([]float64, n)
		b := make([]float64, n)
		for i := range want {
			want[i] = float64(i + 1)
		}
		for i := range n {
			for k := range n {
				b[i] += a[i*n+k] * want[k]
			}
		}
		original := append([]float64(nil), a...)
		x := factorLU(a, n).solve(b)
		for i := range n {
			residual := -b[i]
			for k := range n {
				residual += original[i*n+k] * x[k]
			}
			if math.Abs(residual) > 1e-9 {
				t.Fatalf("case %d: A·x − b = %g at row %d (x = %v)", c, residual, i, x)
			}
		}
	}
}
