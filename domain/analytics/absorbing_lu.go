package analytics

import "math"

// luFactors is an LU factorisation with partial pivoting of a square matrix,
// enough to solve the small absorbing-chain systems of markov exactly. The
// groups of a report are few (channels, campaigns), so dense O(n³) is fine.
type luFactors struct {
	n    int
	a    []float64 // L below the diagonal (unit diagonal implied), U on and above; row-major
	perm []int     // row i of the factors is row perm[i] of the input
}

// factorLU factors the n×n row-major matrix a in place. I−Q of an absorbing
// chain in which every state can reach absorption is non-singular, so a zero
// pivot cannot occur for the matrices markov builds.
func factorLU(a []float64, n int) luFactors {
	perm := make([]int, n)
	for i := range perm {
		perm[i] = i
	}
	for k := range n {
		p := k
		for i := k + 1; i < n; i++ {
			if math.Abs(a[i*n+k]) > math.Abs(a[p*n+k]) {
				p = i
			}
		}
		if p != k {
			for c := range n {
				a[k*n+c], a[p*n+c] = a[p*n+c], a[k*n+c]
			}
			perm[k], perm[p] = perm[p], perm[k]
		}
		pivot := a[k*n+k]
		for i := k + 1; i < n; i++ {
			f := a[i*n+k] / pivot
			a[i*n+k] = f
			if f == 0 {
				continue
			}
			for c := k + 1; c < n; c++ {
				a[i*n+c] -= f * a[k*n+c]
			}
		}
	}
	return luFactors{n: n, a: a, perm: perm}
}

// solve returns x with A·x = b.
func (f luFactors) solve(b []float64) []float64 {
	n, a := f.n, f.a
	x := make([]float64, n)
	for i := range n {
		x[i] = b[f.perm[i]]
		for c := range i {
			x[i] -= a[i*n+c] * x[c]
		}
	}
	for i := n - 1; i >= 0; i-- {
		for c := i + 1; c < n; c++ {
			x[i] -= a[i*n+c] * x[c]
		}
		x[i] /= a[i*n+i]
	}
	return x
}
