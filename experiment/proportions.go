package experiment

import (
	"cmp"
	"math"
	"slices"
)

// Z95 is the two-sided 95% standard normal quantile.
const Z95 = 1.959963984540054

// Proportion is K units that converted out of N.
type Proportion struct {
	K, N int64
}

// Rate is K/N, 0 when N is 0.
func (p Proportion) Rate() float64 {
	if p.N <= 0 {
		return 0
	}
	return float64(p.K) / float64(p.N)
}

// NormalCDF is the standard normal distribution function.
func NormalCDF(x float64) float64 { return 0.5 * math.Erfc(-x/math.Sqrt2) }

// NormalQuantile is the inverse of NormalCDF, for p in (0, 1).
func NormalQuantile(p float64) float64 { return math.Sqrt2 * math.Erfinv(2*p-1) }

// Wilson returns the Wilson score interval of p at the normal quantile z
// (Z95 for 95%); (0, 0) when p.N is 0.
func Wilson(p Proportion, z float64) (low, high float64) {
	if p.N <= 0 {
		return 0, 0
	}
	r, n := p.Rate(), float64(p.N)
	z2 := z * z
	den := 1 + z2/n
	centre := (r + z2/(2*n)) / den
	half := z * math.Sqrt(r*(1-r)/n+z2/(4*n*n)) / den
	low, high = centre-half, centre+half
	if p.K <= 0 {
		low = 0
	}
	if p.K >= p.N {
		high = 1
	}
	return max(low, 0), min(high, 1)
}

// Tests a Difference can come from.
const (
	TestZ      = "z"      // pooled two-proportion z test
	TestFisher = "fisher" // Fisher's exact test, two-sided
)

// Difference compares the rate of a group B with a baseline group A.
type Difference struct {
	A, B Proportion
	// Diff is B's rate minus A's, with Newcombe's hybrid score 95%
	// interval [Low, High] (built from the two Wilson intervals, so it
	// stays inside [-1, 1] and behaves with rates near 0, where GA4
	// conversion rates live).
	Diff, Low, High float64
	// RelLift is Diff over A's rate; nil when A's rate is 0.
	RelLift *float64
	// P is the two-sided p-value of Test.
	P    float64
	Test string
}

// Compare returns B's difference from the baseline A. The test is the
// two-proportion z test unless an expected cell of the 2x2 table is below
// 5, where the normal approximation fails and Fisher's exact test is
// used. Either group empty gives P = 1 and a zero-width interval.
func Compare(a, b Proportion) Difference {
	d := Difference{A: a, B: b, P: 1, Test: TestZ}
	if a.N <= 0 || b.N <= 0 {
		return d
	}
	pa, pb := a.Rate(), b.Rate()
	d.Diff = pb - pa
	la, ua := Wilson(a, Z95)
	lb, ub := Wilson(b, Z95)
	d.Low = d.Diff - math.Sqrt((pb-lb)*(pb-lb)+(ua-pa)*(ua-pa))
	d.High = d.Diff + math.Sqrt((ub-pb)*(ub-pb)+(pa-la)*(pa-la))
	if pa > 0 {
		l := d.Diff / pa
		d.RelLift = &l
	}
	if minExpected(a, b) < 5 {
		d.Test, d.P = TestFisher, FisherExact(a, b)
	} else {
		_, d.P = ZTest(a, b)
	}
	return d
}

// minExpected is the smallest expected cell count of the 2x2 table of a
// and b under the hypothesis of equal rates.
func minExpected(a, b Proportion) float64 {
	n := float64(a.N + b.N)
	k := float64(a.K + b.K)
	small := min(float64(a.N), float64(b.N))
	return small * min(k, n-k) / n
}

// ZTest is the pooled two-proportion z test of B against A: the z score
// and its two-sided p-value (1 when either group is empty or the pooled
// rate is 0 or 1).
func ZTest(a, b Proportion) (z, p float64) {
	if a.N <= 0 || b.N <= 0 {
		return 0, 1
	}
	pool := float64(a.K+b.K) / float64(a.N+b.N)
	se := math.Sqrt(pool * (1 - pool) * (1/float64(a.N) + 1/float64(b.N)))
	if se == 0 {
		return 0, 1
	}
	z = (b.Rate() - a.Rate()) / se
	return z, min(1, 2*NormalCDF(-math.Abs(z)))
}

// FisherExact is the two-sided p-value of Fisher's exact test on the 2x2
// table of a and b: the probability, given the margins, of every table at
// most as likely as the one observed. Its cost grows with the smallest
// margin, which Compare only lets it see when a cell is nearly empty.
func FisherExact(a, b Proportion) float64 {
	if a.N <= 0 || b.N <= 0 {
		return 1
	}
	n := a.N + b.N
	k := a.K + b.K // converted, over both groups
	lo, hi := max(0, k-b.N), min(k, a.N)
	logP := func(x int64) float64 { // a converts x times
		return lchoose(a.N, x) + lchoose(b.N, k-x) - lchoose(n, k)
	}
	observed := logP(a.K)
	var p float64
	for x := lo; x <= hi; x++ {
		if lp := logP(x); lp <= observed+1e-7 {
			p += math.Exp(lp)
		}
	}
	return min(1, p)
}

func lchoose(n, k int64) float64 {
	a, _ := math.Lgamma(float64(n) + 1)
	b, _ := math.Lgamma(float64(k) + 1)
	c, _ := math.Lgamma(float64(n-k) + 1)
	return a - b - c
}

// Holm adjusts p-values for the number of comparisons made together with
// Holm's step-down method and says which are significant at alpha.
//
// Holm keeps the chance of even one false finding among all the
// comparisons at alpha whatever the dependence between them (the metrics
// of one report share their users, so they are far from independent), is
// never less powerful than Bonferroni, and needs no assumption that the
// Hochberg or Benjamini-Hochberg procedures make.
func Holm(ps []float64, alpha float64) (adjusted []float64, significant []bool) {
	m := len(ps)
	order := make([]int, m)
	for i := range order {
		order[i] = i
	}
	slices.SortStableFunc(order, func(i, j int) int { return cmp.Compare(ps[i], ps[j]) })
	adjusted = make([]float64, m)
	significant = make([]bool, m)
	running := 0.0
	for rank, i := range order {
		running = max(running, min(1, float64(m-rank)*ps[i]))
		adjusted[i] = running
	}
	for i := range adjusted {
		significant[i] = adjusted[i] <= alpha
	}
	return adjusted, significant
}

// SampleSize is the number of units each of two equal groups needs for a
// two-sided test at alpha to detect, with the given power, a relative lift
// of relLift on a baseline rate base (0.1 is +10%). ok is false when the
// question has no answer: a rate outside (0, 1) before or after the lift,
// or no lift.
func SampleSize(base, relLift, alpha, power float64) (n int64, ok bool) {
	p1, p2 := base, base*(1+relLift)
	if p1 <= 0 || p1 >= 1 || p2 <= 0 || p2 >= 1 || p1 == p2 || alpha <= 0 || alpha >= 1 || power <= 0 || power >= 1 {
		return 0, false
	}
	za, zb := NormalQuantile(1-alpha/2), NormalQuantile(power)
	bar := (p1 + p2) / 2
	num := za*math.Sqrt(2*bar*(1-bar)) + zb*math.Sqrt(p1*(1-p1)+p2*(1-p2))
	return int64(math.Ceil(num * num / ((p2 - p1) * (p2 - p1)))), true
}

// InSilo reports the framework's "optimizing in a silo": a
// micro-conversion that rose significantly (after correction) while the
// macro-conversion fell, its whole 95% interval below zero. The
// macro-conversion is a guardrail here, checked at the nominal level
// without correction: a harm missed costs more than a second look. A fall
// of the point estimate alone is no warning; half of all comparisons
// without any effect show one. severe says the fall is significant after
// correction too.
func InSilo(micro Difference, microSignificant bool, macro Difference, macroSignificant bool) (silo, severe bool) {
	silo = microSignificant && micro.Diff > 0 && macro.Diff < 0 && macro.High < 0
	return silo, silo && macroSignificant
}
